/*
 * The right operand of `&&` is evaluated only when the left one is true;
 * when it is not evaluated, its await must not happen at all (no call, no
 * side effect, no suspension).  The callee counts and prints its calls.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

static async int check(int v, const char *tag)
{
    calls++;
    printf("  check(%d, %s)\n", v, tag);
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int hits = 0;
    for (int i = 0; i < 4; i++) {
        if (i % 2 && await(check(i, "rhs")))
            hits++;
        printf("i=%d hits=%d calls=%d\n", i, hits, calls);
    }

    /* Both operands await; the second is skipped when the first is 0. */
    int a = await(check(0, "first")) && await(check(1, "second"));
    int b = await(check(2, "first")) && await(check(0, "second"));
    int c = await(check(3, "first")) && await(check(4, "second")) && await(check(5, "third"));
    printf("a=%d b=%d c=%d calls=%d\n", a, b, c, calls);

    /* Chain where a middle operand stops the evaluation. */
    int d = 1 && await(check(0, "mid")) && await(check(9, "never"));
    printf("d=%d calls=%d\n", d, calls);
    return calls;
}

int main(void)
{
    int n = pn_block_on(run());
    printf("total calls %d\n", n);
    return n;
}
