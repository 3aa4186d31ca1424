/*
 * test_blocking.c — pn_blocking and the pool behind it, and
 * pn_sleep_until_ms.
 *
 * What is pinned down: the result is fn's; other tasks of the thread run
 * on time meanwhile; the pool grows to its bound and no further, and
 * shrinks when idle; a cancelled call that waits for a thread never runs,
 * and one that runs finishes on its thread with its result discarded
 * (the heap record fn owns is freed by fn, which ASan checks); wakes come
 * from pool threads (TSan runs these cases); pn_shutdown with a call
 * under way leaves nothing behind.
 */
#include "os_util.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(unsigned ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

static long add_one(void *arg)
{
    return *(long *)arg + 1;
}

static async long call_add_one(long x)
{
    return await(pn_blocking(add_one, &x));
}

static void blocking_returns_the_result_of_fn__body(void)
{
    ck_assert_int_eq(pn_block_on(call_add_one(41)), 42);
    ck_assert_int_eq(pn_block_on(call_add_one(-8)), -7);
    pn_shutdown();
}

START_TEST(blocking_returns_the_result_of_fn)
{
    blocking_returns_the_result_of_fn__body();
}
END_TEST

static async long call_null(void)
{
    return await(pn_blocking(NULL, NULL));
}

static void blocking_refuses_a_null_function__body(void)
{
    ck_assert_int_eq(pn_block_on(call_null()), -EINVAL);
    pn_shutdown();
}

START_TEST(blocking_refuses_a_null_function)
{
    blocking_refuses_a_null_function__body();
}
END_TEST

static long nap_300(void *arg)
{
    (void)arg;
    sleep_ms(300);
    return 7;
}

static async long nap_beside_ticker(struct ticker *t)
{
    pn_task *tk = pn_spawn(ticker_run(t));
    long r = await(pn_blocking(nap_300, NULL));
    t->stop = 1;
    await(pn_join(tk));
    return r;
}

static void blocking_call_leaves_the_thread_running__body(void)
{
    struct ticker t = {.period_ms = 10};
    ck_assert_int_eq(pn_block_on(nap_beside_ticker(&t)), 7);
    /* 300 ms of blocking work: the 10 ms ticker kept going meanwhile. */
    ck_assert_int_ge(t.ticks, 15);
    ck_assert_uint_lt(t.max_late_ms, 60);
    pn_shutdown();
}

START_TEST(blocking_call_leaves_the_thread_running)
{
    blocking_call_leaves_the_thread_running__body();
}
END_TEST

static atomic_int running_now, running_max, ran_total;

static long count_concurrency(void *arg)
{
    (void)arg;
    int now = atomic_fetch_add(&running_now, 1) + 1;
    int max = atomic_load(&running_max);
    while (now > max && !atomic_compare_exchange_weak(&running_max, &max, now)) {
    }
    sleep_ms(40);
    atomic_fetch_sub(&running_now, 1);
    atomic_fetch_add(&ran_total, 1);
    return 0;
}

static async void one_counted(void)
{
    await(pn_blocking(count_concurrency, NULL));
}

static async void many_counted(int n)
{
    pn_task *tasks[16];
    for (int i = 0; i < n; i++)
        tasks[i] = pn_spawn(one_counted());
    for (int i = 0; i < n; i++)
        await(pn_join(tasks[i]));
}

static void pool_grows_to_its_bound_and_shrinks_when_idle__body(void)
{
    ck_assert_int_eq(os_count_pool_threads(), 0); /* none until needed */
    ck_assert_int_eq(pn_set_blocking_threads(0), -EINVAL);
    ck_assert_int_eq(pn_set_blocking_threads(3), 0);
    pn_set_blocking_idle_ms(50);
    pn_block_on(many_counted(12));
    ck_assert_int_eq(atomic_load(&ran_total), 12);
    ck_assert_int_eq(atomic_load(&running_max), 3); /* the bound, all of it */
    ck_assert_int_le(os_count_pool_threads(), 3);
    /* Idle for 50 ms: every pool thread leaves. */
    ck_assert_int_eq(os_wait_pool_threads_at_most(0, 3000), 0);
    /* And the pool starts again on demand. */
    ck_assert_int_eq(pn_block_on(call_add_one(1)), 2);
    pn_shutdown();
}

