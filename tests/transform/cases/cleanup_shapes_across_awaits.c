/*
 * A local with a cleanup function sees it run once, when its scope ends,
 * also when an await lies in that scope after the declaration, where the
 * transformed body suspends inside it: a wrong lowering runs the cleanup
 * at every suspension (the poll function returns there, while the local's
 * value is still needed) or never (the resume jumps past the
 * declaration).  Shapes: an await later in the block, in a nested loop,
 * after the declaration in a loop body, inside a statement expression in
 * the scope, in the initialiser, through a macro.
 */
#include <pinion.h>
#include <stdio.h>

static void done(int *p)
{
    printf("done %d\n", *p);
}

#define SCOPED __attribute__((cleanup(done), unused))

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int shapes(int n)
{
    int later __attribute__((cleanup(done))) = 1;
    await(pn_yield());

    {
        int nested __attribute__((cleanup(done), unused)) = 2;
        for (int i = 0; i < n; i++)
            await(pn_yield());
    }

    for (int i = 0; i < n; i++) {
        int per_iteration __attribute__((cleanup(done))) = i;
        printf("%d\n", await(id(per_iteration)));
    }

    {
        int around __attribute__((cleanup(done))) = 3;
        int v = ({ int t = await(id(around)); t + 1; });
        printf("%d\n", v);
    }

    {
        int initialised __attribute__((cleanup(done))) = await(id(4));
        printf("%d\n", initialised);
    }

    {
        int by_macro SCOPED = 5;
        await(pn_yield());
    }
    return later;
}

int main(void)
{
    return pn_block_on(shapes(2));
}
