/*
 * Awaits inside the initialiser of a compound literal (a struct, an
 * array, a nested one), used as a value, as an argument and through a
 * pointer kept across later awaits.
 */
#include <pinion.h>
#include <stdio.h>

struct pair {
    int a, b;
};

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static int sum_pair(struct pair p)
{
    return p.a + p.b;
}

static async int run(void)
{
    struct pair p = (struct pair){ .a = await(id(1)), .b = 2 };
    int s = sum_pair((struct pair){ await(id(10)), await(id(20)) });
    int *arr = (int[]){ await(id(4)), 5, await(id(6)) };
    await(pn_yield());
    arr[1] += await(id(100));
    struct pair *pp = &(struct pair){ await(id(7)), await(id(8)) };
    pp->a += await(id(1000));
    printf("p=%d,%d s=%d arr=%d,%d,%d pp=%d,%d\n", p.a, p.b, s, arr[0], arr[1], arr[2], pp->a,
           pp->b);
    return p.a + s + arr[1] + pp->b;
}

int main(void)
{
    return pn_block_on(run()) & 0x7f;
}
