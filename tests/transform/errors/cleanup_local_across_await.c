// expect: 37:9: error: cleanup attribute on 'later' whose scope contains an await is not supported yet
// expect: 41:13: error: cleanup attribute on 'nested' whose scope contains an await is not supported yet
// expect: 47:13: error: cleanup attribute on 'per_iteration' whose scope contains an await is not supported yet
// expect: 52:13: error: cleanup attribute on 'around' whose scope contains an await is not supported yet
// expect: 58:13: error: cleanup attribute on 'initialised' whose scope contains an await is not supported yet
// expect: 62:14: error: cleanup attribute on 'header' whose scope contains an await is not supported yet
// expect: 66:13: error: cleanup attribute on 'by_macro' whose scope contains an await is not supported yet
/*
 * A local with a cleanup function must see it run once, when its scope
 * ends.  When an await lies in that scope after the declaration, the
 * transformed body suspends inside it: the poll function returns there
 * (running the cleanup at every suspension, while the local's value is
 * still needed) and resumes by jumping past the declaration.  Not
 * supported yet, so refused at the variable: an await later in the block,
 * in a nested loop, after the declaration in a loop body, inside a
 * statement expression in the scope, in the initialiser, in a for
 * statement whose header declares the local, through a macro.
 */
#include <pinion.h>
#include <stdio.h>

static void done(int *p)
{
    printf("done %d\n", *p);
}

#define SCOPED __attribute__((cleanup(done)))

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
        int nested __attribute__((cleanup(done))) = 2;
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

    for (int header __attribute__((cleanup(done))) = 0; header < n; header++)
        await(pn_yield());

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
