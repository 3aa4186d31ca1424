// expect: 19:13: error: async function 'compute' called without await
/*
 * Calling an async function like an ordinary one would only create its
 * frame and throw it away: the call must be awaited, spawned or
 * block_on'd.
 */
#include <pinion.h>

static async int compute(int v)
{
    await(pn_yield());
    return v * 2;
}

static async int caller(void)
{
    int a = await(compute(1));
    await(pn_yield());
    int b = compute(2);
    return a + b;
}

int main(void)
{
    return pn_block_on(caller());
}
