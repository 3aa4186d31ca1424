/*
 * A chain of distinct async functions, each awaiting the next, twelve
 * levels deep, with a suspension at the bottom and at every level; the
 * frames nest inline in one another.  Repeated in a loop so resumption
 * from the deepest level happens many times.
 */
#include <pinion.h>
#include <stdio.h>

static async int l12(int v) { await(pn_yield()); return v + 12; }
static async int l11(int v) { int r = await(l12(v * 2)); await(pn_yield()); return r + 11; }
static async int l10(int v) { int r = await(l11(v)); return r - 10; }
static async int l9(int v) { await(pn_yield()); return await(l10(v + 9)); }
static async int l8(int v) { int r = await(l9(v)); await(pn_yield()); return r ^ 8; }
static async int l7(int v) { return await(l8(v)) + await(l8(v + 1)); }
static async int l6(int v) { int r = await(l7(v % 1000)); return r + 6; }
static async int l5(int v) { await(pn_yield()); return await(l6(v)) * 5 % 100003; }
static async int l4(int v) { int a = await(l5(v)); int b = await(l5(a % 97)); return a + b; }
static async int l3(int v) { return await(l4(v)) - 3; }
static async int l2(int v) { await(pn_yield()); return await(l3(v + 2)); }
static async int l1(int v) { int r = await(l2(v)); return r % 1000; }

static async int run(void)
{
    long total = 0;
    for (int i = 0; i < 50; i++) {
        int r = await(l1(i));
        if (i % 10 == 0)
            printf("l1(%d) = %d\n", i, r);
        total += r;
    }
    printf("total %ld\n", total);
    return (int)(total % 128);
}

int main(void)
{
    return pn_block_on(run());
}
