/* Straight-line awaits, a result, and pn_block_on from main. */
#include <pinion.h>
#include <stdio.h>

static async int add_slowly(int a, int b)
{
    await(pn_yield());
    int sum = a + b;
    await(pn_sleep_ms(1));
    return sum;
}

int main(void)
{
    printf("%d\n", pn_block_on(add_slowly(2, 3)));
    return 0;
}
