/*
 * core.h — the layout the executor's files share: tasks, slab chunks,
 * the per-thread runtime, and the run queue operations the hot loop
 * inlines.  Only alloc.c, task.c, runtime.c, timer.c, pool.c and the
 * inspection files (inspect.c, trace.c) include it; the rest of the runtime
 * goes through internal.h.  (It is not part of
 * internal.h because the runtime embeds the reactor, whose header
 * includes internal.h.)
 */
#ifndef PINION_CORE_H
#define PINION_CORE_H

#include "reactor.h"

#include <pthread.h>
#include <stdatomic.h>

#if defined(__GNUC__) || defined(__clang__)
#define pn__likely(x) __builtin_expect(!!(x), 1)
#define pn__unlikely(x) __builtin_expect(!!(x), 0)
/* Make the compiler forget what it knows about pointer p.  The runtime's
 * address is a thread-local one, which compilers recompute at every use;
 * laundered, it is computed once and kept in a register. */
#define PN__OPAQUE(p) __asm__("" : "+r"(p))
#define PN__NOINLINE __attribute__((noinline))
#else
#define pn__likely(x) (x)
#define pn__unlikely(x) (x)
#define PN__OPAQUE(p) ((void)0)
#define PN__NOINLINE
#endif
/* An abort path the common path reaches by a tail call: out of line, and
 * not known (to gcc's interprocedural analysis) never to return, which
 * would make it a call that keeps the caller's registers saved. */
#if defined(__GNUC__) && !defined(__clang__)
#define PN__TAIL_ABORT __attribute__((noinline, noipa, cold))
#else
#define PN__TAIL_ABORT PN__NOINLINE
#endif

/*
 * A task is a 16-byte header followed by its root frame, carved from a
 * slab chunk that holds tasks of one async function only.  Everything
 * the tasks of a chunk have in common (the vtable, where the frame sits,
 * the runtime) lives once in the chunk header, which the task finds
 * through pn__chunk_off.  pn_task and pn_waker are the same object: a
 * waker is a counted reference to its task.
 *
 * pn__refs packs the reference count (in units of PN__TASK_REF) with two
 * scheduling bits.  It is the only field another thread touches (wake,
 * drop); everything else belongs to the runtime's thread.
 *
 *   QUEUED    the task is scheduled: in the ready lists, in the
 *             injection queue, or being polled.  It stays set during a
 *             poll, so a task that wakes itself (pn_yield) goes back in
 *             the queue without touching this word at all.
 *   NOTIFIED  another thread woke the task while QUEUED was set; if the
 *             poll under way ends without the task asking to run again,
 *             it is queued once more instead of going idle.
 *
 * A scheduled task keeps its memory alive, and whoever brings the whole
 * word to zero frees it (on the runtime's thread only: another thread
 * that would drop the last reference queues the task instead).  The
 * references are: the handle (until join, detach or cancel), the
 * runtime's own while the frame is live (until it completes or is
 * dropped), and one per outstanding waker.
 *
 * pn__next links the task into exactly one list at a time: next or runq
 * or the injection queue (while QUEUED), or its chunk's free list.
 */
#define PN__TASK_QUEUED 1u
#define PN__TASK_NOTIFIED 2u
/* Tasks of a pool of workers (pool.c) also keep here: a cancel asked for
 * from another worker, completion (and whether the frame was dropped, not
 * completed) as every thread sees it, a joiner waiting (its waker in the
 * task's pn__pool_hdr), and the worker that polls the task (0 until its
 * first poll: it may still be taken by any worker).  Single-thread tasks
 * never set them. */
#define PN__TASK_CANCEL_REQ 4u
#define PN__TASK_FINISHED 8u
#define PN__TASK_DROPPED 16u
#define PN__TASK_JOINER 32u
#define PN__TASK_PLACE_SHIFT 6
#define PN__TASK_PLACE_MASK (0x7fu << PN__TASK_PLACE_SHIFT)
#define PN__TASK_REF (1u << 13)

