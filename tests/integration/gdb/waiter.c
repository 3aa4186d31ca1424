/*
 * waiter.c — the program tests/integration/gdb.sh debugs.
 *
 * outer() awaits inner() three times; inner() sleeps, then computes.  The
 * lines the debugger must stop on are found by their marker comments, so
 * that editing this file does not silently move the test's breakpoints.
 */
#include <pinion.h>
#include <stdio.h>

static async int inner(int x)
{
    int doubled = x * 2;
    await(pn_sleep_ms(1));
    doubled += 1; /* GDB: after the await */
    return doubled; /* GDB: next line */
}

static async int outer(int n)
{
    int acc = 0;
    for (int i = 0; i < n; i++)
        acc += await(inner(i)); /* GDB: outer awaits inner */
    return acc;
}

int main(void)
{
    int r = pn_block_on(outer(3));
    printf("result %d\n", r);
    pn_shutdown();
    return r == 9 ? 0 : 1;
}
