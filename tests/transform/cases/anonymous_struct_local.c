/*
 * Locals of anonymous struct, union and enum types (no tag to name them
 * by), including two variables declared with the same anonymous struct
 * type, which must stay assignment-compatible after transformation.
 */
#include <pinion.h>
#include <stdio.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(void)
{
    struct {
        int a, b;
    } p1 = { 1, 2 }, p2;
    union {
        int i;
        float f;
    } u = { .i = 0 };
    enum { LOW = 2, HIGH = 8 } level = LOW;

    p2.a = await(id(10));
    p2.b = await(id(20));
    p1 = p2;               /* same type: assignment is valid */
    p2.a += await(id(1));
    u.i = await(id(HIGH));
    level = u.i > 5 ? HIGH : LOW;
    printf("p1=%d,%d p2=%d,%d u=%d level=%d\n", p1.a, p1.b, p2.a, p2.b, u.i, (int)level);
    return p1.a + p2.a + u.i + (int)level;
}

int main(void)
{
    return pn_block_on(run());
}
