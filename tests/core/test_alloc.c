/* test_alloc.c — memory: every byte through the injected allocator, a
 * refused allocation reported as NULL (never a crash, never a leak), the
 * allocator setting guarded while memory is out, and what a task costs. */
#include "core_util.h"

START_TEST(spawn_returns_null_when_allocation_fails)
{
    core_mem.fail_after = 0;
    pn_task *t = (pn_task *)&t; /* must be overwritten */
    TEST_SPAWN(t, twice, 1);
    ck_assert_ptr_null(t);
    ck_assert_uint_ge(core_mem.refused, 1);
    /* block_on itself needs no memory: the root lives on the stack and
     * timers live in frames. */
    struct pause_ms__frame pause;
    TEST_BLOCK_ON(pause, pause_ms, 1);
    ck_assert_uint_eq(core_mem.allocs, 0);
    core_finish();
}
END_TEST

START_TEST(allocation_failure_midway_leaks_nothing)
{
    enum { MAX = 20000 };
    static pn_task *tasks[MAX];
    static int results[MAX];
    core_mem.fail_after = 3; /* three slab chunks, then nothing */
    int n = 0;
    for (; n < MAX; n++) {
        TEST_SPAWN(tasks[n], twice, n);
        if (tasks[n] == NULL)
            break;
    }
    ck_assert_int_gt(n, 3);
    ck_assert_int_lt(n, MAX);
    ck_assert_uint_eq(core_mem.refused, 1);
    /* What was spawned still runs to completion. */
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, n);
    for (int i = 0; i < n; i++)
        ck_assert_int_eq(results[i], 0);
    core_finish();
}
END_TEST

START_TEST(set_allocator_refused_while_memory_is_out)
{
    pn_task *t;
    TEST_SPAWN(t, twice, 1);
    pn_allocator other = {counting_alloc, counting_free, &core_mem};
    ck_assert_int_eq(pn_set_allocator(&other), -EBUSY);
    ck_assert_int_eq(pn_set_allocator(NULL), -EBUSY);
    pn_allocator incomplete = {counting_alloc, NULL, NULL};
    pn_detach(t);
    pn_shutdown();
    ck_assert_int_eq(pn_set_allocator(&incomplete), -EINVAL);
    ck_assert_int_eq(pn_set_allocator(&other), 0);
    core_finish();
}
END_TEST

START_TEST(task_memory_is_header_plus_frame)
{
    enum { N = 20000 };
    static pn_task *tasks[N];
    static int results[N];
    int count = 0;
    for (int i = 0; i < N; i++)
        TEST_SPAWN(tasks[i], bump, &count, 1);
    /* A 16-byte header, the frame rounded to 8 bytes, and a share of the
     * chunk headers: no per-task allocator overhead. */
    size_t per_task = core_mem.in_use / N;
    size_t expected = (16 + sizeof(struct bump__frame) + 7) / 8 * 8;
    ck_assert_uint_le(per_task, expected + 2);
    /* The runtime's own cost of a task sleeping on a timer: header plus
     * the sleep frame, which holds the timer node. */
    ck_assert_uint_le(16 + sizeof(struct pn_sleep_ms__frame), 56);
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, N);
    ck_assert_int_eq(count, N);
    core_finish();
}
END_TEST

START_TEST(finished_tasks_give_their_chunks_back)
{
    enum { N = 5000 };
    static pn_task *tasks[N];
    static int results[N];
    for (int i = 0; i < N; i++)
        TEST_SPAWN(tasks[i], twice, i);
    size_t peak = core_mem.in_use;
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, N);
    /* One chunk of the class is kept for the next spawn; the rest went
     * back as they emptied. */
    ck_assert_uint_lt(core_mem.in_use, peak);
    ck_assert_uint_le(core_mem.in_use, 16384 + 64);
    core_finish();
}
END_TEST

void add_alloc_cases(Suite *s)
{
    CORE_CASE(s, spawn_returns_null_when_allocation_fails);
    CORE_CASE(s, allocation_failure_midway_leaks_nothing);
    CORE_CASE(s, set_allocator_refused_while_memory_is_out);
    CORE_CASE(s, task_memory_is_header_plus_frame);
    CORE_CASE(s, finished_tasks_give_their_chunks_back);
}
