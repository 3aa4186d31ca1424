#include <stdio.h>

#include "work.h"

static async int run(int n)
{
    int sum = 0;
    for (int i = 1; i <= n; i++)
        sum += await(work_twice(i));
    return sum;
}

int main(void)
{
    int sum = pn_block_on(run(10));
    printf("meson: sum %d\n", sum);
    return sum == 110 ? 0 : 1;
}
