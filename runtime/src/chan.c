/*
 * chan.c — bounded multi-producer multi-consumer channels between tasks
 * on any threads, and their pn_chan_send / pn_chan_recv leaves.
 *
 * A channel is a ring of cells (each an element and a sequence word)
 * plus two FIFO queues of waiting frames (senders waiting for room,
 * receivers waiting for an element), linked through the pn__chan_wait
 * inside each leaf's frame, so waiting allocates nothing.
 *
 * Two paths.  While nobody waits, a send claims the next position of the
 * ring with one compare-and-swap, copies its element in and publishes the
 * cell, and a receive does the same on the other end, without a lock (the
 * ring section below): a producer and a consumer on two workers share
 * only the cells' lines.  A send that finds the ring full, a receive that
 * finds it empty, and every operation while somebody of its side waits
 * take the channel's spin lock and do what the lock-only channel did: look
 * at the ring and the queues, queue the frame, hand over.
 *
 * Fairness is strict FIFO by hand-off among waiters.  When an element
 * arrives and a receiver waits, the oldest receiver is dequeued, woken
 * and marked NOTIFIED, and that element is reserved for it: a receiver
 * that polls later cannot take it first, however soon it runs.  Room
 * freed by a receive is handed to the oldest waiting sender the same way.
 * So an element (or a slot) is free for the taking only when nobody
 * queues for it, and `dispatch` re-establishes that after every change.
 * A NOTIFIED frame that is dropped before it ran gives its reservation
 * back, and the next waiter in line gets it.  What keeps the lock-free
 * path from overtaking a waiter or taking what is promised to one, and
 * what makes it hand over to a waiter of the other side, is two bits and
 * two flags (see "under the lock"); an operation that arrives while
 * another, of its side, is in the middle of the locked path may go first.
 *
 * Close wakes every queued waiter.  Senders then fail with -EPIPE;
 * receivers take what is still buffered (reserved elements included) and
 * fail with -EPIPE once it is gone.  A send that claimed its cell before
 * the close completes.
 *
 * Threads: a cell's publication is a release store and its claim by the
 * other side an acquire load, so what a send copied in happens before the
 * receive that takes it; the lock is taken with sequentially consistent
 * and released with release ordering.  Wakes happen under the lock: a
 * queued frame cannot be dropped meanwhile (its drop takes the lock
 * first), and a wake only takes the scheduler's locks.  An operation's
 * last access to the channel is the publication of its cell (after the
 * unlock, when it had to take the lock), so that the channel can be freed
 * as soon as the task on the other side has what it waited for.
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

/* Laid out by cache line, for senders and receivers on different threads:
 * the send position is written by senders only, the receive position by
 * receivers only, the ring's cells travel between them, the constants
 * are read-only, and the lock's line is written by the operations that
 * take the lock (waits and hand-overs). */
#define CHAN_LINE 64

/* The low bit of a position word: the side must take the lock. */
#define CHAN_SLOW ((size_t)1)

struct pn_chan {
    _Alignas(CHAN_LINE) size_t tail; /* send position << 1 | CHAN_SLOW */
    _Alignas(CHAN_LINE) size_t head; /* receive position << 1 | CHAN_SLOW */
    _Alignas(CHAN_LINE) size_t capacity;
    size_t mask; /* capacity - 1 */
    bool pow2;   /* capacity is a power of two: a cell's index is pos & mask */
    size_t elem_size;
    size_t stride; /* bytes per cell: its sequence word, then the element */
    void *block;   /* what pn__alloc returned, CHAN_LINE - 1 bytes larger */
    size_t alloc_size;
    /* The spin lock, through __atomic builtins, and the flags that make
     * the other side's operations hand over under the lock: CHAN_LOCKED |
     * CHAN_RWAIT | CHAN_SWAIT.  The rest under the lock. */
    _Alignas(CHAN_LINE) unsigned lock;
    bool closed;
    bool recv_slow, send_slow; /* what the CHAN_SLOW bits say */
    size_t recv_reserved;      /* buffered elements promised to NOTIFIED receivers */
    size_t send_reserved;      /* free slots promised to NOTIFIED senders */
    pn__chan_wait senders;     /* sentinels of circular FIFO queues */
    pn__chan_wait receivers;
    _Alignas(CHAN_LINE) unsigned char ring[]; /* capacity cells of stride bytes */
};

