/*
 * timers_async.c — the timers_memory benchmark as a Pinion user writes it
 * (timers_main.h says what is measured; timers_lowered.c is this file
 * lowered by hand).  The sleeper's frame size comes from
 * `pinion --print-frame-layout`, so bench_timers_frames reports nothing.
 */
#include <pinion.h>

#include <stddef.h>
#include <stdint.h>

#include "timers_main.h"

static async void sleeper(uint64_t ms)
{
    await(pn_sleep_ms(ms));
}

static async int timers_root(struct timers_probe *probe, pn_task **tasks, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        tasks[i] = pn_spawn(sleeper(TIMERS_SLEEP_MS));
        if (tasks[i] == NULL)
            return -1;
    }
    /* Every sleeper runs before this task does again: all n are now
     * suspended on their timers. */
    await(pn_yield());
    timers_probe_suspended(probe);
    for (size_t i = 0; i < n; i++)
        pn_cancel(tasks[i]);
    timers_probe_cancelled(probe);
    return 0;
}

int bench_timers(struct timers_probe *probe, pn_task **tasks, size_t n)
{
    return pn_block_on(timers_root(probe, tasks, n));
}

void bench_timers_frames(void)
{
}
