/*
 * Block-scope declarations that are not frame variables: an `extern`
 * declaration of a global, a block-scope function prototype, a
 * `static _Thread_local` local; and `register` and `auto` locals that do
 * live across awaits.
 */
#include <pinion.h>
#include <stdio.h>

int global_counter = 5;

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static int twice(int v)
{
    return v * 2;
}

static async int run(void)
{
    extern int global_counter;
    int twice(int);
    static _Thread_local int per_thread = 40;
    register int r = 3;
    auto int a = 4;
    per_thread += await(id(2));
    r += await(id(10));
    global_counter += await(id(r));
    a = twice(await(id(a)));
    printf("r=%d a=%d global=%d per_thread=%d\n", r, a, global_counter, per_thread);
    return r + a + global_counter + per_thread;
}

int main(void)
{
    return pn_block_on(run());
}
