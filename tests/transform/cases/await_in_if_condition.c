/*
 * Awaits in `if` conditions, in `else if` chains (a later condition is
 * evaluated only when the earlier ones are false) and in nested ifs.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

static async int is(int v, int want)
{
    calls++;
    await(pn_yield());
    return v == want;
}

static async int run(void)
{
    int trace = 0;
    for (int v = 0; v < 4; v++) {
        if (await(is(v, 0)))
            trace = trace * 10 + 1;
        else if (await(is(v, 1)))
            trace = trace * 10 + 2;
        else if (v == 2 && await(is(v, 2)))
            trace = trace * 10 + 3;
        else
            trace = trace * 10 + 4;
        printf("v=%d trace=%d calls=%d\n", v, trace, calls);
    }
    if (await(is(1, 1))) {
        if (!await(is(1, 2)))
            trace += 5;
    }
    printf("trace=%d calls=%d\n", trace, calls);
    return trace % 100 + calls;
}

int main(void)
{
    return pn_block_on(run());
}