START_TEST(pool_grows_to_its_bound_and_shrinks_when_idle)
{
    pool_grows_to_its_bound_and_shrinks_when_idle__body();
}
END_TEST

/* A call whose frame may be dropped while fn runs: fn owns its record. */
struct owned_call {
    atomic_int *finished;
    long value;
};

static long owned_slow(void *arg)
{
    struct owned_call *c = arg;
    sleep_ms(150);
    long v = c->value;
    atomic_int *finished = c->finished;
    free(c); /* fn owns arg: the cancelled caller is long gone */
    atomic_store(finished, 1);
    return v;
}

static atomic_int owned_finished;

static async int race_slow_call(long *out)
{
    struct owned_call *c = malloc(sizeof *c);
    c->finished = &owned_finished;
    c->value = 99;
    return pn_race(*out = await(pn_blocking(owned_slow, c)), await(pn_sleep_ms(20)));
}

static void cancelled_running_call_finishes_and_its_result_is_discarded__body(void)
{
    long out = -1;
    uint64_t start = pn_now_ms();
    ck_assert_int_eq(pn_block_on(race_slow_call(&out)), 1); /* the timeout won */
    ck_assert_uint_lt(pn_now_ms() - start, 120);            /* without waiting for fn */
    ck_assert_int_eq(out, -1);                              /* the result went nowhere */
    ck_assert_int_eq(atomic_load(&owned_finished), 0);      /* fn is still running */
    for (int i = 0; i < 400 && !atomic_load(&owned_finished); i++)
        sleep_ms(5);
    ck_assert_int_eq(atomic_load(&owned_finished), 1);
    pn_shutdown();
}

START_TEST(cancelled_running_call_finishes_and_its_result_is_discarded)
{
    cancelled_running_call_finishes_and_its_result_is_discarded__body();
}
END_TEST

static atomic_int gate_open, queued_ran;

static long wait_for_gate(void *arg)
{
    (void)arg;
    while (!atomic_load(&gate_open))
        sleep_ms(1);
    return 1;
}

static long mark_ran(void *arg)
{
    (void)arg;
    atomic_store(&queued_ran, 1);
    return 1;
}

static async void call_fn(long (*fn)(void *))
{
    await(pn_blocking(fn, NULL));
}

static async int cancel_queued(void)
{
    pn_task *first = pn_spawn(call_fn(wait_for_gate));
    await(pn_yield()); /* first holds the only thread */
    pn_task *second = pn_spawn(call_fn(mark_ran));
    await(pn_yield()); /* second waits in the queue */
    pn_cancel(second);
    atomic_store(&gate_open, 1);
    await(pn_join(first));
    return 0;
}

static void cancelled_queued_call_never_runs__body(void)
{
    ck_assert_int_eq(pn_set_blocking_threads(1), 0);
    pn_block_on(cancel_queued());
    /* The one thread is free again and had nothing else to run. */
    ck_assert_int_eq(pn_block_on(call_add_one(5)), 6);
    sleep_ms(20);
    ck_assert_int_eq(atomic_load(&queued_ran), 0);
    pn_shutdown();
}

START_TEST(cancelled_queued_call_never_runs)
{
    cancelled_queued_call_never_runs__body();
}
END_TEST

static atomic_int shut_started, shut_finished;

static long slow_then_flag(void *arg)
{
    (void)arg;
    atomic_store(&shut_started, 1);
    sleep_ms(100);
    atomic_store(&shut_finished, 1);
    return 0;
}

static async void start_slow(void)
{
    pn_detach(pn_spawn(call_fn(slow_then_flag)));
    while (!atomic_load(&shut_started)) /* running, not just queued */
        await(pn_sleep_ms(1));
}

static void shutdown_with_a_call_under_way_leaves_nothing_behind__body(void)
{
    pn_block_on(start_slow()); /* the call runs; its task stays behind */
    pn_shutdown();             /* drops the task: the call is detached */
    for (int i = 0; i < 400 && !atomic_load(&shut_finished); i++)
        sleep_ms(5);
    ck_assert_int_eq(atomic_load(&shut_finished), 1);
    sleep_ms(10); /* the pool thread releases the record after fn */
    /* The runtime works again afterwards. */
    ck_assert_int_eq(pn_block_on(call_add_one(2)), 3);
    pn_shutdown();
}

