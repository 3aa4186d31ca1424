/*
 * An await in the condition of a `for` is evaluated before every
 * iteration (n+1 times for n iterations); `break` leaves without
 * evaluating it again and `continue` goes through the increment and
 * then the condition.
 */
#include <pinion.h>
#include <stdio.h>

static int tests;

static async int less(int a, int b)
{
    tests++;
    await(pn_yield());
    return a < b;
}

static async int run(void)
{
    int n = 0;
    for (int i = 0; await(less(i, 4)); i++)
        n += i;
    printf("n=%d tests=%d\n", n, tests);

    for (int i = 0; await(less(i, 100)); i++) {
        if (i == 1)
            continue;
        if (i == 3)
            break;
        n += 10;
    }
    printf("n=%d tests=%d\n", n, tests);

    /* Condition with the await on the right of &&: skipped once the left
     * side is false. */
    int m = 0;
    for (int i = 0; i < 3 && await(less(m, 10)); i++)
        m += 4;
    printf("m=%d tests=%d\n", m, tests);
    return n + m + tests;
}

int main(void)
{
    return pn_block_on(run());
}
