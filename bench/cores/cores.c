/*
 * cores.c — what a second worker buys: three workloads on Pinion's pool
 * of workers (pn_set_workers), each with a tokio peer (tokio/src/main.rs)
 * and a Go peer (go/cores_go.go) of the same shape; bench/cores/run.sh
 * runs them side by side.
 *
 *     cores coarse TASKS ITERS   TASKS tasks of pure computation (ITERS
 *                                steps of grind(), below: about 10 ms
 *                                for ITERS = 4,000,000), spawned at
 *                                once and joined; wall ms
 *     cores channel N CAP        a producer task sends N 64-bit integers
 *                                through a channel of capacity CAP to a
 *                                consumer task, which sums them;
 *                                messages per second, from the first
 *                                message received to the last
 *     cores mutex TASKS K        TASKS tasks each lock one pn_mutex,
 *                                increment a counter and unlock, K
 *                                times, yielding after every 16th pair;
 *                                lock+unlock pairs per second.  Two
 *                                spawner tasks start half of them each,
 *                                after a barrier (mutex_case)
 *
 * PINION_BENCH_WORKERS=N runs on a pool of N workers (unset: one thread,
 * the single-thread runtime).  Each workload checks its result (the
 * checksum of the grinds, the sum of the messages, the final counter)
 * and prints it, so that nothing is optimised away and run.sh can compare
 * it with the peers'.  Where the tasks ran is reported beside the
 * figures, from the thread ids the tasks see: `threads` and
 * `most_on_a_thread` (coarse: how many threads ran a grind, and how many
 * grinds the busiest one ran) and `split` (channel: 1 when producer and
 * consumer ran on different threads), since on a pool that placement is
 * the runtime's choice, not the program's.
 */
#include <pinion.h>

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench_util.h"

#ifndef BENCH_VARIANT
#error "compile with -DBENCH_VARIANT=\"label\""
#endif

#define CORES_MAX_TASKS 4096u

static long thread_id(void)
{
    return syscall(SYS_gettid);
}

/* ---- coarse ------------------------------------------------------------- */

/* The unit of work, the same in the three languages: xorshift64 steps
 * with a counter added, a chain of dependent integer operations that no
 * compiler can shorten. */
static uint64_t grind(uint64_t seed, uint64_t iters)
{
    uint64_t x = seed * 0x9E3779B97F4A7C15u + 1u;
    for (uint64_t i = 0; i < iters; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x += i;
    }
    return x;
}

static long grind_tid[CORES_MAX_TASKS];

static async uint64_t coarse_task(uint64_t i, uint64_t iters)
{
    grind_tid[i] = thread_id();
    return grind(i, iters);
}

static async uint64_t coarse(uint64_t tasks, uint64_t iters)
{
    pn_task *t[CORES_MAX_TASKS];
    for (uint64_t i = 0; i < tasks; i++)
        t[i] = pn_spawn(coarse_task(i, iters));
    uint64_t sum = 0;
    for (uint64_t i = 0; i < tasks; i++) {
        uint64_t v = 0;
        if (await(pn_join_result(t[i], &v, sizeof v)) != 0)
            bench_fail("a coarse task failed");
        sum ^= v;
    }
    return sum;
}

static unsigned distinct_threads(const long *tid, uint64_t n)
{
    unsigned count = 0;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t j = 0;
        while (j < i && tid[j] != tid[i])
            j++;
        count += j == i;
    }
    return count;
}

/* The tasks the busiest thread ran: TASKS / this bounds the speedup. */
static unsigned most_on_a_thread(const long *tid, uint64_t n)
{
    unsigned most = 0;
    for (uint64_t i = 0; i < n; i++) {
        unsigned same = 0;
        for (uint64_t j = 0; j < n; j++)
            same += tid[j] == tid[i];
        most = same > most ? same : most;
    }
    return most;
}

/* ---- channel ------------------------------------------------------------ */

