/*
 * Awaits in the init clause of a `for`, both as a declaration and as an
 * expression, run exactly once before the first condition test.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

static async int start_at(int v)
{
    calls++;
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int sum = 0;
    for (int i = await(start_at(3)), j = await(start_at(10)); i < j; i += 2)
        sum += i;
    printf("sum=%d calls=%d\n", sum, calls);

    int k;
    for (k = await(start_at(5)); k > 0; k--)
        sum += k;
    printf("sum=%d k=%d calls=%d\n", sum, k, calls);

    /* Init that never enters the loop still runs. */
    for (int z = await(start_at(0)); z; z--)
        sum += 1000;
    printf("sum=%d calls=%d\n", sum, calls);
    return sum + calls;
}

int main(void)
{
    return pn_block_on(run());
}
