/*
 * Async functions whose definitions come out of macro expansions: the
 * whole definition from one macro (its body rebuilt from the AST, since
 * none of it is written in the file), a macro for the signature with the
 * body written out, a macro declaring and defining, one defining two, and
 * a struct defined in an async function's return type.  A lowering that
 * goes by where the tokens are spelled takes these functions for another
 * file's and refuses the awaits ("frame layout unknown"); one that copies
 * the invocation's text defines the synchronous function again.
 */
#include <pinion.h>
#include <stdio.h>

struct pt {
    int x, y;
};

static async int step(int v)
{
    await(pn_yield());
    return v * 2;
}

#define TWICE(e) ((e) + (e))
#define DEF(n) int n(int x) { await(pn_yield()); return x + 1; }
#define LOOP(name, k)                                                                       \
    int name(int lim)                                                                       \
    {                                                                                       \
        int acc = 0;                                                                        \
        char buf[8] = "ab";                                                                 \
        struct pt p = { .x = lim, .y = -lim };                                              \
        for (int i = 0; i < lim; i++) {                                                     \
            acc += await(step(i));                                                          \
            if (acc > k)                                                                    \
                break;                                                                      \
        }                                                                                   \
        while (await(step(acc)) < 100)                                                      \
            acc++;                                                                          \
        switch (lim) {                                                                      \
        case 1:                                                                             \
            p.x += await(step(1));                                                          \
            break;                                                                          \
        case 2:                                                                             \
            p.y = TWICE(await(step(p.x)));                                                  \
            break;                                                                          \
        default:                                                                            \
            goto out;                                                                       \
        }                                                                                   \
        printf("p %d %d\n", p.x, p.y);                                                      \
    out:                                                                                    \
        return acc + buf[1] + (int)sizeof(struct pt);                                       \
    }
#define SIG(n) int n(int x)
#define SIG2(n, t) t n(t a, t b)
#define DECL(n) async int n(int); async int n(int x) { await(pn_yield()); return x * 5; }
#define TWO(a, b)                                                                           \
    async int a(int x) { await(pn_yield()); return x * 2; }                                 \
    async int b(int x) { await(pn_yield()); return await(a(x)) * 3; }

async DEF(inc)
static async LOOP(looper, 10)
async SIG(dbl);
DECL(quint)
TWO(two, six)

async SIG(dbl)
{
    int y = await(inc(x));
    await(pn_yield());
    return y * 2;
}

static async SIG2(add, long)
{
    await(pn_yield());
    return a + b;
}

static async struct pair { int lo, hi; } span(int v)
{
    await(pn_yield());
    return (struct pair){ v - 1, v + 1 };
}

static async int run(void)
{
    int a = await(inc(1));
    int b = await(looper(5));
    int b1 = await(looper(1));
    int b2 = await(looper(2));
    int c = await(dbl(3));
    long d = await(add(4, 5));
    int e = await(quint(2)) + await(six(1));
    struct pair s = await(span(e));
    printf("%d %d %d %d %d %ld %d %d..%d\n", a, b, b1, b2, c, d, e, s.lo, s.hi);
    return a + b + c + (int)d + e;
}

static async int spawner(void)
{
    pn_task *t = pn_spawn(inc(41));
    pn_task *u = pn_spawn(looper(3));
    return await(pn_join(t)) + await(pn_join(u));
}

int main(void)
{
    int r = pn_block_on(run());
    printf("run %d\n", r);
    int l = pn_block_on(looper(3));
    printf("looper %d\n", l);
    printf("joined %d\n", pn_block_on(spawner()));
    return r == 2 + 156 + 8 + 9 + 16 ? 0 : 1;
}
