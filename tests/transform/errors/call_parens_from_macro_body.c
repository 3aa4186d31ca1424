// expect: 28:13: error: call of 'f1' whose parentheses and await both come from a macro's body cannot be rewritten (write the parentheses at the call, or the call in the macro)
/*
 * `f1 P_AWAIT(4)` calls f1 with parentheses that P_AWAIT's body supplies,
 * around an await that comes from that body too.  Neither the call nor
 * the await is the text of the invocation, so the lowering cannot write
 * the await's value in place of anything (it wrote `f1 value`, which does
 * not compile).  Refused; the same call with the await in the macro's
 * argument (ONE below) or with the parentheses at the call is fine.
 */
#include <pinion.h>

static async int val(int x)
{
    await(pn_yield());
    return x;
}

static int f1(int a)
{
    return a + 1;
}

#define P_AWAIT(a) (await(val(a)))
#define ONE(a) (a)

static async int run(void)
{
    int y = f1 P_AWAIT(4);
    int z = f1 ONE(await(val(4))) + f1(P_AWAIT(4));
    return y + z;
}

int main(void)
{
    return pn_block_on(run());
}
