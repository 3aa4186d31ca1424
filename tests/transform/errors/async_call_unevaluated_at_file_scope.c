// expect: 20:36: error: async function 'get' called in an operand that is not evaluated (sizeof, _Alignof, typeof) at file scope: write its result type instead
// expect: 21:19: error: async function 'get' called in an operand that is not evaluated (sizeof, _Alignof, typeof) at file scope: write its result type instead
// expect: 22:20: error: async function 'get' named in a type at file scope (typeof, sizeof, _Alignof): write the type it stands for instead
// expect: 23:31: error: async function 'get' named in a type at file scope (typeof, sizeof, _Alignof): write the type it stands for instead
/*
 * At file scope nothing rewrites an operand that is not evaluated, and the
 * output has no function 'get' to call: C would take the undeclared get()
 * for a function returning int, so sizeof(get()) would be 4 where the
 * program with async erased says 8.  Refused, in variables' declarations
 * and in types alike.
 */
#include <pinion.h>

static async long get(void)
{
    await(pn_yield());
    return 5;
}

static unsigned long size = sizeof(get());
static __typeof__(get()) same = 4;
typedef __typeof__(get()) T;
struct holder { char a[sizeof(get())]; };

int main(void)
{
    T t = 1;
    struct holder h;
    return (int)(size + (unsigned long)same + (unsigned long)t + sizeof h.a) + (int)pn_block_on(get());
}
