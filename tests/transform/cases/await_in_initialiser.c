/*
 * Awaits inside initialisers: of a scalar, of array elements, of struct
 * members (designated and positional), and of a variable that depends on
 * an earlier one in the same declaration.
 */
#include <pinion.h>
#include <stdio.h>

struct rect {
    int w, h;
    const char *label;
};

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async const char *label(int v)
{
    await(pn_yield());
    return v ? "wide" : "tall";
}

static async int run(void)
{
    int a = await(id(7));
    int arr[4] = { await(id(1)), 2, await(id(3)) };
    struct rect r = { await(id(10)), .h = await(id(4)), .label = await(label(1)) };
    int b = a * 2, c = await(id(b + 1)), d = c + arr[2];
    printf("a=%d arr=%d,%d,%d,%d r=%dx%d %s b=%d c=%d d=%d\n", a, arr[0], arr[1], arr[2], arr[3],
           r.w, r.h, r.label, b, c, d);
    return a + arr[0] + arr[2] + r.w * r.h + d;
}

int main(void)
{
    return pn_block_on(run());
}
