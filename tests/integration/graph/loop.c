/*
 * loop.c — a small async function whose state graph pinion_graph.sh
 * checks: a loop around two awaits, left by its condition or by a break
 * between them.
 */
#include <pinion.h>

static async int step(int s)
{
    await(pn_yield());
    return s + 1;
}

static async int loop(int n)
{
    int s = 0;
    while (s < n) {
        s += await(step(s));
        if (s == 3)
            break;
        await(pn_yield());
    }
    return s;
}

int main(void)
{
    return pn_block_on(loop(5)) == 3 ? 0 : 1;
}