static void cpu_relax(unsigned spins)
{
    if (spins >= 64)
        sched_yield(); /* the other thread was preempted */
#if defined(__x86_64__) || defined(__i386__)
    else
        __builtin_ia32_pause();
#endif
}

enum { CHAN_LOCKED = 1u, CHAN_RWAIT = 2u, CHAN_SWAIT = 4u };

/* Take the lock, setting flags (CHAN_RWAIT: a receiver is about to look
 * at the ring, or CHAN_SWAIT) in the same sequentially consistent
 * read-modify-write. */
static void chan_lock_flags(pn_chan *c, unsigned flags)
{
    for (unsigned spins = 0;; spins++) {
        unsigned v = __atomic_load_n(&c->lock, __ATOMIC_RELAXED);
        if (!(v & CHAN_LOCKED) &&
            __atomic_compare_exchange_n(&c->lock, &v, v | CHAN_LOCKED | flags, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            return;
        cpu_relax(spins);
    }
}

static void chan_lock(pn_chan *c)
{
    chan_lock_flags(c, 0);
}

static bool queue_empty(const pn__chan_wait *q);

/* Unlock, the flags saying who waits (a flag seen late by the other side
 * costs it a needless hand-over, never a lost one). */
static void chan_unlock(pn_chan *c)
{
    unsigned flags = (queue_empty(&c->receivers) ? 0 : CHAN_RWAIT) |
                     (queue_empty(&c->senders) ? 0 : CHAN_SWAIT);
    __atomic_store_n(&c->lock, flags, __ATOMIC_RELEASE);
}

/* Whether receivers (senders) wait: read after claiming a cell. */
static bool chan_flag(pn_chan *c, unsigned flag)
{
    return (__atomic_load_n(&c->lock, __ATOMIC_SEQ_CST) & flag) != 0;
}

/* ---- the ring ----------------------------------------------------- */

/* The ring is a bounded queue of cells in the manner of D. Vyukov's:
 * each cell's sequence word says whose turn it is.  For position p (the
 * p-th element ever sent, in cell p mod capacity) the cell holds 2p while
 * it is free for that send, 2p + 1 once the element is in, and
 * 2(p + capacity) once it was received, free for the send a lap later.  A
 * send claims position p by moving the send position from p to p + 1
 * (compare-and-swap), copies the element in and stores 2p + 1 with
 * release ordering; a receive claims it by moving the receive position,
 * loads 2p + 1 with acquire ordering (so what the send copied in happens
 * before the receive reads it), copies the element out and stores
 * 2(p + capacity).  Between its claim and its store a cell is "in
 * flight": no other operation can take it.  An operation that needs
 * nothing else finishes it in a few instructions; one that hands over
 * (or holds the lock) publishes it after its locked section, so others
 * wait for it without the lock (ring_wait_in_flight). */
static unsigned char *cell_at(const pn_chan *c, size_t pos)
{
    size_t i = c->pow2 ? pos & c->mask : pos % c->capacity;
    return (unsigned char *)(uintptr_t)c->ring + i * c->stride;
}

static size_t *cell_seq(unsigned char *cell)
{
    return (size_t *)(void *)cell;
}

static unsigned char *cell_elem(unsigned char *cell)
{
    return cell + sizeof(size_t);
}

/* An element of one machine word, the common case, is copied inline. */
static void elem_copy(void *to, const void *from, size_t size)
{
    if (size == sizeof(uint64_t))
        memcpy(to, from, sizeof(uint64_t));
    else
        memcpy(to, from, size);
}

/* Elements sent (claimed) and not yet received (claimed), in flight ones
 * included. */
static size_t ring_count(const pn_chan *c)
{
    size_t h = __atomic_load_n(&c->head, __ATOMIC_SEQ_CST) >> 1;
    size_t t = __atomic_load_n(&c->tail, __ATOMIC_SEQ_CST) >> 1;
    return t - h;
}

/* Free slots: the capacity less ring_count, which, read while receives
 * go on, may exceed it for a moment. */
static size_t ring_free(const pn_chan *c)
{
    size_t n = ring_count(c);
    return n < c->capacity ? c->capacity - n : 0;
}

enum { RING_DONE, RING_NONE, RING_BUSY };

/* Claim and fill the next send position.  RING_NONE: full (or, when fast,
 * the senders' side is slow); RING_BUSY: the cell's receive is still in
 * flight.  *tell: the cell is not yet published (*cellp, *posp say which
 * to publish with ring_publish_send), because the caller holds the lock
 * (not fast) or receivers wait and the caller must hand over under it. */
static int ring_send(pn_chan *c, const void *elem, bool fast, bool *tell, unsigned char **cellp,
                     size_t *posp)
{
    size_t t = __atomic_load_n(&c->tail, __ATOMIC_RELAXED);
    for (;;) {
        if (fast && (t & CHAN_SLOW))
            return RING_NONE;
        size_t pos = t >> 1;
        unsigned char *cell = cell_at(c, pos);
        size_t seq = __atomic_load_n(cell_seq(cell), __ATOMIC_ACQUIRE);
        intptr_t d = (intptr_t)(seq - 2 * pos);
        if (d == 0) {
            /* Under the lock with the side slow, nobody else moves the
             * position: a store claims it. */
            if (!fast && c->send_slow)
                __atomic_store_n(&c->tail, t + 2, __ATOMIC_RELAXED);
            else if (!__atomic_compare_exchange_n(&c->tail, &t, t + 2, true, __ATOMIC_SEQ_CST,
                                                  __ATOMIC_RELAXED))
                continue;
            elem_copy(cell_elem(cell), elem, c->elem_size);
            /* Read before the cell is published: once it is, a receive
             * may complete and the channel be freed. */
            *tell = !fast || chan_flag(c, CHAN_RWAIT);
            if (*tell) {
                *cellp = cell;
                *posp = pos;
            } else {
                __atomic_store_n(cell_seq(cell), 2 * pos + 1, __ATOMIC_RELEASE);
            }
            return RING_DONE;
        }
        if (d < 0)
            return (intptr_t)(seq - 2 * (pos - c->capacity)) == 1 &&
                           (__atomic_load_n(&c->head, __ATOMIC_SEQ_CST) >> 1) > pos - c->capacity
                       ? RING_BUSY
                       : RING_NONE;
        t = __atomic_load_n(&c->tail, __ATOMIC_RELAXED);
    }
}

static void ring_publish_send(unsigned char *cell, size_t pos)
{
    __atomic_store_n(cell_seq(cell), 2 * pos + 1, __ATOMIC_RELEASE);
}

/* Claim and empty the oldest element: as ring_send, the other way. */
static int ring_recv(pn_chan *c, void *elem, bool fast, bool *tell, unsigned char **cellp,
                     size_t *posp)
{
    size_t h = __atomic_load_n(&c->head, __ATOMIC_RELAXED);
    for (;;) {
        if (fast && (h & CHAN_SLOW))
            return RING_NONE;
        size_t pos = h >> 1;
        unsigned char *cell = cell_at(c, pos);
        size_t seq = __atomic_load_n(cell_seq(cell), __ATOMIC_ACQUIRE);
        intptr_t d = (intptr_t)(seq - (2 * pos + 1));
        if (d == 0) {
            if (!fast && c->recv_slow)
                __atomic_store_n(&c->head, h + 2, __ATOMIC_RELAXED);
            else if (!__atomic_compare_exchange_n(&c->head, &h, h + 2, true, __ATOMIC_SEQ_CST,
                                                  __ATOMIC_RELAXED))
                continue;
            elem_copy(elem, cell_elem(cell), c->elem_size);
            *tell = !fast || chan_flag(c, CHAN_SWAIT);
            if (*tell) {
                *cellp = cell;
                *posp = pos;
            } else {
                __atomic_store_n(cell_seq(cell), 2 * (pos + c->capacity), __ATOMIC_RELEASE);
            }
            return RING_DONE;
        }
        if (d < 0)
            return (__atomic_load_n(&c->tail, __ATOMIC_SEQ_CST) >> 1) > pos ? RING_BUSY
                                                                           : RING_NONE;
        h = __atomic_load_n(&c->head, __ATOMIC_RELAXED);
    }
}

static void ring_publish_recv(const pn_chan *c, unsigned char *cell, size_t pos)
{
    __atomic_store_n(cell_seq(cell), 2 * (pos + c->capacity), __ATOMIC_RELEASE);
}

/* Wait, without the lock, until the cell at the position the word *word
 * points to is ready for this side (recv: holds an element; else: free
 * for the send) or the position moves.  The operation in flight there may
 * be waiting for the lock the caller just released (a hand-over), and it
 * may have finished before the caller got here: what is compared is the
 * value this side wants, not the one it saw. */
static void ring_wait_in_flight(pn_chan *c, const size_t *word, bool recv)
{
    size_t w = __atomic_load_n(word, __ATOMIC_RELAXED);
    size_t pos = w >> 1;
    unsigned char *cell = cell_at(c, pos);
    size_t want = recv ? 2 * pos + 1 : 2 * pos;
    for (unsigned spins = 0; spins < 1000; spins++) {
        if (__atomic_load_n(cell_seq(cell), __ATOMIC_ACQUIRE) == want ||
            __atomic_load_n(word, __ATOMIC_RELAXED) != w)
            return;
        cpu_relax(spins);
    }
}

void pn__chan_stats(const pn_chan *c, size_t *count, size_t *capacity, bool *closed)
{
    /* Under the lock: a task dump may look while a worker sends. */
    pn_chan *m = (pn_chan *)(uintptr_t)c;
    chan_lock(m);
    size_t n = ring_count(c);
    *count = n < c->capacity ? n : c->capacity;
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
    /* Atomic: the frame's own poll looks without the lock (wait_idle). */
    __atomic_store_n(&w->pn__queued, standing, __ATOMIC_RELAXED);
    pn_waker *k = w->pn__waker;
    w->pn__waker = NULL;
    pn_waker_wake(k);
}

/* ---- under the lock ----------------------------------------------- */

/* A side's CHAN_SLOW bit, set, makes every operation of that side take
 * the lock, so that nobody overtakes a waiter or takes what is promised
 * to one: it is set while that side has waiters queued or promised
 * something (senders: or the channel is closed), from the end of each
 * locked section.  A side's flag in the lock word, set, makes every
 * operation of the other side hand over under the lock what it did, for
 * dispatch: it is set while that side has waiters queued (chan_unlock),
 * and by the read-modify-write that takes the lock for an operation of
 * that side about to look at the ring, so that an operation of the other
 * side either is seen by that look or sees the flag (sequentially
 * consistent on both sides). */
static void recv_slow_set(pn_chan *c, bool slow)
{
    if (slow == c->recv_slow)
        return;
    c->recv_slow = slow;
    if (slow)
        __atomic_fetch_or(&c->head, CHAN_SLOW, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&c->head, ~CHAN_SLOW, __ATOMIC_SEQ_CST);
}

static void send_slow_set(pn_chan *c, bool slow)
{
    if (slow == c->send_slow)
        return;
    c->send_slow = slow;
    if (slow)
        __atomic_fetch_or(&c->tail, CHAN_SLOW, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&c->tail, ~CHAN_SLOW, __ATOMIC_SEQ_CST);
}

static bool recv_slow_needed(const pn_chan *c)
{
    return !queue_empty(&c->receivers) || c->recv_reserved > 0;
}

static bool send_slow_needed(const pn_chan *c)
{
    return !queue_empty(&c->senders) || c->send_reserved > 0 || c->closed;
}

/* The end of a locked section: set the bits that must be.  A bit that is
 * no longer needed stays set until an operation that did not wait comes
 * through the lock (slow_settle), as one of its side does anyway while it
 * is set: where both ends wait in turn, as through a channel of one slot,
 * it would otherwise be cleared and set again for every element. */
static void slow_update(pn_chan *c)
{
    if (recv_slow_needed(c))
        recv_slow_set(c, true);
    if (send_slow_needed(c))
        send_slow_set(c, true);
}

/* The end of a locked section of an operation that did not wait: the
 * bits as they must be. */
static void slow_settle(pn_chan *c)
{
    recv_slow_set(c, recv_slow_needed(c));
    send_slow_set(c, send_slow_needed(c));
}

/* Hand every unreserved element to a waiting receiver and every
 * unreserved slot to a waiting sender, oldest waiter first.  Elements and
 * slots in flight count: the woken waiter waits for their publication
 * (ring_wait_in_flight). */
static void dispatch(pn_chan *c)
{
    while (!queue_empty(&c->receivers) && ring_count(c) > c->recv_reserved) {
        c->recv_reserved++;
        queue_wake_first(&c->receivers, WAIT_NOTIFIED);
    }
    while (!c->closed && !queue_empty(&c->senders) && ring_free(c) > c->send_reserved) {
        c->send_reserved++;
        queue_wake_first(&c->senders, WAIT_NOTIFIED);
    }
}

/* The end of a locked section after an operation of the ring: dispatch,
 * update the slow bits, unlock, and only then publish the cell the
 * operation filled or emptied, its last access to the channel (once it is
 * published the operation of the other side can complete, and the
 * channel be freed). */
static void finish_send(pn_chan *c, unsigned char *cell, size_t pos, bool settle)
{
    dispatch(c);
    if (settle)
        slow_settle(c);
    else
        slow_update(c);
    chan_unlock(c);
    ring_publish_send(cell, pos);
}

static void finish_recv(pn_chan *c, unsigned char *cell, size_t pos, bool settle)
{
    dispatch(c);
    if (settle)
        slow_settle(c);
    else
        slow_update(c);
    chan_unlock(c);
    ring_publish_recv(c, cell, pos);
}

/* ---- public channel API ------------------------------------------- */

pn_chan *pn_chan_new(size_t elem_size, size_t capacity)
{
    if (elem_size == 0 || capacity == 0)
        return NULL;
    if (elem_size > SIZE_MAX / 2 - sizeof(size_t))
        return NULL;
    size_t stride = (sizeof(size_t) + elem_size + sizeof(size_t) - 1) & ~(sizeof(size_t) - 1);
    if (capacity > (SIZE_MAX / 4 - sizeof(pn_chan) - CHAN_LINE) / stride)
        return NULL;
    size_t size = sizeof(pn_chan) + capacity * stride + CHAN_LINE - 1;
    void *block = pn__alloc(size);
    if (block == NULL)
        return NULL;
    pn_chan *c = (pn_chan *)(((uintptr_t)block + CHAN_LINE - 1) & ~(uintptr_t)(CHAN_LINE - 1));
    memset(c, 0, sizeof *c);
    c->block = block;
    c->alloc_size = size;
    c->elem_size = elem_size;
    c->stride = stride;
    c->capacity = capacity;
    c->mask = capacity - 1;
    c->pow2 = (capacity & (capacity - 1)) == 0;
    for (size_t i = 0; i < capacity; i++)
        *cell_seq(c->ring + i * stride) = 2 * i;
    queue_init(&c->senders);
    queue_init(&c->receivers);
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
    slow_update(c);
    chan_unlock(c);
}

void pn_chan_free(pn_chan *c)
{
    if (c != NULL)
        pn__free(c->block, c->alloc_size);
}

/* A send or receive that completed without the lock but saw the other
 * side waiting: hand over under the lock. */
static __attribute__((noinline)) void tell_send(pn_chan *c, unsigned char *cell, size_t pos)
{
    chan_lock(c);
    finish_send(c, cell, pos, false);
}

static __attribute__((noinline)) void tell_recv(pn_chan *c, unsigned char *cell, size_t pos)
{
    chan_lock(c);
    finish_recv(c, cell, pos, false);
}

/* How long a receive that found the ring empty (a send that found it
 * full) keeps looking before it takes the lock, on a pool, where the
 * other side may be running on another worker: about a microsecond, the
 * time a running sender (receiver) takes for a few dozen elements.  Once
 * it takes the lock, the other side's operations hand over under the lock
 * until it is done or waits, which costs both sides far more. */
#define CHAN_SPIN 128u

/* Spin while the cell at the position the word *word points to is not
 * ready for this side (recv: holds an element; else: free for the send)
 * and the side is not slow: true when it became ready. */
static bool ring_spin(pn_chan *c, const size_t *word, bool recv)
{
    for (unsigned spins = 0; spins < CHAN_SPIN; spins++) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
        size_t w = __atomic_load_n(word, __ATOMIC_RELAXED);
        if (w & CHAN_SLOW)
            return false;
        size_t pos = w >> 1;
        size_t seq = __atomic_load_n(cell_seq(cell_at(c, pos)), __ATOMIC_RELAXED);
        if (seq == (recv ? 2 * pos + 1 : 2 * pos))
            return true;
    }
    return false;
}

/* The lock-free attempts: 0 done, -EAGAIN take the lock.  ring_send and
 * ring_recv, written out for the common case, inline where they are
 * called; what is left when the ring is full (empty) is out of line. */
static int fast_send_again(pn_chan *c, const void *elem);
static int fast_recv_again(pn_chan *c, void *elem);

static inline __attribute__((always_inline)) int fast_send(pn_chan *c, const void *elem)
{
    size_t t = __atomic_load_n(&c->tail, __ATOMIC_RELAXED);
    while (!(t & CHAN_SLOW)) {
        size_t pos = t >> 1;
        unsigned char *cell = cell_at(c, pos);
        size_t seq = __atomic_load_n(cell_seq(cell), __ATOMIC_ACQUIRE);
        if (seq == 2 * pos) {
            if (!__atomic_compare_exchange_n(&c->tail, &t, t + 2, true, __ATOMIC_SEQ_CST,
                                             __ATOMIC_RELAXED))
                continue;
            elem_copy(cell_elem(cell), elem, c->elem_size);
            if (chan_flag(c, CHAN_RWAIT))
                tell_send(c, cell, pos);
            else
                __atomic_store_n(cell_seq(cell), 2 * pos + 1, __ATOMIC_RELEASE);
            return 0;
        }
        if ((intptr_t)(seq - 2 * pos) < 0)
            return fast_send_again(c, elem);
        t = __atomic_load_n(&c->tail, __ATOMIC_RELAXED);
    }
    return -EAGAIN;
}

static inline __attribute__((always_inline)) int fast_recv(pn_chan *c, void *elem)
{
    size_t h = __atomic_load_n(&c->head, __ATOMIC_RELAXED);
    while (!(h & CHAN_SLOW)) {
        size_t pos = h >> 1;
        unsigned char *cell = cell_at(c, pos);
        size_t seq = __atomic_load_n(cell_seq(cell), __ATOMIC_ACQUIRE);
        if (seq == 2 * pos + 1) {
            if (!__atomic_compare_exchange_n(&c->head, &h, h + 2, true, __ATOMIC_SEQ_CST,
                                             __ATOMIC_RELAXED))
                continue;
            elem_copy(elem, cell_elem(cell), c->elem_size);
            if (chan_flag(c, CHAN_SWAIT))
                tell_recv(c, cell, pos);
            else
                ring_publish_recv(c, cell, pos);
            return 0;
        }
        if ((intptr_t)(seq - (2 * pos + 1)) < 0)
            return fast_recv_again(c, elem);
        h = __atomic_load_n(&c->head, __ATOMIC_RELAXED);
    }
    return -EAGAIN;
}

/* Full (empty), or the cell is still in flight: on a pool, look again for
 * a while (ring_spin) and try once more. */
static __attribute__((noinline)) int fast_send_again(pn_chan *c, const void *elem)
{
    bool tell;
    unsigned char *cell;
    size_t pos;
    if (!pn__on_pool() || !ring_spin(c, &c->tail, false) ||
        ring_send(c, elem, true, &tell, &cell, &pos) != RING_DONE)
        return -EAGAIN;
    if (tell)
        tell_send(c, cell, pos);
    return 0;
}

static __attribute__((noinline)) int fast_recv_again(pn_chan *c, void *elem)
{
    bool tell;
    unsigned char *cell;
    size_t pos;
    if (!pn__on_pool() || !ring_spin(c, &c->head, true) ||
        ring_recv(c, elem, true, &tell, &cell, &pos) != RING_DONE)
        return -EAGAIN;
    if (tell)
        tell_recv(c, cell, pos);
    return 0;
}

/* The attempts under the lock, for a task that is not (or no longer)
 * waiting: they take the lock.  0: done, and the lock released; -EPIPE or
 * -EAGAIN (nothing to take): the lock still held. */
static int locked_send(pn_chan *c, const void *elem)
{
    chan_lock_flags(c, CHAN_SWAIT);
    for (;;) {
        if (c->closed)
            return -EPIPE;
        dispatch(c);
        if (ring_free(c) <= c->send_reserved)
            return -EAGAIN;
        bool tell;
        unsigned char *cell;
        size_t pos;
        int r = ring_send(c, elem, false, &tell, &cell, &pos);
        if (r == RING_DONE) {
            finish_send(c, cell, pos, true);
            return 0;
        }
        if (r == RING_NONE)
            continue; /* a fast send took the slot: look again */
        chan_unlock(c); /* a receive of that slot is in flight (RING_BUSY) */
        ring_wait_in_flight(c, &c->tail, false);
        chan_lock_flags(c, CHAN_SWAIT);
    }
}

static int locked_recv(pn_chan *c, void *elem)
{
    chan_lock_flags(c, CHAN_RWAIT);
    for (;;) {
        dispatch(c);
        if (ring_count(c) <= c->recv_reserved)
            return c->closed ? -EPIPE : -EAGAIN;
        bool tell;
        unsigned char *cell;
        size_t pos;
        int r = ring_recv(c, elem, false, &tell, &cell, &pos);
        if (r == RING_DONE) {
            finish_recv(c, cell, pos, true);
            return 0;
        }
        if (r == RING_NONE)
            continue; /* a fast receive took the element: look again */
        chan_unlock(c); /* the send of that element is in flight (RING_BUSY) */
        ring_wait_in_flight(c, &c->head, true);
        chan_lock_flags(c, CHAN_RWAIT);
    }
}

int pn__chan_try_send(pn_chan *c, const void *elem)
{
    if (fast_send(c, elem) == 0)
        return 0;
    int rc = locked_send(c, elem);
    if (rc == -EPIPE || rc == -EAGAIN) {
        slow_settle(c);
        chan_unlock(c);
    }
    return rc;
}

int pn__chan_try_recv(pn_chan *c, void *elem)
{
    if (fast_recv(c, elem) == 0)
        return 0;
    int rc = locked_recv(c, elem);
    if (rc != 0) {
        slow_settle(c);
        chan_unlock(c);
    }
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

/* Whether the frame waits for nothing, read without the lock: only its
 * own poll moves it from there (into a queue), so a frame that reads IDLE
 * is idle; other threads move it from QUEUED, under the lock. */
static bool wait_idle(pn__chan_wait *w)
{
    return __atomic_load_n(&w->pn__queued, __ATOMIC_RELAXED) == WAIT_IDLE;
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
    slow_update(c);
}

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
    if (!wait_idle(&f->wait)) {
        chan_lock(c);
        for (;;) {
            if (f->wait.pn__queued == WAIT_QUEUED) {
                pn_poll p = chan_still_waiting(&f->wait, cx);
                chan_unlock(c);
                return p;
            }
            if (f->wait.pn__queued != WAIT_NOTIFIED) {
                chan_unlock(c); /* woken by pn_chan_close */
                break;
            }
            if (c->closed) {
                f->wait.pn__queued = WAIT_IDLE;
                c->send_reserved--;
                slow_update(c);
                chan_unlock(c);
                return chan_done(self, &f->pn__ret, -EPIPE);
            }
            bool tell;
            unsigned char *cell;
            size_t pos;
            if (ring_send(c, f->elem, false, &tell, &cell, &pos) == RING_DONE) {
                f->wait.pn__queued = WAIT_IDLE;
                c->send_reserved--;
                finish_send(c, cell, pos, false);
                return chan_done(self, &f->pn__ret, 0);
            }
            chan_unlock(c); /* the receive of the promised slot is in flight */
            ring_wait_in_flight(c, &c->tail, false);
            chan_lock(c);
        }
    } else if (fast_send(c, f->elem) == 0) {
        return chan_done(self, &f->pn__ret, 0);
    }
    int rc = locked_send(c, f->elem);
    if (rc == 0)
        return chan_done(self, &f->pn__ret, 0);
    pn_poll p = rc == -EPIPE ? chan_done(self, &f->pn__ret, rc)
                             : chan_enqueue(&c->senders, &f->wait, cx);
    slow_settle(c);
    chan_unlock(c);
    return p;
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
    if (!wait_idle(&f->wait)) {
        chan_lock(c);
        for (;;) {
            if (f->wait.pn__queued == WAIT_QUEUED) {
                pn_poll p = chan_still_waiting(&f->wait, cx);
                chan_unlock(c);
                return p;
            }
            if (f->wait.pn__queued != WAIT_NOTIFIED) {
                chan_unlock(c); /* woken by pn_chan_close */
                break;
            }
            /* The reserved element is still buffered, closed or not. */
            bool tell;
            unsigned char *cell;
            size_t pos;
            if (ring_recv(c, f->elem, false, &tell, &cell, &pos) == RING_DONE) {
                f->wait.pn__queued = WAIT_IDLE;
                c->recv_reserved--;
                finish_recv(c, cell, pos, false);
                return chan_done(self, &f->pn__ret, 0);
            }
            chan_unlock(c); /* the send of the promised element is in flight */
            ring_wait_in_flight(c, &c->head, true);
            chan_lock(c);
        }
    } else if (fast_recv(c, f->elem) == 0) {
        return chan_done(self, &f->pn__ret, 0);
    }
    int rc = locked_recv(c, f->elem);
    if (rc == 0)
        return chan_done(self, &f->pn__ret, 0);
    pn_poll p = rc == -EPIPE ? chan_done(self, &f->pn__ret, rc)
                             : chan_enqueue(&c->receivers, &f->wait, cx);
    slow_settle(c);
    chan_unlock(c);
    return p;
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
