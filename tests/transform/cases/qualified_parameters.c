/*
 * Parameters with qualifiers and storage classes: const scalars and
 * structs (only ever initialised, never assigned), volatile, register,
 * restrict pointers and const pointers to const, all used after awaits.
 */
#include <pinion.h>
#include <stdio.h>

struct pair {
    int a, b;
};

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int use_all(const int n, const struct pair p, volatile int v, register int r,
                         int *restrict out, const char *const label)
{
    int sum = 0;
    for (int i = 0; i < n; i++)
        sum += await(id(p.a * i + p.b));
    v = v + await(id(1));
    r *= await(id(2));
    *out = sum + v + r;
    await(pn_yield());
    printf("%s: n=%d p=%d,%d v=%d r=%d sum=%d\n", label, n, p.a, p.b, v, r, sum);
    return *out;
}

static async int run(void)
{
    int out1 = 0, out2 = 0;
    int a = await(use_all(3, (struct pair){ 2, 5 }, 10, 4, &out1, "first"));
    const struct pair q = { 1, 1 };
    int b = await(use_all(2, q, -1, 0, &out2, "second"));
    printf("a=%d b=%d out1=%d out2=%d\n", a, b, out1, out2);
    return a + b;
}

int main(void)
{
    return pn_block_on(run()) & 0x7f;
}
