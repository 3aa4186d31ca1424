/* test_handles.c — task handles that cannot hit the wrong task: every
 * use of a handle that was already given up (joined, detached,
 * cancelled) aborts with a message naming the call and the task's
 * function, in every build, and never acts on a task that reuses the
 * memory.  Each misuse runs as a death test (tests/death.h). */
#include "core_util.h"
#include "death.h"

#include "core.h" /* pn__handle_task: which slot a handle names */

#include <pthread.h>

/* ---- async int join_one(pn_task *t)
 * {
 *     return await(pn_join(t));
 * }
 */
struct join_one__frame {
    pn_future pn__hdr;
    int pn__ret;
    pn_task *t;
    union {
        struct pn_join__frame a1; /* await(pn_join(t)) */
    } pn__child;
};

static void join_one__init(struct join_one__frame *f, pn_task *t)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->t = t;
}

static pn_poll join_one__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct join_one__frame *f = (struct join_one__frame *)pn__self;
    pn__pin_check(pn__self, "join_one");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("join_one", f->pn__hdr.pn__state);
    }
pn__start:
    pn_join__init(&f->pn__child.a1, f->t);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_join__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->pn__ret = f->pn__child.a1.pn__ret;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void join_one__drop(pn_future *pn__self)
{
    struct join_one__frame *f = (struct join_one__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_join__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE(join_one);

/* ---- async int victim(struct slot *s)
 * {
 *     return await(park(s));
 * }
 * whose drop says so on stderr: a death test can tell whether a stale
 * handle reached the task that reuses its slot.
 */
struct victim__frame {
    pn_future pn__hdr;
    int pn__ret;
    struct slot *s;
    union {
        struct park__frame a1; /* await(park(s)) */
    } pn__child;
};

static void victim__init(struct victim__frame *f, struct slot *s)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->s = s;
}

static pn_poll victim__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct victim__frame *f = (struct victim__frame *)pn__self;
    pn__pin_check(pn__self, "victim");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("victim", f->pn__hdr.pn__state);
    }
