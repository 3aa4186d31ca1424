// expect: 21:10: error: await of something that is not an async call
// expect: 22:10: error: await of something that is not an async call
// expect: 23:10: error: await of something that is not an async call
/*
 * await(E) needs E to be a call of an async function named directly; an
 * ordinary function call, a call through a function pointer or a plain
 * value cannot suspend.  Every misuse is reported, not just the first.
 */
#include <pinion.h>

static int plain(int v)
{
    return v + 1;
}

static async int run(void)
{
    int x = 1;
    int (*fp)(int) = plain;
    await(pn_yield());
    x += await(plain(x));
    x += await(x);
    x += await(fp(x));
    return x;
}

int main(void)
{
    return pn_block_on(run());
}
