/*
 * Calls whose arguments await, of functions whose names are also
 * function-like macros, where the source's call is not a macro call: the
 * `(` comes from another macro's expansion (f ONE(x)), or the call is
 * inside the macro's own body, where its name is not expanded again
 * (#define add(x) add(x, 7), the default-argument idiom).  The lowering
 * spells such a call anew; spelled f(...), it would expand the macro: a
 * different function (f1 below would become g1) or a different count of
 * arguments.
 */
#include <pinion.h>
#include <stdio.h>

static async int val(int x)
{
    await(pn_yield());
    return x;
}

static int f1(int a)
{
    return a + 1;
}

static int g1(int a)
{
    return a + 100;
}

static int add(int a, int b)
{
    return a * 10 + b;
}

static int twice(int a, int b)
{
    return a + 2 * b;
}

#define f1(a) g1(a)
#define ONE(a) (a)
#define add(x) add(x, 7)
#define twice(a) twice(a, a)
#define TWO(a, b) (a, b)
#define ADD_AWAIT(a) add(await(val(a)))
#define TWICE_AWAIT(a) twice(await(val(a)))

static async int run(void)
{
    int p = f1 ONE(await(val(5)));                    /* the function f1: 6 */
    int q = f1(await(val(5)));                        /* the macro: g1, 105 */
    int r = add(await(val(3)));                       /* add(3, 7): 37 */
    int s = twice TWO(await(val(1)), await(val(2)));  /* twice(1, 2): 5 */
    int t = twice(await(val(4)));                     /* twice(4, 4): 12 */
    /* The awaits inside the macros: no text of the call to edit. */
    int r2 = ADD_AWAIT(4);                            /* add(4, 7): 47 */
    int t2 = TWICE_AWAIT(2);                          /* twice(2, 2): 6 */
    printf("%d %d %d %d %d %d %d\n", p, q, r, s, t, r2, t2);
    return p + q + r + s + t + r2 + t2;
}

int main(void)
{
    return pn_block_on(run()) == 6 + 105 + 37 + 5 + 12 + 47 + 6 ? 0 : 1;
}