enum {
    PN__TASK_SLOT = 1u << 0,      /* handed out by the slab (for the shutdown walk) */
    PN__TASK_STARTED = 1u << 1,   /* pn__task_start ran: the frame is initialised */
    PN__TASK_DONE = 1u << 2,      /* completed or dropped: never polled again */
    PN__TASK_CANCELLED = 1u << 3, /* ... because it was cancelled */
    PN__TASK_JOINED = 1u << 4,    /* a pn_join frame owns the handle */
    PN__TASK_JOIN_WAIT = 1u << 5, /* ... and waits: rt->joins maps the task to the waiter
                                   * (a pool task: PN__TASK_JOINER instead) */
    PN__TASK_ROOT = 1u << 6,      /* the pn__block_on root: frame elsewhere, never freed */
};

struct pn_task {
    struct pn_task *pn__next;
    _Atomic uint32_t pn__refs;
    uint16_t pn__chunk_off; /* distance back to its chunk, in 8-byte units */
    uint8_t pn__flags;      /* PN__TASK_*, runtime thread only (pool.c: see there) */
    uint8_t pn__gen;        /* the generation of the handle: see below */
};

/* A sleeping task costs this header plus its frame; see docs/abi.md. */
_Static_assert(sizeof(struct pn_task) == 16, "task header must stay 16 bytes");

/* A pool task (pool.c) has these between its header and its frame: the
 * links of the list of the tasks placed on its worker, which it is in from
 * its first poll until it completes, and which only that worker's thread
 * changes and reads (pn_dump_tasks); and the waker of the task that waits
 * to join it (a counted reference, written before PN__TASK_JOINER is set
 * and owned by whoever clears that bit or sees it set with FINISHED).
 * Tasks of a single thread have no such room. */
typedef struct pn__placed {
    struct pn_task *prev, *next;
    struct pn_task *joiner;
} pn__placed;

static inline pn__placed *pn__task_placed(const struct pn_task *t)
{
    return (pn__placed *)(void *)((char *)(uintptr_t)t + sizeof(struct pn_task));
}

/*
 * Task handles.  The pn_task * that pn_spawn returns is the task's address
 * with its generation, pn__gen, in bits the address never uses (bits 48
 * to 55 of a 64-bit pointer; the low three bits, which alignment keeps
 * clear, on a 32-bit one).  Giving the handle up (join, detach, cancel)
 * advances pn__gen, and a recycled slot keeps it, so every use of a handle
 * that was already given up, whether the slot holds another task by now or
 * not, finds a generation that differs from its own and aborts instead of
 * acting on whatever lives there.  The check is a mask, a byte load and a
 * compare; the generation wraps after 256 tasks in one slot, so a handle
 * that stale (and only that stale) goes unnoticed.
 */
#if UINTPTR_MAX > 0xffffffffu
#define PN__HANDLE_GEN_SHIFT 48
#define PN__HANDLE_GEN_MASK ((uintptr_t)0xff << PN__HANDLE_GEN_SHIFT)
#else
#define PN__HANDLE_GEN_SHIFT 0
#define PN__HANDLE_GEN_MASK ((uintptr_t)0x7)
#endif

static inline pn_task *pn__handle_of(const pn_task *t)
{
    return (pn_task *)((uintptr_t)t |
                       (((uintptr_t)t->pn__gen << PN__HANDLE_GEN_SHIFT) & PN__HANDLE_GEN_MASK));
}

/* The task a handle names, unchecked. */
static inline pn_task *pn__handle_task(const pn_task *h)
{
    return (pn_task *)((uintptr_t)h & ~PN__HANDLE_GEN_MASK);
}

/* Whether handle h (naming t) is the current one of its task. */
static inline bool pn__handle_current(const pn_task *h, const pn_task *t)
{
    return (((uintptr_t)h ^ ((uintptr_t)t->pn__gen << PN__HANDLE_GEN_SHIFT)) &
            PN__HANDLE_GEN_MASK) == 0;
}

