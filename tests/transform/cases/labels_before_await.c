/*
 * Labels and case labels placed directly before an await statement or a
 * declaration initialised by an await, and a label at the very end of a
 * block; the generated resume labels must not collide with them.
 */
#include <pinion.h>
#include <stdio.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(int mode)
{
    int r = 0;
    if (mode == 1)
        goto one;
    if (mode == 2)
        goto two;
    r += await(id(1));
one:
    r += await(id(10));
two:;
    int d = await(id(100));
    r += d;
    switch (mode) {
    case 0:
        await(pn_yield());
        r += 1000;
        break;
    case 1:
        r += await(id(2000));
        break;
    default:
        goto end;
    }
    r *= 2;
end:
    return r;
}

static async int loop_labels(void)
{
    int n = 0;
    for (int i = 0; i < 3; i++) {
        if (i == 1)
            goto skip;
        n += await(id(i + 1));
skip:;
    }
    return n;
}

static async int run_all(void)
{
    int a = await(run(0));
    int b = await(run(1));
    int c = await(run(2));
    int d = await(loop_labels());
    printf("a=%d b=%d c=%d d=%d\n", a, b, c, d);
    return (a + b + c + d) % 128;
}

int main(void)
{
    return pn_block_on(run_all());
}
