/* test_sched.c — the ready order: FIFO order of spawns and wakes from
 * outside any task, what a yield lets run, one queue entry per task
 * however often it is woken, and many tasks at once; then what a running
 * task spawns or wakes running next (spawn trees depth-first, a woken
 * parent after its children, nested spawns first), and the limit that
 * keeps it from starving the FIFO queue. */
#include "core_util.h"

/* PN__NEXT_MAX: how many polls in a row the tasks made ready by running
 * tasks may take before the FIFO queue goes first. */
#include "core.h"

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

/* ==================================================================== */
/* The ready order: what a running task spawns or wakes runs next       */
/* ==================================================================== */

/*
 * A tree of tasks and what it costs: tasks polled and not yet finished
 * (live), tasks started and not yet finished (outstanding: spawned, plus
 * the root), the peak of each, and every poll of a node.
 */
struct forest {
    int live, peak_live;
    int outstanding, peak_outstanding;
    int spawned;
    long polls;
    int join_errors;
};

static void forest_init(struct forest *fo)
{
    memset(fo, 0, sizeof *fo);
    fo->outstanding = fo->peak_outstanding = 1; /* the root */
}

static void forest_enter(struct forest *fo)
{
    if (++fo->live > fo->peak_live)
        fo->peak_live = fo->live;
}

static void forest_spawned(struct forest *fo)
{
    fo->spawned++;
    if (++fo->outstanding > fo->peak_outstanding)
        fo->peak_outstanding = fo->outstanding;
}

static void forest_leave(struct forest *fo)
{
    fo->live--;
    fo->outstanding--;
}

/* ---- async long node(struct forest *fo, long num, long size)
 * {
 *     forest_enter(fo);
 *     if (size == 1) {
 *         forest_leave(fo);
 *         return num;
 *     }
 *     pn_task *kids[10];
 *     long step = size / 10;
 *     for (int i = 0; i < 10; i++) {
 *         kids[i] = pn_spawn(node(fo, num + i * step, step));
 *         forest_spawned(fo);
 *     }
 *     long sum = 0;
 *     for (int i = 0; i < 10; i++) {
 *         long v = 0;
 *         if (await(pn_join_result(kids[i], &v, sizeof v)) != 0)
 *             fo->join_errors++;
 *         sum += v;
 *     }
 *     forest_leave(fo);
 *     return sum;
 * }
 * The skynet tree: a node of size s > 1 spawns ten nodes of size s / 10
 * and joins them in order.  Its poll function also counts its polls in
 * fo->polls (a probe of the test; nothing the transformer writes).
 */
struct node__frame {
    pn_future pn__hdr;
    long pn__ret;
    struct forest *fo;
    long num;
    long size;
    pn_task *kids[10];
    long sum;
    int i;
    long v;
    union {
        struct pn_join_result__frame a1; /* await(pn_join_result(kids[i], &v, sizeof v)) */
    } pn__child;
};

static const pn_future_vtable node__vtable;

static void node__init(struct node__frame *f, struct forest *fo, long num, long size)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->fo = fo;
    f->num = num;
    f->size = size;
}

static pn_poll node__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct node__frame *f = (struct node__frame *)pn__self;
    pn__pin_check(pn__self, "node");
    f->fo->polls++;
    long step;
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("node", f->pn__hdr.pn__state);
    }
pn__start:
    forest_enter(f->fo);
    if (f->size == 1) {
        forest_leave(f->fo);
        f->pn__ret = f->num;
        f->pn__hdr.pn__state = PN__STATE_DONE;
        return PN_READY;
    }
    step = f->size / 10;
    for (f->i = 0; f->i < 10; f->i++) {
        TEST_SPAWN(f->kids[f->i], node, f->fo, f->num + f->i * step, step);
        forest_spawned(f->fo);
    }
    f->sum = 0;
    f->i = 0;
