/*
 * timer.c — the timer wheel and the pn_sleep_ms leaf.
 *
 * Timers are intrusive: the pn__timer node lives in the sleeping frame,
 * so arming one allocates nothing and dropping the frame unlinks it.  A
 * node is a deadline, two list links and a waker (32 bytes), and the
 * pn_sleep_ms frame lays its result over the deadline, so a sleep costs
 * 40 bytes of frame and nothing else.
 *
 * The nodes hang in a hierarchical timing wheel (Varghese and Lauck):
 * eleven levels of 64 slots, a slot of level L spanning 64^L
 * milliseconds, which covers every 64-bit deadline.  A timer goes to the
 * level of the highest 6-bit group in which its deadline differs from
 * the wheel's clock `now`, in the slot that group names; its slot starts
 * after `now` and, while `now` moves through the level's span, is
 * reached before the span ends.  When `now` reaches the start of a slot
 * of level L > 0, the slot's timers move down to the levels their
 * deadlines now call for (a cascade); when it reaches a slot of level 0,
 * its timers are due.  Arming and cancelling are O(1) (append to, or
 * unlink from, a circular list), firing is O(1) per timer plus at most
 * one move per level, and finding the next slot to visit is a find-first-
 * set on a 64-bit occupancy mask per level.
 *
 * Deadlines are CLOCK_MONOTONIC milliseconds, rounded up, which both
 * guarantees that a sleep never ends early, whatever the rounding of the
 * reactor's millisecond timeout, and lets sleeps armed within the same
 * millisecond fire together.  Timers with the same deadline fire in the
 * order they were armed: every list is appended to in order, a cascade
 * keeps the order of the slot it empties, and a timer armed later than
 * another with the same deadline sits at the same or a lower level, so it
 * can only join a slot after the cascade that brought the earlier one
 * there.
 */
#include "core.h"

#include <limits.h>

#define PN__NS_PER_MS 1000000u
#define PN__WHEEL_MASK (PN__WHEEL_SLOTS - 1u)

/* ---- lists -------------------------------------------------------- */

static pn__timer *timer_of(pn__timer_link *l)
{
    return (pn__timer *)(void *)((char *)l - offsetof(pn__timer, pn__link));
}

/* Slot heads start zeroed (the wheel lives in zeroed thread-local
 * storage) and become circular on first use. */
static bool list_empty(const pn__timer_link *head)
{
    return head->pn__next == NULL || head->pn__next == head;
}

static void list_append(pn__timer_link *head, pn__timer_link *l)
{
    if (head->pn__next == NULL)
        head->pn__next = head->pn__prev = head;
    l->pn__next = head;
    l->pn__prev = head->pn__prev;
    head->pn__prev->pn__next = l;
    head->pn__prev = l;
}

static void list_unlink(pn__timer_link *l)
{
    l->pn__prev->pn__next = l->pn__next;
    l->pn__next->pn__prev = l->pn__prev;
    l->pn__next = l->pn__prev = NULL;
}

/* Move everything in src, in order, to the end of dst. */
static void list_splice(pn__timer_link *dst, pn__timer_link *src)
{
    if (list_empty(src))
        return;
    if (dst->pn__next == NULL)
        dst->pn__next = dst->pn__prev = dst;
    pn__timer_link *first = src->pn__next, *last = src->pn__prev;
    first->pn__prev = dst->pn__prev;
    dst->pn__prev->pn__next = first;
    last->pn__next = dst;
    dst->pn__prev = last;
    src->pn__next = src->pn__prev = src;
}

/* ---- the wheel ---------------------------------------------------- */

static unsigned group_of(uint64_t t, unsigned level)
{
    return (unsigned)(t >> (level * PN__WHEEL_BITS)) & PN__WHEEL_MASK;
}

/* Where slot s of level L begins, in the span of level L + 1 that holds
 * now. */
static uint64_t slot_start(uint64_t now, unsigned level, unsigned s)
{
    unsigned shift = level * PN__WHEEL_BITS;
    unsigned above = shift + PN__WHEEL_BITS;
    uint64_t base = above >= 64 ? 0 : (now >> above) << above;
    return base | ((uint64_t)s << shift);
}

