/*
 * The right operand of `||` is evaluated only when the left one is false.
 * A skipped operand performs no await; the trace and the call counter
 * show every evaluation.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

static async int probe(int v)
{
    calls++;
    await(pn_yield());
    printf("  probe(%d)\n", v);
    return v;
}

static async int run(void)
{
    int x = await(probe(1)) || await(probe(2));
    int y = await(probe(0)) || await(probe(3));
    int z = await(probe(0)) || await(probe(0)) || await(probe(7)) || await(probe(8));
    printf("x=%d y=%d z=%d calls=%d\n", x, y, z, calls);

    int n = 0;
    while (n < 5 && (n == 2 || await(probe(n + 1))))
        n++;
    printf("n=%d calls=%d\n", n, calls);

    /* Mixed: (a || b) && c, with the await in every operand. */
    int m = (await(probe(0)) || await(probe(4))) && await(probe(5));
    int k = (await(probe(6)) || await(probe(99))) && await(probe(0));
    printf("m=%d k=%d calls=%d\n", m, k, calls);
    return calls;
}

int main(void)
{
    return pn_block_on(run());
}