/* The consumer's first poll computes for about 20 ms before it receives:
 * time for an idle worker to take the producer, which the spawner's
 * look shares (a task stays on the worker that polls it first, and an
 * idle spawner would otherwise take the producer back itself), even when
 * that worker's thread, woken while the cores are busy with other work,
 * waits milliseconds for one.  The clock runs from the first message
 * received to the last. */
#define WARM_ITERS 6400000u

static long producer_tid, consumer_tid;
static uint64_t channel_first_ns, channel_last_ns;
static volatile uint64_t warm_sink; /* keeps the warm-up computed */

static async int producer(pn_chan *c, uint64_t n)
{
    producer_tid = thread_id();
    for (uint64_t i = 0; i < n; i++) {
        uint64_t v = i;
        if (await(pn_chan_send(c, &v)) != 0)
            return -1;
    }
    pn_chan_close(c);
    return 0;
}

static async uint64_t consumer(pn_chan *c)
{
    consumer_tid = thread_id();
    warm_sink = grind(1, WARM_ITERS);
    uint64_t sum = 0, v = 0;
    if (await(pn_chan_recv(c, &v)) != 0)
        return 0;
    channel_first_ns = bench_now_ns();
    sum += v;
    while (await(pn_chan_recv(c, &v)) == 0)
        sum += v;
    channel_last_ns = bench_now_ns();
    return sum;
}

static async uint64_t channel(uint64_t n, uint64_t cap)
{
    pn_chan *c = pn_chan_new(sizeof(uint64_t), (size_t)cap);
    if (c == NULL)
        bench_fail("pn_chan_new");
    /* The consumer first: the look keeps the first unstarted task of a
     * spawn for this worker and shares the second. */
    pn_task *q = pn_spawn(consumer(c));
    pn_task *p = pn_spawn(producer(c, n));
    int sent = -1;
    uint64_t sum = 0;
    if (await(pn_join_result(p, &sent, sizeof sent)) != 0 || sent != 0 ||
        await(pn_join_result(q, &sum, sizeof sum)) != 0)
        bench_fail("a channel task failed");
    pn_chan_free(c);
    return sum;
}

/* ---- mutex ------------------------------------------------------------- */

static pn_mutex mutex;
static uint64_t counter; /* guarded by mutex */

static long locker_tid[CORES_MAX_TASKS];

static async int locker(uint64_t j, uint64_t k)
{
    locker_tid[j] = thread_id();
    for (uint64_t i = 0; i < k; i++) {
        await(pn_mutex_lock(&mutex));
        counter++;
        pn_mutex_unlock(&mutex);
        if (i % 16 == 15)
            await(pn_yield());
    }
    return 0;
}

/* Two spawners, one per worker (the first computes for 20 ms first, as
 * the channel's consumer does, so that the idle worker takes the second),
 * meet at a barrier and then spawn half of the tasks each: the tasks
 * start on both workers, where they stay.  The clock starts at the
 * barrier. */
static pn_notify mutex_go;
static atomic_uint mutex_arrived;
static uint64_t mutex_t0_ns;

static async int spawner(uint64_t first, uint64_t count, uint64_t k)
{
    if (first == 0)
        warm_sink = grind(1, WARM_ITERS);
    if (atomic_fetch_add(&mutex_arrived, 1) == 0) {
        await(pn_notify_wait(&mutex_go));
    } else {
        mutex_t0_ns = bench_now_ns();
        pn_notify_one(&mutex_go);
    }
    pn_task *t[CORES_MAX_TASKS / 2 + 1];
    for (uint64_t i = 0; i < count; i++)
        t[i] = pn_spawn(locker(first + i, k));
    for (uint64_t i = 0; i < count; i++)
        if (await(pn_join(t[i])) != 0)
            return -1;
    return 0;
}

