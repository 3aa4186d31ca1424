/*
 * chan.c — bounded multi-producer multi-consumer channels between tasks
 * on any threads, and their pn_chan_send / pn_chan_recv leaves.
 *
 * A channel is a ring buffer of fixed-size elements plus two FIFO queues
 * of waiting frames (senders waiting for room, receivers waiting for an
 * element), linked through the pn__chan_wait inside each leaf's frame, so
 * waiting allocates nothing.
 *
 * Fairness is strict FIFO by hand-off.  When an element arrives and a
 * receiver waits, the oldest receiver is dequeued, woken and marked
 * NOTIFIED, and that element is reserved for it: a receiver that polls
 * later cannot take it first, however soon it runs.  Room freed by a
 * receive is handed to the oldest waiting sender the same way.  So an
 * element (or a slot) is free for the taking only when nobody queues for
 * it, and `dispatch` re-establishes that after every change.  A NOTIFIED
 * frame that is dropped before it ran gives its reservation back, and the
 * next waiter in line gets it.
 *
 * Close wakes every queued waiter.  Senders then fail with -EPIPE;
 * receivers take what is still buffered (reserved elements included) and
 * fail with -EPIPE once it is gone.
 *
 * Threads: every operation holds the channel's spin lock while it looks
 * at the ring and the queues (a handful of instructions; the lock is
 * acquired with acquire and released with release ordering, so what a
 * send copied in happens before the receive that takes it).  Wakes happen
 * under the lock: a queued frame cannot be dropped meanwhile (its drop
 * takes the lock first), and a wake only takes the scheduler's locks.
 */
#include "internal.h"

#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* pn__chan_wait.pn__queued: where a waiting frame stands. */
enum {
    WAIT_IDLE = 0,    /* not in a queue */
    WAIT_QUEUED = 1,  /* linked in its queue, waker held */
    WAIT_NOTIFIED = 2 /* dequeued and woken; an element or slot is reserved for it */
};

/* Laid out by cache line, for a sender and a receiver on two threads:
 * every operation takes the lock and moves the ring's indices, so they
 * share the first line, the only one (with the slot itself) that travels
 * between the threads per element; the wait queues, written only when a
 * task waits, and the ring have lines of their own. */
#define CHAN_LINE 64

struct pn_chan {
    unsigned lock; /* spin lock, through __atomic builtins */
    bool closed;
    size_t head;          /* ring index of the oldest element */
    size_t count;         /* elements buffered */
    size_t recv_reserved; /* buffered elements promised to NOTIFIED receivers */
    size_t send_reserved; /* free slots promised to NOTIFIED senders */
    size_t capacity;
    size_t elem_size;
    _Alignas(CHAN_LINE) pn__chan_wait senders; /* sentinels of circular FIFO queues */
    pn__chan_wait receivers;
    void *block; /* what pn__alloc returned, CHAN_LINE - 1 bytes larger */
    size_t alloc_size;
    _Alignas(CHAN_LINE) unsigned char ring[]; /* capacity * elem_size bytes */
};

static void chan_lock(pn_chan *c)
{
    for (unsigned spins = 0;; spins++) {
        if (__atomic_load_n(&c->lock, __ATOMIC_RELAXED) == 0 &&
            !__atomic_exchange_n(&c->lock, 1u, __ATOMIC_ACQUIRE))
            return;
        if (spins >= 64)
            sched_yield(); /* the holder was preempted */
#if defined(__x86_64__) || defined(__i386__)
        else
            __builtin_ia32_pause();
#endif
    }
}

static void chan_unlock(pn_chan *c)
{
    __atomic_store_n(&c->lock, 0u, __ATOMIC_RELEASE);
}

void pn__chan_stats(const pn_chan *c, size_t *count, size_t *capacity, bool *closed)
{
    /* Under the lock: a task dump may look while a worker sends. */
    pn_chan *m = (pn_chan *)(uintptr_t)c;
    chan_lock(m);
    *count = c->count;
    *capacity = c->capacity;
    *closed = c->closed;
    chan_unlock(m);
}

