/*
 * Async functions named as values in the arguments of pn_block_on and
 * pn_spawn in ordinary (synchronous) code: pn_block_on(apply(twice, 5)),
 * a call through a pointer whose argument is another async function,
 * pn_block_on nested in an argument, a pn_spawn in a function that
 * async code calls, and a file-scope initialiser.  The
 * call is rewritten into a helper and its arguments are copied: a wrong
 * copy would leave `twice` naming the async function itself (which no
 * longer exists after the transformation) instead of twice__ptr.
 */
#include <pinion.h>
#include <stdio.h>

typedef async int (*op_fn)(int x);
typedef async int (*apply_fn)(op_fn op, int x);

static async int twice(int x)
{
    await(pn_yield());
    return 2 * x;
}

static async int plus_one(int x)
{
    await(pn_yield());
    return x + 1;
}

static async int apply(op_fn op, int x)
{
    int r = await(op(x));
    await(pn_yield());
    return await(op(r));
}

static int total;

static async void add(op_fn op, int x)
{
    total += await(op(x));
}

static const apply_fn applier = apply;

static int sync_caller(int x)
{
    return pn_block_on(apply(plus_one, x));
}

/* Ordinary code that spawns, called from async code. */
static pn_task *start_add(int x)
{
    return pn_spawn(add(plus_one, x));
}

static async void spawner(void)
{
    await(pn_join(start_add(100)));
    await(pn_yield());
    printf("after the spawn: %d\n", total);
}

int main(void)
{
    printf("apply twice 5: %d\n", pn_block_on(apply(twice, 5)));
    printf("apply &plus_one 5: %d\n", pn_block_on(apply(&plus_one, 5)));
    printf("through a pointer: %d\n", pn_block_on(applier(twice, 3)));
    printf("nested: %d\n", pn_block_on(apply(twice, pn_block_on(apply(plus_one, 1)))));
    printf("from a function: %d\n", sync_caller(10));
    pn_block_on(add(twice, 7));
    printf("total %d\n", total);
    pn_block_on(spawner());
    return 0;
}
