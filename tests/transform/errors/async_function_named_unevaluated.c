// expect: 27:24: error: async function 'get' named in an operand that is not evaluated (sizeof, _Alignof, typeof): only a call of it can stand there
// expect: 28:34: error: async function 'get' named in an operand that is not evaluated (sizeof, _Alignof, typeof): only a call of it can stand there
// expect: 29:51: error: async function 'get' named in an operand that is not evaluated (sizeof, _Alignof, typeof): only a call of it can stand there
/*
 * An operand C does not evaluate may call an async function (sizeof(f(x))
 * and typeof(await(f(x))) stand for a value of its result type), but not
 * name the function itself: after the transformation there is no function
 * of that name whose type sizeof or typeof could take.  With async erased,
 * each of these compiles; the output did not.  (In a function that is not
 * async, sizeof of anything is rewritten to sizeof of its type, as main's
 * below is.)
 */
#include <pinion.h>

#include <stddef.h>

static async long get(void)
{
    await(pn_yield());
    return 5;
}

static async long run(void)
{
    long y = 3;
    size_t a = sizeof(get());                /* a call: fine */
    size_t b = sizeof(&get);
    size_t c = sizeof(__typeof__(get));
    long d = (__typeof__(await(get())))y + sizeof(await((get)));
    return (long)(a + b + c) + d;
}

int main(void)
{
    return (int)sizeof(__typeof__(&get)) + (int)pn_block_on(run());
}
