/*
 * A `static` local keeps one instance shared by every call (and every
 * frame) of the async function, across awaits and across calls; a
 * non-static local of the same name in another function is separate.
 */
#include <pinion.h>
#include <stdio.h>

static async int counter(int add)
{
    static int calls;
    static int history[4] = { 1, 1, 1, 1 };
    calls++;
    int before = calls;
    await(pn_yield());
    history[calls % 4] += add;
    printf("  counter(add=%d) call %d (now %d)\n", add, before, calls);
    return calls * 100 + history[calls % 4];
}

static async int other(void)
{
    int calls = 50;
    calls += await(counter(1));
    return calls;
}

static async int run(void)
{
    int a = await(counter(5));
    int b = await(counter(6));
    int c = await(other());
    int d = await(counter(7));
    printf("a=%d b=%d c=%d d=%d\n", a, b, c, d);
    return a + b + c + d;
}

int main(void)
{
    int r = pn_block_on(run());
    int again = pn_block_on(counter(0));
    printf("r=%d again=%d\n", r, again);
    return (r + again) % 100;
}
