/*
 * pn_block_on from ordinary synchronous functions other than main,
 * called repeatedly and in sequence, and used inside larger expressions:
 * each call runs the runtime until its future completes.
 */
#include <pinion.h>
#include <stdio.h>

static async int slow_square(int v)
{
    await(pn_yield());
    await(pn_sleep_ms(1));
    return v * v;
}

static async void shout(const char *s)
{
    await(pn_yield());
    printf("shout: %s\n", s);
}

static int sync_sum_of_squares(int n)
{
    int total = 0;
    for (int i = 1; i <= n; i++)
        total += pn_block_on(slow_square(i));
    return total;
}

static int sync_pair(void)
{
    return pn_block_on(slow_square(3)) * 100 + pn_block_on(slow_square(2));
}

int main(void)
{
    pn_block_on(shout("first"));
    int a = sync_sum_of_squares(4);
    int b = sync_pair();
    pn_block_on(shout("last"));
    printf("a=%d b=%d\n", a, b);
    return (a + b) % 128;
}
