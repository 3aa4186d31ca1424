/*
 * test_pool.c — pools of workers (pn_set_workers) and the async
 * primitives across them.  Every case runs on two workers unless it says
 * otherwise, carries the `threads` label and runs under TSan; pool_tasks.c
 * holds the async side.  Each case ends with pn_shutdown, which stops the
 * pool: the workers' threads exit and nothing is left behind (ASan).
 */
#include "pool_tasks.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>

Suite *make_suite(void);

/* One case per test, as CTest runs them (tests/CMakeLists.txt). */
#define TEST_ADD(SUITE, FN)                                                                        \
    do {                                                                                           \
        TCase *tc_ = tcase_create(#FN);                                                            \
        tcase_set_timeout(tc_, 60);                                                                \
        tcase_add_test(tc_, FN);                                                                   \
        suite_add_tcase((SUITE), tc_);                                                             \
    } while (0)

static void two_workers(void)
{
    ck_assert_int_eq(pn_set_workers(2), 0);
}

START_TEST(pool_spawned_tasks_run_on_both_workers)
{
    two_workers();
    int on0 = 0, on1 = 0;
    ck_assert_int_eq(run_spread(200, &on0, &on1), 199L * 200 / 2);
    ck_assert_int_eq(on0 + on1, 200);
    /* 200 tasks of a few hundred microseconds each: the idle worker takes
     * its share. */
    ck_assert_int_gt(on0, 0);
    ck_assert_int_gt(on1, 0);
    pn_shutdown();
}
END_TEST

START_TEST(pool_shares_a_spawn_at_once_with_an_idle_worker)
{
    two_workers();
    unsigned w0 = 9, w1 = 9;
    /* Fails (-1 after 5 s) when the second task waits behind the first. */
    ck_assert_int_eq(run_spawned_pair(&w0, &w1), 0);
    ck_assert_uint_ne(w0, w1);
    pn_shutdown();
}
END_TEST

START_TEST(pool_shares_from_above_a_lowest_group_of_one)
{
    two_workers();
    unsigned on1 = 0, lone = 9;
    ck_assert_int_eq(run_upper_groups(&on1, &lone), 8);
    /* A lowest group of one task, 8 kids of 5 ms each above it: the idle
     * worker is given the lone task first (it was kept: the first of a
     * group stayed), then some of the kids (every other one, at a look;
     * they were never given: only the lowest group was looked at). */
    ck_assert_uint_eq(lone, 1);
    ck_assert_uint_gt(on1, 0);
    pn_shutdown();
}
END_TEST

START_TEST(pool_keeps_shared_work_for_a_worker_slow_to_come)
{
    two_workers();
    /* Rounds whose shared task waited for worker 1, which came 1 ms late:
     * none when the busy sharer takes shared work back at its next look. */
    int on1 = run_late_comer();
    ck_assert_int_ge(on1, 1);
    pn_shutdown();
}
END_TEST

START_TEST(pool_workers_may_run_on_every_cpu_of_their_creator)
{
    /* Each worker thread starts on a CPU of its own (pn_set_workers
     * spreads them), and is then free again to run on every CPU its
     * creator may: a start, not a pinning.  Checked again in a mask
     * without the lowest CPU (on two CPUs: one, nothing to spread over). */
    cpu_set_t all, mine, theirs;
    ck_assert_int_eq(sched_getaffinity(0, sizeof all, &all), 0);
    mine = all;
    for (int round = 0; round < 2; round++) {
        if (round == 1) {
            if (CPU_COUNT(&mine) < 2)
                break;
            /* Every CPU but the lowest. */
            for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
                if (CPU_ISSET(cpu, &mine)) {
                    CPU_CLR(cpu, &mine);
                    break;
                }
            ck_assert_int_eq(sched_setaffinity(0, sizeof mine, &mine), 0);
        }
        two_workers();
        ck_assert_int_eq(run_worker1_cpus(&theirs), 0);
        ck_assert_int_eq(CPU_COUNT(&theirs), CPU_COUNT(&mine));
        ck_assert(CPU_EQUAL(&theirs, &mine));
        pn_shutdown();
    }
    ck_assert_int_eq(sched_setaffinity(0, sizeof all, &all), 0);
}
END_TEST

START_TEST(pool_shares_next_behind_a_long_run_queue)
{
    two_workers();
    unsigned on1 = 0;
    ck_assert_int_eq(run_long_runq(&on1), 8);
    /* 200 local tasks in runq, which no look can share, then 8 kids of
     * 5 ms each in next: the idle worker is given some of the kids. */
    ck_assert_uint_gt(on1, 0);
    pn_shutdown();
}
END_TEST

START_TEST(pool_busy_polling_worker_takes_shared_work)
{
    /* A 2 s window: the idle worker looks for shared work in it, not only
     * for I/O and wakes (which would start the second task after it). */
    pn_set_busy_poll_us(2000000);
    two_workers();
    pn_set_busy_poll_us(0);
    uint64_t t0 = pn_now_ns();
    int ms = run_busy_poll_pair();
    ck_assert_int_ge(ms, 0);
    ck_assert_int_lt(ms, 1000);
    pn_shutdown(); /* at once: the window ends when the pool stops */
    ck_assert_uint_lt((pn_now_ns() - t0) / 1000000u, 1500);
}
END_TEST

START_TEST(pool_local_tasks_never_leave_their_worker)
{
    two_workers();
    ck_assert_int_eq(run_locals(), 0);
    pn_shutdown();
}
END_TEST

START_TEST(pool_skynet_sums_every_leaf)
{
    two_workers();
    ck_assert_uint_eq(run_skynet(100000), 100000ull * 99999 / 2);
    ck_assert_uint_eq(run_skynet(1000), 1000ull * 999 / 2); /* a second pn_block_on */
    pn_shutdown();
}
END_TEST

START_TEST(pool_cancel_reaches_tasks_on_other_workers)
{
    two_workers();
    ck_assert_int_eq(run_cancels(20), 20);
    pn_shutdown();
}
END_TEST

START_TEST(pool_timers_fire_on_every_worker)
{
    two_workers();
    ck_assert_int_eq(run_sleepers(40), 40);
    pn_shutdown();
}
END_TEST

START_TEST(pool_pipes_between_workers)
{
    two_workers();
    ck_assert_int_eq(run_pipes(4, 32 * 200), 2L * 4 * 32 * 200);
    pn_shutdown();
}
END_TEST

START_TEST(pool_mutex_excludes_across_workers)
{
    two_workers();
    ck_assert_int_eq(run_mutex(16, 500), 16L * 500);
    pn_shutdown();
}
END_TEST

START_TEST(pool_sem_bounds_holders_across_workers)
{
    two_workers();
    int most = run_sem(3, 16, 200);
    ck_assert_int_le(most, 3);
    ck_assert_int_ge(most, 1);
    pn_shutdown();
}
END_TEST

START_TEST(pool_notify_loses_no_wakeup)
{
    two_workers();
    ck_assert_int_eq(run_notify(20000), 20000);
    pn_shutdown();
}
END_TEST

START_TEST(pool_notify_all_wakes_every_waiter)
{
    two_workers();
    ck_assert_int_eq(run_notify_all(30), 30 * 10 + 1);
    pn_shutdown();
}
END_TEST

START_TEST(mutex_cancelled_waiter_never_holds_the_lock)
{
    two_workers();
    ck_assert_int_eq(run_mutex_cancel(), 111);
    pn_shutdown();
    ck_assert_int_eq(run_mutex_cancel(), 111); /* one thread: the same */
    pn_shutdown();
}
END_TEST

START_TEST(mutex_overtaking_is_bounded)
{
    ck_assert_int_eq(run_mutex_overtaking(), 4); /* one thread: deterministic */
    pn_shutdown();
}
END_TEST

START_TEST(sem_cancelled_waiter_passes_its_permit_on)
{
    two_workers();
    ck_assert_int_eq(run_sem_cancel(), 111);
    pn_shutdown();
    ck_assert_int_eq(run_sem_cancel(), 111);
    pn_shutdown();
}
END_TEST

START_TEST(notify_cancelled_waiter_passes_its_notification_on)
{
    two_workers();
    ck_assert_int_eq(run_notify_cancel(), 111);
    pn_shutdown();
    ck_assert_int_eq(run_notify_cancel(), 111);
    pn_shutdown();
}
END_TEST

START_TEST(pool_channels_between_workers_and_close_wakes_all)
{
    two_workers();
    int producers = 4, consumers = 6, n = 3000;
    long total = (long)producers * n;
    ck_assert_int_eq(run_channels(producers, consumers, n), total * (total - 1) / 2);
    pn_shutdown();
}
END_TEST

/* Every element once, each producer's in order, at capacities of one, a
 * power of two and others (the ring indexes differently), on one thread
 * and on two workers. */
START_TEST(pool_channel_keeps_order_and_loses_nothing_at_any_capacity)
{
    static const size_t caps[] = { 1, 2, 3, 7, 8 };
    for (int workers = 1; workers <= 2; workers++) {
        if (workers == 2)
            two_workers();
        for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
            ck_assert_int_eq(run_channel_order(caps[i], 4000), 3 * 4000);
        pn_shutdown();
    }
}
END_TEST

/* No wake lost between a send and a receive that starts waiting at the
 * same moment on the other worker (a lost one stops the game: -2). */
START_TEST(pool_channel_ping_pong_across_workers_loses_no_wake)
{
    two_workers();
    int apart = 0, games = 0;
    for (; games < 50 && apart == 0; games++)
        ck_assert_int_eq(run_channel_ping_pong(20000, &apart), 20000);
    ck_assert_int_gt(apart, 0); /* the two sides did run on different workers */
    pn_shutdown();
}
END_TEST

/* pn_chan_free by the task whose operation returned, the other side's
 * still finishing on the other worker (ASan and TSan see a late access). */
START_TEST(pool_channel_freed_as_soon_as_an_operation_returns)
{
    two_workers();
    ck_assert_int_eq(run_channel_free_races(2000), 2000);
    pn_shutdown();
}
END_TEST

START_TEST(set_workers_refuses_bad_calls)
{
    ck_assert_int_eq(pn_set_workers(0), -EINVAL);
    ck_assert_int_eq(pn_set_workers(1000), -EINVAL);
    ck_assert_int_eq(pn_set_workers(1), 0);
    ck_assert_int_eq(run_set_workers_inside(), -EBUSY);
    two_workers();
    ck_assert_int_eq(pn_set_workers(2), 0); /* the same: nothing to do */
    ck_assert_int_eq(pn_set_workers(3), 0); /* an empty pool is replaced */
    ck_assert_uint_eq(run_skynet(1000), 1000ull * 999 / 2);
    ck_assert_int_eq(pn_set_workers(1), 0);
    ck_assert_uint_eq(run_skynet(1000), 1000ull * 999 / 2); /* one thread again */
    pn_shutdown();
}
END_TEST

START_TEST(pool_cancel_while_waiting_across_workers)
{
    two_workers();
    for (int kind = 0; kind < 3; kind++) {
        int ok = run_cross_cancel(kind, 40);
        ck_assert_int_ge(ok, 0); /* -1: a lock or permit leaked, or a count is off */
        ck_assert_int_le(ok, 40);
    }
    pn_shutdown();
}
END_TEST

/* pn_cancel through a copy of a handle that a pending pn_join on another
 * task owns: the cancel, the task's drop and the join's release of the
 * handle run on different workers; each round's join sees -ECANCELED and
 * the handle is released once (the sanitizers and the slab's counts
 * would see it twice). */
START_TEST(pool_cancel_through_a_copy_while_joined_elsewhere)
{
    two_workers();
    /* Where the tasks run is the pool's choice: on a busy machine the
     * second worker may take none of a batch, so batches go on until some
     * rounds did cross workers (the test is then about what it says). */
    int apart = 0;
    for (int batch = 0; batch < 50 && apart == 0; batch++)
        ck_assert_int_eq(run_join_cancel_apart(320, &apart), 320);
    ck_assert_int_gt(apart, 0);
    ck_assert_int_eq(pn_set_workers(1), 0); /* refused while any task were still live */
    pn_shutdown();
}
END_TEST

static int open_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    ck_assert_ptr_nonnull(d);
    while (readdir(d) != NULL)
        n++;
    closedir(d);
    return n;
}

