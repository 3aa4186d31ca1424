/*
 * deadline.c — pn_sleep_until_ms: a sleep to a deadline on the
 * pn_now_ms() clock rather than for a duration.
 *
 * The frame is pn_sleep_ms's (an intrusive timer over which the result is
 * laid) and the timer goes into the same wheel (timer.c's hooks), so a
 * deadline costs what a sleep costs.  The wheel fires a timer once the
 * millisecond clock (pn_now_ms) has reached its deadline, which is
 * exactly this leaf's promise: never early, late by at most the
 * executor's look at the timers.
 */
#include "internal.h"

#include <errno.h>

enum { UNTIL_ARMED = 1 };

void pn_sleep_until_ms__init(struct pn_sleep_until_ms__frame *f, uint64_t deadline)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->timer = (pn__timer){.pn__deadline_ms = deadline};
}

pn_poll pn_sleep_until_ms__poll(pn_future *self, pn_context *cx)
{
    struct pn_sleep_until_ms__frame *f = (struct pn_sleep_until_ms__frame *)self;
    pn__pin_check(self, "pn_sleep_until_ms");
    switch (self->pn__state) {
    case 0:
        if (pn_now_ms() >= f->timer.pn__deadline_ms)
            break; /* already passed: no suspension */
        pn__timer_arm(&f->timer, f->timer.pn__deadline_ms, cx);
        self->pn__state = UNTIL_ARMED;
        return PN_PENDING;
    case UNTIL_ARMED:
        if (f->timer.pn__waker != NULL)
            return PN_PENDING; /* woken by something else */
        break;
    default:
        pn__bad_state("pn_sleep_until_ms", self->pn__state);
    }
    f->pn__ret = 0;
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_sleep_until_ms__drop(pn_future *self)
{
    struct pn_sleep_until_ms__frame *f = (struct pn_sleep_until_ms__frame *)self;
    if (self->pn__state == UNTIL_ARMED)
        pn__timer_disarm(&f->timer);
}

const pn_future_vtable pn_sleep_until_ms__vtable = {
    pn_sleep_until_ms__poll,
    pn_sleep_until_ms__drop,
    "pn_sleep_until_ms",
    sizeof(struct pn_sleep_until_ms__frame),
    _Alignof(struct pn_sleep_until_ms__frame),
    offsetof(struct pn_sleep_until_ms__frame, pn__ret),
    sizeof(int),
};

/* The erased reading: sleep until the clock says so. */
int pn_sleep_until_ms(uint64_t deadline)
{
    uint64_t now = pn_now_ms();
    while (now < deadline) {
        pn_sleep_ms(deadline - now);
        now = pn_now_ms();
    }
    return 0;
}
