/*
 * A backward `goto` that jumps over an await point to a label before it:
 * the loop formed by goto must await on every pass, and locals updated
 * between passes keep their values.
 */
#include <pinion.h>
#include <stdio.h>

static async int square(int v)
{
    await(pn_yield());
    return v * v;
}

static async int run(void)
{
    int i = 0;
    long total = 0;
again:
    total += await(square(i));
    printf("i=%d total=%ld\n", i, total);
    if (++i < 6)
        goto again;

    /* Backward jump out of a nested block into an outer one. */
    int rounds = 0;
top:
    rounds++;
    {
        int inner = await(square(rounds));
        if (inner < 20) {
            printf("round %d inner %d: again\n", rounds, inner);
            goto top;
        }
        printf("round %d inner %d: done\n", rounds, inner);
    }
    return (int)total + rounds;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r;
}
