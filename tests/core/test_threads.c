/* test_threads.c — wakes from other threads: the injection queue and the
 * eventfd that interrupts a sleeping loop, many threads waking one task,
 * a last reference dropped on a foreign thread, and one runtime per
 * thread.  These cases carry the `threads` label and run under TSan. */
#include "core_util.h"

#define MS 1000000ull

START_TEST(wake_from_another_thread_resumes_sleeping_loop)
{
    struct remote r;
    memset(&r, 0, sizeof r);
    r.delay_ms = 30;
    uint64_t before = pn_now_ns();
    struct remote_value__frame root;
    /* Nothing else to do: the loop sleeps in the reactor with no
     * timeout until the thread's wake. */
    TEST_BLOCK_ON(root, remote_value, &r);
    ck_assert_int_eq(root.pn__ret, 42);
    ck_assert_uint_ge(pn_now_ns() - before, 30 * MS);
    ck_assert_int_eq(pthread_join(r.thread, NULL), 0);
    core_finish();
}
END_TEST

START_TEST(wake_from_another_thread_reaches_a_spawned_task)
{
    struct remote r;
    memset(&r, 0, sizeof r);
    r.delay_ms = 10;
    pn_task *t;
    TEST_SPAWN(t, big_remote, &r);
    int v = 0;
    struct join_into__frame root;
    TEST_BLOCK_ON(root, join_into, t, &v, sizeof v);
    ck_assert_int_eq(root.pn__ret, 0);
    ck_assert_int_eq(v, 42 + 7);
    ck_assert_int_eq(pthread_join(r.thread, NULL), 0);
    core_finish();
}
END_TEST

START_TEST(many_threads_waking_one_task)
{
    struct hammer h;
    memset(&h, 0, sizeof h);
    h.rounds = 20000;
    struct hammer_arg args[HAMMER_THREADS];
    struct hammered__frame root;
    TEST_BLOCK_ON(root, hammered, &h, args);
    for (int i = 0; i < HAMMER_THREADS; i++)
        ck_assert_int_eq(pthread_join(h.threads[i], NULL), 0);
    ck_assert_int_eq(atomic_load(&h.finished), HAMMER_THREADS);
    /* Queued at most once per wake, and far less when wakes coalesce. */
    ck_assert_int_ge(root.pn__ret, 2);
    ck_assert_int_le(root.pn__ret, HAMMER_THREADS * (h.rounds + 1) + 1);
    core_finish();
}
END_TEST

START_TEST(last_reference_dropped_on_another_thread_frees_on_owner)
{
    struct remote r;
    memset(&r, 0, sizeof r);
    r.hold = 1;
    pn_task *t;
    TEST_SPAWN(t, big_remote, &r);
    pn_detach(t);
    struct pause_ms__frame pause;
    TEST_BLOCK_ON(pause, pause_ms, 1); /* t completes; the thread holds its waker */
    ck_assert_uint_gt(core_mem.in_use, 0);
    atomic_store(&r.release, 1);
    ck_assert_int_eq(pthread_join(r.thread, NULL), 0);
    /* The thread could not free memory of this runtime: it handed the
     * task back, and the next turn of the loop frees it. */
    ck_assert_uint_gt(core_mem.in_use, 0);
    TEST_BLOCK_ON(pause, pause_ms, 1);
    ck_assert_uint_eq(core_mem.in_use, 0);
    core_finish();
}
END_TEST

/* Each thread runs its own runtime with its own tasks and allocator. */
struct worker {
    pthread_t thread;
    int base;
    int sum;
    size_t leaked;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct counting_allocator mem = {0, 0, 0, 0, -1};
    pn_allocator a = {counting_alloc, counting_free, &mem};
    if (pn_set_allocator(&a) != 0)
        return NULL;
    pn_task *tasks[16];
    for (int i = 0; i < 16; i++)
        TEST_SPAWN(tasks[i], twice, w->base + i);
    for (int i = 0; i < 16; i++) {
        int v = 0;
        struct join_into__frame root;
        TEST_BLOCK_ON(root, join_into, tasks[i], &v, sizeof v);
        w->sum += v;
    }
    pn_shutdown();
    w->leaked = mem.in_use;
    return NULL;
}

START_TEST(each_thread_runs_its_own_runtime)
{
    struct worker w[3];
    memset(w, 0, sizeof w);
    for (int i = 0; i < 3; i++) {
        w[i].base = 100 * i;
        ck_assert_int_eq(pthread_create(&w[i].thread, NULL, worker_main, &w[i]), 0);
    }
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(pthread_join(w[i].thread, NULL), 0);
        /* 2 * sum(base .. base + 15) */
        ck_assert_int_eq(w[i].sum, 2 * (16 * w[i].base + 120));
        ck_assert_uint_eq(w[i].leaked, 0);
    }
    ck_assert_uint_eq(core_mem.allocs, 0); /* this thread's runtime never ran */
    core_finish();
}
END_TEST

/* A thread that leaves a parked task behind and exits without
 * pn_shutdown.  What the task points to must outlive the thread: the
 * task is dropped at the thread's exit. */
struct forgetful {
    struct counting_allocator mem;
    struct slot s;
};

static void *forgetful_main(void *arg)
{
    struct forgetful *f = arg;
    pn_allocator a = {counting_alloc, counting_free, &f->mem};
    if (pn_set_allocator(&a) != 0)
        return NULL;
    pn_task *t;
    TEST_SPAWN(t, guarded_park, &f->s);
    pn_detach(t);
    struct pause_ms__frame pause;
    TEST_BLOCK_ON(pause, pause_ms, 1);
    return NULL;
}

START_TEST(thread_exit_shuts_its_runtime_down)
{
    struct forgetful f;
    memset(&f, 0, sizeof f);
    f.mem.fail_after = -1;
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, forgetful_main, &f), 0);
    ck_assert_int_eq(pthread_join(th, NULL), 0);
    ck_assert_int_eq(f.s.polls, 1);
    ck_assert_int_eq(f.s.dropped, 1);
    ck_assert_uint_gt(f.mem.allocs, 0);
    ck_assert_uint_eq(f.mem.in_use, 0);
    core_finish();
}
END_TEST

void add_thread_cases(Suite *s)
{
    CORE_CASE(s, wake_from_another_thread_resumes_sleeping_loop);
    CORE_CASE(s, wake_from_another_thread_reaches_a_spawned_task);
    CORE_CASE(s, many_threads_waking_one_task);
    CORE_CASE(s, last_reference_dropped_on_another_thread_frees_on_owner);
    CORE_CASE(s, each_thread_runs_its_own_runtime);
    CORE_CASE(s, thread_exit_shuts_its_runtime_down);
}