pn__start:
    park__init(&f->pn__child.a1, f->s);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (park__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->pn__ret = f->pn__child.a1.pn__ret;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void victim__drop(pn_future *pn__self)
{
    struct victim__frame *f = (struct victim__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1) {
        fprintf(stderr, "victim dropped\n");
        park__drop(&f->pn__child.a1.pn__hdr);
    }
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE(victim);

/* ---- helpers ------------------------------------------------------- */

/* A finished task of twice, joined: its handle is given up. */
static pn_task *spawn_and_join(void)
{
    pn_task *t;
    TEST_SPAWN(t, twice, 21);
    ck_assert_ptr_nonnull(t);
    struct join_one__frame j;
    TEST_BLOCK_ON(j, join_one, t);
    ck_assert_int_eq(j.pn__ret, 0);
    return t;
}

static void run_join(void *t)
{
    struct join_one__frame j;
    TEST_BLOCK_ON(j, join_one, t);
}

static void run_join_result(void *t)
{
    int v = 0;
    struct join_into__frame j;
    TEST_BLOCK_ON(j, join_into, t, &v, sizeof v);
}

static void run_cancel(void *t)
{
    pn_cancel(t);
}

static void run_detach(void *t)
{
    pn_detach(t);
}

static void let_run(void)
{
    struct pause_ms__frame p;
    TEST_BLOCK_ON(p, pause_ms, 1);
}

/* ---- the misuses --------------------------------------------------- */

START_TEST(handle_joined_twice_aborts)
{
    char out[DEATH_OUTPUT_MAX];
    pn_task *t = spawn_and_join();
    expect_death(run_join, t, "pinion: pn_join(", out);
    ck_assert_ptr_nonnull(strstr(out, "stale task handle: the task of twice it named was already "
                                      "joined, detached or cancelled"));
    expect_death(run_join_result, t, "pn_join_result(", out);
    ck_assert_ptr_nonnull(strstr(out, "stale task handle: the task of twice"));
    core_finish();
}
END_TEST

/* Two joins of one handle at once: the second is refused when it starts. */
START_TEST(handle_joined_while_joined_aborts)
{
    static struct slot s;
    pn_task *t, *j1, *j2;
    TEST_SPAWN(t, victim, &s);
    TEST_SPAWN(j1, join_one, t);
    let_run(); /* t parks; j1 waits for it */
    TEST_SPAWN(j2, join_one, t);
    char out[DEATH_OUTPUT_MAX];
    expect_death((void (*)(void *))let_run, NULL,
                 "pinion: pn_join(", out);
    ck_assert_ptr_nonnull(strstr(out, "task victim is already being joined"));
    pn_cancel(j2);
    slot_wake(&s, 1);
    struct join_one__frame j;
    TEST_BLOCK_ON(j, join_one, j1);
    ck_assert_int_eq(j.pn__ret, 0);
    core_finish();
}
END_TEST

START_TEST(handle_cancelled_after_join_aborts)
{
    char out[DEATH_OUTPUT_MAX];
    pn_task *t = spawn_and_join();
    expect_death(run_cancel, t, "pinion: pn_cancel(", out);
    ck_assert_ptr_nonnull(strstr(out, "stale task handle: the task of twice"));
    core_finish();
}
END_TEST

/* Detached and still alive: the memory is the same task's, the handle is
 * no longer the caller's. */
START_TEST(handle_cancelled_after_detach_aborts)
{
    char out[DEATH_OUTPUT_MAX];
    static struct slot s;
    pn_task *t;
    TEST_SPAWN(t, victim, &s);
    let_run();
    pn_detach(t);
    expect_death(run_cancel, t, "pinion: pn_cancel(", out);
    ck_assert_ptr_nonnull(strstr(out, "stale task handle: the task of victim"));
    ck_assert_ptr_null(strstr(out, "victim dropped"));
    ck_assert_int_eq(s.dropped, 0);
    slot_wake(&s, 1);
    let_run();
    core_finish();
}
END_TEST

START_TEST(handle_joined_after_detach_aborts)
{
    char out[DEATH_OUTPUT_MAX];
    pn_task *t;
    TEST_SPAWN(t, twice, 1);
    pn_detach(t);
    expect_death(run_join, t, "pinion: pn_join(", out);
    ck_assert_ptr_nonnull(strstr(out, "stale task handle: the task of twice"));
    expect_death(run_join_result, t, "pinion: pn_join_result(", out);
    core_finish();
}
END_TEST

START_TEST(handle_detached_twice_aborts)
{
    char out[DEATH_OUTPUT_MAX];
    pn_task *t;
    TEST_SPAWN(t, twice, 1);
    pn_detach(t);
    expect_death(run_detach, t, "pinion: pn_detach(", out);
    ck_assert_ptr_nonnull(strstr(out, "stale task handle: the task of twice"));
    pn_task *c;
    TEST_SPAWN(c, twice, 2);
    pn_cancel(c);
    expect_death(run_detach, c, "pinion: pn_detach(", out);
    expect_death(run_cancel, c, "pinion: pn_cancel(", out);
    core_finish();
}
END_TEST

/* A pending join owns the handle: detaching it would give it up twice. */
START_TEST(handle_detached_while_joined_aborts)
{
    static struct slot s;
    pn_task *t, *j1;
    TEST_SPAWN(t, victim, &s);
    TEST_SPAWN(j1, join_one, t);
    let_run();
    char out[DEATH_OUTPUT_MAX];
    expect_death(run_detach, t, "pinion: pn_detach(", out);
    ck_assert_ptr_nonnull(strstr(out, "task victim is being joined"));
    /* Cancelling through a copy of the handle stays allowed. */
    pn_cancel(t);
    struct join_one__frame j;
    TEST_BLOCK_ON(j, join_one, j1);
    ck_assert_int_eq(j.pn__ret, 0);
    ck_assert_int_eq(s.dropped, 1);
    core_finish();
}
END_TEST

/* The memory of a joined task goes to the next task of the same function;
 * the old handle names the same slot but acts on nothing. */
START_TEST(stale_handle_does_not_act_on_the_task_reusing_its_slot)
{
    static struct slot s1, s2;
    pn_task *old, *fresh;
    TEST_SPAWN(old, victim, &s1);
    let_run();
    slot_wake(&s1, 1);
    struct join_one__frame j;
    TEST_BLOCK_ON(j, join_one, old);
    ck_assert_int_eq(j.pn__ret, 0);
    TEST_SPAWN(fresh, victim, &s2);
    let_run(); /* fresh parks in the slot old had */
    ck_assert_ptr_eq(pn__handle_task(old), pn__handle_task(fresh));
    ck_assert_ptr_ne(old, fresh);

    char out[DEATH_OUTPUT_MAX];
    expect_death(run_cancel, old, "pinion: pn_cancel(", out);
    ck_assert_ptr_nonnull(strstr(out, "stale task handle: the task of victim"));
    ck_assert_ptr_null(strstr(out, "victim dropped"));
    expect_death(run_join, old, "pinion: pn_join(", out);
    expect_death(run_detach, old, "pinion: pn_detach(", out);

    /* fresh was not touched: still parked, its handle still good. */
    ck_assert_int_eq(s2.dropped, 0);
    ck_assert_ptr_nonnull(s2.waker);
    slot_wake(&s2, 7);
    int v = 0;
    struct join_into__frame jr;
    TEST_BLOCK_ON(jr, join_into, fresh, &v, sizeof v);
    ck_assert_int_eq(jr.pn__ret, 0);
    ck_assert_int_eq(v, 7);
    core_finish();
}
END_TEST

/* A handle used on a thread whose runtime the task is not of: the owner
 * check (a compare of the thread pointer each runtime records) refuses
 * it before anything of the task is touched. */
struct foreign_use {
    void (*use)(void *);
    void *t;
};

static void *foreign_thread(void *arg)
{
    struct foreign_use *u = arg;
    u->use(u->t);
    return NULL;
}

static void run_on_another_thread(void *arg)
{
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, foreign_thread, arg), 0);
    pthread_join(th, NULL);
}

