/*
 * The comma operator sequences its operands left to right, and its value
 * is the right operand.  Awaits on either side happen in that order and
 * side effects between them are visible to later operands.
 */
#include <pinion.h>
#include <stdio.h>

static async int tick(int *counter, int add)
{
    await(pn_yield());
    *counter += add;
    printf("  tick +%d -> %d\n", add, *counter);
    return *counter;
}

static async int run(void)
{
    int c = 0;
    int v = (await(tick(&c, 1)), c *= 10, await(tick(&c, 2)));
    printf("v=%d c=%d\n", v, c);

    int w = (c = 3, await(tick(&c, c)), c + 100);
    printf("w=%d c=%d\n", w, c);

    int n = 0;
    for (int i = 0; i < 3; i++, await(tick(&n, i)))
        printf("i=%d n=%d\n", i, n);

    /* Comma in a condition: the await runs before the test on every pass. */
    int k = 0;
    while ((await(tick(&k, 5)), k < 20))
        printf("k=%d\n", k);
    printf("k=%d n=%d\n", k, n);
    return v + w + n + k;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r % 100;
}
