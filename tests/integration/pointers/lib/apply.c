/* apply.c — awaits through a pointer that comes from another target. */
#include "ptrops.h"

async int lib_apply(ptr_op op, int x, int n)
{
    for (int i = 0; i < n; i++) {
        x = await(op(x));
        await(pn_yield());
    }
    return x;
}

async int lib_pair_sum(ptr_pair_op op, ptr_note note, int x)
{
    struct ptr_pair p = await(op(x));
    await(note("lo", p.lo));
    await(note("hi", p.hi));
    return p.lo + p.hi;
}

ptr_op lib_double_from_apply(void)
{
    return lib_double;
}
