/*
 * `const` and `volatile` locals (scalars, arrays, a const pointer and a
 * pointer to const) that live across awaits keep their values; const
 * locals are initialised exactly once, from a value computed by an await.
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
    const int limit = await(id(4));
    const int table[3] = { 11, 22, 33 };
    volatile int counter = 0;
    volatile long vtotal = 5;
    int target = 0;
    int *const fixed = &target;
    const int *view = &table[1];

    for (int i = 0; i < limit; i++) {
        counter = counter + await(id(i));
        vtotal += counter;
        *fixed += table[i % 3];
    }
    await(pn_yield());
    view++;
    printf("limit=%d counter=%d vtotal=%ld target=%d view=%d\n", limit, counter, vtotal,
           target, *view);
    const char *const name = "const";
    await(pn_yield());
    printf("name=%s table=%d,%d,%d\n", name, table[0], table[1], table[2]);
    return counter + (int)vtotal + target;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r;
}