/* File t under the wheel's current time; one already due goes to due. */
static void wheel_file(pn__timer_wheel *w, pn__timer *t, pn__timer_link *due)
{
    uint64_t d = t->pn__deadline_ms;
    if (d <= w->now) {
        list_append(due, &t->pn__link);
        return;
    }
    unsigned level = (unsigned)(63 - __builtin_clzll(d ^ w->now)) / PN__WHEEL_BITS;
    unsigned s = group_of(d, level);
    list_append(&w->slots[level][s], &t->pn__link);
    w->occupied[level] |= UINT64_C(1) << s;
    uint64_t at = slot_start(w->now, level, s);
    if (at < w->next_event)
        w->next_event = at;
}

static void wheel_insert(pn__timer_wheel *w, pn__timer *t, uint64_t now_ms)
{
    if (w->count == 0) {
        /* An idle wheel catches up with the clock at once. */
        if (now_ms > w->now)
            w->now = now_ms;
        w->next_event = UINT64_MAX;
    }
    w->count++;
    wheel_file(w, t, &w->due);
    if (!list_empty(&w->due))
        w->next_event = w->now;
}

static void wheel_remove(pn__timer_wheel *w, pn__timer *t)
{
    /* The slot's occupancy bit may go stale; wheel_next clears it. */
    list_unlink(&t->pn__link);
    w->count--;
}

/* The start of the first occupied slot after now.  The lowest level that
 * has one has the earliest: its slots lie in the current span of the
 * level above, and every slot of a higher level starts after that span. */
static uint64_t wheel_next(pn__timer_wheel *w)
{
    if (!list_empty(&w->due))
        return w->now;
    for (unsigned level = 0; level < PN__WHEEL_LEVELS; level++) {
        unsigned g = group_of(w->now, level);
        uint64_t later = g == PN__WHEEL_MASK ? 0 : ~UINT64_C(0) << (g + 1);
        uint64_t bits = w->occupied[level] & later;
        while (bits != 0) {
            unsigned s = (unsigned)__builtin_ctzll(bits);
            if (!list_empty(&w->slots[level][s]))
                return slot_start(w->now, level, s);
            w->occupied[level] &= ~(UINT64_C(1) << s); /* emptied by cancels */
            bits &= bits - 1;
        }
    }
    return UINT64_MAX;
}

/* Move the clock to target, collecting every timer due by then in
 * firing order at the end of fire. */
static void wheel_advance(pn__timer_wheel *w, uint64_t target, pn__timer_link *fire)
{
    list_splice(fire, &w->due);
    for (;;) {
        uint64_t e = wheel_next(w);
        if (e > target)
            break;
        w->now = e;
        /* Highest level first: for equal deadlines the higher level holds
         * the timers armed earlier. */
        for (unsigned level = PN__WHEEL_LEVELS; level-- > 0;) {
            unsigned shift = level * PN__WHEEL_BITS;
            if (shift < 64 && (e & ((UINT64_C(1) << shift) - 1)) != 0)
                continue; /* e is not where a slot of this level begins */
            unsigned s = group_of(e, level);
            pn__timer_link *head = &w->slots[level][s];
            if (!(w->occupied[level] & (UINT64_C(1) << s)))
                continue;
            w->occupied[level] &= ~(UINT64_C(1) << s);
            if (level == 0) {
                list_splice(fire, head);
                continue;
            }
            pn__timer_link moving = {&moving, &moving};
            list_splice(&moving, head);
            while (!list_empty(&moving)) {
                pn__timer_link *l = moving.pn__next;
                list_unlink(l);
                wheel_file(w, timer_of(l), fire);
            }
        }
    }
    if (target > w->now)
        w->now = target;
    w->next_event = wheel_next(w);
}

