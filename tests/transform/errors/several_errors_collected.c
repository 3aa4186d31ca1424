// expect: 29:5: error: await outside an async function
// expect: 23:13: error: async function 'slow' called without await
// expect: 16:18: error: variadic async function 'vsum'
/*
 * Errors are collected with their positions, not reported one at a time:
 * three different misuses in one file are all reported in one run.
 */
#include <pinion.h>

static async int slow(int v)
{
    await(pn_yield());
    return v;
}

static async int vsum(int n, ...)
{
    return n;
}

static async int caller(void)
{
    int x = slow(1);
    return x + await(vsum(0));
}

int main(void)
{
    await(slow(2));
    return pn_block_on(caller());
}
