/* ops.c — the library's async operations. */
#include "ptrops.h"

async int lib_double(int x)
{
    await(pn_yield());
    return 2 * x;
}

async int lib_negate(int x)
{
    int r = -x;
    await(pn_yield());
    return r;
}
