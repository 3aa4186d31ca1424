// expect: 19:10: error: await of something that is not an async call
// expect: 20:10: error: await of something that is not an async call
/*
 * await(E) needs E to be a call of an async function named directly; an
 * ordinary function call or a plain value cannot suspend.  Both misuses
 * are reported, not just the first.
 */
#include <pinion.h>

static int plain(int v)
{
    return v + 1;
}

static async int run(void)
{
    int x = 1;
    await(pn_yield());
    x += await(plain(x));
    x += await(x);
    return x;
}

int main(void)
{
    return pn_block_on(run());
}
