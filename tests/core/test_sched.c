/* test_sched.c — the run queue: FIFO order of spawns and wakes, what a
 * yield lets run, one queue entry per task however often it is woken,
 * and many tasks at once. */
#include "core_util.h"

START_TEST(spawned_tasks_first_run_in_spawn_order)
{
    struct trace tr;
    trace_init(&tr);
    pn_task *tasks[10];
    int results[10];
    for (int i = 0; i < 10; i++)
        TEST_SPAWN(tasks[i], note, &tr, i, 1);
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, 10);
    ck_assert_int_eq(tr.n, 10);
    for (int i = 0; i < 10; i++) {
        ck_assert_int_eq(tr.ids[i], i);
        ck_assert_int_eq(results[i], 0);
    }
    core_finish();
}
END_TEST

START_TEST(wakes_run_tasks_in_wake_order)
{
    struct trace tr;
    trace_init(&tr);
    struct slot slots[5];
    memset(slots, 0, sizeof slots);
    static const int order[5] = {3, 1, 4, 0, 2};
    pn_task *tasks[6];
    int results[6];
    for (int i = 0; i < 5; i++)
        TEST_SPAWN(tasks[i], parker, &tr, i, &slots[i]);
    TEST_SPAWN(tasks[5], wake_in_order, slots, order, 5);
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, 6);
    ck_assert_int_eq(tr.n, 5);
    for (int i = 0; i < 5; i++) {
        ck_assert_int_eq(tr.ids[i], order[i]);
        ck_assert_uint_eq(tr.waited_ns[i], (uint64_t)i); /* the value each was woken with */
    }
    core_finish();
}
END_TEST

START_TEST(yield_lets_every_other_ready_task_run)
{
    struct trace tr;
    trace_init(&tr);
    pn_task *tasks[3];
    int results[3];
    for (int i = 0; i < 3; i++)
        TEST_SPAWN(tasks[i], note, &tr, i, 3);
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, 3);
    ck_assert_int_eq(tr.n, 9);
    for (int k = 0; k < 9; k++)
        ck_assert_int_eq(tr.ids[k], k % 3);
    core_finish();
}
END_TEST

/*
 * A leaf that hands three wakers of its task out in its first poll, then
 * sleeps a little once all three have been woken.  Waking a queued task
 * must not queue it again, so however the three wakes land it is polled
 * exactly three times: first, after the wakes, after the sleep.
 */
struct triple_wait__frame {
    pn_future pn__hdr;
    struct slot *s;
    int *polls;
    struct pn_sleep_ms__frame sleep;
};

static void triple_wait__init(struct triple_wait__frame *f, struct slot *s, int *polls)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->s = s;
    f->polls = polls;
}

static pn_poll triple_wait__poll(pn_future *self, pn_context *cx)
{
    struct triple_wait__frame *f = (struct triple_wait__frame *)self;
    pn__pin_check(self, "triple_wait");
    (*f->polls)++;
    switch (self->pn__state) {
    case 0:
        for (int i = 0; i < 3; i++)
            f->s[i].waker = pn_waker_clone(cx);
        self->pn__state = 1;
        return PN_PENDING;
    case 1:
        if (!(f->s[0].woken && f->s[1].woken && f->s[2].woken))
            return PN_PENDING;
        pn_sleep_ms__init(&f->sleep, 5);
        self->pn__state = 2;
        /* fall through */
    case 2:
        if (pn_sleep_ms__poll(&f->sleep.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        self->pn__state = PN__STATE_DONE;
        return PN_READY;
    default:
        pn__bad_state("triple_wait", self->pn__state);
    }
}

static void triple_wait__drop(pn_future *self)
{
    struct triple_wait__frame *f = (struct triple_wait__frame *)self;
    if (self->pn__state == 2)
        pn_sleep_ms__drop(&f->sleep.pn__hdr);
}

TEST_VTABLE_VOID(triple_wait);

START_TEST(task_woken_many_times_is_queued_once)
{
    struct slot slots[3];
    memset(slots, 0, sizeof slots);
    static const int order[3] = {0, 1, 2};
    int polls = 0;
    pn_task *waker_task;
    TEST_SPAWN(waker_task, wake_in_order, slots, order, 3);
    pn_detach(waker_task);
    struct triple_wait__frame root;
    TEST_BLOCK_ON(root, triple_wait, slots, &polls);
    ck_assert_int_eq(polls, 3);
    core_finish();
}
END_TEST

START_TEST(hundred_thousand_tasks_complete)
{
    enum { N = 100000 };
    pn_task **tasks = malloc(N * sizeof *tasks);
    int *results = malloc(N * sizeof *results);
    ck_assert_ptr_nonnull(tasks);
    ck_assert_ptr_nonnull(results);
    int count = 0;
    for (int i = 0; i < N; i++) {
        TEST_SPAWN(tasks[i], bump, &count, (uint64_t)(i % 7));
        ck_assert_ptr_nonnull(tasks[i]);
        results[i] = -1;
    }
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, N);
    ck_assert_int_eq(count, N);
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(results[i], 0);
    free(tasks);
    free(results);
    core_finish();
}
END_TEST

START_TEST(runtime_resumes_leftover_tasks_in_next_block_on)
{
    struct trace tr;
    trace_init(&tr);
    pn_task *slow;
    TEST_SPAWN(slow, note, &tr, 7, 4);
    /* The root finishes after one yield; the note task is mid-way. */
    pn_task *quick;
    int results[1];
    TEST_SPAWN(quick, note, &tr, 1, 1);
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, &quick, results, 1);
    ck_assert_int_lt(tr.n, 5);
    TEST_BLOCK_ON(root, join_all, &slow, results, 1);
    int sevens = 0;
    for (int i = 0; i < tr.n; i++)
        sevens += tr.ids[i] == 7;
    ck_assert_int_eq(sevens, 4);
    core_finish();
}
END_TEST

void add_sched_cases(Suite *s)
{
    CORE_CASE(s, spawned_tasks_first_run_in_spawn_order);
    CORE_CASE(s, wakes_run_tasks_in_wake_order);
    CORE_CASE(s, yield_lets_every_other_ready_task_run);
    CORE_CASE(s, task_woken_many_times_is_queued_once);
    CORE_CASE(s, hundred_thousand_tasks_complete);
    CORE_CASE(s, runtime_resumes_leftover_tasks_in_next_block_on);
}