/* Starting and stopping pools leaves no thread's epoll or eventfd behind,
 * after timers and pipes were used on both workers. */
START_TEST(pool_shutdown_leaves_no_descriptors)
{
    pn_shutdown();
    int before = open_fds();
    for (int round = 0; round < 3; round++) {
        ck_assert_int_eq(pn_set_workers(2), 0);
        ck_assert_int_eq(run_sleepers(10), 10);
        ck_assert_int_eq(run_pipes(2, 32 * 20), 2L * 2 * 32 * 20);
        pn_shutdown();
    }
    ck_assert_int_eq(open_fds(), before);
}
END_TEST

Suite *make_suite(void)
{
    Suite *s = suite_create("pool");
    TEST_ADD(s, pool_spawned_tasks_run_on_both_workers);
    TEST_ADD(s, pool_shares_a_spawn_at_once_with_an_idle_worker);
    TEST_ADD(s, pool_shares_from_above_a_lowest_group_of_one);
    TEST_ADD(s, pool_shares_next_behind_a_long_run_queue);
    TEST_ADD(s, pool_keeps_shared_work_for_a_worker_slow_to_come);
    TEST_ADD(s, pool_workers_may_run_on_every_cpu_of_their_creator);
    TEST_ADD(s, pool_busy_polling_worker_takes_shared_work);
    TEST_ADD(s, pool_local_tasks_never_leave_their_worker);
    TEST_ADD(s, pool_skynet_sums_every_leaf);
    TEST_ADD(s, pool_cancel_reaches_tasks_on_other_workers);
    TEST_ADD(s, pool_timers_fire_on_every_worker);
    TEST_ADD(s, pool_pipes_between_workers);
    TEST_ADD(s, pool_mutex_excludes_across_workers);
    TEST_ADD(s, pool_sem_bounds_holders_across_workers);
    TEST_ADD(s, pool_notify_loses_no_wakeup);
    TEST_ADD(s, pool_notify_all_wakes_every_waiter);
    TEST_ADD(s, mutex_cancelled_waiter_never_holds_the_lock);
    TEST_ADD(s, mutex_overtaking_is_bounded);
    TEST_ADD(s, sem_cancelled_waiter_passes_its_permit_on);
    TEST_ADD(s, notify_cancelled_waiter_passes_its_notification_on);
    TEST_ADD(s, pool_channels_between_workers_and_close_wakes_all);
    TEST_ADD(s, pool_channel_keeps_order_and_loses_nothing_at_any_capacity);
    TEST_ADD(s, pool_channel_ping_pong_across_workers_loses_no_wake);
    TEST_ADD(s, pool_channel_freed_as_soon_as_an_operation_returns);
    TEST_ADD(s, set_workers_refuses_bad_calls);
    TEST_ADD(s, pool_cancel_while_waiting_across_workers);
    TEST_ADD(s, pool_cancel_through_a_copy_while_joined_elsewhere);
    TEST_ADD(s, pool_shutdown_leaves_no_descriptors);
    return s;
}
