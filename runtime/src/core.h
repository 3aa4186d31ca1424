/*
 * core.h — the layout the executor's files share: tasks, slab chunks and
 * the per-thread runtime.  Only alloc.c, task.c, runtime.c and timer.c
 * include it; the rest of the runtime goes through internal.h.  (It is
 * not part of internal.h because the runtime embeds the reactor, whose
 * header includes internal.h.)
 */
#ifndef PINION_CORE_H
#define PINION_CORE_H

#include "reactor.h"

#include <pthread.h>
#include <stdatomic.h>


/*
 * A task is a 32-byte header followed by its root frame, carved from a
 * slab chunk.  pn_task and pn_waker are the same object: a waker is a
 * counted reference to its task.
 *
 * pn__refs packs the reference count (in units of PN__TASK_REF) with the
 * PN__TASK_QUEUED bit, so "in a queue" keeps the task alive and the memory
 * is released by whoever brings the whole word to zero.  It is the only
 * field another thread touches (wake, drop); everything else belongs to
 * the runtime's thread.  The references are: the handle (until join,
 * detach or cancel), the runtime's own while the frame is live (until it
 * completes or is dropped), and one per outstanding waker.
 *
 * pn__next links the task into exactly one queue at a time (local run
 * queue, injection queue, or a chunk's free list): QUEUED says it is in
 * one of the first two.
 */
#define PN__TASK_QUEUED 1u
#define PN__TASK_REF 2u

enum {
    PN__TASK_STARTED = 1u << 0,     /* pn__task_start ran: the frame is initialised */
    PN__TASK_DONE = 1u << 1,        /* completed or dropped: never polled again */
    PN__TASK_CANCELLED = 1u << 2,   /* ... because it was cancelled */
    PN__TASK_CANCEL_SELF = 1u << 3, /* cancelled from its own poll: drop on return */
    PN__TASK_JOINED = 1u << 4,      /* a pn_join frame owns the handle */
    PN__TASK_ROOT = 1u << 5,        /* the pn__block_on root: frame elsewhere, never freed */
};

struct pn_task {
    const pn_future_vtable *pn__vt;
    struct pn_task *pn__next;
    pn_waker *pn__joiner;        /* owned; the task awaiting pn_join on this one */
    _Atomic uint32_t pn__refs;
    uint16_t pn__chunk_off;      /* distance back to its chunk, in 16-byte units */
    uint8_t pn__flags;           /* PN__TASK_*, runtime thread only */
    uint8_t pn__class;           /* slab size class */
};

/* Small on purpose: with a pn_sleep_ms timer node (48 bytes) a sleeping
 * task costs 80 bytes of runtime overhead, and the slab adds none. */
_Static_assert(sizeof(struct pn_task) == 32, "task header must stay 32 bytes");

/* Slab chunk header: slots of one size class follow it.  A task finds its
 * runtime through its chunk, which keeps the task header at 32 bytes. */
typedef struct pn__chunk {
    _Alignas(16) pn__runtime *rt;
    struct pn__chunk *prev, *next; /* in its class's partial or full list */
    pn_task *free;                 /* recycled slots */
    size_t bytes;                  /* what was allocated */
    uint32_t slot_size, nslots, used, bump;
} pn__chunk;

#define PN__SLAB_CLASSES 26
#define PN__SLAB_LARGE 0xff

typedef struct pn__slab_class {
    pn__chunk *partial; /* chunks with a free slot */
    pn__chunk *full;
} pn__slab_class;

struct pn__runtime {
    /* The root task of pn__block_on sits right after a chunk header of its
     * own, so it finds its runtime like any other task. */
    pn__chunk root_chunk;
    pn_task root;
    pn_future *root_frame;

    bool initialised;
    bool running;       /* inside pn__block_on */
    bool shutting_down;
    bool reactor_ready;
    pn_task *current;   /* the task being polled */

    pn_task *runq_head, *runq_tail;
    size_t runq_len;
    size_t live_tasks; /* started, not yet completed or dropped */

    /* Wakes from other threads land here; pn__reactor_notify interrupts
     * the sleep.  Only inject_lock orders them with the runtime's thread. */
    pthread_mutex_t inject_lock;
    pn_task *inject_head, *inject_tail;
    _Atomic bool inject_any; /* set under the lock; read without it */

    pn__timer_heap timers;
    pn__reactor reactor;

    pn__slab_class classes[PN__SLAB_CLASSES];
    pn__chunk *large; /* one task each, for frames beyond the largest class */

    /* Survives pn_shutdown: the allocator is a setting, not state. */
    pn_allocator allocator;
    bool allocator_set;
    size_t bytes_in_use;
};

/* alloc.c: slots for tasks of the runtime rt; NULL when memory runs out.
 * pn__slab_alloc returns a header with pn__chunk_off and pn__class set. */
pn_task *pn__slab_alloc(pn__runtime *rt, size_t size);
void pn__slab_free(pn__runtime *rt, pn_task *t);
/* Calls fn on every slot that is handed out, during shutdown only (fn
 * may free slots); returns how many calls returned true. */
size_t pn__slab_each(pn__runtime *rt, bool (*fn)(pn__runtime *, pn_task *));
void pn__slab_release_all(pn__runtime *rt);

/* task.c */
void *pn__task_frame(pn__runtime *rt, pn_task *t);
void pn__task_run(pn__runtime *rt, pn_task *t);     /* pop-time: poll or retire */
void pn__task_cancel_now(pn__runtime *rt, pn_task *t);
void pn__task_local_wake(pn__runtime *rt, pn_task *t);
void pn__task_release(pn__runtime *rt, pn_task *t);
pn_task *pn__runq_pop(pn__runtime *rt);
void pn__inject_drain(pn__runtime *rt);

/* runtime.c: abort with a message on the standard error. */
_Noreturn void pn__die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* This thread's runtime storage; initialised means pn__rt_current ran. */
extern _Thread_local pn__runtime pn__tls_runtime;

static inline pn__runtime *pn__task_runtime(const pn_task *t)
{
    return ((const pn__chunk *)(const void *)((const char *)t - (size_t)t->pn__chunk_off * 16))->rt;
}

#endif
