/*
 * Awaits as arguments of ordinary (synchronous) calls and of async calls,
 * mixed with plain arguments and arguments that have side effects on
 * locals the await cannot see; every argument arrives with its value.
 */
#include <pinion.h>
#include <stdio.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static int combine(int a, int b, int c, int d)
{
    return a * 1000 + b * 100 + c * 10 + d;
}

static async int add3(int a, int b, int c)
{
    await(pn_yield());
    return a + b + c;
}

static async int run(void)
{
    int k = 1;
    int x = combine(k++, await(id(2)), 3, await(id(4)));
    printf("x=%d k=%d\n", x, k);
    int y = await(add3(await(id(10)), k * 100, await(id(30))));
    printf("y=%d\n", y);
    printf("direct %d %d %s\n", await(id(7)), combine(0, 0, await(id(8)), 9),
           await(id(1)) ? "true" : "false");
    int arr[3] = { 0, 0, 0 };
    int j = 0;
    arr[j++] = combine(await(id(1)), await(id(2)), await(id(3)), await(id(4)));
    printf("arr=%d,%d,%d j=%d\n", arr[0], arr[1], arr[2], j);
    return (x + y + arr[0]) % 1000;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r % 128;
}
