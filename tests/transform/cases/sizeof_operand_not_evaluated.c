/*
 * The operand of `sizeof` is not evaluated, so an await written there is
 * not an await point: the callee is never called.  The type of the
 * operand is the callee's result type.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

struct big {
    char bytes[37];
};

static async struct big make_big(void)
{
    calls++;
    await(pn_yield());
    struct big b = { { 1 } };
    return b;
}

static async short make_short(void)
{
    calls++;
    await(pn_yield());
    return 3;
}

static async int run(void)
{
    size_t a = sizeof(await(make_big()));
    size_t b = sizeof await(make_short());
    size_t c = sizeof(await(make_short()) + 0L);
    printf("a=%zu b=%zu c=%zu calls=%d\n", a, b, c, calls);
    short s = await(make_short());
    struct big real = await(make_big());
    printf("s=%d real=%d calls=%d\n", s, real.bytes[0], calls);
    return (int)(a + b) + calls;
}

int main(void)
{
    return pn_block_on(run());
}
