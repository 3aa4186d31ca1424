/*
 * Pointers to locals and parameters (scalars, struct members, array
 * elements, a pointer to a pointer) taken before an await are
 * dereferenced and written through after it; they must still point at
 * the same variables.
 */
#include <pinion.h>
#include <stdio.h>

struct node {
    int value;
    struct node *next;
};

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(int param)
{
    int local = 10;
    int *pl = &local;
    int *pp = &param;
    int arr[4] = { 1, 2, 3, 4 };
    int *pa = &arr[2];
    int **ppl = &pl;
    struct node b = { 2, NULL };
    struct node a = { 1, &b };
    struct node *walk = &a;

    await(pn_yield());
    *pl += await(id(5));
    *pp *= 2;
    pa[1] = await(id(40));
    **ppl += 100;
    walk = walk->next;
    walk->value = await(id(walk->value * 21));
    await(pn_yield());
    printf("local=%d param=%d arr=%d,%d,%d,%d a=%d b=%d walk-is-b=%d\n", local, param, arr[0],
           arr[1], arr[2], arr[3], a.value, b.value, walk == &b);
    return local + param + arr[3] + b.value;
}

int main(void)
{
    return pn_block_on(run(7)) & 0x7f;
}
