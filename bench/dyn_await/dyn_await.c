/*
 * dyn_await.c — an await through a pointer to an async function against
 * a direct await of the same callee, in one program and one run.
 *
 *     dyn_await yield N    n times: an outer function awaits inner(i),
 *                          which awaits pn_yield() once and returns i
 *                          (yield_chain's shape), directly and then
 *                          through a pointer
 *     dyn_await ready N    the same with a callee that completes on its
 *                          first poll: what the await itself costs
 *
 * A third argument, `direct` or `pointer`, runs only that half (for
 * instruction counts under callgrind).
 *
 * Each shape reports ns_per_await for `direct` and `pointer`, and for the
 * pointer the heap allocations per await in steady state
 * (allocs_per_await): the runtime's allocator is wrapped in a counting
 * one, and the count is taken after one warm-up await, so the callee's
 * frame is the pooled block the previous await gave back.  The pointer
 * is read through a volatile object, so the compiler cannot turn the
 * call through it into a direct one.
 */
#include <pinion.h>

#include <stdint.h>
#include <stdlib.h>

#include "bench_util.h"

#ifndef BENCH_VARIANT
#error "compile with -DBENCH_VARIANT=\"label\""
#endif

typedef async uint64_t (*inner_fn)(uint64_t i);

static async uint64_t inner_yield(uint64_t i)
{
    await(pn_yield());
    return i;
}

static async uint64_t inner_ready(uint64_t i)
{
    return i;
}

static inner_fn volatile the_yield = inner_yield;
static inner_fn volatile the_ready = inner_ready;

static uint64_t allocs; /* blocks the runtime asked for */

static void *count_alloc(size_t size, void *ud)
{
    (void)ud;
    allocs++;
    return malloc(size);
}

static void count_free(void *p, size_t size, void *ud)
{
    (void)size;
    (void)ud;
    free(p);
}

static async uint64_t direct_yield(uint64_t n)
{
    uint64_t sum = 0;
    for (uint64_t i = 0; i < n; i++)
        sum += await(inner_yield(i));
    return sum;
}

static async uint64_t direct_ready(uint64_t n)
{
    uint64_t sum = 0;
    for (uint64_t i = 0; i < n; i++)
        sum += await(inner_ready(i));
    return sum;
}

/* One warm-up await through f, then n timed ones; *steady gets the
 * allocations made by the n. */
static async uint64_t through_pointer(inner_fn volatile *fp, uint64_t n, uint64_t *steady,
                                      uint64_t *t0)
{
    inner_fn f = *fp;
    uint64_t sum = await(f(0));
    uint64_t before = allocs;
    *t0 = bench_now_ns();
    for (uint64_t i = 0; i < n; i++) {
        f = *fp;
        sum += await(f(i));
    }
    *steady = allocs - before;
    return sum;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4 || (strcmp(argv[1], "yield") != 0 && strcmp(argv[1], "ready") != 0)) {
        fprintf(stderr, "usage: %s yield|ready N [direct|pointer]\n", argv[0]);
        return 2;
    }
    const char *only = argc == 4 ? argv[3] : "";
    int yield = strcmp(argv[1], "yield") == 0;
    uint64_t n = bench_arg_count(argc, argv, 2);
    static const pn_allocator counting = { count_alloc, count_free, NULL };
    if (pn_set_allocator(&counting) != 0)
        bench_fail("pn_set_allocator");
    char name[32];
    snprintf(name, sizeof name, "dyn_await_%s", argv[1]);

    uint64_t t0, t1, sum;
    if (strcmp(only, "pointer") != 0) {
        t0 = bench_now_ns();
        sum = yield ? pn_block_on(direct_yield(n)) : pn_block_on(direct_ready(n));
        t1 = bench_now_ns();
        if (sum != n * (n - 1) / 2)
            bench_fail("the direct await returned a wrong sum");
        bench_report2(name, "direct", "ns_per_await", (double)(t1 - t0) / (double)n);
    }
    if (strcmp(only, "direct") == 0)
        return 0;
    uint64_t steady = 0;
    sum = pn_block_on(through_pointer(yield ? &the_yield : &the_ready, n, &steady, &t0));
    t1 = bench_now_ns();
    if (sum != n * (n - 1) / 2)
        bench_fail("the await through a pointer returned a wrong sum");
    bench_report2(name, "pointer", "ns_per_await", (double)(t1 - t0) / (double)n);
    bench_report2(name, "pointer", "allocs_per_await", (double)steady / (double)n);
    return 0;
}
