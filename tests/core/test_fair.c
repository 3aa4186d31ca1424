/* test_fair.c — fairness: timers are looked at after every pn_yield and
 * at least every millisecond of polling, so tasks that compute for
 * milliseconds at a time cannot hold back a due timer by more than about
 * one of their slices.  (The same for I/O readiness is in the I/O
 * suite.)  The bounds are generous, for a loaded machine; a loop that
 * looks only once per batch of 64 polls misses them by far. */
#include "core_util.h"
#include "busy.h"

enum {
    SLICE_MS = 5,
    TIMER_MS = 20,
    /* Slices that may end between the timer's deadline and its firing:
     * the one under way, and one for the millisecond the deadline is
     * rounded up by.  A loop that looks once per 64 polls lets ~60 by. */
    MAX_LATE_SLICES = 3,
};
#define MS UINT64_C(1000000)

/* When trace entry i (a sleeper of ms milliseconds) was due and when it
 * woke, in pn_now_ns() time; deadlines are rounded up to a whole
 * millisecond. */
static void sleeper_times(const struct trace *tr, int i, uint64_t ms, uint64_t *due,
                          uint64_t *woke)
{
    *woke = tr->start_ns + tr->at_ns[i];
    *due = *woke - tr->waited_ns[i] + ms * MS + MS;
}

START_TEST(yielding_busy_task_does_not_delay_a_due_timer_past_a_slice)
{
    static struct trace tr;
    static struct busy_log log;
    trace_init(&tr);
    pn_task *tasks[2];
    int results[2];
    TEST_SPAWN(tasks[0], sleeper, &tr, 1, TIMER_MS);
    /* Stops once the sleeper has traced its wake-up (tr.n becomes 1). */
    TEST_SPAWN(tasks[1], busy, SLICE_MS * MS, 200, &tr.n, &log);
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, 2);
    ck_assert_int_eq(tr.n, 1);
    ck_assert_uint_ge(tr.waited_ns[0], TIMER_MS * MS);
    uint64_t due, woke;
    sleeper_times(&tr, 0, TIMER_MS, &due, &woke);
    int late = busy_slices_between(&log, due, woke);
    ck_assert_msg(late <= MAX_LATE_SLICES,
                  "a %d ms timer fired after %.1f ms, %d slices of %d ms after it was due",
                  TIMER_MS, (double)tr.waited_ns[0] / MS, late, SLICE_MS);
    core_finish();
}
END_TEST

/*
 * Two tasks that hand a turn back and forth, computing for a slice on
 * each turn and waking the other: neither ever yields, every poll of
 * theirs is a few milliseconds long, and what they wake runs next.  The
 * loop must still look at the timers after a millisecond of it.
 */
struct relay {
    pn_waker *w[2];
    int turn;
    const int *stop;
    struct busy_log log; /* the turns, as slices */
};

struct relay_leg__frame {
    pn_future pn__hdr;
    struct relay *r;
    int me;
};

static void relay_leg__init(struct relay_leg__frame *f, struct relay *r, int me)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->r = r;
    f->me = me;
}

static pn_poll relay_leg__poll(pn_future *self, pn_context *cx)
{
    struct relay_leg__frame *f = (struct relay_leg__frame *)self;
    struct relay *r = f->r;
    pn__pin_check(self, "relay_leg");
    int over = *r->stop || r->log.slices >= 200;
    if (!over && r->turn == f->me) {
        busy_compute(SLICE_MS * MS);
        r->log.ends[r->log.slices++] = pn_now_ns();
        r->turn = 1 - f->me;
    }
    pn_waker *other = r->w[1 - f->me];
    r->w[1 - f->me] = NULL;
    pn_waker_wake(other);
    if (over) {
        self->pn__state = PN__STATE_DONE;
        return PN_READY;
    }
    if (r->w[f->me] == NULL)
        r->w[f->me] = pn_waker_clone(cx);
    self->pn__state = 1;
    return PN_PENDING;
}

static void relay_leg__drop(pn_future *self)
{
    struct relay_leg__frame *f = (struct relay_leg__frame *)self;
    pn_waker *w = f->r->w[f->me];
    f->r->w[f->me] = NULL;
    pn_waker_drop(w);
}

TEST_VTABLE_VOID(relay_leg);

START_TEST(tasks_waking_each_other_in_long_polls_do_not_delay_a_due_timer)
{
    static struct trace tr;
    static struct relay r;
    trace_init(&tr);
    r.stop = &tr.n;
    pn_task *tasks[3];
    int results[3];
    TEST_SPAWN(tasks[0], sleeper, &tr, 1, TIMER_MS);
    TEST_SPAWN(tasks[1], relay_leg, &r, 0);
    TEST_SPAWN(tasks[2], relay_leg, &r, 1);
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, 3);
    ck_assert_int_eq(tr.n, 1);
    uint64_t due, woke;
    sleeper_times(&tr, 0, TIMER_MS, &due, &woke);
    int late = busy_slices_between(&r.log, due, woke);
    ck_assert_msg(late <= MAX_LATE_SLICES,
                  "a %d ms timer fired after %.1f ms, %d turns of %d ms after it was due",
                  TIMER_MS, (double)tr.waited_ns[0] / MS, late, SLICE_MS);
    core_finish();
}
END_TEST

/* Yielders deferred to the next look at the timers keep the round-robin
 * order they have without one: armed or not, two tasks that yield
 * alternate. */
START_TEST(yields_keep_their_order_while_a_timer_is_armed)
{
    static struct trace tr, sleepers;
    trace_init(&tr);
    trace_init(&sleepers);
    for (int armed = 0; armed < 2; armed++) {
        pn_task *hour = NULL;
        if (armed)
            TEST_SPAWN(hour, sleeper, &sleepers, 9, 3600 * 1000);
        pn_task *tasks[2];
        int results[2];
        TEST_SPAWN(tasks[0], note, &tr, 1, 3);
        TEST_SPAWN(tasks[1], note, &tr, 2, 3);
        struct join_all__frame root;
        TEST_BLOCK_ON(root, join_all, tasks, results, 2);
        pn_cancel(hour);
    }
    ck_assert_int_eq(tr.n, 12);
    for (int i = 0; i < 12; i++)
        ck_assert_int_eq(tr.ids[i], 1 + i % 2);
    ck_assert_int_eq(sleepers.n, 0);
    core_finish();
}
END_TEST

void add_fair_cases(Suite *s)
{
    CORE_CASE(s, yielding_busy_task_does_not_delay_a_due_timer_past_a_slice);
    CORE_CASE(s, tasks_waking_each_other_in_long_polls_do_not_delay_a_due_timer);
    CORE_CASE(s, yields_keep_their_order_while_a_timer_is_armed);
}