/* Bits of rt->cx.pn__woken besides PN__WOKEN: pn_cancel of the task being
 * polled, which is dropped as soon as the poll returns. */
#define PN__CX_CANCEL 2u

typedef struct pn__slab_class pn__slab_class;
typedef struct pn__trace pn__trace;

/* Slab chunk header: slots of one class follow it.  The hot fields come
 * first: polling a task reads poll and frame_off. */
typedef struct pn__chunk {
    pn_poll_fn poll;   /* vt->poll */
    intptr_t frame_off; /* frame = (char *)task + frame_off */
    pn__runtime *rt;
    const pn_future_vtable *vt;
    pn__slab_class *cls; /* NULL for the root's chunk */
    struct pn__chunk *prev, *next; /* in its class's partial or full list */
    pn_task *free;                 /* recycled slots, most recently freed first */
    char *slots;                   /* the first slot */
    size_t bytes;                  /* what was allocated */
    uint32_t stride, nslots, used, bump;
    uint8_t gen_seed;              /* the generation its fresh slots start with */
} pn__chunk;

/* The tasks of one async function (one vtable). */
struct pn__slab_class {
    const pn_future_vtable *vt;
    pn__chunk *partial; /* chunks with a free slot */
    pn__chunk *full;
    uint32_t stride;    /* bytes per slot: header, padding, frame */
    uint32_t nslots;    /* slots per chunk */
    bool keep_one;      /* keep the last chunk with room when it empties */
};

/* A small open-addressing map from pointers to pointers (keys never NULL),
 * used for vtable -> class and joined task -> waiting task.  It starts in
 * storage embedded in the runtime and grows through the allocator; when
 * growing fails it reports so and the caller copes. */
typedef struct pn__ptrmap_entry {
    const void *key;
    void *value;
} pn__ptrmap_entry;

#define PN__PTRMAP_INLINE 16

typedef struct pn__ptrmap {
    pn__ptrmap_entry *entries; /* inline_entries, or allocated */
    size_t cap, count;
    pn__ptrmap_entry inline_entries[PN__PTRMAP_INLINE];
} pn__ptrmap;

void pn__ptrmap_init(pn__ptrmap *m);
void pn__ptrmap_fini(pn__ptrmap *m);
void *pn__ptrmap_get(const pn__ptrmap *m, const void *key);
/* 0, or -ENOMEM when the map is full and cannot grow. */
int pn__ptrmap_put(pn__ptrmap *m, const void *key, void *value);
void *pn__ptrmap_remove(pn__ptrmap *m, const void *key);

/* The timer wheel: PN__WHEEL_LEVELS levels of PN__WHEEL_SLOTS slots; a
 * slot of level L spans 64^L milliseconds.  See timer.c. */
#define PN__WHEEL_BITS 6
#define PN__WHEEL_SLOTS (1u << PN__WHEEL_BITS)
#define PN__WHEEL_LEVELS 11 /* 66 bits: every uint64_t deadline has a slot */

typedef struct pn__timer_wheel {
    uint64_t now;        /* ms: every timer due at or before it has been taken */
    uint64_t next_event; /* ms: nothing to do before it (may be early) */
    size_t count;        /* timers armed */
    pn__timer_link due;  /* timers already due, in firing order */
    uint64_t occupied[PN__WHEEL_LEVELS]; /* bit s: slot s may hold timers */
    /* A slot is a circular list through its sentinel; zeroed means empty. */
    pn__timer_link slots[PN__WHEEL_LEVELS][PN__WHEEL_SLOTS];
} pn__timer_wheel;

#define PN__INLINE_CLASSES 8

/* Groups of next kept apart; deeper spawns share the top one. */
#define PN__GROUPS 64

struct pn__runtime {
    /* The context of the poll under way: its pn__waker is the task being
     * polled (NULL between polls), pn__woken what it asked for. */
    pn_context cx;

