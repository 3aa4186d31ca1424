/*
 * timer.c — the timer heap and the pn_sleep_ms leaf.
 *
 * Timers are intrusive: the pn__timer node lives in the sleeping frame,
 * so arming one allocates nothing and dropping the frame unlinks it.  The
 * heap is a binary min-heap of nodes linked by parent/left/right pointers
 * (libuv's heap-inl.h shape): the insertion point and the last node are
 * found by walking the binary digits of the node count from the root, so
 * insert and remove of any node are O(log n) without an array to grow.
 * Unlike libuv's, the swap exchanges only the links, because the payload
 * (deadline, sequence number, waker) sits in the same struct.
 *
 * Order is (deadline, sequence number): timers with the same deadline
 * fire in the order they were armed.  Deadlines are CLOCK_MONOTONIC
 * nanoseconds rounded up to a whole millisecond, which both guarantees
 * that a sleep never ends early, whatever the rounding of the reactor's
 * millisecond timeout, and lets sleeps armed within the same millisecond
 * fire together, in order.
 */
#include "core.h"

#include <limits.h>

#define PN__NS_PER_MS 1000000u

static bool timer_less(const pn__timer *a, const pn__timer *b)
{
    if (a->pn__deadline_ns != b->pn__deadline_ns)
        return a->pn__deadline_ns < b->pn__deadline_ns;
    return a->pn__seq < b->pn__seq;
}

/* Exchange the places of parent and its child c in the tree. */
static void timer_swap(pn__timer_heap *h, pn__timer *parent, pn__timer *c)
{
    pn__timer *grand = parent->pn__parent;
    pn__timer *cl = c->pn__left, *cr = c->pn__right;
    pn__timer *sibling;
    if (parent->pn__left == c) {
        sibling = parent->pn__right;
        c->pn__left = parent;
        c->pn__right = sibling;
    } else {
        sibling = parent->pn__left;
        c->pn__right = parent;
        c->pn__left = sibling;
    }
    c->pn__parent = grand;
    parent->pn__parent = c;
    parent->pn__left = cl;
    parent->pn__right = cr;
    if (sibling != NULL)
        sibling->pn__parent = c;
    if (cl != NULL)
        cl->pn__parent = parent;
    if (cr != NULL)
        cr->pn__parent = parent;
    if (grand == NULL)
        h->root = c;
    else if (grand->pn__left == parent)
        grand->pn__left = c;
    else
        grand->pn__right = c;
}

/* The link that holds node number n (1-based, breadth-first), found by
 * following n's binary digits below the leading one: 0 left, 1 right. */
static pn__timer **timer_slot(pn__timer_heap *h, size_t n, pn__timer **parent)
{
    size_t path = 0;
    unsigned depth = 0;
    for (; n >= 2; n /= 2, depth++)
        path = (path << 1) | (n & 1);
    pn__timer **link = &h->root;
    *parent = NULL;
    for (; depth > 0; depth--, path >>= 1) {
        *parent = *link;
        link = (path & 1) ? &(*link)->pn__right : &(*link)->pn__left;
    }
    return link;
}

void pn__timer_insert(pn__timer_heap *h, pn__timer *t)
{
    t->pn__seq = h->next_seq++;
    t->pn__left = t->pn__right = NULL;
    pn__timer *parent;
    pn__timer **link = timer_slot(h, h->count + 1, &parent);
    t->pn__parent = parent;
    *link = t;
    h->count++;
    while (t->pn__parent != NULL && timer_less(t, t->pn__parent))
        timer_swap(h, t->pn__parent, t);
}

