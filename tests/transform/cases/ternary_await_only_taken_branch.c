/*
 * `c ? a : b` evaluates exactly one of a and b.  With awaits in both
 * branches (and in the condition), only the taken branch's await runs.
 * The result type is the common type of both branches.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

static async int pick(int v, const char *tag)
{
    calls++;
    printf("  pick(%d, %s)\n", v, tag);
    await(pn_yield());
    return v;
}

static async double half(int v)
{
    await(pn_yield());
    return v / 2.0;
}

static async int run(void)
{
    int total = 0;
    for (int i = 0; i < 4; i++) {
        int v = (i & 1) ? await(pick(i * 10, "then")) : await(pick(-i, "else"));
        printf("i=%d v=%d calls=%d\n", i, v, calls);
        total += v;
    }

    /* Await in the condition and in one branch only. */
    int w = await(pick(0, "cond")) ? await(pick(1, "never")) : 42;
    printf("w=%d calls=%d\n", w, calls);

    /* Nested conditionals: only one leaf is evaluated. */
    int s = await(pick(1, "c1")) ? (await(pick(0, "c2")) ? await(pick(5, "a")) : await(pick(6, "b")))
                                 : await(pick(7, "c"));
    printf("s=%d calls=%d\n", s, calls);

    /* Mixed types: int and double branches give a double. */
    double d = calls > 3 ? await(half(7)) : await(pick(1, "int"));
    printf("d=%.2f calls=%d\n", d, calls);
    return total + w + s + calls;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r % 128;
}