    /* Ready tasks, in two places (runtime.c says how they are served).
     * next holds what the tasks polled in this turn made ready, as a
     * stack of groups kept in one list, the top group first: each poll
     * that spawns opens a group (its tasks in spawn order), a task it
     * wakes joins the end of the top group left once the poll's task was
     * taken (its remaining siblings, else the group below).
     * group_last[g] is the last task of group g (g = ngroups - 1 is the
     * top); wake_group and spawn_group are the groups the poll under way
     * adds to (-1: none yet).  runq is the FIFO of everything else:
     * timers, I/O, other threads' wakes, tasks that yielded. */
    pn_task *next_head;
    pn_task *group_last[PN__GROUPS];
    unsigned ngroups;
    int wake_group, spawn_group;
    pn_task *runq_head, **runq_tailp;
    /* Tasks that yielded while a timer or an fd wait was registered: they
     * go to the back of runq after the next look at timers and I/O, behind
     * whatever that look makes ready (runtime.c, "fairness"). */
    pn_task *yield_head, **yield_tailp;
    unsigned next_streak; /* tasks taken from next in a row */
    bool polling;         /* inside rt_run_batch: wakes go to next */
    /* A pn_now_ns() reading taken during the poll under way (a sleep
     * arming its timer), 0 if none: spares the executor a clock read. */
    uint64_t clock_hint;
    /* When the batch under way must stop for a look (runtime.c),
     * UINT64_MAX while nothing could be held back. */
    uint64_t slice_end;
    bool look_woke; /* runq holds tasks that a look at timers, I/O or wakes made ready */

    /* The root task of pn__block_on has a chunk header of its own, so it
     * is polled like any other task. */
    pn__chunk root_chunk;
    pn_task root;

    bool initialised;
    /* The thread pointer of the thread whose runtime this is (NULL for a
     * pool home, which no thread has as its own): see pn__rt_is_mine. */
    void *thread;
    bool running;       /* inside pn__block_on */
    bool shutting_down;
    /* pn__task_reserve must take its slow path: shutting down, a pool of
     * workers (pool.c), or a pn_spawn_local pending. */
    bool spawn_slow;
    bool spawn_local_next;
    /* The pool this thread works for (NULL: single-thread runtime), its
     * index in it, and for a pool "home": the slab-only runtime whose
     * chunks hold the pool tasks this worker spawns (pool.c). */
    struct pn__pool *pool;
    unsigned worker;
    pn__runtime *home;
    /* A home's slab is its worker's alone; other threads free its tasks
     * onto remote_free, which the worker takes back at its looks.  The
     * counts say whether any of its tasks is still live (pn_set_workers):
     * nalloc and nfree_own are written by the worker only. */
    _Atomic uint64_t nalloc, nfree_own;
    _Alignas(128) _Atomic(struct pn_task *) remote_free;
    _Atomic uint64_t nfree_remote;
    _Alignas(128) char pn__after_remote;
    bool reactor_ready;

    /* Wakes from other threads land here; pn__reactor_notify interrupts
     * the sleep.  Only inject_lock orders them with the runtime's thread. */
    pthread_mutex_t inject_lock;
    pn_task *inject_head, *inject_tail;
    _Atomic bool inject_any; /* set under the lock; read without it */

    pn__timer_wheel timers;
    pn__reactor reactor;

    /* Slab classes by vtable; the first few live here. */
    pn__ptrmap classes;
    pn__slab_class *last_class; /* of the last spawn: a repeated spawn skips the map */
    pn__slab_class inline_classes[PN__INLINE_CLASSES];
    size_t ninline_classes;

    /* Pending joins: joined task -> the task awaiting pn_join on it. */
    pn__ptrmap joins;
    /* The generation the slots of a new chunk start with (a fresh slot at
     * a recycled address should not restart where the last one did). */
    uint8_t gen_seed;

    /* Spawns through pointers to async functions (dyn.c): the task that
     * the open request claimed.  (The request itself, and the free frame
     * storage of awaits, are in pinion.h's pn__dyn_cache.) */
    pn_task *dyn_task;
    bool dyn_claimed;

