/*
 * Awaits nested in an awaited call's arguments under every sequencing
 * operator: comma, &&, ||, ?:, assignment and compound assignment, plus
 * ordinary arithmetic.  The inner awaits run before the outer call, the
 * short-circuit rules still hold inside the argument, and the comma's
 * left operand is evaluated (for its effect) before its right one.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

static async int add(int a, int b)
{
    await(pn_yield());
    return a + b;
}

static async int id(int v)
{
    calls++;
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int y = 0, z = 5;
    int a = await(add((await(id(1)), 3), 4));
    int b = await(add((y = (await(id(2)), y + 10)), 1));
    int c = await(add(y && await(id(7)), z || await(id(8))));
    int d = await(add(y > 100 ? await(id(1)) : await(id(-1)), (z += await(id(3)))));
    int e = await(add(-await(id(4)) * 2, (await(id(5)) + 1) % 4));
    int f = await(add((await(id(1)), await(id(2)), await(id(3))), (await(id(0)) || 0)));
    printf("a=%d b=%d c=%d d=%d e=%d f=%d y=%d z=%d calls=%d\n", a, b, c, d, e, f, y, z, calls);
    return a + b + c + d + e + f + calls;
}

int main(void)
{
    return pn_block_on(run()) & 0x7f;
}
