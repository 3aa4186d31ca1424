/*
 * The lowering's temporaries (a saved operand, the value of `&&` or `?:`
 * with an await in an operand, a child's result read after another
 * await) are locals like the others: one that no await separates from its
 * use is a local of the poll function, and those that live across
 * different awaits may share storage.  A liveness that got a temporary's
 * range wrong would let a later await or another temporary overwrite a
 * value still to be read, and the sums printed below would differ.
 *
 * layout: run smaller
 * layout: loop smaller
 */
#include <pinion.h>
#include <stdio.h>

static async int val(int v)
{
    await(pn_yield());
    return v;
}

static int twice(int v)
{
    return 2 * v;
}

static async int run(int k)
{
    /* Saved across the second await: twice(k) is read after it. */
    int a = twice(k) + await(val(k + 1)) + await(val(k + 2));
    printf("a=%d\n", a);
    /* The value of && lives only within the statement. */
    int b = await(val(k)) && await(val(0));
    int c = await(val(0)) || await(val(k));
    printf("b=%d c=%d\n", b, c);
    /* ?: with awaits in both branches, its value read at once. */
    int d = k > 2 ? await(val(10)) : await(val(20));
    int e = (k < 2 ? await(val(30)) : await(val(40))) + d;
    printf("d=%d e=%d\n", d, e);
    /* Results read after a later await: each waits in a temporary. */
    int f = await(val(1)) * 100 + await(val(2)) * 10 + await(val(3));
    printf("f=%d\n", f);
    return a + b + c + d + e + f;
}

static async int loop(int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++) {
        /* A temporary per iteration, each across an await of its own. */
        sum += twice(i) + await(val(i));
        sum += (i % 2 ? await(val(i)) : 0) + twice(sum % 7) * await(val(1));
        printf("i=%d sum=%d\n", i, sum);
    }
    return sum;
}

int main(void)
{
    int r = pn_block_on(run(3));
    int s = pn_block_on(loop(5));
    printf("run=%d loop=%d\n", r, s);
    return 0;
}
