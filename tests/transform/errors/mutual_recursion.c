// expect: 15:12: error: recursive async call without boxing: ping -> pong -> ping
/*
 * Mutual recursion through two async functions makes each frame contain
 * the other.  The diagnostic spells out the whole cycle.
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
