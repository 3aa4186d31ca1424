/*
 * spawn_main.h — the driver of the spawn benchmark.
 *
 * How many tasks per second can one core spawn, run to completion and
 * join?  Two shapes, both defined by the variant (spawn_async.c,
 * transformed by pinion, or spawn_lowered.c, lowered by hand):
 *
 *     uint64_t bench_spawn_flat(uint64_t n);
 *         one task spawns n tasks that each return their index, in
 *         batches of SPAWN_BATCH, joining each batch with
 *         pn_join_result before spawning the next; returns the sum.
 *     uint64_t bench_skynet(uint64_t leaves);
 *         the skynet benchmark: a task of size s > 1 spawns ten tasks of
 *         size s/10 and joins them; a task of size 1 returns its number.
 *         leaves is a power of ten; returns the sum 0 + 1 + ... + leaves-1.
 *
 * Both count every task (the root excepted) spawned, polled to completion
 * and joined; skynet adds the cost of tasks that spawn tasks.  Each skynet
 * parent spawns all ten children before it waits for one, so how many
 * tasks are alive at once depends on the executor's ready order (FIFO:
 * the whole tree; Pinion's: the current path and its waiting siblings).
 * The wall time includes whatever memory that takes to fault in; the
 * user CPU time per task, reported beside it, is the runtime's own share.
 *
 * Usage: PROG flat N | PROG skynet LEAVES
 */
#ifndef PINION_BENCH_SPAWN_MAIN_H
#define PINION_BENCH_SPAWN_MAIN_H

#include <pinion.h>

#include <sys/resource.h>
#include <sys/time.h>

#include "bench_util.h"

#ifndef BENCH_VARIANT
#error "compile with -DBENCH_VARIANT=\"label\""
#endif

#define SPAWN_BATCH 1024u

uint64_t bench_spawn_flat(uint64_t n);
uint64_t bench_skynet(uint64_t leaves);

/* User CPU time of this process so far, in nanoseconds. */
static uint64_t spawn_user_ns(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        bench_fail("getrusage");
    return (uint64_t)ru.ru_utime.tv_sec * 1000000000u + (uint64_t)ru.ru_utime.tv_usec * 1000u;
}

static void spawn_report(const char *name, uint64_t tasks, uint64_t ns, uint64_t user_ns)
{
    bench_report2(name, BENCH_VARIANT, "ns_per_task", (double)ns / (double)tasks);
    bench_report2(name, BENCH_VARIANT, "mtasks_per_sec", (double)tasks * 1e3 / (double)ns);
    bench_report2(name, BENCH_VARIANT, "user_ns_per_task", (double)user_ns / (double)tasks);
}

int main(int argc, char **argv)
{
    /* PINION_BENCH_WORKERS=N runs the tasks on a pool of N workers
     * (pn_set_workers); unset, on this thread alone. */
    const char *workers = getenv("PINION_BENCH_WORKERS");
    if (workers != NULL && pn_set_workers((unsigned)atoi(workers)) != 0)
        bench_fail("pn_set_workers refused PINION_BENCH_WORKERS");
    if (argc == 3 && strcmp(argv[1], "flat") == 0) {
        uint64_t n = bench_arg_count(argc, argv, 2);
        uint64_t u0 = spawn_user_ns(), t0 = bench_now_ns();
        uint64_t sum = bench_spawn_flat(n);
        uint64_t t1 = bench_now_ns(), u1 = spawn_user_ns();
        if (sum != n * (n - 1) / 2)
            bench_fail("bench_spawn_flat returned a wrong sum");
        spawn_report("spawn_flat", n, t1 - t0, u1 - u0);
        pn_shutdown();
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "skynet") == 0) {
        uint64_t leaves = bench_arg_count(argc, argv, 2);
        uint64_t tasks = 0;
        for (uint64_t level = 1; level <= leaves; level *= 10) {
            if (leaves % level != 0)
                bench_fail("skynet needs a power of ten");
            tasks += leaves / level;
        }
        tasks -= 1; /* the root is not spawned */
        uint64_t u0 = spawn_user_ns(), t0 = bench_now_ns();
        uint64_t sum = bench_skynet(leaves);
        uint64_t t1 = bench_now_ns(), u1 = spawn_user_ns();
        if (sum != leaves * (leaves - 1) / 2)
            bench_fail("bench_skynet returned a wrong sum");
        spawn_report("spawn_skynet", tasks, t1 - t0, u1 - u0);
        pn_shutdown();
        return 0;
    }
    fprintf(stderr, "usage: %s flat N | %s skynet LEAVES\n", argv[0], argv[0]);
    return 2;
}

#endif
