/* main.c — awaits through the table of table.c (functions of defs.c and
 * of the library), through the library's own table, hands its functions
 * to the library's lib_apply(), spawns and blocks on a pointer, and
 * hands static functions (one of a struct result, one void) to the
 * library, and compares pointers to one function taken in different files. */
#include "app.h"

#include <stdio.h>

/* Static: its pointer is still the one thunk, handed to the library. */
static async int halve(int x)
{
    await(pn_yield());
    return x / 2;
}

static async struct ptr_pair split(int x)
{
    struct ptr_pair p = { x / 10, x % 10 };
    await(pn_yield());
    return p;
}

static async void say(const char *what, int v)
{
    await(pn_yield());
    printf("note %s %d\n", what, v);
}

static async int run(void)
{
    int total = 0;
    for (int i = 0; i < app_op_count; i++) {
        int r = await(app_ops[i].op(i + 3));
        printf("%s(%d) = %d\n", app_ops[i].name, i + 3, r);
        total += r;
    }
    for (int i = 0; i < lib_op_count; i++)
        printf("lib %s(7) = %d\n", lib_ops[i].name, await(lib_ops[i].op(7)));
    printf("apply square 3x: %d\n", await(lib_apply(app_square, 2, 3)));
    printf("apply add_ten 2x: %d\n", await(lib_apply(app_find("add_ten"), 1, 2)));
    printf("apply lib double 4x: %d\n", await(lib_apply(lib_ops[0].op, 1, 4)));
    printf("apply halve 3x: %d\n", await(lib_apply(halve, 100, 3)));
    printf("pair sum: %d\n", await(lib_pair_sum(split, say, 47)));
    /* Erased, the spawn is the call and the join has nothing to wait for. */
    ptr_note n = say;
    await(pn_join(pn_spawn(n("spawned", total))));
    return total;
}

int main(void)
{
    ptr_op sq = app_square;
    printf("square here == square in table.c: %d\n", sq == app_find("square"));
    printf("double here == double in lib table.c: %d\n", lib_double == lib_ops[0].op);
    printf("double in apply.c == double here: %d\n", lib_double_from_apply() == lib_double);
    printf("square != add_ten: %d\n", app_find("square") != app_find("add_ten"));
    printf("blocked on square: %d\n", pn_block_on(sq(9)));
    printf("blocked on lib_apply(app_square): %d\n", pn_block_on(lib_apply(app_square, 3, 2)));
    printf("total %d\n", pn_block_on(run()));
    return 0;
}
