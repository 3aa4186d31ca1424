// expect: 15:9: error: longjmp in an async function
/*
 * longjmp out of a poll function would abandon frames in the middle of
 * a poll; it is refused in async functions.
 */
#include <pinion.h>
#include <setjmp.h>

static jmp_buf env;

static async void bail(int code)
{
    await(pn_yield());
    if (code)
        longjmp(env, code);
}

int main(void)
{
    if (setjmp(env))
        return 3;
    pn_block_on(bail(1));
    return 0;
}
