/*
 * Awaits nested inside the arguments of awaited calls, several levels
 * deep: inner calls complete first and their results become the outer
 * call's arguments.  Where one call has several awaited arguments their
 * order is unspecified in C, so only their values are observed there.
 */
#include <pinion.h>
#include <stdio.h>

static int order[16];
static int norder;
static int calls;

static async int f(int a, int b)
{
    calls++;
    await(pn_yield());
    return a * 3 + b;
}

static async int g(int a)
{
    await(pn_yield());
    order[norder++] = a;
    return a * 2;
}

static async int run(void)
{
    int x = await(g(await(g(await(g(1))))));
    int y = await(g(await(f(await(g(5)), 7)) + 1));
    int z = await(f(await(f(await(f(1, 1)), await(f(2, 2)))), await(f(3, await(f(4, 4))))));
    printf("x=%d y=%d z=%d calls=%d order:", x, y, z, calls);
    for (int i = 0; i < norder; i++)
        printf(" %d", order[i]);
    printf("\n");
    return x + y + z % 50;
}

int main(void)
{
    return pn_block_on(run());
}
