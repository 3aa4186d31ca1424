/*
 * Local arrays with initialisers (complete, partial with zero fill,
 * multi-dimensional, size taken from the initialiser) keep every element
 * across awaits, and element writes made before a suspension are still
 * there after it.
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
    int full[5] = { 1, 2, 3, 4, 5 };
    int partial[6] = { 9, 8 };
    int grid[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
    long implicit[] = { 10, 20, 30, 40 };
    int sum = 0;

    for (int i = 0; i < 5; i++)
        full[i] *= await(id(i + 1));
    for (int i = 0; i < 6; i++) {
        partial[i] += await(id(i));
        printf("partial[%d]=%d\n", i, partial[i]);
    }
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 3; c++) {
            grid[r][c] = await(id(grid[r][c] * 100)) + grid[1 - r][2 - c];
            printf("grid[%d][%d]=%d\n", r, c, grid[r][c]);
        }
    await(pn_yield());
    for (int i = 0; i < 5; i++) {
        printf("full[%d]=%d\n", i, full[i]);
        sum += full[i];
    }
    printf("implicit has %zu elements, last %ld\n", sizeof implicit / sizeof implicit[0],
           implicit[await(id(3))]);
    return sum;
}

int main(void)
{
    int s = pn_block_on(run());
    printf("sum %d\n", s);
    return s;
}
