/*
 * A loop that suspends a hundred thousand times: resumption must not grow
 * the stack or leak, and the running totals stay exact.
 */
#include <pinion.h>
#include <stdio.h>

static async unsigned step(unsigned x)
{
    await(pn_yield());
    return x * 1103515245u + 12345u;
}

static async unsigned run(void)
{
    unsigned x = 1;
    unsigned long long sum = 0;
    for (int i = 0; i < 100000; i++) {
        x = await(step(x));
        sum += x >> 16;
    }
    printf("x=%u sum=%llu\n", x, sum);
    return x;
}

int main(void)
{
    return (int)(pn_block_on(run()) % 128);
}
