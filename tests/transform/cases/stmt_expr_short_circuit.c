/*
 * A statement expression that awaits on the right of && or ||, or in a
 * branch of ?:, runs only when C evaluates that operand: its awaits, its
 * side effects on locals and its return must not happen otherwise.  A
 * wrong lowering would hoist it before the test, or keep a local it
 * assigns from the skipped path.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

static async int id(int v)
{
    await(pn_yield());
    calls++;
    return v;
}

static async int check(int a, int b)
{
    int seen = 0;
    int and_ = a && ({ seen += 1; await(id(b)) != 0; });
    int or_ = a || ({ seen += 10; await(id(b)) != 0; });
    int cond = a ? ({ seen += 100; await(id(b)); }) : ({ seen += 1000; await(id(-b)); });
    int chain = a && b && ({ seen += 10000; await(id(1)); });
    printf("  a=%d b=%d: and=%d or=%d cond=%d chain=%d seen=%d\n", a, b, and_, or_, cond, chain,
           seen);
    return seen;
}

/* A skipped return: the function goes on. */
static async int guard(int ok)
{
    int x = 5;
    if (ok || ({ x = await(id(7)); if (x > 6) return -x; x; }))
        printf("  guard took the fast path, x=%d\n", x);
    await(pn_yield());
    return x;
}

/* In a loop condition, re-evaluated every time. */
static async int loop(int n)
{
    int i = 0, evaluated = 0;
    while (i < n && ({ evaluated++; await(id(i)) < 3; }))
        i++;
    printf("  loop i=%d evaluated=%d\n", i, evaluated);
    return i * 10 + evaluated;
}

int main(void)
{
    int total = 0;
    for (int a = 0; a <= 1; a++)
        for (int b = 0; b <= 1; b++) {
            calls = 0;
            int r = pn_block_on(check(a, b));
            printf("check(%d,%d)=%d calls=%d\n", a, b, r, calls);
            total += r;
        }
    calls = 0;
    int g1 = pn_block_on(guard(1));
    int g0 = pn_block_on(guard(0));
    printf("guard(1)=%d guard(0)=%d calls=%d\n", g1, g0, calls);
    calls = 0;
    int l5 = pn_block_on(loop(5));
    int l2 = pn_block_on(loop(2));
    printf("loop(5)=%d loop(2)=%d calls=%d\n", l5, l2, calls);
    return (total + g1 + g0 + l5 + l2) % 128;
}
