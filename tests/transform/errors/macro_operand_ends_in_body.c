// expect: 22:13: error: cannot tell the operator of this macro expansion around an await
/*
 * `await(g(3)) + DIFF(k)` with `#define DIFF(a) (a) - a` is
 * `(await(g(3)) + (k)) - k`: the inner `+` ends inside DIFF's body while
 * the `-` around it ends in DIFF's argument, so neither operation is
 * written anywhere as such, and the transformer refuses rather than
 * guesses.
 */
#include <pinion.h>

#define DIFF(a) (a) - a

static async int g(int v)
{
    await(pn_yield());
    return v;
}

static async int ends_in_a_body(int k)
{
    await(pn_yield());
    int u = await(g(3)) + DIFF(k);
    return u;
}

int main(void)
{
    return pn_block_on(ends_in_a_body(4));
}
