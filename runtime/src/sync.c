/*
 * sync.c — async primitives for tasks on any threads: pn_sem, pn_mutex
 * (a semaphore of one permit) and pn_notify, with their wait leaves
 * pn_sem_acquire, pn_mutex_lock and pn_notify_wait.
 *
 * All three are one structure (pn__sync, pinion.h): a count of permits
 * (free permits; for a notify, the stored notification), a FIFO of
 * waiting frames linked through the pn__chan_wait inside each leaf's
 * frame (so waiting allocates nothing), and a spin lock that guards both
 * for a few instructions at a time.  The lock is taken with acquire and
 * released with release ordering, which is what makes everything before
 * a release happen before the acquire it lets through.
 *
 * A released permit is free for whoever asks first (barging, as Go's
 * sync.Mutex and parking_lot do), not handed to the oldest waiter: the
 * release wakes the oldest waiter (WOKEN, holding nothing) and makes the
 * permit free, and a task that asks for it before the woken one runs,
 * typically the releaser locking again in a loop, takes it.  Strict
 * hand-off would make every lock that ever collided queue from then on,
 * each unlock waking a task on another worker whose thread sleeps by then
 * (a lock convoy: tens of thousands of pairs per second where barging
 * makes millions).  Overtaking is bounded: a woken waiter that finds the
 * permit taken goes back to the head of the queue, and once it has been
 * overtaken PN__SYNC_OVERTAKES times the next release hands the permit to
 * it directly (NOTIFIED: the permit is its own, nobody can take it however
 * soon they poll).  Waiters are woken in FIFO order, and at most as many
 * are on their way (s->pn__woken) as there are free permits, so a release
 * wakes one task, not the whole queue.
 *
 * Cancellation: a NOTIFIED frame that is dropped before it ran releases
 * the permit again; a WOKEN one passes its chance to wake on to the next
 * waiter.  So a cancelled waiter never holds a lock or a permit, and no
 * wake-up is lost: whenever a permit is free and tasks queue, one of them
 * is on its way.  pn_notify_one hands its notification over (NOTIFIED);
 * pn_notify_all wakes every waiter with ALL standing, which carries no
 * permit and so passes nothing on when dropped.
 *
 * Wakes happen under the lock: the waker was taken out of the wait and
 * the waiting task's frame cannot go away meanwhile (its drop takes the
 * same lock first), and a wake only ever takes the scheduler's own locks,
 * never one of these.
 */
#include "internal.h"

#include <errno.h>
#include <sched.h>
#include <stdint.h>

/* pn__chan_wait.pn__queued of a sync wait: its standing in the low byte,
 * how many times it was overtaken above. */
enum {
    SYNC_IDLE = 0,     /* not in the queue */
    SYNC_QUEUED = 1,   /* linked, waker held */
    SYNC_NOTIFIED = 2, /* dequeued and woken with a permit that is its own */
    SYNC_ALL = 3,      /* dequeued and woken by pn_notify_all: no permit */
    SYNC_WOKEN = 4,    /* dequeued and woken to ask again: no permit */
};
#define SYNC_STANDING(w) ((w)->pn__queued & 0xff)
#define SYNC_OVERTAKEN(w) ((w)->pn__queued >> 8)
/* A waiter overtaken this many times is handed the next permit. */
#define PN__SYNC_OVERTAKES 4

/* ---- the lock ---------------------------------------------------------- */

static void sync_lock(pn__sync *s)
{
    for (unsigned spins = 0;; spins++) {
        if (__atomic_load_n(&s->pn__lock, __ATOMIC_RELAXED) == 0 &&
            !__atomic_exchange_n(&s->pn__lock, 1u, __ATOMIC_ACQUIRE))
            return;
        if (spins >= 64)
            sched_yield(); /* the holder was preempted */
#if defined(__x86_64__) || defined(__i386__)
        else
            __builtin_ia32_pause();
#endif
    }
}

static void sync_unlock(pn__sync *s)
{
    __atomic_store_n(&s->pn__lock, 0u, __ATOMIC_RELEASE);
}

static void sync_init(pn__sync *s, size_t permits, size_t max)
{
    s->pn__lock = 0;
    s->pn__woken = 0;
    s->pn__permits = permits;
    s->pn__max = max;
    s->pn__head = s->pn__tail = NULL;
}

/* ---- the queue ---------------------------------------------------------- */

