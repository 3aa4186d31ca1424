// expect: 16:1: error: 'calls' comes out of the same macro expansion as async function 'inc'
/*
 * A macro invocation that defines an async function is replaced by the
 * generated code; what else it declares has no text of its own to keep,
 * so it is refused rather than lost.
 */
#include <pinion.h>

#define COUNTED(name, counter)                                                              \
    static int counter;                                                                     \
    async int name(int x)                                                                   \
    {                                                                                       \
        await(pn_yield());                                                                  \
        return x + counter;                                                                 \
    }
COUNTED(inc, calls)

int main(void)
{
    return pn_block_on(inc(1));
}
