/*
 * Awaiting a void async function as an expression statement, as the
 * operand of a cast to void, and as the left operand of a comma.
 */
#include <pinion.h>
#include <stdio.h>

static int events[8];
static int nevents;

static async void record(int v)
{
    await(pn_yield());
    events[nevents++] = v;
}

static async int run(void)
{
    await(record(1));
    (void)await(record(2));
    int x = (await(record(3)), nevents * 10);
    if (x > 0)
        await(record(4));
    else
        await(record(-4));
    for (int i = 0; i < 2; i++)
        await(record(10 + i));
    printf("x=%d nevents=%d:", x, nevents);
    for (int i = 0; i < nevents; i++)
        printf(" %d", events[i]);
    printf("\n");
    return nevents + x;
}

int main(void)
{
    return pn_block_on(run());
}