static void sync_push(pn__sync *s, pn__chan_wait *w)
{
    w->pn__next = NULL;
    w->pn__prev = s->pn__tail;
    if (s->pn__tail != NULL)
        s->pn__tail->pn__next = w;
    else
        s->pn__head = w;
    s->pn__tail = w;
    w->pn__queued = SYNC_QUEUED;
}

/* A woken waiter that was overtaken: back at the head, its place kept. */
static void sync_push_front(pn__sync *s, pn__chan_wait *w, int overtaken)
{
    w->pn__prev = NULL;
    w->pn__next = s->pn__head;
    if (s->pn__head != NULL)
        s->pn__head->pn__prev = w;
    else
        s->pn__tail = w;
    s->pn__head = w;
    w->pn__queued = SYNC_QUEUED | overtaken << 8;
}

static void sync_unlink(pn__sync *s, pn__chan_wait *w)
{
    if (w->pn__prev != NULL)
        w->pn__prev->pn__next = w->pn__next;
    else
        s->pn__head = w->pn__next;
    if (w->pn__next != NULL)
        w->pn__next->pn__prev = w->pn__prev;
    else
        s->pn__tail = w->pn__prev;
    w->pn__next = w->pn__prev = NULL;
}

/* Dequeue the oldest waiter and wake it with the given standing. */
static void sync_wake_first(pn__sync *s, int standing)
{
    pn__chan_wait *w = s->pn__head;
    sync_unlink(s, w);
    w->pn__queued = standing | (w->pn__queued & ~0xff);
    pn_waker *k = w->pn__waker;
    w->pn__waker = NULL;
    pn_waker_wake(k);
}

/* While permits are free that no woken waiter is on its way to, wake the
 * oldest waiter to ask for one, or, when it was overtaken often enough,
 * hand it one (lock held). */
static void sync_kick_locked(pn__sync *s)
{
    while (s->pn__head != NULL && s->pn__permits > s->pn__woken) {
        if (SYNC_OVERTAKEN(s->pn__head) >= PN__SYNC_OVERTAKES) {
            s->pn__permits--;
            sync_wake_first(s, SYNC_NOTIFIED);
        } else {
            s->pn__woken++;
            sync_wake_first(s, SYNC_WOKEN);
        }
    }
}

/* A permit comes back (lock held): free again, and a waiter woken for it. */
static void sync_release_locked(pn__sync *s)
{
    if (s->pn__permits < s->pn__max)
        s->pn__permits++;
    sync_kick_locked(s);
}

/* ---- the wait leaf, shared by all three ---------------------------- */

static void wait_init(pn_future *hdr, pn__sync **sp, pn__sync *s, pn__chan_wait *w)
{
    hdr->pn__state = 0;
    hdr->pn__pin = 0;
    *sp = s;
    w->pn__next = w->pn__prev = NULL;
    w->pn__waker = NULL;
    w->pn__queued = SYNC_IDLE;
}

/* One poll: a free permit (or notification) is taken at once; otherwise
 * the frame queues and is woken to ask again, or handed one, later. */
