/*
 * Awaits as array subscripts and pointer offsets, on both sides of an
 * assignment, and as the operand of ++/-- and unary operators.
 */
#include <pinion.h>
#include <stdio.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int a[5] = { 10, 20, 30, 40, 50 };
    int *p = a;
    a[await(id(1))] = a[await(id(3))] + 1;
    a[await(id(0))]++;
    --a[await(id(4))];
    int v = *(p + await(id(2)));
    int neg = -await(id(9));
    int inv = ~await(id(0));
    int not = !await(id(5));
    int addr_diff = (int)(&a[await(id(4))] - &a[0]);
    printf("a=%d,%d,%d,%d,%d v=%d neg=%d inv=%d not=%d diff=%d\n", a[0], a[1], a[2], a[3], a[4],
           v, neg, inv, not, addr_diff);
    int grid[3][3] = { { 0 } };
    for (int i = 0; i < 3; i++)
        grid[await(id(i))][await(id(2 - i))] = i + 1;
    printf("grid diag=%d,%d,%d\n", grid[0][2], grid[1][1], grid[2][0]);
    return a[1] + a[0] + v + neg + inv + not + addr_diff;
}

int main(void)
{
    return pn_block_on(run()) & 0x7f;
}
