/*
 * main.c — an async sum whose body and included header the incremental
 * tests edit; each edit must change what the program prints after one
 * rebuild.
 */
#include <pinion.h>
#include <stdio.h>

#include "parts.h"
#include "step.h"

static async int total(int n)
{
    int sum = 0;
    for (int i = 1; i <= n; i++) {
        await(pn_yield());
        sum += i * STEP; /* EDIT */
    }
    return sum;
}

int main(void)
{
    int sum = pn_block_on(total(4));
    printf("%s: total %d, ticks %d\n", greeting(), sum, run_ticks(3));
    pn_shutdown();
    return 0;
}
