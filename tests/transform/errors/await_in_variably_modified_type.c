// expect: 20:14: error: await in a variably modified type
// expect: 22:27: error: await in a variably modified type
// expect: 23:21: error: await in a variably modified type
// expect: 24:28: error: await in a variably modified type
// expect: 25:20: error: await in a variably modified type
// expect: 26:37: error: await in a variably modified type
/*
 * C evaluates the size of a variable-length array where its type is
 * written (a declaration, a typedef, a cast, typeof or sizeof of such a
 * type), so an await there runs in the synchronous program; the
 * transformer does not lower an expression inside a type, and refuses it
 * rather than drop the call.
 */
#include <pinion.h>

static async int get(int v) { await(pn_yield()); return v; }

static async int run(int n)
{
    char buf[await(get(n))];
    buf[0] = 1;
    size_t s = sizeof(int[await(get(2))]);
    typedef int row[await(get(3))];
    int (*p)[n] = (int (*)[await(get(4))])0;
    __typeof__(int[await(get(5))]) *q = 0;
    size_t t = sizeof(*(int (*)[n])(await(get(6)) ? p : 0));
    return buf[0] + (int)s + (p == 0) + (q == 0) + (int)t + (int)sizeof(row);
}

int main(void)
{
    return pn_block_on(run(1));
}
