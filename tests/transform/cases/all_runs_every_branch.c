/*
 * pn_all(B0, B1, ...) runs its branches concurrently inside one task and
 * completes when every branch has; each `x = await(...)` branch stores
 * its result.  The branches here suspend different numbers of times and
 * touch only their own variables, so the synchronous reading (branches in
 * order) computes the same values.
 */
#include <pinion.h>
#include <stdio.h>

static async int slow_square(int v, int yields)
{
    for (int i = 0; i < yields; i++)
        await(pn_yield());
    return v * v;
}

static async void fill(int *slot, int v)
{
    await(pn_yield());
    await(pn_sleep_ms(2));
    *slot = v;
}

static async int run(void)
{
    int a = 0, b = 0, c = 0;
    int slot = -1;
    pn_all(a = await(slow_square(3, 5)), b = await(slow_square(4, 1)),
           c = await(slow_square(5, 0)), await(fill(&slot, 42)));
    printf("a=%d b=%d c=%d slot=%d\n", a, b, c, slot);

    /* pn_all in a loop, with locals that live across it. */
    long total = 0;
    for (int i = 1; i <= 3; i++) {
        int x = 0, y = 0;
        pn_all(x = await(slow_square(i, i)), y = await(slow_square(i + 10, 3 - i)));
        total += x + y;
        printf("i=%d x=%d y=%d\n", i, x, y);
    }
    printf("total=%ld\n", total);
    return (int)(a + b + c + slot + total) % 128;
}

int main(void)
{
    return pn_block_on(run());
}