START_TEST(shutdown_with_a_call_under_way_leaves_nothing_behind)
{
    shutdown_with_a_call_under_way_leaves_nothing_behind__body();
}
END_TEST

static long tiny(void *arg)
{
    return (long)(intptr_t)arg;
}

static async long many_round_trips(int n)
{
    long sum = 0;
    for (int i = 0; i < n; i++)
        sum += await(pn_blocking(tiny, (void *)(intptr_t)i));
    return sum;
}

static async long parallel_round_trips(void)
{
    pn_task *a = pn_spawn(many_round_trips(300));
    pn_task *b = pn_spawn(many_round_trips(300));
    long ra = 0, rb = 0;
    await(pn_join_result(a, &ra, sizeof ra));
    await(pn_join_result(b, &rb, sizeof rb));
    return ra + rb;
}

static void wakes_from_pool_threads_reach_their_tasks__body(void)
{
    /* Every completion is a wake from a pool thread: TSan checks them. */
    ck_assert_int_eq(pn_block_on(parallel_round_trips()), 2 * (299 * 300 / 2));
    pn_shutdown();
}

START_TEST(wakes_from_pool_threads_reach_their_tasks)
{
    wakes_from_pool_threads_reach_their_tasks__body();
}
END_TEST

/* ---- pn_sleep_until_ms ---------------------------------------------- */

static async int sleep_until(uint64_t deadline)
{
    return await(pn_sleep_until_ms(deadline));
}

static void sleep_until_wakes_at_the_deadline_never_before__body(void)
{
    for (int i = 0; i < 5; i++) {
        uint64_t deadline = pn_now_ms() + 15 + (uint64_t)i;
        ck_assert_int_eq(pn_block_on(sleep_until(deadline)), 0);
        uint64_t now = pn_now_ms();
        ck_assert_uint_ge(now, deadline);
        ck_assert_uint_lt(now, deadline + 50);
    }
    pn_shutdown();
}

START_TEST(sleep_until_wakes_at_the_deadline_never_before)
{
    sleep_until_wakes_at_the_deadline_never_before__body();
}
END_TEST

static void sleep_until_a_past_deadline_returns_at_once__body(void)
{
    uint64_t start = pn_now_ns();
    ck_assert_int_eq(pn_block_on(sleep_until(0)), 0);
    ck_assert_int_eq(pn_block_on(sleep_until(pn_now_ms())), 0);
    ck_assert_uint_lt(pn_now_ns() - start, 5000000u);
    pn_shutdown();
}

START_TEST(sleep_until_a_past_deadline_returns_at_once)
{
    sleep_until_a_past_deadline_returns_at_once__body();
}
END_TEST

static async int cancel_deadline_then_sleep(void)
{
    int w = pn_race(await(pn_sleep_until_ms(pn_now_ms() + 100000)), await(pn_sleep_ms(5)));
    /* The dropped deadline's timer is gone from the wheel: later timers
     * around it fire normally. */
    await(pn_sleep_ms(20));
    return w;
}

static void sleep_until_cancelled_unlinks_its_timer__body(void)
{
    ck_assert_int_eq(pn_block_on(cancel_deadline_then_sleep()), 1);
    pn_shutdown();
}

START_TEST(sleep_until_cancelled_unlinks_its_timer)
{
    sleep_until_cancelled_unlinks_its_timer__body();
}
END_TEST

void add_blocking_cases(Suite *s)
{
    TEST_ADD(s, blocking_returns_the_result_of_fn);
    TEST_ADD(s, blocking_refuses_a_null_function);
    TEST_ADD(s, blocking_call_leaves_the_thread_running);
    TEST_ADD(s, pool_grows_to_its_bound_and_shrinks_when_idle);
    TEST_ADD(s, cancelled_running_call_finishes_and_its_result_is_discarded);
    TEST_ADD(s, cancelled_queued_call_never_runs);
    TEST_ADD(s, shutdown_with_a_call_under_way_leaves_nothing_behind);
    TEST_ADD(s, wakes_from_pool_threads_reach_their_tasks);
    TEST_ADD(s, sleep_until_wakes_at_the_deadline_never_before);
    TEST_ADD(s, sleep_until_a_past_deadline_returns_at_once);
    TEST_ADD(s, sleep_until_cancelled_unlinks_its_timer);
}