START_TEST(handle_used_on_another_thread_aborts)
{
    char out[DEATH_OUTPUT_MAX];
    static struct slot s;
    pn_task *t;
    TEST_SPAWN(t, victim, &s);
    let_run(); /* t parks */
    struct foreign_use join = {run_join, t}, join_result = {run_join_result, t},
                       cancel = {run_cancel, t}, detach = {run_detach, t};
    expect_death(run_on_another_thread, &join, "pinion: pn_join(", out);
    ck_assert_ptr_nonnull(strstr(out, "task victim belongs to another thread's runtime"));
    expect_death(run_on_another_thread, &join_result, "pinion: pn_join_result(", out);
    ck_assert_ptr_nonnull(strstr(out, "task victim belongs to another thread's runtime"));
    expect_death(run_on_another_thread, &cancel, "pinion: pn_cancel(", out);
    ck_assert_ptr_nonnull(strstr(out, "task victim belongs to another thread's runtime"));
    ck_assert_ptr_null(strstr(out, "victim dropped"));
    expect_death(run_on_another_thread, &detach, "pinion: pn_detach(", out);
    ck_assert_ptr_nonnull(strstr(out, "task victim belongs to another thread's runtime"));
    /* Still this thread's, untouched. */
    ck_assert_int_eq(s.dropped, 0);
    slot_wake(&s, 3);
    int v = 0;
    struct join_into__frame jr;
    TEST_BLOCK_ON(jr, join_into, t, &v, sizeof v);
    ck_assert_int_eq(jr.pn__ret, 0);
    ck_assert_int_eq(v, 3);
    core_finish();
}
END_TEST

void add_handle_cases(Suite *s)
{
    CORE_CASE(s, handle_joined_twice_aborts);
    CORE_CASE(s, handle_joined_while_joined_aborts);
    CORE_CASE(s, handle_cancelled_after_join_aborts);
    CORE_CASE(s, handle_cancelled_after_detach_aborts);
    CORE_CASE(s, handle_joined_after_detach_aborts);
    CORE_CASE(s, handle_detached_twice_aborts);
    CORE_CASE(s, handle_detached_while_joined_aborts);
    CORE_CASE(s, stale_handle_does_not_act_on_the_task_reusing_its_slot);
    CORE_CASE(s, handle_used_on_another_thread_aborts);
}