static async uint64_t mutex_case(uint64_t tasks, uint64_t k)
{
    pn_task *a = pn_spawn(spawner(0, tasks / 2, k));
    pn_task *b = pn_spawn(spawner(tasks / 2, tasks - tasks / 2, k));
    int ra = -1, rb = -1;
    if (await(pn_join_result(a, &ra, sizeof ra)) != 0 ||
        await(pn_join_result(b, &rb, sizeof rb)) != 0 || ra != 0 || rb != 0)
        bench_fail("a mutex task failed");
    await(pn_mutex_lock(&mutex));
    uint64_t v = counter;
    pn_mutex_unlock(&mutex);
    return v;
}

/* ---- main --------------------------------------------------------------- */

/* Lets the workers that pn_set_workers started go idle, so that the
 * first spawns meet the pool as a running program does. */
static async int settle(void)
{
    return await(pn_sleep_ms(20));
}

int main(int argc, char **argv)
{
    const char *workers = getenv("PINION_BENCH_WORKERS");
    if (workers != NULL && pn_set_workers((unsigned)atoi(workers)) != 0)
        bench_fail("pn_set_workers refused PINION_BENCH_WORKERS");
    if (argc != 4) {
        fprintf(stderr, "usage: %s coarse TASKS ITERS | channel N CAP | mutex TASKS K\n", argv[0]);
        return 2;
    }
    uint64_t a = bench_arg_count(argc, argv, 2), b = bench_arg_count(argc, argv, 3);
    pn_block_on(settle());
    if (strcmp(argv[1], "coarse") == 0) {
        if (a > CORES_MAX_TASKS)
            bench_fail("at most 4096 tasks");
        uint64_t t0 = bench_now_ns();
        uint64_t sum = pn_block_on(coarse(a, b));
        uint64_t t1 = bench_now_ns();
        bench_report2("coarse", BENCH_VARIANT, "ms", (double)(t1 - t0) / 1e6);
        bench_report2("coarse", BENCH_VARIANT, "threads", distinct_threads(grind_tid, a));
        bench_report2("coarse", BENCH_VARIANT, "most_on_a_thread", most_on_a_thread(grind_tid, a));
        printf("coarse/%s\tchecksum\t%llu\n", BENCH_VARIANT, (unsigned long long)sum);
    } else if (strcmp(argv[1], "channel") == 0) {
        if (a < 2)
            bench_fail("at least 2 messages");
        uint64_t sum = pn_block_on(channel(a, b));
        if (sum != a * (a - 1) / 2)
            bench_fail("the consumer's sum is wrong");
        bench_report2("channel", BENCH_VARIANT, "msgs_per_sec",
                      (double)(a - 1) * 1e9 / (double)(channel_last_ns - channel_first_ns));
        bench_report2("channel", BENCH_VARIANT, "split", producer_tid != consumer_tid);
        printf("channel/%s\tchecksum\t%llu\n", BENCH_VARIANT, (unsigned long long)sum);
    } else if (strcmp(argv[1], "mutex") == 0) {
        if (a > CORES_MAX_TASKS || a < 2)
            bench_fail("2 to 4096 tasks");
        pn_mutex_init(&mutex);
        pn_notify_init(&mutex_go);
        uint64_t v = pn_block_on(mutex_case(a, b));
        uint64_t t1 = bench_now_ns(), t0 = mutex_t0_ns;
        if (v != a * b)
            bench_fail("the counter is wrong");
        bench_report2("mutex", BENCH_VARIANT, "pairs_per_sec", (double)v * 1e9 / (double)(t1 - t0));
        bench_report2("mutex", BENCH_VARIANT, "threads", distinct_threads(locker_tid, a));
        bench_report2("mutex", BENCH_VARIANT, "most_on_a_thread", most_on_a_thread(locker_tid, a));
        printf("mutex/%s\tchecksum\t%llu\n", BENCH_VARIANT, (unsigned long long)v);
    } else {
        fprintf(stderr, "%s: unknown workload %s\n", argv[0], argv[1]);
        return 2;
    }
    pn_shutdown();
    return 0;
}
