/*
 * An await in a `while` condition is evaluated before every iteration,
 * including the one that ends the loop; `continue` re-evaluates it.
 */
#include <pinion.h>
#include <stdio.h>

static int polls;

static async int remaining(int *budget)
{
    polls++;
    await(pn_yield());
    return (*budget)--;
}

static async int run(void)
{
    int budget = 5;
    int iterations = 0;
    while (await(remaining(&budget)) > 0) {
        iterations++;
        if (budget == 2) {
            printf("continue at budget %d\n", budget);
            continue;
        }
        printf("iteration %d budget %d\n", iterations, budget);
    }
    printf("iterations=%d polls=%d budget=%d\n", iterations, polls, budget);

    /* A condition combining a local and two awaits. */
    int a = 3, b = 3;
    while (a > 0 && await(remaining(&a)) + await(remaining(&b)) > 2)
        printf("a=%d b=%d\n", a, b);
    printf("after: a=%d b=%d polls=%d\n", a, b, polls);
    return iterations * 10 + polls;
}

int main(void)
{
    return pn_block_on(run());
}
