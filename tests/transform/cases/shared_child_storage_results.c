/*
 * Children awaited at different points share storage in the parent's
 * frame, so a result must be taken out before the next await reuses the
 * space: several awaits in one expression, of the same and different
 * callees, with scalar, struct and pointer results.
 */
#include <pinion.h>
#include <stdio.h>

struct wide {
    long v[8];
};

static async int small(int v)
{
    await(pn_yield());
    return v;
}

static async struct wide big(long seed)
{
    struct wide w;
    for (int i = 0; i < 8; i++)
        w.v[i] = seed * 10 + i;
    await(pn_yield());
    return w;
}

static async const char *name(int k)
{
    await(pn_yield());
    return k ? "one" : "zero";
}

static async int run(void)
{
    int a = await(small(1)) * 100 + await(small(2)) * 10 + await(small(3));
    long b = await(big(1)).v[7] + await(big(2)).v[0] + await(small(5));
    struct wide w1 = await(big(3)), w2 = await(big(4));
    long c = w1.v[1] * 1000 + w2.v[2];
    int d = await(small(await(small(6)) + await(small(7)) * await(small(8))));
    printf("a=%d b=%ld c=%ld d=%d names=%s,%s\n", a, b, c, d, await(name(0)), await(name(1)));
    return (int)((a + b + c + d) % 128);
}

int main(void)
{
    return pn_block_on(run());
}
