// expect: 13:16: error: expected expression
/*
 * A syntax error found by clang itself is reported like pinion's own
 * errors, at its position in the original file, and nothing is written.
 */
#include <pinion.h>

static async int run(void)
{
    int x = 1;
    await(pn_yield());
    x = x * 2;
    return x + ;
}

int main(void)
{
    return pn_block_on(run());
}
