/*
 * `return await(...)` and return expressions that combine awaits with
 * locals, in a chain of async functions each of which returns its
 * child's result transformed.
 */
#include <pinion.h>
#include <stdio.h>

static async long leaf(int v)
{
    await(pn_yield());
    return v * 3L;
}

static async long mid(int v)
{
    if (v > 5)
        return await(leaf(v)) + 1;
    int local = v * 2;
    return await(leaf(local)) - await(leaf(1)) + local;
}

static async int top(int v)
{
    return (int)await(mid(v)) * 2;
}

static async char narrow(void)
{
    return (char)await(leaf(100)); /* 300 converted to char */
}

static async int run(void)
{
    int a = await(top(3));
    int b = await(top(10));
    int c = await(narrow());
    printf("a=%d b=%d c=%d\n", a, b, c);
    return a + b + c;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r % 128;
}