pn__for_cond:
    if (!(f->i < 10))
        goto pn__for_end;
    f->v = 0;
    pn_join_result__init(&f->pn__child.a1, f->kids[f->i], &f->v, sizeof f->v);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_join_result__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    if (f->pn__child.a1.pn__ret != 0)
        f->fo->join_errors++;
    f->sum += f->v;
    f->i++;
    goto pn__for_cond;
pn__for_end:
    forest_leave(f->fo);
    f->pn__ret = f->sum;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void node__drop(pn_future *pn__self)
{
    struct node__frame *f = (struct node__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_join_result__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE(node);

START_TEST(spawn_tree_runs_depth_first)
{
    /* Fan-out 10, four levels below the root: 10,000 leaves, 11,110
     * spawned tasks. */
    enum { LEAVES = 10000, DEPTH = 4, FANOUT = 10, SPAWNED = 11110, INNER = 1111 };
    struct forest fo;
    forest_init(&fo);
    struct node__frame root;
    TEST_BLOCK_ON(root, node, &fo, 0, LEAVES);
    ck_assert_int_eq(root.pn__ret, (long)LEAVES * (LEAVES - 1) / 2);
    ck_assert_int_eq(fo.join_errors, 0);
    ck_assert_int_eq(fo.spawned, SPAWNED);
    ck_assert_int_eq(fo.live, 0);
    ck_assert_int_eq(fo.outstanding, 0);
    /*
     * While a leaf runs, every node on its path to the root has been
     * polled (it spawned the next one) and has not finished (it waits for
     * it): DEPTH + 1 live nodes under any order.  Depth-first, that is
     * all: a node's children run, and finish, before the next sibling of
     * the node is first polled, so no two siblings are ever live together
     * (observed: 5).  In FIFO order every one of the 1,111 inner nodes is
     * polled before the first leaf runs.
     */
    ck_assert_int_eq(fo.peak_live, DEPTH + 1);
    /*
     * Started and unfinished: the root, plus at most the FANOUT children
     * of each node on the current path (a node spawns all of its children
     * before it waits for the first), so FANOUT * DEPTH + 1 = 41; it is
     * reached when the first leaf's parent spawns (observed: 41).  In
     * FIFO order all 11,110 are started before any finishes.
     */
    ck_assert_int_le(fo.peak_outstanding, FANOUT * DEPTH + 1);
    /* Every leaf is polled once, every inner node twice: once to spawn,
     * once when all its children are done. */
    ck_assert_int_eq(fo.polls, LEAVES + 2L * INNER);
    core_finish();
}
END_TEST

/* ---- async long brood(struct forest *fo, const long *sizes, int n, int *polls)
 * {
 *     pn_task *kids[10];
 *     long base = 0;
 *     for (int i = 0; i < n; i++) {
 *         kids[i] = pn_spawn(node(fo, base, sizes[i]));
 *         forest_spawned(fo);
 *         base += sizes[i];
 *     }
 *     long sum = 0;
 *     for (int i = 0; i < n; i++) {
 *         long v = 0;
 *         if (await(pn_join_result(kids[i], &v, sizeof v)) != 0)
 *             fo->join_errors++;
 *         sum += v;
 *     }
 *     return sum;
 * }
 * (n <= 10.)  Its poll function counts its own polls in *polls, as
 * node's does.
 */
struct brood__frame {
    pn_future pn__hdr;
    long pn__ret;
    struct forest *fo;
    const long *sizes;
    int n;
    int *polls;
    pn_task *kids[10];
    long sum;
    int i;
    long v;
    union {
        struct pn_join_result__frame a1; /* await(pn_join_result(kids[i], &v, sizeof v)) */
    } pn__child;
};

static void brood__init(struct brood__frame *f, struct forest *fo, const long *sizes, int n,
                        int *polls)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->fo = fo;
    f->sizes = sizes;
    f->n = n;
    f->polls = polls;
}

static pn_poll brood__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct brood__frame *f = (struct brood__frame *)pn__self;
    pn__pin_check(pn__self, "brood");
    (*f->polls)++;
    long base;
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("brood", f->pn__hdr.pn__state);
    }