    /* Survives pn_shutdown: the allocator is a setting, not state. */
    pn_allocator allocator;
    bool allocator_set;
    size_t bytes_in_use;
    /* Also a setting (pn_set_busy_poll_us): how long to keep looking for
     * work before sleeping, in nanoseconds. */
    uint64_t busy_poll_ns;
    /* PINION_TRACE (trace.c): NULL when not tracing, which is all the
     * executor ever looks at then. */
    pn__trace *trace;
};

/* alloc.c: a slot for a task of vt; NULL when memory runs out.  The
 * header comes back with pn__chunk_off and pn__flags = PN__TASK_SLOT set
 * and refs 0; the frame is at pn__task_frame. */
pn_task *pn__slab_alloc(pn__runtime *rt, const pn_future_vtable *vt);
void pn__slab_free(pn__runtime *rt, pn_task *t);
/* Calls fn on every slot that is handed out, during shutdown (fn may
 * free slots) or for a read-only walk (pn_dump_tasks); returns how many
 * calls returned true. */
void pn__slab_free_remote(pn__runtime *rt, pn_task *t);
size_t pn__slab_take_remote(pn__runtime *rt);
size_t pn__slab_each(pn__runtime *rt, bool (*fn)(pn__runtime *, pn_task *));
void pn__slab_release_all(pn__runtime *rt);

/* dyn.c: frees the frame storage kept for awaits through pointers. */
void pn__dyn_release_all(pn__runtime *rt);

/* task.c */
/* What the executor does after polling t when the poll did not simply
 * ask to run again: complete, drop, requeue or park the task.  Returns
 * true when t was the root and it completed. */
bool pn__task_run_slow(pn__runtime *rt, pn_task *t, pn_poll r);
/* A popped task that is DONE leaves the queue (and is freed if that was
 * all that kept it). */
void pn__task_retire(pn__runtime *rt, pn_task *t);
void pn__task_cancel_now(pn__runtime *rt, pn_task *t);
void pn__task_local_wake(pn__runtime *rt, pn_task *t);
void pn__task_release(pn__runtime *rt, pn_task *t);
void pn__inject_drain(pn__runtime *rt);
/* The injection queue's tasks, as a list head..*tail (NULL: none). */
pn_task *pn__inject_take(pn__runtime *rt, pn_task **tail);
/* Hand t (QUEUED set by the caller) to rt from another thread. */
void pn__inject_push(pn__runtime *rt, pn_task *t);
void pn__task_free(pn__runtime *rt, pn_task *t);
/* The completion and drop paths of a task of this thread (pool.c runs
 * them for a pn_spawn_local task). */
void pn__task_wake_joiner(pn__runtime *rt, pn_task *t);

/* pool.c: the paths a task of a pool takes (its chunk's runtime is a pool
 * home, which no thread has as its own). */
/* Whether rt is a pool's home (the slab of one worker's pool tasks). */
static inline bool pn__pool_is_home(const pn__runtime *rt)
{
    return rt->home == rt;
}
void *pn__pool_reserve(pn__runtime *rt, const pn_future_vtable *vt, pn_task **out);
/* pn__task_start of a task not this thread's: a pool's, or the abort
 * (pn__task_start_refused). */
pn_task *pn__pool_start(pn_task *t);
pn_task *pn__task_start_refused(pn_task *t);
void pn__pool_release(pn_task *t, bool wake, bool keep_ref);
void pn__pool_detach(pn_task *h);
void pn__pool_cancel(pn_task *h);
/* pn_join's take of a handle not this thread's: a pool task's (the join
 * frame's state becomes PN__JOIN_POOL_STATE), or pn__handle_refused. */
