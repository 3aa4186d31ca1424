// expect: 19:9: error: jump into a statement expression
/*
 * GNU C forbids jumping into a statement expression (gcc rejects it,
 * libclang lets it through); one that awaits becomes a block of the poll
 * function, where such a jump would land with the enclosing expression
 * never started, so it is refused rather than given a meaning.
 */
#include <pinion.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int jump_in(int k)
{
    if (k > 3)
        goto inside;
    return 1 + ({
        int t = await(id(k));
    inside:
        t = k;
        t;
    });
}