pn__start:
    base = 0;
    for (f->i = 0; f->i < f->n; f->i++) {
        TEST_SPAWN(f->kids[f->i], node, f->fo, base, f->sizes[f->i]);
        forest_spawned(f->fo);
        base += f->sizes[f->i];
    }
    f->sum = 0;
    f->i = 0;
pn__for_cond:
    if (!(f->i < f->n))
        goto pn__for_end;
    f->v = 0;
    pn_join_result__init(&f->pn__child.a1, f->kids[f->i], &f->v, sizeof f->v);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_join_result__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    if (f->pn__child.a1.pn__ret != 0)
        f->fo->join_errors++;
    f->sum += f->v;
    f->i++;
    goto pn__for_cond;
pn__for_end:
    f->pn__ret = f->sum;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void brood__drop(pn_future *pn__self)
{
    struct brood__frame *f = (struct brood__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_join_result__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE(brood);

START_TEST(parent_joining_children_in_order_is_polled_twice)
{
    /*
     * Ten children of uneven size: single leaves and skynet trees of 10,
     * 100 and 1000 leaves.  The first child finishes at once and wakes
     * the parent, which then waits behind its nine siblings; each sibling
     * runs its whole tree before the next starts, so when the parent is
     * polled again every child is done.  In FIFO order the trees grow
     * level by level, side by side: the small ones finish rounds before
     * the big ones, and the parent, polled as soon as the child it waits
     * for finishes, finds the next one still running, again and again.
     */
    static const long sizes[10] = {1, 10, 100, 1000, 1, 10, 100, 1000, 1, 10};
    long leaves = 0;
    long inner = 0;
    for (int i = 0; i < 10; i++) {
        leaves += sizes[i];
        inner += (sizes[i] - 1) / 9; /* 1 + 10 + ... for size 10^k */
    }
    struct forest fo;
    forest_init(&fo);
    int polls = 0;
    struct brood__frame root;
    TEST_BLOCK_ON(root, brood, &fo, sizes, 10, &polls);
    ck_assert_int_eq(root.pn__ret, leaves * (leaves - 1) / 2);
    ck_assert_int_eq(fo.join_errors, 0);
    ck_assert_int_eq(polls, 2);
    /* And every node inside the children's trees too. */
    ck_assert_int_eq(fo.polls, leaves + 2 * inner);
    core_finish();
}
END_TEST

/* A task of a walk: its id, and the tasks it spawns. */
struct shape {
    int id;
    int nkids;
    const struct shape *kids;
};

/* What walk traces when a task finishes. */
#define WALK_DONE(ID) (100 + (ID))

/* ---- async void walk(struct trace *tr, const struct shape *s)
 * {
 *     trace_add(tr, s->id, 0);
 *     pn_task *kids[4];
 *     for (int i = 0; i < s->nkids; i++)
 *         kids[i] = pn_spawn(walk(tr, &s->kids[i]));
 *     for (int i = 0; i < s->nkids; i++)
 *         await(pn_join(kids[i]));
 *     trace_add(tr, WALK_DONE(s->id), 0);
 * }
 * (s->nkids <= 4.)
 */
struct walk__frame {
    pn_future pn__hdr;
    struct trace *tr;
    const struct shape *s;
    pn_task *kids[4];
    int i;
    union {
        struct pn_join__frame a1; /* await(pn_join(kids[i])) */
    } pn__child;
};

static const pn_future_vtable walk__vtable;

static void walk__init(struct walk__frame *f, struct trace *tr, const struct shape *s)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->tr = tr;
    f->s = s;
}

static pn_poll walk__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct walk__frame *f = (struct walk__frame *)pn__self;
    pn__pin_check(pn__self, "walk");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("walk", f->pn__hdr.pn__state);
    }
