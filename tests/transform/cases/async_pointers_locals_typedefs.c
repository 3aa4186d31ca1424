/*
 * Awaits through pointers declared async: a local pointer, a typedef'd
 * pointer type, a pointer chosen with ?: (and a call of the ?: itself),
 * pointers compared with each other and with the functions, a pointer
 * passed to another async function and awaited there, and a parameter
 * of pointer type.  A wrong lowering would call the wrong target, read
 * the result of another await, or lose the arguments across the
 * suspension inside the callee.
 */
#include <pinion.h>
#include <stdio.h>

typedef async int (*unary_fn)(int);

static async int twice(int x)
{
    await(pn_yield());
    return 2 * x;
}

static async int plus_ten(int x)
{
    int before = x;
    await(pn_yield());
    await(pn_yield());
    return before + 10;
}

static async long apply_twice(unary_fn f, int x)
{
    int a = await(f(x));
    int b = await(f(a));
    return (long)a * 1000 + b;
}

static async int sum_with(async int (*g)(int), int n)
{
    int s = 0;
    for (int i = 0; i < n; i++)
        s += await(g(i));
    return s;
}

static async int run(int which)
{
    async int (*fp)(int) = twice;
    unary_fn g = &plus_ten;
    printf("fp(3) = %d\n", await(fp(3)));
    printf("g(3) = %d\n", await(g(3)));
    unary_fn pick = which ? fp : g;
    printf("pick(5) = %d\n", await(pick(5)));
    printf("(?:)(7) = %d\n", await((which ? g : fp)(7)));
    printf("same: %d %d %d\n", fp == twice, g == plus_ten, fp == g);
    printf("apply_twice = %ld\n", await(apply_twice(g, 1)));
    printf("sum_with = %d\n", await(sum_with(twice, 5)) + await(sum_with(plus_ten, 3)));
    fp = plus_ten;
    return await(fp(await(g(0))));
}

int main(void)
{
    printf("run(1) = %d\n", pn_block_on(run(1)));
    printf("run(0) = %d\n", pn_block_on(run(0)));
    return 0;
}
