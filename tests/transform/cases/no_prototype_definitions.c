/*
 * Async functions written without a prototype: `f()` definitions, the
 * usual pre-C23 spelling of a function without parameters, a `f();`
 * declaration before a definition `f(void)` or `f(int)`, a `f(void)` one
 * before a definition `f()`, awaited,
 * spawned and blocked on.  A lowering that takes `()` for `(...)` refuses
 * them as variadic; one that keeps the declaration's empty parameter list
 * declares init functions that do not match their definitions.
 */
#include <pinion.h>
#include <stdio.h>

static int trace;

static async int later();
static async int twice();
static async int unit(void);
async int scaled();

static async int zero()
{
    await(pn_yield());
    trace = trace * 10 + 1;
    return 5;
}

static async int run()
{
    int a = await(zero());
    printf("zero %d\n", a);
    int b = await(later());
    printf("later %d\n", b);
    await(pn_yield());
    int c = await(twice(a + b));
    printf("twice %d\n", c);
    int d = await(scaled(c, 3));
    printf("scaled %d\n", d);
    d += await(unit());
    return a + b + c + d;
}

static async int unit()
{
    await(pn_yield());
    trace = trace * 10 + 4;
    return 1;
}

static async int later(void)
{
    await(pn_yield());
    trace = trace * 10 + 2;
    return await(zero()) + 1;
}

static async int twice(int v)
{
    await(pn_yield());
    trace = trace * 10 + 3;
    return v * 2;
}

async int scaled(int v, int k)
{
    int r = 0;
    for (int i = 0; i < k; i++) {
        await(pn_yield());
        r += v;
    }
    return r;
}

static async int spawner()
{
    pn_task *t = pn_spawn(later());
    pn_task *u = pn_spawn(scaled(2, 2));
    return await(pn_join(t)) + await(pn_join(u));
}

int main()
{
    int r = pn_block_on(run());
    printf("run %d trace %d\n", r, trace);
    int z = pn_block_on(zero());
    int j = pn_block_on(later());
    printf("z %d j %d trace %d\n", z, j, trace);
    int s = pn_block_on(spawner());
    printf("joined %d trace %d\n", s, trace);
    return r == 5 + 6 + 22 + 66 + 1 ? 0 : 1;
}