pn__start:
    trace_add(f->tr, f->s->id, 0);
    for (f->i = 0; f->i < f->s->nkids; f->i++)
        TEST_SPAWN(f->kids[f->i], walk, f->tr, &f->s->kids[f->i]);
    f->i = 0;
pn__for_cond:
    if (!(f->i < f->s->nkids))
        goto pn__for_end;
    pn_join__init(&f->pn__child.a1, f->kids[f->i]);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_join__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->i++;
    goto pn__for_cond;
pn__for_end:
    trace_add(f->tr, WALK_DONE(f->s->id), 0);
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void walk__drop(pn_future *pn__self)
{
    struct walk__frame *f = (struct walk__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_join__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE_VOID(walk);

START_TEST(nested_spawns_run_right_after_their_spawner)
{
    /* A spawns X and Y; X, when polled, spawns X1.  X1 runs right after
     * X, before Y, which A had spawned earlier: A, X, X1, Y (in FIFO
     * order: A, X, Y, X1). */
    enum { A = 1, X = 2, X1 = 3, Y = 4 };
    static const struct shape x_kids[1] = {{X1, 0, NULL}};
    static const struct shape a_kids[2] = {{X, 1, x_kids}, {Y, 0, NULL}};
    static const struct shape a = {A, 2, a_kids};
    struct trace tr;
    trace_init(&tr);
    struct walk__frame root;
    TEST_BLOCK_ON(root, walk, &tr, &a);
    int first[4];
    int n = 0;
    for (int k = 0; k < tr.n; k++)
        if (tr.ids[k] < WALK_DONE(0)) {
            ck_assert_int_lt(n, 4);
            first[n++] = tr.ids[k];
        }
    ck_assert_int_eq(n, 4);
    ck_assert_int_eq(first[0], A);
    ck_assert_int_eq(first[1], X);
    ck_assert_int_eq(first[2], X1);
    ck_assert_int_eq(first[3], Y);
    ck_assert_int_eq(tr.n, 8);
    ck_assert_int_eq(tr.ids[tr.n - 1], WALK_DONE(A));
    core_finish();
}
END_TEST

START_TEST(woken_parent_runs_after_the_wakers_siblings)
{
    /*
     * P spawns C0..C3 and waits for C0.  C0 finishes and wakes P, which
     * runs after C1..C3 (C0's siblings, still ready), and all of that
     * before Z, which was ready before P spawned anything.  In FIFO order
     * Z runs first; had P been woken to run right after C0, it would run
     * before C1.
     */
    enum { P = 1, C0 = 10, C1 = 11, C2 = 12, C3 = 13, Z = 20 };
    static const struct shape p_kids[4] = {{C0, 0, NULL}, {C1, 0, NULL}, {C2, 0, NULL}, {C3, 0, NULL}};
    static const struct shape p = {P, 4, p_kids};
    static const struct shape z = {Z, 0, NULL};
    static const int want[] = {
        P, C0, WALK_DONE(C0), C1, WALK_DONE(C1), C2, WALK_DONE(C2), C3, WALK_DONE(C3),
        WALK_DONE(P), Z, WALK_DONE(Z),
    };
    enum { WANT = sizeof want / sizeof want[0] };
    struct trace tr;
    trace_init(&tr);
    pn_task *tasks[2];
    int results[2];
    TEST_SPAWN(tasks[0], walk, &tr, &p);
    TEST_SPAWN(tasks[1], walk, &tr, &z);
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, 2);
    ck_assert_int_eq(tr.n, WANT);
    for (int k = 0; k < WANT; k++)
        ck_assert_int_eq(tr.ids[k], want[k]);
    core_finish();
}
END_TEST

START_TEST(woken_task_runs_right_after_a_waker_without_siblings)
{
    /*
     * The waker came from the FIFO queue, so it has no siblings: the task
     * it wakes runs right after it, ahead of the tasks already waiting in
     * the queue.  Q parks; N traces 9 and yields, three times; W yields
     * once, then wakes Q.  Order: N, N, Q, N (in FIFO order: N, N, N, Q).
     */
    struct trace tr;
    trace_init(&tr);
    struct slot slot;
    memset(&slot, 0, sizeof slot);
    static const int order[1] = {0};
    pn_task *tasks[3];
    int results[3];
    TEST_SPAWN(tasks[0], parker, &tr, 1, &slot);
    TEST_SPAWN(tasks[1], note, &tr, 9, 3);
    TEST_SPAWN(tasks[2], wake_in_order, &slot, order, 1);
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, 3);
    ck_assert_int_eq(tr.n, 4);
    ck_assert_int_eq(tr.ids[0], 9);
    ck_assert_int_eq(tr.ids[1], 9);
    ck_assert_int_eq(tr.ids[2], 1);
    ck_assert_int_eq(tr.ids[3], 9);
    core_finish();
}
END_TEST