static pn_poll wait_poll(pn_future *self, pn__sync *s, pn__chan_wait *w, pn_context *cx,
                         const char *name)
{
    pn__pin_check(self, name);
    if (self->pn__state != 0)
        pn__bad_state(name, self->pn__state);
    sync_lock(s);
    switch (SYNC_STANDING(w)) {
    case SYNC_QUEUED: {
        /* Polled again before its turn: keep the place, fresh waker. */
        pn_waker *old = w->pn__waker;
        w->pn__waker = pn_waker_clone(cx);
        sync_unlock(s);
        pn_waker_drop(old);
        return PN_PENDING;
    }
    case SYNC_NOTIFIED:
    case SYNC_ALL:
        break; /* the permit handed over is ours (or, ALL, none is needed) */
    case SYNC_WOKEN:
        s->pn__woken--;
        if (s->pn__permits > 0) {
            s->pn__permits--;
            sync_kick_locked(s); /* more free than are on their way */
            break;
        }
        /* Overtaken: back at the head, once more. */
        w->pn__waker = pn_waker_clone(cx);
        sync_push_front(s, w, SYNC_OVERTAKEN(w) + 1);
        sync_unlock(s);
        return PN_PENDING;
    default:
        if (s->pn__permits > 0) {
            s->pn__permits--;
            break;
        }
        w->pn__waker = pn_waker_clone(cx);
        sync_push(s, w);
        sync_unlock(s);
        return PN_PENDING;
    }
    w->pn__queued = SYNC_IDLE;
    sync_unlock(s);
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void wait_drop(pn__sync *s, pn__chan_wait *w)
{
    /* Under the lock: a release on another thread may be waking or
     * handing this very frame the permit. */
    pn_waker *k = NULL;
    sync_lock(s);
    switch (SYNC_STANDING(w)) {
    case SYNC_QUEUED:
        sync_unlink(s, w);
        k = w->pn__waker;
        w->pn__waker = NULL;
        break;
    case SYNC_NOTIFIED:
        sync_release_locked(s); /* handed a permit it will not use: pass it on */
        break;
    case SYNC_WOKEN:
        s->pn__woken--;
        sync_kick_locked(s); /* woken for a permit it will not ask for: wake the next */
        break;
    default:
        break;
    }
    w->pn__queued = SYNC_IDLE;
    sync_unlock(s);
    pn_waker_drop(k);
}

// NOLINTBEGIN(bugprone-macro-parentheses): TYPE is a type name
#define SYNC_LEAF(NAME, TYPE)                                                                      \
    void NAME##__init(struct NAME##__frame *f, TYPE *p)                                            \
    {                                                                                              \
        wait_init(&f->pn__hdr, &f->s, &p->pn__s, &f->wait);                                        \
    }                                                                                              \
    pn_poll NAME##__poll(pn_future *self, pn_context *cx)                                          \
    {                                                                                              \
        struct NAME##__frame *f = (struct NAME##__frame *)self;                                    \
        return wait_poll(self, f->s, &f->wait, cx, #NAME);                                         \
    }                                                                                              \
    void NAME##__drop(pn_future *self)                                                             \
    {                                                                                              \
        struct NAME##__frame *f = (struct NAME##__frame *)self;                                    \
        wait_drop(f->s, &f->wait);                                                                 \
    }                                                                                              \
    const pn_future_vtable NAME##__vtable = {                                                      \
        NAME##__poll,                                                                              \
        NAME##__drop,                                                                              \
        #NAME,                                                                                     \
        sizeof(struct NAME##__frame),                                                              \
        _Alignof(struct NAME##__frame),                                                            \
        0,                                                                                         \
        0,                                                                                         \
    }
// NOLINTEND(bugprone-macro-parentheses)

SYNC_LEAF(pn_sem_acquire, pn_sem);
SYNC_LEAF(pn_mutex_lock, pn_mutex);
SYNC_LEAF(pn_notify_wait, pn_notify);

/* ---- semaphores and mutexes ------------------------------------------ */

void pn_sem_init(pn_sem *s, size_t permits)
{
    sync_init(&s->pn__s, permits, SIZE_MAX);
}

static int sync_try(pn__sync *s)
{
    sync_lock(s);
    int rc = -EAGAIN;
    if (s->pn__permits > 0) {
        s->pn__permits--;
        rc = 0;
    }
    sync_unlock(s);
    return rc;
}

int pn_sem_try_acquire(pn_sem *s)
{
    return sync_try(&s->pn__s);
}

void pn_sem_release(pn_sem *s)
{
    sync_lock(&s->pn__s);
    sync_release_locked(&s->pn__s);
    sync_unlock(&s->pn__s);
}

void pn_mutex_init(pn_mutex *m)
{
    sync_init(&m->pn__s, 1, 1);
}

int pn_mutex_try_lock(pn_mutex *m)
{
    return sync_try(&m->pn__s);
}

void pn_mutex_unlock(pn_mutex *m)
{
    pn__sync *s = &m->pn__s;
    sync_lock(s);
    if (s->pn__permits != 0) {
        sync_unlock(s);
        pn__die("pinion: pn_mutex_unlock(%p): the mutex is not locked", (void *)m);
    }
    sync_release_locked(s);
    sync_unlock(s);
}

/* ---- notify ------------------------------------------------------------ */

void pn_notify_init(pn_notify *n)
{
    sync_init(&n->pn__s, 0, 1);
}

void pn_notify_one(pn_notify *n)
{
    pn__sync *s = &n->pn__s;
    sync_lock(s);
    if (s->pn__head != NULL)
        sync_wake_first(s, SYNC_NOTIFIED);
    else
        s->pn__permits = 1; /* stored for the next wait, at most one */
    sync_unlock(s);
}

void pn_notify_all(pn_notify *n)
{
    pn__sync *s = &n->pn__s;
    sync_lock(s);
    while (s->pn__head != NULL)
        sync_wake_first(s, SYNC_ALL);
    sync_unlock(s);
}
