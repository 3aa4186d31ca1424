/* sum.c — the sum of steps, built on step.c's layer_step(). */
#include "layers.h"

async int layer_base(void)
{
    await(pn_yield());
    return 1; /* RECURSE */
}

async int layer_sum(int n)
{
    int s = 0;
    for (int i = 1; i <= n; i++)
        s += await(layer_step(i));
    return s;
}
