/* test_timer.c — pn_sleep_ms and the timer wheel: deadline order, ties in
 * arming order, never early, and a cancelled sleep leaving nothing armed. */
#include "core_util.h"

#define MS 1000000ull

/* When trace entry k's sleep was due, relative to the trace's start: it
 * began waited_ns before it woke, and asked for ms. */
/* Entries k-1 and k fired in deadline order: the deadlines their timers
 * were armed with (whole milliseconds, tr->due_ms, as the sleeper read
 * them from its timer) never decrease.  The armed deadlines, not the
 * sleepers' own clock readings plus their durations: a loaded machine
 * may preempt a sleeper between its reading and the timer's, by more
 * than the millisecond that separates two deadlines. */
static void assert_deadline_order(const struct trace *tr, int k)
{
    uint64_t prev = tr->due_ms[k - 1], cur = tr->due_ms[k];
    ck_assert_msg(prev != 0 && cur != 0, "a sleeper's deadline was not recorded");
    ck_assert_msg(prev <= cur, "sleeper %d (due at %llu ms) fired before sleeper %d (due at %llu ms)",
                  tr->ids[k - 1], (unsigned long long)prev, tr->ids[k], (unsigned long long)cur);
}

START_TEST(timers_fire_in_deadline_order_and_never_early)
{
    struct trace tr;
    trace_init(&tr);
    static const uint64_t ms[6] = {60, 10, 45, 20, 30, 5};
    pn_task *tasks[6];
    int results[6];
    for (int i = 0; i < 6; i++)
        TEST_SPAWN(tasks[i], sleeper, &tr, i, ms[i]);
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, 6);
    ck_assert_int_eq(tr.n, 6);
    int seen[6] = {0};
    for (int k = 0; k < 6; k++) {
        int id = tr.ids[k];
        seen[id]++;
        ck_assert_uint_ge(tr.waited_ns[k], ms[id] * MS);
        if (k > 0)
            assert_deadline_order(&tr, k);
    }
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(seen[i], 1);
    core_finish();
}
END_TEST

START_TEST(equal_deadlines_fire_in_arming_order)
{
    enum { N = 64 };
    struct trace tr;
    trace_init(&tr);
    pn_task *tasks[N];
    int results[N];
    for (int i = 0; i < N; i++)
        TEST_SPAWN(tasks[i], sleeper, &tr, i, 25);
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, N);
    ck_assert_int_eq(tr.n, N);
    for (int k = 0; k < N; k++) {
        ck_assert_int_eq(tr.ids[k], k);
        ck_assert_uint_ge(tr.waited_ns[k], 25 * MS);
    }
    core_finish();
}
END_TEST

START_TEST(sleep_zero_completes_without_suspending)
{
    struct trace tr;
    trace_init(&tr);
    pn_task *tasks[2];
    int results[2];
    TEST_SPAWN(tasks[0], sleeper, &tr, 1, 0);
    TEST_SPAWN(tasks[1], note, &tr, 2, 1);
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, 2);
    ck_assert_int_eq(tr.n, 2);
    ck_assert_int_eq(tr.ids[0], 1); /* before the other task ran at all */
    ck_assert_int_eq(tr.ids[1], 2);
    core_finish();
}
END_TEST

START_TEST(cancelled_sleep_releases_its_timer)
{
    struct trace tr;
    trace_init(&tr);
    pn_task *t;
    TEST_SPAWN(t, big_sleeper, &tr, 1, 40);
    ck_assert_uint_gt(core_mem.in_use, sizeof(struct big_sleeper__frame));
    struct cancel_later__frame root;
    TEST_BLOCK_ON(root, cancel_later, t, 5);
    /* The sleeper's timer held a waker: the task memory only goes back
     * if the drop unlinked the timer and released it. */
    ck_assert_uint_eq(core_mem.in_use, 0);
    /* Past the cancelled deadline, nothing fires. */
    struct pause_ms__frame pause;
    uint64_t before = pn_now_ns();
    TEST_BLOCK_ON(pause, pause_ms, 80);
    ck_assert_uint_ge(pn_now_ns() - before, 80 * MS);
    ck_assert_int_eq(tr.n, 0);
    core_finish();
}
END_TEST

START_TEST(timer_heap_keeps_order_when_armed_timers_are_cancelled)
{
    enum { N = 600 };
    static struct trace tr;
    trace_init(&tr);
    static pn_task *tasks[N];
    static int results[N];
    static uint64_t ms[N];
    uint32_t seed = 12345;
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        /* 100..295 ms in steps of 5: none is due before the cancels below,
         * however slowly a loaded machine arms 600 timers. */
        ms[i] = 100 + 5 * ((seed >> 16) % 40);
        TEST_SPAWN(tasks[i], sleeper, &tr, i, ms[i]);
    }
    /* Arm every timer, then cancel a third of them from all over the heap. */
    struct pause_ms__frame pause;
    TEST_BLOCK_ON(pause, pause_ms, 1);
    int kept = 0;
    for (int i = 0; i < N; i++) {
        if (i % 3 == 1)
            pn_cancel(tasks[i]);
        else
            tasks[kept++] = tasks[i];
    }
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, kept);
    ck_assert_int_eq(tr.n, kept);
    for (int k = 0; k < tr.n; k++) {
        int id = tr.ids[k];
        ck_assert_int_ne(id % 3, 1);
        ck_assert_uint_ge(tr.waited_ns[k], ms[id] * MS);
        if (k > 0) {
            assert_deadline_order(&tr, k);
            /* Equal durations were armed in id order, so their deadlines
             * are equal or increasing: the heap must keep that order. */
            int prev = tr.ids[k - 1];
            if (ms[prev] == ms[id])
                ck_assert_int_lt(prev, id);
        }
    }
    core_finish();
}
END_TEST

void add_timer_cases(Suite *s)
{
    CORE_CASE(s, timers_fire_in_deadline_order_and_never_early);
    CORE_CASE(s, equal_deadlines_fire_in_arming_order);
    CORE_CASE(s, sleep_zero_completes_without_suspending);
    CORE_CASE(s, cancelled_sleep_releases_its_timer);
    CORE_CASE(s, timer_heap_keeps_order_when_armed_timers_are_cancelled);
}
