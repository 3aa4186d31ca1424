/*
 * frames.h — the async functions the core suite runs, lowered by hand
 * exactly as the transformer lowers them, plus a few leaves written the
 * way a user writes one (docs/abi.md).
 *
 * Each lowered function is preceded by the async C it stands for.  The
 * shape is the generated one: a struct with pn_future pn__hdr first, the
 * result, the arguments, the locals that live across an await, and a
 * union of the frames of the children it awaits (inline); a poll function
 * whose dispatch switch jumps to the label of the await it resumes; a
 * drop function that drops the child in flight; a vtable.  Spawning and
 * block_on go through the same calls generated code makes.
 *
 * The observation points (struct trace, struct slot) are ordinary user
 * data that the functions are handed by pointer.
 */
#ifndef PINION_TESTS_CORE_FRAMES_H
#define PINION_TESTS_CORE_FRAMES_H

#include <check.h>
#include <errno.h>
#include <pinion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- what the tests observe ---------------------------------------- */

#define TRACE_MAX 4096

/* Who ran, in which order, and when (ns since the trace began). */
struct trace {
    uint64_t start_ns;
    int n;
    int ids[TRACE_MAX];
    uint64_t at_ns[TRACE_MAX];
    uint64_t waited_ns[TRACE_MAX]; /* for sleepers: how long they slept */
    uint64_t due_ms[TRACE_MAX];    /* for sleepers: the deadline their timer was armed with */
};

static inline void trace_init(struct trace *tr)
{
    memset(tr, 0, sizeof *tr);
    tr->start_ns = pn_now_ns();
}

static inline void trace_add(struct trace *tr, int id, uint64_t waited_ns)
{
    ck_assert_int_lt(tr->n, TRACE_MAX);
    tr->ids[tr->n] = id;
    tr->at_ns[tr->n] = pn_now_ns() - tr->start_ns;
    tr->waited_ns[tr->n] = waited_ns;
    tr->n++;
}

