/*
 * Block-scope declarations that are not frame variables: an `extern`
 * declaration of a global, a block-scope function prototype, and
 * `register` and `auto` locals that do live across awaits.
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
    register int r = 3;
    auto int a = 4;
    r += await(id(10));
    global_counter += await(id(r));
    a = twice(await(id(a)));
    printf("r=%d a=%d global=%d\n", r, a, global_counter);
    return r + a + global_counter;
}

int main(void)
{
    return pn_block_on(run());
}