void pn__pool_join_take(pn_task *h, const char *fn, uint32_t *state, pn_task **task);
_Noreturn void pn__handle_refused(pn_task *h, const char *fn);
/* pn_join_result__poll of a frame in PN__JOIN_POOL_STATE. */
pn_poll pn__pool_join_result_poll(pn_future *self, pn_context *cx);
pn_poll pn__pool_join_wait(pn_task **tp, int *ret, void *out, size_t size, bool check_size,
                           pn_context *cx);
void pn__pool_join_abandon(pn_task *t);
void pn__pool_block_on(pn__runtime *rt);
void pn__pool_shutdown(pn__runtime *rt);
/* pn_dump_tasks with a pool (inspect.c writes, pool.c gathers): every
 * worker's part, each written by its own thread (pn__dump_worker) at its
 * next look, or here for the caller's; returns the tasks written.  The
 * tasks placed on rt's worker, through fn; a pool task's flags and
 * handle, read under its home's lock. */
size_t pn__pool_dump(pn__runtime *rt, FILE *out);
size_t pn__dump_worker(FILE *out, pn__runtime *rt);
size_t pn__pool_placed_each(pn__runtime *rt, bool (*fn)(pn__runtime *, pn_task *));
uint8_t pn__pool_task_peek(const pn_task *t, pn_task **handle);
/* The state of a pn_join / pn_join_result frame whose task is a pool's. */
#define PN__JOIN_POOL_STATE 2u

/* trace.c, PINION_TRACE: the state of a runtime that traces, or NULL (the
 * variable unset, the file not writable); what the executor calls while
 * rt->trace is not NULL; pn__trace_poll polls t (frame, poll) and records
 * it. */
pn__trace *pn__trace_attach(void);
void pn__trace_detach(pn__trace *tr);
void pn__trace_spawn(pn__runtime *rt, pn_task *t);
pn_poll pn__trace_poll(pn__runtime *rt, pn_task *t, pn_poll_fn poll, pn_future *frame);
void pn__trace_wake(pn__runtime *rt, pn_task *t);
void pn__trace_cancel(pn__runtime *rt, pn_task *t);

/* This thread's runtime storage; initialised means pn__rt_current ran. */
extern _Thread_local pn__runtime pn__tls_runtime;

/* runtime.c: set up rt, this thread's runtime, on its first use. */
void pn__rt_init(pn__runtime *rt);
/* Cancel every live task of rt's slab, as pn_shutdown does, and keep the
 * rest (pool.c, when a pool stops). */
void pn__rt_cancel_all(pn__runtime *rt);

/* Whether rt is this thread's runtime.  Where the compiler has the thread
 * pointer as a builtin, the runtime's record of it is compared with it: a
 * plain load.  Taking the address of pn__tls_runtime is a call in code
 * built with -fPIC (one the linker rewrites into two instructions when it
 * links a program, too late for the compiler to spare the registers the
 * call would clobber), which the hot paths cannot afford. */
#if defined(__has_builtin)
#if __has_builtin(__builtin_thread_pointer) && (defined(__x86_64__) || defined(__aarch64__))
#define PN__HAVE_THREAD_POINTER 1
#endif
#endif

static inline void *pn__thread_pointer(void)
{
#ifdef PN__HAVE_THREAD_POINTER
    return __builtin_thread_pointer();
#else
    return &pn__tls_runtime;
#endif
}

static inline bool pn__rt_is_mine(const pn__runtime *rt)
{
    return rt->thread == pn__thread_pointer();
}

/* pn__rt_current for the executor's own files, inlined. */
static inline pn__runtime *pn__rt_here(void)
{
    pn__runtime *rt = &pn__tls_runtime;
    if (pn__unlikely(!rt->initialised))
        pn__rt_init(rt);
    return rt;
}

static inline pn__chunk *pn__task_chunk(const pn_task *t)
{
    return (pn__chunk *)(void *)((char *)(uintptr_t)t - (size_t)t->pn__chunk_off * 8);
}

static inline pn__runtime *pn__task_runtime(const pn_task *t)
{
    return pn__task_chunk(t)->rt;
}

static inline const pn_future_vtable *pn__task_vt(const pn_task *t)
{
    return pn__task_chunk(t)->vt;
}

