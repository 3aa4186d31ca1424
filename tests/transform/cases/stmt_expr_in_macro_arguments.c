/*
 * A statement expression that awaits, written in the argument of a macro
 * of the file: one that stringifies its argument (so the invocation is
 * rebuilt, not copied), one that expands it twice (two statement
 * expressions, each awaiting in turn, as the synchronous program runs
 * it twice), and one that just passes it on.  A wrong lowering would
 * run the awaits once, print the lowered text, or give both copies the
 * same value.
 */
#include <pinion.h>
#include <stdio.h>

#define SHOW(e) (printf("%s\n", #e), (e))
#define TWO(e) ((e) * 100 + (e))
#define ID(e) e

static int counter;

static async int next(void)
{
    await(pn_yield());
    return ++counter;
}

static async int run(void)
{
    int a = SHOW(({ int t = await(next()); t * 2; }));
    int b = TWO(({ int t = await(next()); t; }));
    int c = ID(({ int t = await(next()); await(pn_yield()); t + a; }));
    int d = ID(1 + ({ await(next()); }));
    printf("a=%d b=%d c=%d d=%d counter=%d\n", a, b, c, d, counter);
    return a + b + c + d;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r % 128;
}