/*
 * A rally between two tasks on one thread: each, on its turn, scores a
 * hit, hands the turn over and wakes the other through the waker it left.
 * Hits are counted from 1 to limit; spins is the yielding task's count of
 * polls, read at the first and the last hit.
 */
struct rally {
    pn_waker *w[2];
    int turn;
    int hits;
    int limit;
    int over;
    int spins;
    int spins_at_first_hit;
    int spins_at_last_hit;
};

/* A leaf written by hand: player me of the rally, done when it is over. */
struct volley__frame {
    pn_future pn__hdr;
    struct rally *r;
    int me;
};

static void volley__init(struct volley__frame *f, struct rally *r, int me)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->r = r;
    f->me = me;
}

static pn_poll volley__poll(pn_future *self, pn_context *cx)
{
    struct volley__frame *f = (struct volley__frame *)self;
    struct rally *r = f->r;
    pn__pin_check(self, "volley");
    if (self->pn__state > 1)
        pn__bad_state("volley", self->pn__state);
    if (!r->over && r->turn == f->me) {
        if (++r->hits == 1)
            r->spins_at_first_hit = r->spins;
        if (r->hits == r->limit) {
            r->spins_at_last_hit = r->spins;
            r->over = 1;
        }
        r->turn = 1 - f->me;
        pn_waker *other = r->w[1 - f->me];
        r->w[1 - f->me] = NULL;
        pn_waker_wake(other);
    }
    if (r->over) {
        self->pn__state = PN__STATE_DONE;
        return PN_READY;
    }
    if (r->w[f->me] == NULL)
        r->w[f->me] = pn_waker_clone(cx);
    self->pn__state = 1;
    return PN_PENDING;
}

static void volley__drop(pn_future *self)
{
    struct volley__frame *f = (struct volley__frame *)self;
    pn_waker *w = f->r->w[f->me];
    f->r->w[f->me] = NULL;
    pn_waker_drop(w);
}

TEST_VTABLE_VOID(volley);

/* ---- async void spin(struct rally *r)
 * {
 *     while (!r->over) {
 *         r->spins++;
 *         await(pn_yield());
 *     }
 * }
 */
struct spin__frame {
    pn_future pn__hdr;
    struct rally *r;
    union {
        struct pn_yield__frame a1; /* await(pn_yield()) */
    } pn__child;
};

static void spin__init(struct spin__frame *f, struct rally *r)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->r = r;
}

static pn_poll spin__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct spin__frame *f = (struct spin__frame *)pn__self;
    pn__pin_check(pn__self, "spin");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__while_cond;
    case 1: goto pn__await1;
    default: pn__bad_state("spin", f->pn__hdr.pn__state);
    }
pn__while_cond:
    if (f->r->over)
        goto pn__while_end;
    f->r->spins++;
    pn_yield__init(&f->pn__child.a1);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_yield__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    goto pn__while_cond;