static inline void *pn__task_frame(const pn_task *t)
{
    return (char *)(uintptr_t)t + pn__task_chunk(t)->frame_off;
}

/* A count only one thread writes, read by others. */
static inline void pn__count_up(_Atomic uint64_t *n)
{
    atomic_store_explicit(n, atomic_load_explicit(n, memory_order_relaxed) + 1,
                          memory_order_relaxed);
}

/* The common case of pn__slab_alloc, inlined into pn__task_reserve: a
 * spawn of the same function as the last one, from a chunk that keeps room
 * after it (alloc.c has the rest).  Sets *out and returns the frame, or
 * NULL when another path must be taken.  A runtime that was never set up,
 * or was shut down, has no last_class. */
static inline void *pn__slab_reserve_fast(pn__runtime *rt, const pn_future_vtable *vt,
                                          pn_task **out)
{
    pn__slab_class *k = rt->last_class;
    pn__chunk *c;
    if (!(k != NULL && k->vt == vt && (c = k->partial) != NULL && c->used + 1 < c->nslots))
        return NULL;
    pn_task *t = c->free;
    if (t != NULL) {
        c->free = t->pn__next; /* pn__chunk_off and pn__gen survive in a free slot */
    } else {
        t = (pn_task *)(void *)(c->slots + (size_t)c->bump++ * c->stride);
        t->pn__chunk_off = (uint16_t)(((uintptr_t)t - (uintptr_t)c) >> 3);
        t->pn__gen = c->gen_seed;
    }
    c->used++;
    t->pn__next = NULL;
    atomic_store_explicit(&t->pn__refs, 0, memory_order_relaxed);
    t->pn__flags = PN__TASK_SLOT;
    *out = t;
    return (char *)t + c->frame_off;
}

/* ---- the ready lists (runtime thread only) ---------------------------- */

/* Polls between two looks at timers, I/O and other threads' wakes. */
#define PN__BATCH 64u
/* While a timer or an fd wait is registered, or runq waits behind next:
 * the most polling time between two looks. */
#define PN__SLICE_NS 1000000u

/* rt->slice_end while a poll of the batch under way has armed the first
 * timer or fd wait (pn__slice_arm): the batch starts a slice after that
 * poll (runtime.c, "fairness"). */
#define PN__SLICE_ARMED (UINT64_MAX - 1)

/* A timer was armed or an fd wait registered on rt.  When nothing was
 * watched, so that no slice runs, the next poll's end starts one: the
 * executor then needs no test of the timers and the reactor after every
 * poll.  A pool's workers look for themselves (pool.c). */
static inline void pn__slice_arm(pn__runtime *rt)
{
    if (rt->slice_end == UINT64_MAX && rt->pool == NULL)
        rt->slice_end = PN__SLICE_ARMED;
}

/* Polls from next in a row before the tasks waiting in runq go first. */
#define PN__NEXT_MAX 32u

/* Both lists empty: at start-up and after pn_shutdown. */
static inline void pn__ready_reset(pn__runtime *rt)
{
    rt->next_head = NULL;
    rt->ngroups = 0;
    rt->wake_group = rt->spawn_group = -1;
    rt->runq_head = NULL;
    rt->runq_tailp = &rt->runq_head;
    rt->yield_head = NULL;
    rt->yield_tailp = &rt->yield_head;
    rt->next_streak = 0;
    rt->look_woke = false;
}

static inline void pn__runq_push(pn__runtime *rt, pn_task *t)
{
    t->pn__next = NULL;
    *rt->runq_tailp = t;
    rt->runq_tailp = &t->pn__next;
}

static inline pn_task *pn__runq_pop(pn__runtime *rt)
{
    pn_task *t = rt->runq_head;
    if (t != NULL) {
        rt->runq_head = t->pn__next;
        if (rt->runq_head == NULL)
            rt->runq_tailp = &rt->runq_head;
    }
    return t;
}

