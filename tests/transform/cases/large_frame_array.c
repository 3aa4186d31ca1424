/*
 * A frame holding a large local array (64 KiB) across awaits, reached
 * through two levels of await; the root frame lives on main's stack under
 * pn_block_on.  Every element written before a suspension is checked
 * after it.
 */
#include <pinion.h>
#include <stdio.h>

#define N 16384

static async unsigned mix(unsigned v)
{
    await(pn_yield());
    return v * 2654435761u;
}

static async unsigned fill_and_sum(unsigned seed)
{
    unsigned big[N];
    for (int i = 0; i < N; i++)
        big[i] = seed + (unsigned)i;
    for (int i = 0; i < N; i += 1024)
        big[i] = await(mix(big[i]));
    unsigned sum = 0;
    for (int i = 0; i < N; i++)
        sum = sum * 31 + big[i];
    return sum;
}

static async unsigned run(void)
{
    unsigned a = await(fill_and_sum(1));
    unsigned b = await(fill_and_sum(2));
    printf("a=%u b=%u\n", a, b);
    return a ^ b;
}

int main(void)
{
    return (int)(pn_block_on(run()) % 128);
}
