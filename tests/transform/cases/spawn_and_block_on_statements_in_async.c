/*
 * pn_spawn as a whole expression statement inside an async function (its
 * handle discarded: the task runs detached), next to a spawn inside a
 * declaration, and pn_block_on as a statement in a synchronous function:
 * every one is rewritten to its helper.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

static async int note(int v)
{
    calls += v;
    return v;
}

static int sync_part(void)
{
    pn_block_on(note(1));
    return pn_block_on(note(2));
}

static async int run(int x)
{
    pn_spawn(note(3));
    pn_task *t = pn_spawn(note(4));
    int y = await(pn_join(t));
    for (int i = 0; i < 10 && calls < 10; i++)
        await(pn_yield());
    return x + y;
}

int main(void)
{
    int r = pn_block_on(run(sync_part()));
    printf("run %d, calls %d\n", r, calls);
    return 0;
}
