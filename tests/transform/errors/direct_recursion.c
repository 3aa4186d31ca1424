// expect: 14:16: error: recursive async call without boxing: countdown -> countdown
/*
 * A frame embeds the frames of the functions it awaits, so an async
 * function that awaits itself would need an infinitely large frame.
 * Recursion must box the recursive frame explicitly.
 */
#include <pinion.h>

static async int countdown(int n)
{
    if (n == 0)
        return 0;
    await(pn_yield());
    return 1 + await(countdown(n - 1));
}

int main(void)
{
    return pn_block_on(countdown(3));
}
