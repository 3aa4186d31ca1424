// expect: 14:9: error: setjmp in an async function
/*
 * setjmp saves the poll function's stack context, which does not survive
 * a suspension; it is refused in async functions.
 */
#include <pinion.h>
#include <setjmp.h>

static jmp_buf env;

static async int guarded(void)
{
    await(pn_yield());
    if (setjmp(env))
        return 1;
    return 0;
}

int main(void)
{
    return pn_block_on(guarded());
}