#define CHAN_VTABLE(NAME)                                                                   \
    const pn_future_vtable NAME##__vtable = {                                               \
        NAME##__poll,                                                                       \
        NAME##__drop,                                                                       \
        #NAME,                                                                              \
        sizeof(struct NAME##__frame),                                                       \
        _Alignof(struct NAME##__frame),                                                     \
        offsetof(struct NAME##__frame, pn__ret),                                            \
        sizeof(int),                                                                        \
    }

/* ---- wait queues -------------------------------------------------- */

static void queue_init(pn__chan_wait *q)
{
    q->pn__next = q->pn__prev = q;
    q->pn__waker = NULL;
    q->pn__queued = WAIT_IDLE;
}

static bool queue_empty(const pn__chan_wait *q)
{
    return q->pn__next == q;
}

static void queue_push(pn__chan_wait *q, pn__chan_wait *w)
{
    w->pn__prev = q->pn__prev;
    w->pn__next = q;
    q->pn__prev->pn__next = w;
    q->pn__prev = w;
    w->pn__queued = WAIT_QUEUED;
}

static void queue_unlink(pn__chan_wait *w)
{
    w->pn__prev->pn__next = w->pn__next;
    w->pn__next->pn__prev = w->pn__prev;
    w->pn__next = w->pn__prev = NULL;
}

/* Dequeue the oldest waiter of q and wake it with the given standing.
 * The wait is not touched after the wake: it may release the task.
 * Unlinked through q itself, its predecessor, so that what the next
 * dequeue reads from q is plainly the new first waiter. */
static void queue_wake_first(pn__chan_wait *q, int standing)
{
    pn__chan_wait *w = q->pn__next;
    q->pn__next = w->pn__next;
    w->pn__next->pn__prev = q;
    w->pn__next = w->pn__prev = NULL;
    w->pn__queued = standing;
    pn_waker *k = w->pn__waker;
    w->pn__waker = NULL;
    pn_waker_wake(k);
}

/* ---- the ring ----------------------------------------------------- */

/* An element of one machine word, the common case, is copied inline. */
static void elem_copy(void *to, const void *from, size_t size)
{
    if (size == sizeof(uint64_t))
        memcpy(to, from, sizeof(uint64_t));
    else
        memcpy(to, from, size);
}

static void ring_push(pn_chan *c, const void *elem)
{
    size_t slot = c->head + c->count;
    if (slot >= c->capacity)
        slot -= c->capacity;
    elem_copy(c->ring + slot * c->elem_size, elem, c->elem_size);
    c->count++;
}

static void ring_pop(pn_chan *c, void *elem)
{
    elem_copy(elem, c->ring + c->head * c->elem_size, c->elem_size);
    if (++c->head == c->capacity)
        c->head = 0;
    c->count--;
}

/* Hand every unreserved element to a waiting receiver and every
 * unreserved slot to a waiting sender, oldest waiter first. */
static void dispatch(pn_chan *c)
{
    while (c->count > c->recv_reserved && !queue_empty(&c->receivers)) {
        c->recv_reserved++;
        queue_wake_first(&c->receivers, WAIT_NOTIFIED);
    }
    while (!c->closed && c->capacity - c->count > c->send_reserved &&
           !queue_empty(&c->senders)) {
        c->send_reserved++;
        queue_wake_first(&c->senders, WAIT_NOTIFIED);
    }
}

/* ---- public channel API ------------------------------------------- */

pn_chan *pn_chan_new(size_t elem_size, size_t capacity)
{
    if (elem_size == 0 || capacity == 0)
        return NULL;
    if (capacity > (SIZE_MAX - sizeof(pn_chan) - CHAN_LINE) / elem_size)
        return NULL;
    size_t size = sizeof(pn_chan) + capacity * elem_size + CHAN_LINE - 1;
    void *block = pn__alloc(size);
    if (block == NULL)
        return NULL;
    pn_chan *c = (pn_chan *)(((uintptr_t)block + CHAN_LINE - 1) & ~(uintptr_t)(CHAN_LINE - 1));
    c->block = block;
    c->elem_size = elem_size;
    c->capacity = capacity;
    c->head = 0;
    c->count = 0;
    c->recv_reserved = 0;
    c->send_reserved = 0;
    c->closed = false;
    queue_init(&c->senders);
    queue_init(&c->receivers);
    c->alloc_size = size;
    c->lock = 0;
    return c;
}

void pn_chan_close(pn_chan *c)
{
    chan_lock(c);
    if (!c->closed) {
        c->closed = true;
        while (!queue_empty(&c->senders))
            queue_wake_first(&c->senders, WAIT_IDLE);
        while (!queue_empty(&c->receivers))
            queue_wake_first(&c->receivers, WAIT_IDLE);
    }
    chan_unlock(c);
}

void pn_chan_free(pn_chan *c)
{
    if (c != NULL)
        pn__free(c->block, c->alloc_size);
}

/* The attempts, with the lock held. */
static int chan_try_send(pn_chan *c, const void *elem)
{
    if (c->closed)
        return -EPIPE;
    if (c->capacity - c->count <= c->send_reserved)
        return -EAGAIN;
    ring_push(c, elem);
    dispatch(c);
    return 0;
}

static int chan_try_recv(pn_chan *c, void *elem)
{
    if (c->count > c->recv_reserved) {
        ring_pop(c, elem);
        dispatch(c);
        return 0;
    }
    return c->closed ? -EPIPE : -EAGAIN;
}

int pn__chan_try_send(pn_chan *c, const void *elem)
{
    chan_lock(c);
    int rc = chan_try_send(c, elem);
    chan_unlock(c);
    return rc;
}

int pn__chan_try_recv(pn_chan *c, void *elem)
{
    chan_lock(c);
    int rc = chan_try_recv(c, elem);
    chan_unlock(c);
    return rc;
}

int pn_chan_try_send(pn_chan *c, const void *elem)
{
    return pn__chan_try_send(c, elem);
}

int pn_chan_try_recv(pn_chan *c, void *elem)
{
    return pn__chan_try_recv(c, elem);
}

/* ---- the leaves --------------------------------------------------- */

static void chan_wait_init(pn__chan_wait *w)
{
    w->pn__next = w->pn__prev = NULL;
    w->pn__waker = NULL;
    w->pn__queued = WAIT_IDLE;
}

/* Queue w at the tail of q with the polling task's waker. */
static pn_poll chan_enqueue(pn__chan_wait *q, pn__chan_wait *w, pn_context *cx)
{
    w->pn__waker = pn_waker_clone(cx);
    queue_push(q, w);
    return PN_PENDING;
}

/* Polled again before its turn came: keep the place, refresh the waker. */
static pn_poll chan_still_waiting(pn__chan_wait *w, pn_context *cx)
{
    pn_waker *k = pn_waker_clone(cx);
    pn_waker_drop(w->pn__waker);
    w->pn__waker = k;
    return PN_PENDING;
}

static void chan_enter(pn_future *self, const char *name)
{
    pn__pin_check(self, name);
    if (self->pn__state == PN__STATE_DONE)
        pn__bad_state(name, self->pn__state); /* polled after READY */
    self->pn__state = 1;
}

static pn_poll chan_done(pn_future *self, int *slot, int result)
{
    *slot = result;
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

/* Dropping a send or receive frame: a queued wait leaves its queue; a
 * notified one gives back what was promised to it (*reserved counts it)
 * to the next waiter in line. */
static void chan_wait_drop(pn_chan *c, pn__chan_wait *w, size_t *reserved)
{
    if (w->pn__queued == WAIT_QUEUED) {
        pn_waker *k = w->pn__waker;
        queue_unlink(w);
        w->pn__waker = NULL;
        pn_waker_drop(k);
    } else if (w->pn__queued == WAIT_NOTIFIED) {
        (*reserved)--;
        dispatch(c);
    }
    w->pn__queued = WAIT_IDLE;
}

static pn_poll chan_send_locked(struct pn_chan_send__frame *f, pn_chan *c, pn_context *cx);
static pn_poll chan_recv_locked(struct pn_chan_recv__frame *f, pn_chan *c, pn_context *cx);

void pn_chan_send__init(struct pn_chan_send__frame *f, pn_chan *c, const void *elem)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->c = c;
    f->elem = elem;
    chan_wait_init(&f->wait);
}

pn_poll pn_chan_send__poll(pn_future *self, pn_context *cx)
{
    struct pn_chan_send__frame *f = (struct pn_chan_send__frame *)self;
    pn_chan *c = f->c;
    chan_enter(self, "pn_chan_send");
    chan_lock(c);
    pn_poll p = chan_send_locked(f, c, cx);
    chan_unlock(c);
    return p;
}

static pn_poll chan_send_locked(struct pn_chan_send__frame *f, pn_chan *c, pn_context *cx)
{
    pn_future *self = &f->pn__hdr;
    switch (f->wait.pn__queued) {
    case WAIT_QUEUED:
        return chan_still_waiting(&f->wait, cx);
    case WAIT_NOTIFIED:
        f->wait.pn__queued = WAIT_IDLE;
        c->send_reserved--;
        if (c->closed)
            return chan_done(self, &f->pn__ret, -EPIPE);
        ring_push(c, f->elem);
        dispatch(c);
        return chan_done(self, &f->pn__ret, 0);
    default: {
        int rc = chan_try_send(c, f->elem);
        if (rc != -EAGAIN)
            return chan_done(self, &f->pn__ret, rc);
        return chan_enqueue(&c->senders, &f->wait, cx);
    }
    }
}

void pn_chan_send__drop(pn_future *self)
{
    struct pn_chan_send__frame *f = (struct pn_chan_send__frame *)self;
    if (self->pn__state == 0)
        return; /* never polled: nothing of it in the channel */
    chan_lock(f->c);
    chan_wait_drop(f->c, &f->wait, &f->c->send_reserved); /* the slot goes to the next sender */
    chan_unlock(f->c);
}

CHAN_VTABLE(pn_chan_send);

void pn_chan_recv__init(struct pn_chan_recv__frame *f, pn_chan *c, void *elem)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->c = c;
    f->elem = elem;
    chan_wait_init(&f->wait);
}

pn_poll pn_chan_recv__poll(pn_future *self, pn_context *cx)
{
    struct pn_chan_recv__frame *f = (struct pn_chan_recv__frame *)self;
    pn_chan *c = f->c;
    chan_enter(self, "pn_chan_recv");
    chan_lock(c);
    pn_poll p = chan_recv_locked(f, c, cx);
    chan_unlock(c);
    return p;
}

static pn_poll chan_recv_locked(struct pn_chan_recv__frame *f, pn_chan *c, pn_context *cx)
{
    pn_future *self = &f->pn__hdr;
    switch (f->wait.pn__queued) {
    case WAIT_QUEUED:
        return chan_still_waiting(&f->wait, cx);
    case WAIT_NOTIFIED:
        /* The reserved element is still buffered, closed or not. */
        f->wait.pn__queued = WAIT_IDLE;
        c->recv_reserved--;
        ring_pop(c, f->elem);
        dispatch(c);
        return chan_done(self, &f->pn__ret, 0);
    default: {
        int rc = chan_try_recv(c, f->elem);
        if (rc != -EAGAIN)
            return chan_done(self, &f->pn__ret, rc);
        return chan_enqueue(&c->receivers, &f->wait, cx);
    }
    }
}

void pn_chan_recv__drop(pn_future *self)
{
    struct pn_chan_recv__frame *f = (struct pn_chan_recv__frame *)self;
    if (self->pn__state == 0)
        return; /* never polled: nothing of it in the channel */
    chan_lock(f->c);
    chan_wait_drop(f->c, &f->wait, &f->c->recv_reserved); /* the element goes to the next receiver */
    chan_unlock(f->c);
}

CHAN_VTABLE(pn_chan_recv);
