/*
 * Async functions whose bodies never await (or await only on some
 * paths) complete on their first poll; their callers see ordinary values
 * and the callers' own awaits still work around them.
 */
#include <pinion.h>
#include <stdio.h>

static async int pure_add(int a, int b)
{
    return a + b;
}

static async int sometimes(int v)
{
    if (v > 2)
        await(pn_yield());
    return v * 10;
}

static async void nothing(void)
{
}

static async int run(void)
{
    int s = 0;
    for (int i = 0; i < 5; i++) {
        s += await(pure_add(i, 1));
        s += await(sometimes(i));
        await(nothing());
    }
    printf("s=%d\n", s);
    return s;
}

int main(void)
{
    int r = pn_block_on(run());
    int direct = pn_block_on(pure_add(2, 3));
    pn_block_on(nothing());
    printf("r=%d direct=%d\n", r, direct);
    return (r + direct) % 128;
}
