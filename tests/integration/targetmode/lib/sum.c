/* sum.c — awaits twice() from the other file of the library. */
#include "lib.h"

async long acc_sum(struct acc *a, int n)
{
    long s = 0;
    for (int i = 1; i <= n; i++) {
        int t = await(twice(i));
        s += t;
        a->total += t;
    }
    return s;
}
