/* run.c — awaits the library (through a static helper), main.c's bump()
 * and, spawned as a task, the library's twice(). */
#include <lib.h>

#include "app.h"

static async long helper(int n)
{
    struct acc a = { 0, "acc" };
    long s = await(acc_sum(&a, n));
    return s + a.total;
}

async long run(int n)
{
    long s = await(helper(n));
    s += await(bump(n));
    pn_task *t = pn_spawn(twice(7));
    int j = await(pn_join(t));
    return s + j;
}
