// expect: 30:17: error: 'int (int)' is not async and cannot convert to a pointer declared async
// expect: 31:11: error: an async function (or pointer to one) converts only to a pointer declared async, not to 'int (*)(int)'
// expect: 32:8: error: 'int (*)(int)' is not async and cannot convert to a pointer declared async
// expect: 33:7: error: an async function (or pointer to one) converts only to a pointer declared async, not to 'int (*)(int)'
// expect: 34:10: error: 'int (int)' is not async and cannot convert to a pointer declared async
// expect: 35:15: error: comparison of a pointer to an async function with 'int (*)(int)', which is not declared async
// expect: 40:12: error: an async function (or pointer to one) converts only to a pointer declared async, not to 'int (*)(int)'
/*
 * An async function converts only to a pointer declared async, and a
 * pointer declared async holds only async functions: a plain pointer
 * called would start a frame it does not know as a plain call, and an
 * await through a pointer to a plain function has no frame to poll.
 * Every conversion clang checks is covered: initialisation, assignment
 * both ways, passing an argument, comparison and returning.
 */
#include <pinion.h>

static async int work(int v)
{
    await(pn_yield());
    return v;
}

static int plain(int v) { return v; }

static void take(async int (*cb)(int)) { (void)cb; }

static int use(int (*p)(int))
{
    async int (*fp)(int) = plain;
    int (*q)(int) = work;
    fp = p;
    p = fp;
    take(plain);
    return fp == p && q != 0;
}

static int (*give(void))(int)
{
    return work;
}

int main(void)
{
    return use(plain) + (give() != 0);
}
