/* test_abort.c — misuse the runtime refuses loudly: a frame that moved
 * after its first poll, pn_block_on nested inside a task, a frame polled
 * after it completed.  Each case expects SIGABRT. */
/* The check is on unless NDEBUG; this file wants it whatever the build. */
#define PN_PIN_CHECK 1
#include "core_util.h"
#include "death.h"

#include <signal.h>

/*
 * A hand-written frame that breaks the pinning rule on purpose: it polls
 * a child in place, then copies the pending child elsewhere in its own
 * frame and polls the copy.
 */
struct mover__frame {
    pn_future pn__hdr;
    struct twice__frame first;
    char gap[24];
    struct twice__frame moved;
};

static void mover__init(struct mover__frame *f, int unused)
{
    (void)unused;
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
}

static pn_poll mover__poll(pn_future *self, pn_context *cx)
{
    struct mover__frame *f = (struct mover__frame *)self;
    if (self->pn__state == 0) {
        twice__init(&f->first, 1);
        self->pn__state = 1;
        return twice__poll(&f->first.pn__hdr, cx);
    }
    memcpy(&f->moved, &f->first, sizeof f->moved);
    return twice__poll(&f->moved.pn__hdr, cx); /* aborts here */
}

static void mover__drop(pn_future *self)
{
    (void)self;
}

TEST_VTABLE_VOID(mover);

START_TEST(pin_check_aborts_when_frame_moves)
{
    struct mover__frame root;
    TEST_BLOCK_ON(root, mover, 0);
    ck_abort_msg("a moved frame was polled without aborting");
}
END_TEST

/* async void nest(int x) { pn_block_on(twice(x)); } — misuse: block_on
 * inside a task. */
struct nest__frame {
    pn_future pn__hdr;
    int x;
};

static void nest__init(struct nest__frame *f, int x)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->x = x;
}

static pn_poll nest__poll(pn_future *self, pn_context *cx)
{
    struct nest__frame *f = (struct nest__frame *)self;
    (void)cx;
    struct twice__frame inner;
    TEST_BLOCK_ON(inner, twice, f->x); /* aborts here */
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void nest__drop(pn_future *self)
{
    (void)self;
}

TEST_VTABLE_VOID(nest);

START_TEST(nested_block_on_aborts)
{
    struct nest__frame root;
    TEST_BLOCK_ON(root, nest, 1);
    ck_abort_msg("pn_block_on inside a task did not abort");
}
END_TEST

START_TEST(polling_completed_frame_aborts)
{
    struct pn_yield__frame y;
    pn_yield__init(&y);
    y.pn__hdr.pn__state = PN__STATE_DONE;
    pn_context cx = {.pn__waker = NULL};
    pn_yield__poll(&y.pn__hdr, &cx); /* aborts here */
    ck_abort_msg("a completed frame was polled without aborting");
}
END_TEST

/* The misuses of an await through a pointer that only the runtime can see
 * (a cast the transformer did not see), driven here the way generated
 * code drives them: pn__dyn_begin, a call through the pointer, whose
 * target claims (or, a plain function, does not), pn__dyn_end.  Each
 * aborts with its message, and a claim of the wrong result size aborts
 * before the callee's frame is touched. */
static const pn_future_vtable eight_byte_result = {
    .name = "returns_eight", .size = 32, .align = 8, .result_offset = 16, .result_size = 8,
};

static void claim_of_the_wrong_size(void *arg)
{
    (void)arg;
    struct pn__dyn__frame d;
    int out; /* the pointer's type says int */
    pn__dyn_begin(&d, &out, sizeof out, NULL);
    void *mem = NULL;
    (pn__dyn_claim)(&eight_byte_result, &mem); /* aborts, before any storage is taken */
}

static void plain_function_awaited(void *arg)
{
    (void)arg;
    struct pn__dyn__frame d;
    int out;
    pn__dyn_begin(&d, &out, sizeof out, NULL);
    /* the call through the pointer reached a plain function: no claim */
    pn__dyn_end(&d); /* aborts */
}

static void await_begun_during_another(void *arg)
{
    (void)arg;
    struct pn__dyn__frame d, e;
    int out;
    pn__dyn_begin(&d, &out, sizeof out, NULL);
    pn__dyn_begin(&e, &out, sizeof out, NULL); /* aborts */
}

START_TEST(await_through_pointer_misuse_aborts)
{
    char out[DEATH_OUTPUT_MAX];
    expect_death(claim_of_the_wrong_size, NULL,
                 "pinion: awaited returns_eight through a pointer whose result type has 4 bytes, "
                 "but returns_eight returns 8",
                 out);
    expect_death(plain_function_awaited, NULL,
                 "pinion: awaited through a pointer declared async whose target is not an async "
                 "function",
                 out);
    expect_death(await_begun_during_another, NULL,
                 "pinion: an await through a pointer began while another call through a pointer",
                 out);
}
END_TEST

void add_abort_cases(Suite *s)
{
    CORE_CASE_SIGNAL(s, pin_check_aborts_when_frame_moves, SIGABRT);
    CORE_CASE_SIGNAL(s, nested_block_on_aborts, SIGABRT);
    CORE_CASE_SIGNAL(s, polling_completed_frame_aborts, SIGABRT);
    CORE_CASE(s, await_through_pointer_misuse_aborts);
}
