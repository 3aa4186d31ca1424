/*
 * `goto` into a nested block (and forward over an await).  C allows
 * jumping into a block; a local of that block whose declaration is jumped
 * over is assigned before use here, so the behaviour is defined.  The
 * transformed code must land at the label with the frame intact.
 */
#include <pinion.h>
#include <stdio.h>

static async int plus(int a, int b)
{
    await(pn_yield());
    return a + b;
}

static async int run(int skip)
{
    int out = 0;
    if (skip)
        goto inside;
    out = await(plus(out, 100));
    printf("not skipped: out=%d\n", out);
    {
        int local;
inside:
        local = 7;
        out = await(plus(out, local));
        printf("inside block: out=%d local=%d\n", out, local);
        local = await(plus(local, 1));
        out += local;
    }
    printf("after block: out=%d\n", out);

    /* Forward goto over an await point: the skipped await never runs. */
    int calls = 0;
    for (int i = 0; i < 4; i++) {
        if (i % 2)
            goto next;
        calls = await(plus(calls, 1));
next:
        printf("i=%d calls=%d\n", i, calls);
    }
    return out * 10 + calls;
}

int main(void)
{
    int a = pn_block_on(run(0));
    int b = pn_block_on(run(1));
    printf("a=%d b=%d\n", a, b);
    return (a + b) % 100;
}