/* Append t to group g of next. */
static inline void pn__group_append(pn__runtime *rt, unsigned g, pn_task *t)
{
    pn_task *last = rt->group_last[g];
    t->pn__next = last->pn__next;
    last->pn__next = t;
    rt->group_last[g] = t;
}

/* t was spawned by the task being polled: it runs right after that task,
 * after what the same poll spawned before it. */
static inline void pn__next_spawned(pn__runtime *rt, pn_task *t)
{
    if (rt->spawn_group >= 0) {
        pn__group_append(rt, (unsigned)rt->spawn_group, t);
    } else if (pn__likely(rt->ngroups < PN__GROUPS)) {
        t->pn__next = rt->next_head;
        rt->next_head = t;
        rt->spawn_group = (int)rt->ngroups;
        rt->group_last[rt->ngroups++] = t;
    } else {
        /* Nested too deep to keep a group of its own: with the top one. */
        rt->spawn_group = (int)rt->ngroups - 1;
        pn__group_append(rt, (unsigned)rt->spawn_group, t);
    }
}

/* t was woken by the task being polled: it runs at the end of the top
 * group left when that task was taken (its siblings still waiting, else
 * the group below: in a tree, its parent's), or, when next was empty,
 * as if the task had spawned it. */
static inline void pn__next_woken(pn__runtime *rt, pn_task *t)
{
    if (rt->wake_group >= 0)
        pn__group_append(rt, (unsigned)rt->wake_group, t);
    else
        pn__next_spawned(rt, t);
}

/* Move next, in order, to the back of runq. */
static inline void pn__next_demote(pn__runtime *rt)
{
    if (rt->next_head != NULL) {
        *rt->runq_tailp = rt->next_head;
        rt->runq_tailp = &rt->group_last[0]->pn__next;
        rt->next_head = NULL;
        rt->ngroups = 0;
    }
    rt->wake_group = rt->spawn_group = -1;
}

/* The list head..tail as a group of its own on top of next (pool.c: wakes
 * from other workers, which would run there had they come from here), or
 * in the top group when there are as many as can be kept apart. */
static inline void pn__next_push_top(pn__runtime *rt, pn_task *head, pn_task *tail)
{
    tail->pn__next = rt->next_head;
    rt->next_head = head;
    if (rt->ngroups < PN__GROUPS)
        rt->group_last[rt->ngroups++] = tail;
    rt->wake_group = rt->spawn_group = -1;
}

/* The list head..tail at the end of next, in its bottom group (pool.c:
 * work taken from another worker, which runs depth first after whatever
 * this worker has begun). */
static inline void pn__next_push_bottom(pn__runtime *rt, pn_task *head, pn_task *tail)
{
    tail->pn__next = NULL;
    if (rt->ngroups == 0) {
        rt->next_head = head;
        rt->group_last[rt->ngroups++] = tail;
    } else {
        rt->group_last[0]->pn__next = head;
        rt->group_last[0] = tail;
    }
    rt->wake_group = rt->spawn_group = -1;
}

static inline bool pn__ready_any(const pn__runtime *rt)
{
    return rt->next_head != NULL || rt->runq_head != NULL;
}

/* The next task to poll: from next while its streak lasts or nothing
 * else waits, else from runq (next goes behind it when the streak is
 * over). */
static inline pn_task *pn__ready_pop(pn__runtime *rt)
{
    pn_task *t = rt->next_head;
    rt->spawn_group = -1;
    if (t != NULL) {
        if (pn__likely(rt->next_streak < PN__NEXT_MAX) || rt->runq_head == NULL) {
            rt->next_streak++;
            rt->next_head = t->pn__next;
            if (t == rt->group_last[rt->ngroups - 1])
                rt->ngroups--;
            rt->wake_group = (int)rt->ngroups - 1;
            return t;
        }
        pn__next_demote(rt);
    }
    rt->next_streak = 0;
    rt->wake_group = -1;
    return pn__runq_pop(rt);
}

#endif
