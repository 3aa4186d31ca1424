/*
 * pn_spawn_local from an async function and from an ordinary one, with
 * and without a pool of workers: the local helper the transformer emits
 * wraps the spawn helper, and a local task computes what a spawned one
 * does.  Erased, pn_spawn_local is pn_spawn: the call runs on the spot.
 */
#include <pinion.h>
#include <stdio.h>

static long results[8];

static async void square(int i)
{
    await(pn_yield());
    results[i] = (long)i * i;
}

/* An ordinary function: its pn_spawn_local is rewritten in place. */
static pn_task *start_local(int i)
{
    return pn_spawn_local(square(i));
}

static async int run(void)
{
    pn_task *t[8];
    for (int i = 0; i < 4; i++)
        t[i] = pn_spawn_local(square(i));
    for (int i = 4; i < 8; i++)
        t[i] = start_local(i);
    int errors = 0;
    for (int i = 0; i < 8; i++)
        if (await(pn_join(t[i])) != 0)
            errors++;
    long sum = 0;
    for (int i = 0; i < 8; i++)
        sum += results[i];
    printf("errors=%d sum=%ld\n", errors, sum);
    return errors;
}

int main(void)
{
    int rc = pn_block_on(run());
#ifndef PINION_ERASE
    if (pn_set_workers(2) != 0)
        return 1;
#endif
    rc += pn_block_on(run());
#ifndef PINION_ERASE
    pn_shutdown();
#endif
    return rc;
}
