/*
 * A local with __attribute__((cleanup)) whose scope holds no await after
 * its declaration stays an ordinary local of the poll function, and its
 * cleanup runs exactly where the synchronous program runs it: when its
 * block ends, at a return inside it, at a break, continue or goto out of
 * it, once per iteration of a loop that awaits before the declaration, at
 * the end of a statement expression (one that awaits before the
 * declaration too), inside a lowered if, while and for, and in the body
 * of a for whose increment awaits or a do whose condition awaits (the
 * lowering puts those awaits after the body, which must stay a block of
 * its own).  A lowering that moved such a local into the frame (dropping
 * the attribute), rebuilt its declaration without it, or put an await in
 * its block would print "cleanup" lines too few, too many or out of
 * place, or not compile.
 */
#include <pinion.h>
#include <stdio.h>

static int cleanups;

static void cleanup(int *p)
{
    cleanups++;
    printf("cleanup %d\n", *p);
}

#define CLEAN __attribute__((cleanup(cleanup)))

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int early(int k)
{
    await(pn_yield());
    {
        int r CLEAN = k * 10;
        if (k > 1)
            return r + 1;
        printf("early %d stays\n", r);
    }
    await(pn_yield());
    return k;
}

static async int run(int n)
{
    await(pn_yield());
    {
        int a CLEAN = 1;
        printf("block a=%d\n", a);
    }
    await(pn_yield());

    printf("early(1)=%d\n", await(early(1)));
    printf("early(2)=%d\n", await(early(2)));

    int i = 0;
    while (await(id(i)) < 5) {
        int b CLEAN = 100 + i;
        if (i == 3)
            break;
        printf("while b=%d\n", b);
        i++;
    }

    for (int j = 0; j < 3; j += await(id(1))) {
        int c CLEAN = 200 + j;
        if (j == 1)
            continue;
        printf("for c=%d\n", c);
    }

    int k = 0;
    do {
        int h CLEAN = 800 + k;
        if (k == 1) {
            k++;
            continue;
        }
        printf("do h=%d\n", h);
        k++;
    } while (await(id(k)) < 3);

    for (int j = 0; j < n; j++) {
        await(pn_yield());
        int d CLEAN = 300 + j;
        printf("iteration d=%d\n", d);
    }

    {
        int g CLEAN = 400;
        if (n > 1)
            goto out;
        printf("not reached %d\n", g);
    }
out:
    await(pn_yield());
    printf("after goto\n");

    int v = ({
        int s CLEAN = 500;
        s + 1;
    });
    printf("stmt expr %d\n", v);
    printf("stmt expr awaiting %d\n", ({
        int before = await(id(600));
        int t CLEAN = before + 1;
        t + 1;
    }));

    if (await(id(1))) {
        int e CLEAN = 700;
        printf("if e=%d\n", e);
    }
    await(pn_yield());
    return cleanups;
}

int main(void)
{
    int r = pn_block_on(run(2));
    printf("cleanups=%d\n", r);
    return r;
}
