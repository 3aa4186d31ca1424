/* test_task.c — task handles: block_on results, typed joins, detach,
 * cancellation (of others, of self, before the first poll, while joined)
 * and pn_shutdown tearing down what is left. */
#include "core_util.h"

START_TEST(block_on_returns_root_result)
{
    struct twice__frame root;
    TEST_BLOCK_ON(root, twice, 21);
    ck_assert_int_eq(root.pn__ret, 42);
    ck_assert_uint_eq(root.pn__hdr.pn__state, PN__STATE_DONE);
    core_finish();
}
END_TEST

START_TEST(join_result_copies_task_result)
{
    pn_task *t;
    TEST_SPAWN(t, twice, 21);
    int v = -1;
    struct join_into__frame root;
    TEST_BLOCK_ON(root, join_into, t, &v, sizeof v);
    ck_assert_int_eq(root.pn__ret, 0);
    ck_assert_int_eq(v, 42);

    TEST_SPAWN(t, make_pair, 7);
    struct pair p = {0, 0};
    TEST_BLOCK_ON(root, join_into, t, &p, sizeof p);
    ck_assert_int_eq(root.pn__ret, 0);
    ck_assert_int_eq(p.lo, 7);
    ck_assert_int_eq(p.hi, 7000);
    core_finish();
}
END_TEST

START_TEST(join_result_rejects_wrong_size)
{
    pn_task *t;
    TEST_SPAWN(t, make_pair, 7);
    int v = -1;
    struct join_into__frame root;
    TEST_BLOCK_ON(root, join_into, t, &v, sizeof v);
    ck_assert_int_eq(root.pn__ret, -EINVAL);
    ck_assert_int_eq(v, -1);

    /* A void task has a result of size 0. */
    struct trace tr;
    trace_init(&tr);
    TEST_SPAWN(t, note, &tr, 1, 1);
    TEST_BLOCK_ON(root, join_into, t, &v, sizeof v);
    ck_assert_int_eq(root.pn__ret, -EINVAL);
    TEST_SPAWN(t, note, &tr, 2, 1);
    TEST_BLOCK_ON(root, join_into, t, NULL, 0);
    ck_assert_int_eq(root.pn__ret, 0);
    core_finish();
}
END_TEST

START_TEST(join_of_finished_task_returns_at_once)
{
    pn_task *t;
    TEST_SPAWN(t, twice, 5);
    struct pause_ms__frame pause;
    TEST_BLOCK_ON(pause, pause_ms, 2); /* t completes meanwhile */
    int v = 0;
    struct join_into__frame root;
    TEST_BLOCK_ON(root, join_into, t, &v, sizeof v);
    ck_assert_int_eq(root.pn__ret, 0);
    ck_assert_int_eq(v, 10);
    core_finish();
}
END_TEST

START_TEST(join_of_null_handle_is_einval)
{
    pn_task *tasks[1] = {NULL};
    int results[1] = {0};
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, 1);
    ck_assert_int_eq(results[0], -EINVAL);
    struct join_into__frame typed;
    int v;
    TEST_BLOCK_ON(typed, join_into, NULL, &v, sizeof v);
    ck_assert_int_eq(typed.pn__ret, -EINVAL);
    core_finish();
}
END_TEST

START_TEST(detached_task_runs_to_completion_and_is_freed)
{
    struct trace tr;
    trace_init(&tr);
    pn_task *t;
    TEST_SPAWN(t, big_sleeper, &tr, 9, 10);
    pn_detach(t);
    ck_assert_uint_gt(core_mem.in_use, 0);
    struct pause_ms__frame pause;
    TEST_BLOCK_ON(pause, pause_ms, 30);
    ck_assert_int_eq(tr.n, 1);
    ck_assert_int_eq(tr.ids[0], 9);
    ck_assert_uint_eq(core_mem.in_use, 0); /* freed when it finished */
    core_finish();
}
END_TEST

START_TEST(cancel_wakes_joiner_with_ecanceled)
{
    struct slot s;
    memset(&s, 0, sizeof s);
    pn_task *tasks[2];
    int results[2] = {1, 1};
    TEST_SPAWN(tasks[0], guarded_park, &s);
    /* The canceller uses a copy of the handle that join_all owns. */
    TEST_SPAWN(tasks[1], cancel_later, tasks[0], 5);
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, 2);
    ck_assert_int_eq(results[0], -ECANCELED);
    ck_assert_int_eq(results[1], 0);
    ck_assert_int_eq(s.dropped, 1);
    ck_assert_ptr_null(s.waker);
    core_finish();
}
END_TEST

START_TEST(cancel_self_drops_frame_when_poll_returns)
{
    struct trace tr;
    trace_init(&tr);
    pn_task *self;
    TEST_SPAWN(self, self_cancel, &self, &tr);
    struct pause_ms__frame pause;
    TEST_BLOCK_ON(pause, pause_ms, 5);
    /* Ran on to its await after cancelling itself, then was dropped
     * there (the drop records -state) instead of resuming. */
    ck_assert_int_eq(tr.n, 3);
    ck_assert_int_eq(tr.ids[0], 1);
    ck_assert_int_eq(tr.ids[1], 2);
    ck_assert_int_eq(tr.ids[2], -1);
    core_finish();
}
END_TEST