void pn__timer_remove(pn__timer_heap *h, pn__timer *t)
{
    if (h->count == 0)
        return;
    pn__timer *parent;
    pn__timer **link = timer_slot(h, h->count, &parent);
    pn__timer *last = *link;
    *link = NULL;
    h->count--;
    if (last == t) {
        if (h->root == t)
            h->root = NULL;
        t->pn__parent = t->pn__left = t->pn__right = NULL;
        return;
    }
    /* The last node takes t's place, then sinks or rises into position. */
    last->pn__left = t->pn__left;
    last->pn__right = t->pn__right;
    last->pn__parent = t->pn__parent;
    if (last->pn__left != NULL)
        last->pn__left->pn__parent = last;
    if (last->pn__right != NULL)
        last->pn__right->pn__parent = last;
    if (t->pn__parent == NULL)
        h->root = last;
    else if (t->pn__parent->pn__left == t)
        t->pn__parent->pn__left = last;
    else
        t->pn__parent->pn__right = last;
    t->pn__parent = t->pn__left = t->pn__right = NULL;
    for (;;) {
        pn__timer *least = last;
        if (last->pn__left != NULL && timer_less(last->pn__left, least))
            least = last->pn__left;
        if (last->pn__right != NULL && timer_less(last->pn__right, least))
            least = last->pn__right;
        if (least == last)
            break;
        timer_swap(h, last, least);
    }
    while (last->pn__parent != NULL && timer_less(last, last->pn__parent))
        timer_swap(h, last->pn__parent, last);
}

pn__timer *pn__timer_min(const pn__timer_heap *h)
{
    return h->root;
}

int pn__timers_run(pn__runtime *rt)
{
    pn__timer_heap *h = &rt->timers;
    if (h->count == 0)
        return -1;
    uint64_t now = pn_now_ns();
    pn__timer *t;
    while ((t = h->root) != NULL && t->pn__deadline_ns <= now) {
        pn__timer_remove(h, t);
        pn_waker *w = t->pn__waker;
        t->pn__waker = NULL; /* tells the frame its timer fired */
        pn_waker_wake(w);
    }
    if (t == NULL)
        return -1;
    uint64_t ms = (t->pn__deadline_ns - now + PN__NS_PER_MS - 1) / PN__NS_PER_MS;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* ---- pn_sleep_ms ------------------------------------------------- */

/* now + ms, rounded up to a whole millisecond; saturates. */
static uint64_t deadline_after(uint64_t now, uint64_t ms)
{
    if (ms > (UINT64_MAX - now) / PN__NS_PER_MS - 1)
        return UINT64_MAX;
    uint64_t d = now + ms * PN__NS_PER_MS;
    uint64_t rem = d % PN__NS_PER_MS;
    return rem == 0 ? d : d + (PN__NS_PER_MS - rem);
}

enum { SLEEP_ARMED = 1 };

void pn_sleep_ms__init(struct pn_sleep_ms__frame *f, uint64_t ms)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    /* The duration waits in the deadline field until the first poll turns
     * it into a deadline: a sleep frame carries nothing else. */
    f->timer = (pn__timer){.pn__deadline_ns = ms};
}

pn_poll pn_sleep_ms__poll(pn_future *self, pn_context *cx)
{
    struct pn_sleep_ms__frame *f = (struct pn_sleep_ms__frame *)self;
    pn__pin_check(self, "pn_sleep_ms");
    switch (self->pn__state) {
    case 0:
        if (f->timer.pn__deadline_ns == 0)
            break; /* zero milliseconds: no suspension */
        f->timer.pn__deadline_ns = deadline_after(pn_now_ns(), f->timer.pn__deadline_ns);
        f->timer.pn__waker = pn_waker_clone(cx);
        pn__timer_insert(&pn__rt_current()->timers, &f->timer);
        self->pn__state = SLEEP_ARMED;
        return PN_PENDING;
    case SLEEP_ARMED:
        if (f->timer.pn__waker != NULL)
            return PN_PENDING; /* woken by something else: keep sleeping */
        break;
    default:
        pn__bad_state("pn_sleep_ms", self->pn__state);
    }
    f->pn__ret = 0;
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_sleep_ms__drop(pn_future *self)
{
    struct pn_sleep_ms__frame *f = (struct pn_sleep_ms__frame *)self;
    if (self->pn__state == SLEEP_ARMED && f->timer.pn__waker != NULL) {
        pn__timer_remove(&pn__rt_current()->timers, &f->timer);
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
