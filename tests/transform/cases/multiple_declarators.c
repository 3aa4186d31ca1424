/*
 * Several declarators in one declaration, mixing scalars, pointers,
 * arrays and initialised/uninitialised names, some of which live across
 * an await and some of which do not.
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
    int a = 1, b, *pa = &a, arr[3] = { 7, 8, 9 }, c = a + 10;
    b = await(id(a + c));
    *pa += await(id(b));
    int d = await(id(3)), e = d * 2, f = await(id(e + 1));
    printf("a=%d b=%d c=%d d=%d e=%d f=%d arr=%d,%d,%d\n", a, b, c, d, e, f, arr[0], arr[1],
           arr[2]);
    unsigned char u = 200, v = (unsigned char)await(id(100));
    unsigned w = u + v;
    printf("u=%u v=%u w=%u\n", u, v, w);
    return a + b + c + d + e + f;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r;
}
