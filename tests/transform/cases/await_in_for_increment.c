/*
 * An await in the increment of a `for` runs once per iteration, after the
 * body and before the condition, and the value it produces drives the
 * loop: a lowering that evaluates the increment once, or at the wrong
 * point, prints a different sequence.
 */
#include <pinion.h>
#include <stdio.h>

static async int step_after(int i, int *calls)
{
    await(pn_yield());
    ++*calls;
    printf("  increment from %d\n", i);
    return i + (i % 3) + 1;
}

static async int run(void)
{
    int calls = 0;
    int sum = 0;
    int i;
    for (i = 0; i < 20; i = await(step_after(i, &calls))) {
        printf("body i=%d\n", i);
        sum += i;
        await(pn_yield());
    }
    printf("after loop i=%d calls=%d sum=%d\n", i, calls, sum);

    /* Increment that is a comma expression around the await. */
    int j, k = 0;
    for (j = 0; j < 4; k += 10, j = await(step_after(j, &calls)))
        printf("j=%d k=%d\n", j, k);
    printf("j=%d k=%d calls=%d\n", j, k, calls);
    return sum + calls;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("result %d\n", r);
    return r % 100;
}