START_TEST(cancel_before_first_poll_drops_unpolled_frame)
{
    struct slot s;
    memset(&s, 0, sizeof s);
    pn_task *t;
    TEST_SPAWN(t, guarded_park, &s);
    pn_cancel(t);
    struct pause_ms__frame pause;
    TEST_BLOCK_ON(pause, pause_ms, 2);
    ck_assert_int_eq(s.polls, 0);
    ck_assert_int_eq(s.dropped, 0); /* never reached park: nothing to release */
    core_finish();
}
END_TEST

START_TEST(cancel_of_finished_task_releases_handle_only)
{
    struct trace tr;
    trace_init(&tr);
    pn_task *t;
    TEST_SPAWN(t, big_sleeper, &tr, 3, 1);
    struct pause_ms__frame pause;
    TEST_BLOCK_ON(pause, pause_ms, 10);
    ck_assert_uint_gt(core_mem.in_use, 0); /* the handle keeps the result */
    pn_cancel(t);
    ck_assert_uint_eq(core_mem.in_use, 0);
    core_finish();
}
END_TEST

/* A leaf that keeps a clone of its waker past its own completion. */
struct keep_waker__frame {
    pn_future pn__hdr;
    struct slot *s;
    char pad[8192]; /* a large frame: the allocator sees when it goes */
};

static void keep_waker__init(struct keep_waker__frame *f, struct slot *s)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->s = s;
}

static pn_poll keep_waker__poll(pn_future *self, pn_context *cx)
{
    struct keep_waker__frame *f = (struct keep_waker__frame *)self;
    f->s->polls++;
    f->s->waker = pn_waker_clone(cx);
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void keep_waker__drop(pn_future *self)
{
    (void)self;
}

TEST_VTABLE_VOID(keep_waker);

START_TEST(waking_finished_task_does_nothing)
{
    struct slot s;
    memset(&s, 0, sizeof s);
    pn_task *t;
    TEST_SPAWN(t, keep_waker, &s);
    pn_detach(t);
    struct pause_ms__frame pause;
    TEST_BLOCK_ON(pause, pause_ms, 1);
    ck_assert_int_eq(s.polls, 1);
    ck_assert_uint_gt(core_mem.in_use, 0); /* the waker keeps the memory */
    pn_waker_wake_by_ref(s.waker);
    TEST_BLOCK_ON(pause, pause_ms, 1);
    ck_assert_int_eq(s.polls, 1); /* not polled again */
    pn_waker_wake(s.waker);       /* the last reference */
    ck_assert_uint_eq(core_mem.in_use, 0);
    core_finish();
}
END_TEST

START_TEST(shutdown_cancels_and_frees_remaining_tasks)
{
    struct trace tr;
    trace_init(&tr);
    struct slot slots[10];
    memset(slots, 0, sizeof slots);
    pn_task *t;
    for (int i = 0; i < 10; i++) {
        TEST_SPAWN(t, guarded_park, &slots[i]);
        if (i % 2)
            pn_detach(t); /* the others' handles are simply abandoned */
    }
    for (int i = 0; i < 5; i++) {
        TEST_SPAWN(t, big_sleeper, &tr, i, 10000);
        TEST_SPAWN(t, sleeper, &tr, i, 10000);
    }
    struct pause_ms__frame pause;
    TEST_BLOCK_ON(pause, pause_ms, 2); /* everything parks or sleeps */
    /* Spawned, never polled. */
    for (int i = 0; i < 3; i++)
        TEST_SPAWN(t, note, &tr, i, 1);
    ck_assert_uint_gt(core_mem.in_use, 0);
    pn_shutdown();
    ck_assert_uint_eq(core_mem.in_use, 0);
    for (int i = 0; i < 10; i++) {
        ck_assert_int_eq(slots[i].dropped, 1);
        ck_assert_ptr_null(slots[i].waker);
    }
    ck_assert_int_eq(tr.n, 0);
    /* The runtime starts afresh afterwards. */
    struct twice__frame again;
    TEST_BLOCK_ON(again, twice, 4);
    ck_assert_int_eq(again.pn__ret, 8);
    core_finish();
}
END_TEST

START_TEST(shutdown_without_runtime_is_harmless)
{
    pn_shutdown();
    pn_shutdown();
    core_finish();
}
END_TEST

void add_task_cases(Suite *s)
{
    CORE_CASE(s, block_on_returns_root_result);
    CORE_CASE(s, join_result_copies_task_result);
    CORE_CASE(s, join_result_rejects_wrong_size);
    CORE_CASE(s, join_of_finished_task_returns_at_once);
    CORE_CASE(s, join_of_null_handle_is_einval);
    CORE_CASE(s, detached_task_runs_to_completion_and_is_freed);
    CORE_CASE(s, cancel_wakes_joiner_with_ecanceled);
    CORE_CASE(s, cancel_self_drops_frame_when_poll_returns);
    CORE_CASE(s, cancel_before_first_poll_drops_unpolled_frame);
    CORE_CASE(s, cancel_of_finished_task_releases_handle_only);
    CORE_CASE(s, waking_finished_task_does_nothing);
    CORE_CASE(s, shutdown_cancels_and_frees_remaining_tasks);
    CORE_CASE(s, shutdown_without_runtime_is_harmless);
}
