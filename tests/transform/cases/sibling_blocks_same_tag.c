/*
 * Two sibling blocks each declare a different `struct item` (and a
 * different typedef named `cell`); variables of both live across awaits.
 * If hoisted types were merged or collided, sizes and fields would differ.
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
    int out = 0;
    {
        struct item {
            char tag;
            int value;
        };
        typedef short cell;
        struct item it = { 'a', 1 };
        cell c = 2;
        it.value += await(id(10));
        c = (cell)(c + await(id(20)));
        printf("first: tag=%c value=%d cell=%d sizeof(cell)=%zu\n", it.tag, it.value, c,
               sizeof(cell));
        out += it.value + c;
    }
    {
        struct item {
            double weight;
            long count[3];
        };
        typedef long long cell;
        struct item it = { 2.5, { 1, 2, 3 } };
        cell c = 1LL << 40;
        it.count[2] += await(id(30));
        c += await(id(1));
        printf("second: weight=%.1f count=%ld,%ld,%ld cell=%lld sizeof(cell)=%zu\n", it.weight,
               it.count[0], it.count[1], it.count[2], c, sizeof(cell));
        out += (int)it.count[2] + (int)(c & 0xff);
    }
    return out;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r;
}