pn__while_end:
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void spin__drop(pn_future *pn__self)
{
    struct spin__frame *f = (struct spin__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_yield__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE_VOID(spin);

START_TEST(tasks_waking_each_other_do_not_starve_the_fifo)
{
    /*
     * Each hit wakes the other player from inside a poll, so the rally
     * runs from next, while the spinning task, which yields, waits in the
     * FIFO queue.  After PN__NEXT_MAX polls in a row from next, next goes
     * behind the queue: the spinner is polled once, then the rally player
     * now at the head of the queue, then PN__NEXT_MAX more from next.  So
     * each spin stands for PN__NEXT_MAX + 1 hits, and the spins seen
     * between the first and the last hit are (hits - 1) / 33 rounded
     * either way (observed: 606 for 20,000 hits).  Without the limit the
     * spinner would not run at all until the rally ends; in FIFO order it
     * would run after every hit.
     */
    enum { ROUNDS = 10000, HITS = 2 * ROUNDS, SLACK = 2 };
    struct rally r;
    memset(&r, 0, sizeof r);
    r.limit = HITS;
    pn_task *tasks[3];
    int results[3];
    TEST_SPAWN(tasks[0], volley, &r, 0);
    TEST_SPAWN(tasks[1], volley, &r, 1);
    TEST_SPAWN(tasks[2], spin, &r);
    struct join_all__frame root;
    TEST_BLOCK_ON(root, join_all, tasks, results, 3);
    ck_assert_int_eq(r.hits, HITS);
    int spins = r.spins_at_last_hit - r.spins_at_first_hit;
    int expect = (HITS - 1) / (int)(PN__NEXT_MAX + 1);
    ck_assert_int_ge(spins, expect - SLACK);
    ck_assert_int_le(spins, expect + SLACK);
    core_finish();
}
END_TEST

/* What a brood of hatchlings did, and what the yielding parent saw. */
struct flock {
    int hatched;
    int grown;
    int hatched_at_resume;
    int grown_at_resume;
};

/* ---- async void grow(struct flock *fl)
 * {
 *     fl->grown++;
 * }
 */
struct grow__frame {
    pn_future pn__hdr;
    struct flock *fl;
};

static void grow__init(struct grow__frame *f, struct flock *fl)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->fl = fl;
}

static pn_poll grow__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct grow__frame *f = (struct grow__frame *)pn__self;
    (void)pn__cx;
    pn__pin_check(pn__self, "grow");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    default: pn__bad_state("grow", f->pn__hdr.pn__state);
    }
pn__start:
    f->fl->grown++;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void grow__drop(pn_future *pn__self)
{
    struct grow__frame *f = (struct grow__frame *)pn__self;
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE_VOID(grow);

/* ---- async void hatch(struct flock *fl)
 * {
 *     fl->hatched++;
 *     pn_detach(pn_spawn(grow(fl)));
 * }
 */
struct hatch__frame {
    pn_future pn__hdr;
    struct flock *fl;
};

static void hatch__init(struct hatch__frame *f, struct flock *fl)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->fl = fl;
}

static pn_poll hatch__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct hatch__frame *f = (struct hatch__frame *)pn__self;
    (void)pn__cx;
    pn__pin_check(pn__self, "hatch");
    pn_task *t;
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    default: pn__bad_state("hatch", f->pn__hdr.pn__state);
    }
