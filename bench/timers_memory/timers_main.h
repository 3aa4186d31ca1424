/*
 * timers_main.h — the driver of the timers_memory benchmark.
 *
 * How much memory does a task that waits on a timer cost?  The variant
 * (timers_async.c, transformed by pinion, or timers_lowered.c, lowered by
 * hand) defines
 *
 *     int bench_timers(struct timers_probe *probe, pn_task **tasks, size_t n);
void bench_timers_frames(void);
 *
 * which spawns n tasks that each await pn_sleep_ms(TIMERS_SLEEP_MS), lets
 * every one of them run until it is suspended on its timer, calls
 * timers_probe_suspended(probe), cancels them all and calls
 * timers_probe_cancelled(probe).  It returns 0, or -1 if a spawn failed.
 * It also defines bench_timers_frames(), which reports the size of the
 * sleeper's frame where the variant knows it (as frame/sleeper bytes).
 *
 * The handle array is the caller's memory, allocated and touched before
 * the baseline is taken, so the result is what the runtime spends: the
 * peak resident set size after all n tasks are suspended minus the one
 * before the first spawn, divided by n.  The sleep is long enough that no
 * timer can fire during the run, so all n are suspended at once.
 *
 * Usage: PROG N
 */
#ifndef PINION_BENCH_TIMERS_MAIN_H
#define PINION_BENCH_TIMERS_MAIN_H

#include <pinion.h>

#include <stddef.h>

#include "bench_util.h"

#ifndef BENCH_VARIANT
#error "compile with -DBENCH_VARIANT=\"label\""
#endif

#define TIMERS_SLEEP_MS 3600000u

struct timers_probe {
    uint64_t t_start, t_suspended, t_cancelled;
    long rss_before_kib, rss_suspended_kib;
};

int bench_timers(struct timers_probe *probe, pn_task **tasks, size_t n);
void bench_timers_frames(void);

static void timers_probe_suspended(struct timers_probe *probe)
{
    probe->t_suspended = bench_now_ns();
    probe->rss_suspended_kib = bench_peak_rss_kib();
}

static void timers_probe_cancelled(struct timers_probe *probe)
{
    probe->t_cancelled = bench_now_ns();
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s N\n", argv[0]);
        return 2;
    }
    size_t n = (size_t)bench_arg_count(argc, argv, 1);
    pn_task **tasks = (pn_task **)calloc(n, sizeof *tasks);
    if (tasks == NULL)
        bench_fail("out of memory for the handle array");
    memset(tasks, 0xff, n * sizeof *tasks); /* make every page resident now */

    struct timers_probe probe = {0};
    probe.rss_before_kib = bench_peak_rss_kib();
    probe.t_start = bench_now_ns();
    if (bench_timers(&probe, tasks, n) != 0)
        bench_fail("a spawn failed");
    if (probe.t_suspended == 0 || probe.t_cancelled == 0 || probe.rss_suspended_kib < 0 ||
        probe.rss_before_kib < 0)
        bench_fail("the probe was not called");
    pn_shutdown();
    free(tasks);

    double bytes = (double)(probe.rss_suspended_kib - probe.rss_before_kib) * 1024.0;
    bench_report2("timers_memory", BENCH_VARIANT, "bytes_per_task", bytes / (double)n);
    bench_report2("timers_memory", BENCH_VARIANT, "ns_per_task_suspend",
                  (double)(probe.t_suspended - probe.t_start) / (double)n);
    bench_report2("timers_memory", BENCH_VARIANT, "ns_per_task_cancel",
                  (double)(probe.t_cancelled - probe.t_suspended) / (double)n);
    bench_timers_frames();
    return 0;
}

#endif
