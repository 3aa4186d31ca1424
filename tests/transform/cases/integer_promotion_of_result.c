/*
 * The awaited value has the callee's declared result type, so integer
 * promotions and conversions happen exactly as in the synchronous
 * program: unsigned char wraps, signed char is negative, unsigned short
 * promotes to int, and unsigned int arithmetic wraps modulo 2^32.
 */
#include <pinion.h>
#include <stdio.h>

static async unsigned char uc(int v)
{
    await(pn_yield());
    return (unsigned char)v;
}

static async signed char sc(int v)
{
    await(pn_yield());
    return (signed char)v;
}

static async unsigned short us(int v)
{
    await(pn_yield());
    return (unsigned short)v;
}

static async unsigned ui(unsigned v)
{
    await(pn_yield());
    return v;
}

static async long long wide(void)
{
    await(pn_yield());
    return 1LL << 40;
}

static async int run(void)
{
    int a = await(uc(300)) + 1;              /* 44 + 1 */
    int b = await(sc(200));                  /* -56 */
    int c = await(us(65535)) + 1;            /* 65536: promotion to int */
    unsigned d = await(ui(0)) - 1;           /* wraps */
    long long e = await(uc(255)) << 4;       /* int shift of promoted 255 */
    int f = await(sc(-1)) < await(uc(0));    /* -1 < 0 as int */
    long long g = await(ui(3)) - 5;          /* unsigned: 4294967294 */
    long long h = await(wide()) + await(uc(1));
    int i = (int)sizeof(await(uc(1)) + 0);   /* promoted to int */
    printf("a=%d b=%d c=%d d=%u e=%lld f=%d g=%lld h=%lld i=%d\n", a, b, c, d, e, f, g, h, i);
    return a + b + (c >> 12) + f + (int)(g >> 28) + i;
}

int main(void)
{
    return pn_block_on(run());
}