int pn__timers_run(pn__runtime *rt, uint64_t now_ns)
{
    pn__timer_wheel *w = &rt->timers;
    if (w->count == 0)
        return -1;
    uint64_t now = now_ns / PN__NS_PER_MS;
    if (now >= w->next_event) {
        pn__timer_link fire = {&fire, &fire};
        wheel_advance(w, now, &fire);
        while (!list_empty(&fire)) {
            pn__timer *t = timer_of(fire.pn__next);
            wheel_remove(w, t);
            pn_waker *k = t->pn__waker;
            t->pn__waker = NULL; /* tells the frame its timer fired */
            pn_waker_wake(k);    /* t may be gone from here on */
        }
        if (w->count == 0)
            return -1;
    } else if (now > w->now) {
        /* Nothing starts before next_event, so no slot is skipped. */
        w->now = now;
    }
    uint64_t ms = w->next_event - now;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* ---- pn_sleep_ms ------------------------------------------------- */

/* The first whole millisecond at least ms after now_ns; saturates. */
static uint64_t deadline_after(uint64_t now_ns, uint64_t ms)
{
    uint64_t now_ms = now_ns / PN__NS_PER_MS + (now_ns % PN__NS_PER_MS != 0);
    return ms > UINT64_MAX - now_ms ? UINT64_MAX : now_ms + ms;
}

enum { SLEEP_ARMED = 1 };

void pn_sleep_ms__init(struct pn_sleep_ms__frame *f, uint64_t ms)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    /* The duration waits in the deadline field until the first poll turns
     * it into a deadline: a sleep frame carries nothing else. */
    f->timer = (pn__timer){.pn__deadline_ms = ms};
}

pn_poll pn_sleep_ms__poll(pn_future *self, pn_context *cx)
{
    struct pn_sleep_ms__frame *f = (struct pn_sleep_ms__frame *)self;
    pn__pin_check(self, "pn_sleep_ms");
    switch (self->pn__state) {
    case 0: {
        if (f->timer.pn__deadline_ms == 0)
            break; /* zero milliseconds: no suspension */
        uint64_t now_ns = pn_now_ns();
        pn__runtime *rt = pn__rt_here();
        f->timer.pn__deadline_ms = deadline_after(now_ns, f->timer.pn__deadline_ms);
        f->timer.pn__waker = pn_waker_clone(cx);
        wheel_insert(&rt->timers, &f->timer, now_ns / PN__NS_PER_MS);
        rt->clock_hint = now_ns; /* the executor's next look at the clock */
        pn__slice_arm(rt);
        self->pn__state = SLEEP_ARMED;
        return PN_PENDING;
    }
    case SLEEP_ARMED:
        if (f->timer.pn__waker != NULL)
            return PN_PENDING; /* woken by something else: keep sleeping */
        break;
    default:
        pn__bad_state("pn_sleep_ms", self->pn__state);
    }
    f->pn__ret = 0; /* over the deadline, which is no longer needed */
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_sleep_ms__drop(pn_future *self)
{
    struct pn_sleep_ms__frame *f = (struct pn_sleep_ms__frame *)self;
    if (self->pn__state == SLEEP_ARMED && f->timer.pn__waker != NULL) {
        wheel_remove(&pn__rt_here()->timers, &f->timer);
        pn_waker *w = f->timer.pn__waker;
        f->timer.pn__waker = NULL;
        pn_waker_drop(w);
    }
}

const pn_future_vtable pn_sleep_ms__vtable = {
    pn_sleep_ms__poll,
    pn_sleep_ms__drop,
    "pn_sleep_ms",
    sizeof(struct pn_sleep_ms__frame),
    _Alignof(struct pn_sleep_ms__frame),
    offsetof(struct pn_sleep_ms__frame, pn__ret),
    sizeof(int),
};

/* ---- hooks for the other timer leaves (deadline.c) ---------------- */

void pn__timer_arm(pn__timer *t, uint64_t deadline_ms, pn_context *cx)
{
    uint64_t now_ns = pn_now_ns();
    pn__runtime *rt = pn__rt_here();
    t->pn__deadline_ms = deadline_ms;
    t->pn__waker = pn_waker_clone(cx);
    wheel_insert(&rt->timers, t, now_ns / PN__NS_PER_MS);
    rt->clock_hint = now_ns;
    pn__slice_arm(rt);
}

void pn__timer_disarm(pn__timer *t)
{
    if (t->pn__waker == NULL)
        return;
    wheel_remove(&pn__rt_here()->timers, t);
    pn_waker *w = t->pn__waker;
    t->pn__waker = NULL;
    pn_waker_drop(w);
}
