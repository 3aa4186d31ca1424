// expect: 24:12: error: recursive async call without boxing: pong -> ping -> pong
/*
 * Mutual recursion through two async functions makes each frame contain
 * the other.  The diagnostic spells out the whole cycle, starting from the
 * function declared first (pong, through its prototype), at the await in
 * that function that enters the cycle.
 */
#include <pinion.h>

static async int pong(int n);

static async int ping(int n)
{
    if (n <= 0)
        return 0;
    await(pn_yield());
    return await(pong(n - 1)) + 1;
}

static async int pong(int n)
{
    if (n <= 0)
        return 0;
    return await(ping(n - 1)) + 2;
}

int main(void)
{
    return pn_block_on(ping(4));
}