pn__start:
    f->fl->hatched++;
    TEST_SPAWN(t, grow, f->fl);
    ck_assert_ptr_nonnull(t);
    pn_detach(t);
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void hatch__drop(pn_future *pn__self)
{
    struct hatch__frame *f = (struct hatch__frame *)pn__self;
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE_VOID(hatch);

/* ---- async void hatch_then_yield(struct flock *fl, pn_task **tasks, int n)
 * {
 *     for (int i = 0; i < n; i++)
 *         tasks[i] = pn_spawn(hatch(fl));
 *     await(pn_yield());
 *     fl->hatched_at_resume = fl->hatched;
 *     fl->grown_at_resume = fl->grown;
 *     for (int i = 0; i < n; i++)
 *         await(pn_join(tasks[i]));
 * }
 */
struct hatch_then_yield__frame {
    pn_future pn__hdr;
    struct flock *fl;
    pn_task **tasks;
    int n;
    int i;
    union {
        struct pn_yield__frame a1; /* await(pn_yield()) */
        struct pn_join__frame a2;  /* await(pn_join(tasks[i])) */
    } pn__child;
};

static void hatch_then_yield__init(struct hatch_then_yield__frame *f, struct flock *fl,
                                   pn_task **tasks, int n)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->fl = fl;
    f->tasks = tasks;
    f->n = n;
}

static pn_poll hatch_then_yield__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct hatch_then_yield__frame *f = (struct hatch_then_yield__frame *)pn__self;
    pn__pin_check(pn__self, "hatch_then_yield");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    case 2: goto pn__await2;
    default: pn__bad_state("hatch_then_yield", f->pn__hdr.pn__state);
    }
pn__start:
    for (f->i = 0; f->i < f->n; f->i++)
        TEST_SPAWN(f->tasks[f->i], hatch, f->fl);
    pn_yield__init(&f->pn__child.a1);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_yield__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->fl->hatched_at_resume = f->fl->hatched;
    f->fl->grown_at_resume = f->fl->grown;
    f->i = 0;
pn__for_cond:
    if (!(f->i < f->n))
        goto pn__for_end;
    pn_join__init(&f->pn__child.a2, f->tasks[f->i]);
    f->pn__hdr.pn__state = 2;
pn__await2:
    if (pn_join__poll(&f->pn__child.a2.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->i++;
    goto pn__for_cond;
pn__for_end:
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void hatch_then_yield__drop(pn_future *pn__self)
{
    struct hatch_then_yield__frame *f = (struct hatch_then_yield__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_yield__drop(&f->pn__child.a1.pn__hdr);
    else if (f->pn__hdr.pn__state == 2)
        pn_join__drop(&f->pn__child.a2.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE_VOID(hatch_then_yield);

START_TEST(yield_goes_behind_everything_spawned)
{
    /*
     * The 1000 tasks spawned in the parent's poll wait in next when it
     * yields; the yield puts them, in order, in the FIFO queue ahead of
     * the parent, so all have run when it resumes.  And each of them
     * spawns a task of its own, which runs right after its spawner, also
     * before the parent: 1000 grown too.  (In FIFO order those 1000 are
     * queued behind the parent: none has run when it resumes.)
     */
    enum { N = 1000 };
    pn_task **tasks = malloc(N * sizeof *tasks);
    ck_assert_ptr_nonnull(tasks);
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    struct hatch_then_yield__frame root;
    TEST_BLOCK_ON(root, hatch_then_yield, &fl, tasks, N);
    ck_assert_int_eq(fl.hatched_at_resume, N);
    ck_assert_int_eq(fl.grown_at_resume, N);
    ck_assert_int_eq(fl.hatched, N);
    ck_assert_int_eq(fl.grown, N);
    free(tasks);
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
    CORE_CASE(s, spawn_tree_runs_depth_first);
    CORE_CASE(s, parent_joining_children_in_order_is_polled_twice);
    CORE_CASE(s, nested_spawns_run_right_after_their_spawner);
    CORE_CASE(s, woken_parent_runs_after_the_wakers_siblings);
    CORE_CASE(s, woken_task_runs_right_after_a_waker_without_siblings);
    CORE_CASE(s, tasks_waking_each_other_do_not_starve_the_fifo);
    CORE_CASE(s, yield_goes_behind_everything_spawned);
}