/* The vtable of a hand-lowered frame, with and without a result. */
#define TEST_VTABLE(NAME)                                                                   \
    static const pn_future_vtable NAME##__vtable = {                                        \
        NAME##__poll,                                                                       \
        NAME##__drop,                                                                       \
        #NAME,                                                                              \
        sizeof(struct NAME##__frame),                                                       \
        _Alignof(struct NAME##__frame),                                                     \
        offsetof(struct NAME##__frame, pn__ret),                                            \
        sizeof(((struct NAME##__frame *)0)->pn__ret),                                       \
    }
#define TEST_VTABLE_VOID(NAME)                                                              \
    static const pn_future_vtable NAME##__vtable = {                                        \
        NAME##__poll, NAME##__drop, #NAME, sizeof(struct NAME##__frame),                    \
        _Alignof(struct NAME##__frame), 0, 0}

/* pn_spawn(NAME(args...)) as generated code spells it: reserve the task,
 * initialise the frame in place, start it.  TASK is NULL when memory ran
 * out. */
#define TEST_SPAWN(TASK, NAME, ...)                                                         \
    do {                                                                                    \
        pn_task *spawn_task_;                                                               \
        struct NAME##__frame *spawn_frame_ = pn__task_reserve(&NAME##__vtable, &spawn_task_); \
        if (spawn_frame_ == NULL) {                                                         \
            (TASK) = NULL;                                                                  \
        } else {                                                                            \
            NAME##__init(spawn_frame_, __VA_ARGS__);                                        \
            (TASK) = pn__task_start(spawn_task_);                                           \
        }                                                                                   \
    } while (0)

/* pn_block_on(NAME(args...)): the root frame lives on the caller's stack. */
#define TEST_BLOCK_ON(FRAME, NAME, ...)                                                     \
    do {                                                                                    \
        NAME##__init(&(FRAME), __VA_ARGS__);                                                \
        pn__block_on(&(FRAME).pn__hdr, &NAME##__vtable);                                    \
    } while (0)

/* ==================================================================== */
/* Leaves written by hand                                               */
/* ==================================================================== */

/* A parking spot: park() waits in it until slot_wake() hands it a value.
 * Counts the frames dropped while parked and how often it was polled. */
struct slot {
    pn_waker *waker;
    int value;
    int woken;
    int polls;
    int dropped;
};

static inline void slot_wake(struct slot *s, int value)
{
    pn_waker *w = s->waker;
    s->waker = NULL;
    s->value = value;
    s->woken = 1;
    pn_waker_wake(w);
}

/* async int park(struct slot *s): returns the value it was woken with. */
struct park__frame {
    pn_future pn__hdr;
    int pn__ret;
    struct slot *s;
};

static inline void park__init(struct park__frame *f, struct slot *s)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->s = s;
    s->woken = 0;
}

static inline pn_poll park__poll(pn_future *self, pn_context *cx)
{
    struct park__frame *f = (struct park__frame *)self;
    pn__pin_check(self, "park");
    f->s->polls++;
    if (!f->s->woken) {
        if (f->s->waker == NULL)
            f->s->waker = pn_waker_clone(cx);
        f->pn__hdr.pn__state = 1;
        return PN_PENDING;
    }
    f->pn__ret = f->s->value;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void park__drop(pn_future *self)
{
    struct park__frame *f = (struct park__frame *)self;
    pn_waker *w = f->s->waker;
    f->s->waker = NULL;
    pn_waker_drop(w);
    f->s->dropped++;
}

TEST_VTABLE(park);

/* Shared with another thread: the thread sleeps delay_ms, stores value
 * (a plain int: only the runtime's wake orders it with the task's read),
 * then wakes.  With hold, it keeps the waker until released and drops it
 * without waking. */
struct remote {
    pthread_t thread;
    unsigned delay_ms;
    int value;
    pn_waker *waker;
    int hold;
    atomic_int release; /* for hold: the test lets the thread go */
};

static void *remote_main(void *arg)
{
    struct remote *r = arg;
    struct timespec d = {.tv_sec = r->delay_ms / 1000, .tv_nsec = (long)(r->delay_ms % 1000) * 1000000L};
    nanosleep(&d, NULL);
    if (r->hold) {
        while (!atomic_load(&r->release)) {
            struct timespec ms = {0, 1000000L};
            nanosleep(&ms, NULL);
        }
        pn_waker_drop(r->waker);
        return NULL;
    }
    r->value = 42;
    pn_waker_wake(r->waker);
    return NULL;
}

/* async int remote_value(struct remote *r): started by a thread's wake.
 * Its waker is handed to another thread on the first poll; the second
 * poll can only come from that thread's wake. */
struct remote_value__frame {
    pn_future pn__hdr;
    int pn__ret;
    struct remote *r;
};

static inline void remote_value__init(struct remote_value__frame *f, struct remote *r)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->r = r;
}

static inline pn_poll remote_value__poll(pn_future *self, pn_context *cx)
{
    struct remote_value__frame *f = (struct remote_value__frame *)self;
    pn__pin_check(self, "remote_value");
    switch (self->pn__state) {
    case 0:
        f->r->waker = pn_waker_clone(cx);
        ck_assert_int_eq(pthread_create(&f->r->thread, NULL, remote_main, f->r), 0);
        self->pn__state = 1;
        if (f->r->hold) {
            f->pn__ret = 0; /* the thread only drops the waker */
            break;
        }
        return PN_PENDING;
    case 1:
        f->pn__ret = f->r->value;
        break;
    default:
        pn__bad_state("remote_value", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void remote_value__drop(pn_future *self)
{
    (void)self; /* the thread owns the waker it was given */
}

TEST_VTABLE(remote_value);

/* Several threads hammering one task's wakers. */
#define HAMMER_THREADS 4
struct hammer {
    pthread_t threads[HAMMER_THREADS];
    pn_waker *wakers[HAMMER_THREADS];
    int rounds;
    atomic_int finished;
    int polls;
};

struct hammer_arg {
    struct hammer *h;
    int i;
};

static void *hammer_main(void *arg)
{
    struct hammer_arg *a = arg;
    struct hammer *h = a->h;
    pn_waker *w = h->wakers[a->i];
    for (int k = 0; k < h->rounds; k++)
        pn_waker_wake_by_ref(w);
    atomic_fetch_add(&h->finished, 1);
    pn_waker_wake(w); /* the last one consumes the reference */
    return NULL;
}

/* async int hammered(struct hammer *h, struct hammer_arg *args): ready
 * once every thread has finished; returns the number of polls. */
struct hammered__frame {
    pn_future pn__hdr;
    int pn__ret;
    struct hammer *h;
    struct hammer_arg *args;
};

static inline void hammered__init(struct hammered__frame *f, struct hammer *h,
                                  struct hammer_arg *args)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->h = h;
    f->args = args;
}

static inline pn_poll hammered__poll(pn_future *self, pn_context *cx)
{
    struct hammered__frame *f = (struct hammered__frame *)self;
    pn__pin_check(self, "hammered");
    f->h->polls++;
    if (self->pn__state == 0) {
        self->pn__state = 1;
        for (int i = 0; i < HAMMER_THREADS; i++)
            f->h->wakers[i] = pn_waker_clone(cx);
        for (int i = 0; i < HAMMER_THREADS; i++) {
            f->args[i].h = f->h;
            f->args[i].i = i;
            ck_assert_int_eq(pthread_create(&f->h->threads[i], NULL, hammer_main, &f->args[i]), 0);
        }
        return PN_PENDING;
    }
    if (atomic_load(&f->h->finished) < HAMMER_THREADS)
        return PN_PENDING;
    f->pn__ret = f->h->polls;
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void hammered__drop(pn_future *self)
{
    (void)self;
}

TEST_VTABLE(hammered);

/* ==================================================================== */
/* Async functions, lowered                                             */
/* ==================================================================== */

/* ---- async void note(struct trace *tr, int id, int rounds)
 * {
 *     for (int i = 0; i < rounds; i++) {
 *         trace_add(tr, id, 0);
 *         await(pn_yield());
 *     }
 * }
 */
struct note__frame {
    pn_future pn__hdr;
    struct trace *tr;
    int id;
    int rounds;
    int i;
    union {
        struct pn_yield__frame a1; /* await(pn_yield()) */
    } pn__child;
};

static inline void note__init(struct note__frame *f, struct trace *tr, int id, int rounds)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->tr = tr;
    f->id = id;
    f->rounds = rounds;
}

static inline pn_poll note__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct note__frame *f = (struct note__frame *)pn__self;
    pn__pin_check(pn__self, "note");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("note", f->pn__hdr.pn__state);
    }
pn__start:
    f->i = 0;
pn__for_cond:
    if (!(f->i < f->rounds))
        goto pn__for_end;
    trace_add(f->tr, f->id, 0);
    /* await(pn_yield()); */
    pn_yield__init(&f->pn__child.a1);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_yield__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->i++;
    goto pn__for_cond;
pn__for_end:
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void note__drop(pn_future *pn__self)
{
    struct note__frame *f = (struct note__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_yield__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE_VOID(note);

/* ---- async int sleeper(struct trace *tr, int id, uint64_t ms)
 * {
 *     uint64_t start = pn_now_ns();
 *     await(pn_sleep_ms(ms));
 *     trace_add(tr, id, pn_now_ns() - start);
 *     return id;
 * }
 * and, for the order checks, the deadline the sleep's timer was armed with
 * (read from the leaf's frame after its first poll) in tr->due_ms.
 */
struct sleeper__frame {
    pn_future pn__hdr;
    int pn__ret;
    struct trace *tr;
    int id;
    uint64_t ms;
    uint64_t start;
    uint64_t due_ms;
    union {
        struct pn_sleep_ms__frame a1; /* await(pn_sleep_ms(ms)) */
    } pn__child;
};

static inline void sleeper__init(struct sleeper__frame *f, struct trace *tr, int id, uint64_t ms)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->tr = tr;
    f->id = id;
    f->ms = ms;
}

static inline pn_poll sleeper__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct sleeper__frame *f = (struct sleeper__frame *)pn__self;
    pn__pin_check(pn__self, "sleeper");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("sleeper", f->pn__hdr.pn__state);
    }
pn__start:
    f->start = pn_now_ns();
    /* await(pn_sleep_ms(ms)); */
    pn_sleep_ms__init(&f->pn__child.a1, f->ms);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_sleep_ms__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING) {
        f->due_ms = f->pn__child.a1.timer.pn__deadline_ms;
        return PN_PENDING;
    }
    trace_add(f->tr, f->id, pn_now_ns() - f->start);
    f->tr->due_ms[f->tr->n - 1] = f->due_ms;
    f->pn__ret = f->id;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void sleeper__drop(pn_future *pn__self)
{
    struct sleeper__frame *f = (struct sleeper__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_sleep_ms__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE(sleeper);

/* ---- async int big_sleeper(struct trace *tr, int id, uint64_t ms)
 * {
 *     char scratch[8192];
 *     int len = snprintf(scratch, sizeof scratch, "sleeper %d", id);
 *     await(pn_sleep_ms(ms));
 *     trace_add(tr, id, 0);
 *     return len + scratch[0];
 * }
 * Its frame is beyond the slab's largest class, so each task is an
 * allocation of its own: the allocator sees exactly when it is freed.
 */
struct big_sleeper__frame {
    pn_future pn__hdr;
    int pn__ret;
    struct trace *tr;
    int id;
    uint64_t ms;
    char scratch[8192];
    int len;
    union {
        struct pn_sleep_ms__frame a1; /* await(pn_sleep_ms(ms)) */
    } pn__child;
};

static inline void big_sleeper__init(struct big_sleeper__frame *f, struct trace *tr, int id,
                                     uint64_t ms)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->tr = tr;
    f->id = id;
    f->ms = ms;
}

static inline pn_poll big_sleeper__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct big_sleeper__frame *f = (struct big_sleeper__frame *)pn__self;
    pn__pin_check(pn__self, "big_sleeper");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("big_sleeper", f->pn__hdr.pn__state);
    }
pn__start:
    f->len = snprintf(f->scratch, sizeof f->scratch, "sleeper %d", f->id);
    /* await(pn_sleep_ms(ms)); */
    pn_sleep_ms__init(&f->pn__child.a1, f->ms);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_sleep_ms__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    trace_add(f->tr, f->id, 0);
    f->pn__ret = f->len + f->scratch[0];
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void big_sleeper__drop(pn_future *pn__self)
{
    struct big_sleeper__frame *f = (struct big_sleeper__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_sleep_ms__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE(big_sleeper);

/* ---- async void parker(struct trace *tr, int id, struct slot *s)
 * {
 *     int v = await(park(s));
 *     trace_add(tr, id, (uint64_t)v);
 * }
 */
struct parker__frame {
    pn_future pn__hdr;
    struct trace *tr;
    int id;
    struct slot *s;
    union {
        struct park__frame a1; /* await(park(s)) */
    } pn__child;
};

static inline void parker__init(struct parker__frame *f, struct trace *tr, int id, struct slot *s)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->tr = tr;
    f->id = id;
    f->s = s;
}

static inline pn_poll parker__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct parker__frame *f = (struct parker__frame *)pn__self;
    pn__pin_check(pn__self, "parker");
    int v;
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("parker", f->pn__hdr.pn__state);
    }
pn__start:
    /* int v = await(park(s)); */
    park__init(&f->pn__child.a1, f->s);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (park__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    v = f->pn__child.a1.pn__ret;
    trace_add(f->tr, f->id, (uint64_t)v);
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void parker__drop(pn_future *pn__self)
{
    struct parker__frame *f = (struct parker__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        park__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE_VOID(parker);

/* ---- async void wake_in_order(struct slot *slots, const int *order, int n)
 * {
 *     await(pn_yield());
 *     for (int i = 0; i < n; i++)
 *         slot_wake(&slots[order[i]], i);
 * }
 */
struct wake_in_order__frame {
    pn_future pn__hdr;
    struct slot *slots;
    const int *order;
    int n;
    union {
        struct pn_yield__frame a1; /* await(pn_yield()) */
    } pn__child;
};

static inline void wake_in_order__init(struct wake_in_order__frame *f, struct slot *slots,
                                       const int *order, int n)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->slots = slots;
    f->order = order;
    f->n = n;
}

static inline pn_poll wake_in_order__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct wake_in_order__frame *f = (struct wake_in_order__frame *)pn__self;
    pn__pin_check(pn__self, "wake_in_order");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("wake_in_order", f->pn__hdr.pn__state);
    }
pn__start:
    /* await(pn_yield()); */
    pn_yield__init(&f->pn__child.a1);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_yield__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    for (int i = 0; i < f->n; i++)
        slot_wake(&f->slots[f->order[i]], i);
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void wake_in_order__drop(pn_future *pn__self)
{
    struct wake_in_order__frame *f = (struct wake_in_order__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_yield__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE_VOID(wake_in_order);

/* ---- async int twice(int x)
 * {
 *     await(pn_yield());
 *     return 2 * x;
 * }
 */
struct twice__frame {
    pn_future pn__hdr;
    int pn__ret;
    int x;
    union {
        struct pn_yield__frame a1; /* await(pn_yield()) */
    } pn__child;
};

static inline void twice__init(struct twice__frame *f, int x)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->x = x;
}

static inline pn_poll twice__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct twice__frame *f = (struct twice__frame *)pn__self;
    pn__pin_check(pn__self, "twice");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("twice", f->pn__hdr.pn__state);
    }
pn__start:
    pn_yield__init(&f->pn__child.a1);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_yield__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->pn__ret = 2 * f->x;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void twice__drop(pn_future *pn__self)
{
    struct twice__frame *f = (struct twice__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_yield__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE(twice);

/* ---- struct pair { int lo; long hi; };
 * async struct pair make_pair(int x)
 * {
 *     return (struct pair){x, 1000L * x};
 * }
 */
struct pair {
    int lo;
    long hi;
};

struct make_pair__frame {
    pn_future pn__hdr;
    struct pair pn__ret;
    int x;
};

static inline void make_pair__init(struct make_pair__frame *f, int x)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->x = x;
}

static inline pn_poll make_pair__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct make_pair__frame *f = (struct make_pair__frame *)pn__self;
    (void)pn__cx;
    pn__pin_check(pn__self, "make_pair");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    default: pn__bad_state("make_pair", f->pn__hdr.pn__state);
    }
pn__start:
    f->pn__ret = (struct pair){f->x, 1000L * f->x};
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void make_pair__drop(pn_future *pn__self)
{
    struct make_pair__frame *f = (struct make_pair__frame *)pn__self;
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE(make_pair);

/* ---- async void join_all(pn_task **tasks, int *results, int n)
 * {
 *     for (int i = 0; i < n; i++)
 *         results[i] = await(pn_join(tasks[i]));
 * }
 */
struct join_all__frame {
    pn_future pn__hdr;
    pn_task **tasks;
    int *results;
    int n;
    int i;
    union {
        struct pn_join__frame a1; /* await(pn_join(tasks[i])) */
    } pn__child;
};

static inline void join_all__init(struct join_all__frame *f, pn_task **tasks, int *results, int n)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->tasks = tasks;
    f->results = results;
    f->n = n;
}

static inline pn_poll join_all__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct join_all__frame *f = (struct join_all__frame *)pn__self;
    pn__pin_check(pn__self, "join_all");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("join_all", f->pn__hdr.pn__state);
    }
pn__start:
    f->i = 0;
pn__for_cond:
    if (!(f->i < f->n))
        goto pn__for_end;
    /* results[i] = await(pn_join(tasks[i])); */
    pn_join__init(&f->pn__child.a1, f->tasks[f->i]);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_join__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->results[f->i] = f->pn__child.a1.pn__ret;
    f->i++;
    goto pn__for_cond;
pn__for_end:
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void join_all__drop(pn_future *pn__self)
{
    struct join_all__frame *f = (struct join_all__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_join__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE_VOID(join_all);

/* ---- async int join_into(pn_task *t, void *out, size_t size)
 * {
 *     return await(pn_join_result(t, out, size));
 * }
 */
struct join_into__frame {
    pn_future pn__hdr;
    int pn__ret;
    pn_task *t;
    void *out;
    size_t size;
    union {
        struct pn_join_result__frame a1; /* await(pn_join_result(t, out, size)) */
    } pn__child;
};

static inline void join_into__init(struct join_into__frame *f, pn_task *t, void *out, size_t size)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->t = t;
    f->out = out;
    f->size = size;
}

static inline pn_poll join_into__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct join_into__frame *f = (struct join_into__frame *)pn__self;
    pn__pin_check(pn__self, "join_into");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("join_into", f->pn__hdr.pn__state);
    }
pn__start:
    pn_join_result__init(&f->pn__child.a1, f->t, f->out, f->size);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_join_result__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->pn__ret = f->pn__child.a1.pn__ret;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void join_into__drop(pn_future *pn__self)
{
    struct join_into__frame *f = (struct join_into__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_join_result__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE(join_into);

/* ---- async void cancel_later(pn_task *t, uint64_t ms)
 * {
 *     await(pn_sleep_ms(ms));
 *     pn_cancel(t);
 * }
 */
struct cancel_later__frame {
    pn_future pn__hdr;
    pn_task *t;
    uint64_t ms;
    union {
        struct pn_sleep_ms__frame a1; /* await(pn_sleep_ms(ms)) */
    } pn__child;
};

static inline void cancel_later__init(struct cancel_later__frame *f, pn_task *t, uint64_t ms)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->t = t;
    f->ms = ms;
}

static inline pn_poll cancel_later__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct cancel_later__frame *f = (struct cancel_later__frame *)pn__self;
    pn__pin_check(pn__self, "cancel_later");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("cancel_later", f->pn__hdr.pn__state);
    }
pn__start:
    pn_sleep_ms__init(&f->pn__child.a1, f->ms);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_sleep_ms__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    pn_cancel(f->t);
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void cancel_later__drop(pn_future *pn__self)
{
    struct cancel_later__frame *f = (struct cancel_later__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_sleep_ms__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE_VOID(cancel_later);

/* ---- async void pause_ms(uint64_t ms)
 * {
 *     await(pn_sleep_ms(ms));
 * }
 */
struct pause_ms__frame {
    pn_future pn__hdr;
    uint64_t ms;
    union {
        struct pn_sleep_ms__frame a1; /* await(pn_sleep_ms(ms)) */
    } pn__child;
};

static inline void pause_ms__init(struct pause_ms__frame *f, uint64_t ms)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->ms = ms;
}

static inline pn_poll pause_ms__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct pause_ms__frame *f = (struct pause_ms__frame *)pn__self;
    pn__pin_check(pn__self, "pause_ms");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("pause_ms", f->pn__hdr.pn__state);
    }
pn__start:
    pn_sleep_ms__init(&f->pn__child.a1, f->ms);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_sleep_ms__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void pause_ms__drop(pn_future *pn__self)
{
    struct pause_ms__frame *f = (struct pause_ms__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_sleep_ms__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE_VOID(pause_ms);

/* ---- async void self_cancel(pn_task **self, struct trace *tr)
 * {
 *     trace_add(tr, 1, 0);
 *     pn_cancel(*self);
 *     trace_add(tr, 2, 0);
 *     await(pn_yield());
 *     trace_add(tr, 3, 0);
 * }
 */
struct self_cancel__frame {
    pn_future pn__hdr;
    pn_task **self;
    struct trace *tr;
    union {
        struct pn_yield__frame a1; /* await(pn_yield()) */
    } pn__child;
};

static inline void self_cancel__init(struct self_cancel__frame *f, pn_task **self, struct trace *tr)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->self = self;
    f->tr = tr;
}

static inline pn_poll self_cancel__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct self_cancel__frame *f = (struct self_cancel__frame *)pn__self;
    pn__pin_check(pn__self, "self_cancel");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("self_cancel", f->pn__hdr.pn__state);
    }
pn__start:
    trace_add(f->tr, 1, 0);
    pn_cancel(*f->self);
    trace_add(f->tr, 2, 0);
    pn_yield__init(&f->pn__child.a1);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_yield__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    trace_add(f->tr, 3, 0);
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void self_cancel__drop(pn_future *pn__self)
{
    struct self_cancel__frame *f = (struct self_cancel__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_yield__drop(&f->pn__child.a1.pn__hdr);
    /* Visible to the test: the frame was dropped in state 1. */
    trace_add(f->tr, -(int)f->pn__hdr.pn__state, 0);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE_VOID(self_cancel);

/* ---- async void guarded_park(struct slot *s)
 * {
 *     await(park(s));
 * }
 * (A task that waits until woken or dropped; park counts the drops.)
 */
struct guarded_park__frame {
    pn_future pn__hdr;
    struct slot *s;
    union {
        struct park__frame a1; /* await(park(s)) */
    } pn__child;
};

static inline void guarded_park__init(struct guarded_park__frame *f, struct slot *s)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->s = s;
}

static inline pn_poll guarded_park__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct guarded_park__frame *f = (struct guarded_park__frame *)pn__self;
    pn__pin_check(pn__self, "guarded_park");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("guarded_park", f->pn__hdr.pn__state);
    }
pn__start:
    park__init(&f->pn__child.a1, f->s);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (park__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void guarded_park__drop(pn_future *pn__self)
{
    struct guarded_park__frame *f = (struct guarded_park__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        park__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE_VOID(guarded_park);

/* ---- async int big_remote(struct remote *r)
 * {
 *     char scratch[8192];
 *     scratch[0] = 7;
 *     int v = await(remote_value(r));
 *     return v + scratch[0];
 * }
 * A large frame again, so the allocator sees when the task is freed.
 */
struct big_remote__frame {
    pn_future pn__hdr;
    int pn__ret;
    struct remote *r;
    char scratch[8192];
    union {
        struct remote_value__frame a1; /* await(remote_value(r)) */
    } pn__child;
};

static inline void big_remote__init(struct big_remote__frame *f, struct remote *r)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->r = r;
}

static inline pn_poll big_remote__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct big_remote__frame *f = (struct big_remote__frame *)pn__self;
    pn__pin_check(pn__self, "big_remote");
    int v;
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("big_remote", f->pn__hdr.pn__state);
    }
pn__start:
    f->scratch[0] = 7;
    remote_value__init(&f->pn__child.a1, f->r);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (remote_value__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    v = f->pn__child.a1.pn__ret;
    f->pn__ret = v + f->scratch[0];
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void big_remote__drop(pn_future *pn__self)
{
    struct big_remote__frame *f = (struct big_remote__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        remote_value__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE(big_remote);

/* ---- async void bump(int *count, uint64_t ms)
 * {
 *     await(pn_sleep_ms(ms));
 *     await(pn_yield());
 *     (*count)++;
 * }
 * Two awaits: their children share the union.
 */
struct bump__frame {
    pn_future pn__hdr;
    int *count;
    uint64_t ms;
    union {
        struct pn_sleep_ms__frame a1; /* await(pn_sleep_ms(ms)) */
        struct pn_yield__frame a2;    /* await(pn_yield()) */
    } pn__child;
};

static inline void bump__init(struct bump__frame *f, int *count, uint64_t ms)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->count = count;
    f->ms = ms;
}

static inline pn_poll bump__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct bump__frame *f = (struct bump__frame *)pn__self;
    pn__pin_check(pn__self, "bump");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    case 2: goto pn__await2;
    default: pn__bad_state("bump", f->pn__hdr.pn__state);
    }
pn__start:
    pn_sleep_ms__init(&f->pn__child.a1, f->ms);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_sleep_ms__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    pn_yield__init(&f->pn__child.a2);
    f->pn__hdr.pn__state = 2;
pn__await2:
    if (pn_yield__poll(&f->pn__child.a2.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    (*f->count)++;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void bump__drop(pn_future *pn__self)
{
    struct bump__frame *f = (struct bump__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_sleep_ms__drop(&f->pn__child.a1.pn__hdr);
    else if (f->pn__hdr.pn__state == 2)
        pn_yield__drop(&f->pn__child.a2.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

TEST_VTABLE_VOID(bump);

#endif
