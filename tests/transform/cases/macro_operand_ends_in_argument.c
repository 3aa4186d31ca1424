/*
 * An expression that begins with an await and ends in the argument of a
 * later macro whose body puts something before the parameter
 * (`await(g(3)) + NEG(k)` for `#define NEG(a) -a`).  The sum's text runs
 * from the await to the end of NEG(k); a lowering that took only the
 * await's invocation for it kept ` + NEG(k)` after the rebuilt sum, so the
 * operand was added twice, the second time with k read as written: here
 * the global k, which the parameter shadows, or an await called directly
 * as a function.
 */
#include <pinion.h>
#include <stdio.h>

#define NEG(a) -a
#define WIDEN(a) (long)a
#define ID(a) a

int k = 1000;

static int calls;

static int pair(int a, int b)
{
    return a * 100 + b;
}

static async int g(int v)
{
    calls++;
    await(pn_yield());
    return v;
}

static async int run(int k)
{
    await(pn_yield());
    int a = await(g(3)) + NEG(k);
    printf("a=%d calls=%d\n", a, calls);
    long b = await(g(3)) * WIDEN(k);
    printf("b=%ld calls=%d\n", b, calls);
    int c = await(g(3)) + NEG(await(g(4)));
    printf("c=%d calls=%d\n", c, calls);
    int d = pair(await(g(3)) + NEG(k), await(g(5)));
    printf("d=%d calls=%d\n", d, calls);
    int e = await(g(3)) * NEG(ID(k));
    printf("e=%d calls=%d\n", e, calls);
    int f = 0;
    f = await(g(6)) + NEG(k);
    f += await(g(1)) * ID(k);
    printf("f=%d calls=%d\n", f, calls);
    if (await(g(9)) + NEG(k) > 0)
        printf("positive\n");
    return await(g(2)) + NEG(k) + a + (int)b + c + d + e + f + calls;
}

int main(void)
{
    int r = pn_block_on(run(4));
    printf("r=%d\n", r);
    return r & 0x7f;
}
