/* test_abort.c — misuse the runtime refuses loudly: a frame that moved
 * after its first poll, pn_block_on nested inside a task, a frame polled
 * after it completed.  Each case expects SIGABRT. */
/* The check is on unless NDEBUG; this file wants it whatever the build. */
#define PN_PIN_CHECK 1
#include "core_util.h"

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

void add_abort_cases(Suite *s)
{
    CORE_CASE_SIGNAL(s, pin_check_aborts_when_frame_moves, SIGABRT);
    CORE_CASE_SIGNAL(s, nested_block_on_aborts, SIGABRT);
    CORE_CASE_SIGNAL(s, polling_completed_frame_aborts, SIGABRT);
}
