/*
 * C11 `_Atomic` locals (an integer and a pointer) living across awaits,
 * initialised, updated with atomic operations and read after resuming.
 */
#include <pinion.h>
#include <stdatomic.h>
#include <stdio.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(void)
{
    _Atomic int counter = 5;
    static int cells[3] = { 10, 20, 30 };
    _Atomic(int *) cursor = &cells[0];
    for (int i = 0; i < 4; i++) {
        atomic_fetch_add(&counter, await(id(i)));
        counter += 1;
    }
    atomic_store(&cursor, &cells[await(id(2))]);
    int seen = atomic_load(&counter);
    int *p = atomic_load(&cursor);
    printf("counter=%d cell=%d\n", seen, *p);
    return seen + *p;
}

int main(void)
{
    return pn_block_on(run()) & 0x7f;
}
