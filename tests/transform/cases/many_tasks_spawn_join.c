/*
 * Many tasks spawned from one async function, each computing into its own
 * slot with suspensions along the way, all joined in spawn order.  Their
 * interleaving is the runtime's business; what each task computes and
 * what the parent prints after joining is fixed by the synchronous
 * reading.
 */
#include <pinion.h>
#include <stdio.h>

#define NTASKS 100

static long slots[NTASKS];

static async void worker(int id, int rounds)
{
    long acc = id;
    for (int r = 0; r < rounds; r++) {
        await(pn_yield());
        acc = acc * 31 + r;
    }
    slots[id] = acc % 1000003;
}

static async int run(void)
{
    pn_task *tasks[NTASKS];
    for (int i = 0; i < NTASKS; i++)
        tasks[i] = pn_spawn(worker(i, 1 + i % 7));
    int join_errors = 0;
    for (int i = 0; i < NTASKS; i++)
        if (await(pn_join(tasks[i])) != 0)
            join_errors++;
    long sum = 0;
    for (int i = 0; i < NTASKS; i++)
        sum += slots[i];
    printf("join_errors=%d sum=%ld slot7=%ld slot99=%ld\n", join_errors, sum, slots[7],
           slots[99]);
    return join_errors;
}

int main(void)
{
    return pn_block_on(run());
}
