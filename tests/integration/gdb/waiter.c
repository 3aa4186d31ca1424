/*
 * waiter.c — the program tests/integration/gdb.sh debugs.
 *
 * outer() awaits inner() three times; inner() sleeps, then computes.
 * Then via_pointer() awaits leaf(), which sleeps too, through a pointer
 * to it (its frame in the runtime's pools, not inline).  The
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

static async int leaf(int x)
{
    int tripled = x * 3;
    await(pn_sleep_ms(1));
    return tripled + 1; /* GDB: leaf after its await */
}

typedef async int (*step_fn)(int x);

static async int via_pointer(step_fn f, int x)
{
    int base = x * 100;
    return base + await(f(x)); /* GDB: awaits through a pointer */
}

int main(void)
{
    int r = pn_block_on(outer(3));
    printf("result %d\n", r);
    int p = pn_block_on(via_pointer(leaf, 4));
    printf("through a pointer %d\n", p);
    pn_shutdown();
    return r == 9 && p == 413 ? 0 : 1;
}
