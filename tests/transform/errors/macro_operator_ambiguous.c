// expect: 29:9: error: cannot tell the operator of this macro expansion around an await
// expect: 36:9: error: cannot tell the operator of this macro expansion around an await
/*
 * Operators of a macro body that the transformer cannot attribute, so
 * it refuses rather than guesses.  `1 + SQ(await(g(5)))` expands to
 * `1 + x * x`, each x an await: the right operand of `+` begins with the
 * argument, which the definition uses twice, once after `*` and once at
 * its start (after the `+` of the file), and which use begins that
 * operand is not visible.  In `TIMES_PICK(3, await(g(2)))` the argument
 * reaches the expansion through another macro's arguments (`PICK(0, b)`),
 * which may rearrange them: the token before it in the definition is a
 * comma, not the operator.
 */
#include <pinion.h>

#define SQ(x) x * x
#define PICK(p, q) q
#define TIMES_PICK(a, b) a * PICK(0, b)

static async int g(int v)
{
    await(pn_yield());
    return v;
}

static async int square_after_plus(void)
{
    int s = 0;
    s = 1 + SQ(await(g(5)));
    return s;
}

static async int through_another_macro(void)
{
    int t = 0;
    t = TIMES_PICK(3, await(g(2)));
    return t;
}

int main(void)
{
    return pn_block_on(square_after_plus()) + pn_block_on(through_another_macro());
}
