/*
 * runtime.c — the per-thread runtime: pn__block_on's loop, pn_shutdown,
 * the monotonic clock, and the aborts for frames misused by their caller.
 *
 * Each thread has its own runtime, created on first use in thread-local
 * storage (so creating it cannot fail), with its own run queue, timers,
 * reactor and task memory.  Its tasks never migrate between threads;
 * other threads only ever wake them.  A pool of workers (pn_set_workers,
 * pool.c) runs this same loop on each of its threads, with tasks that
 * may start on any of them.
 *
 * pn__block_on queues the root frame like a task and turns the loop:
 *
 *   1. move wakes from other threads onto the local run queue (a relaxed
 *      load of a flag when there are none);
 *   2. fire the timers that are due (nothing at all when none is armed,
 *      one clock read when none is due yet);
 *   3. if nothing is ready, sleep in the reactor until the nearest timer,
 *      I/O readiness or a wake from another thread, and start over
 *      (with pn_set_busy_poll_us, first keep looking for that long
 *      without sleeping);
 *      otherwise check for I/O without blocking (only when some wait is
 *      registered);
 *   4. poll up to PN__BATCH ready tasks, stopping as soon as the root
 *      completes, and start over.
 *
 * The batch is what keeps the per-poll cost down: steps 1-3 run once per
 * PN__BATCH polls instead of once per poll.  A task that asks to run
 * again when nothing else is ready is polled again at once, without a
 * round trip through the queue.
 *
 * Fairness.  While a timer is armed or an fd wait registered, a batch is
 * also a slice of at most PN__SLICE_NS (1 ms) of polling: the clock is
 * read after every poll that did not simply yield (a sleep that armed its
 * timer leaves its own reading in clock_hint, which saves the read), and
 * the batch ends when the slice is over.  And a task that yields then
 * waits for the next look (yield_head): the batch goes on with the other
 * ready tasks, and the yielders join runq after the look, behind what it
 * made ready.  So timers and I/O are looked at after every yield and at
 * least every millisecond, and a task that computes and yields holds a
 * due timer back by about one of its slices, not by 64.  With nothing
 * armed there is nothing to look at: no clock is read and yields go as
 * before.  The same slice bounds a run of next while runq holds what a
 * look woke (a timer that fired, behind tasks that wake each other): when
 * it is over, runq goes first, as after PN__NEXT_MAX polls.
 *
 * Which ready task goes first (core.h, "the ready lists"):
 *
 *   - what the running task makes ready runs next: the tasks it spawns,
 *     right after it and in spawn order, as a group; a task it wakes, at
 *     the end of the newest group still waiting (the running task's own
 *     remaining siblings, or when none are left the group below), or
 *     right after it when next is empty;
 *   - everything else (timers, I/O, other threads' wakes) joins the back
 *     of the FIFO runq, and a task that yields goes behind all that is
 *     ready;
 *   - after PN__NEXT_MAX polls in a row of "next" work while runq is not
 *     empty, next moves behind runq, so a chain of tasks waking each
 *     other cannot starve the rest.
 *
 * So a tree of tasks that spawn children and join them runs depth-first,
 * like the calls it replaces: only the current path and the waiting
 * siblings along it are alive, and their memory is reused while it is
 * still in cache, where a FIFO would start every task of the tree before
 * finishing any.  A parent that joins its children in order is woken
 * behind its waiting children: usually polled once more when they are
 * all done, not once per child.
 *
 * When the root completes, pn__block_on returns and the other tasks stay
 * where they are: the next pn__block_on on this thread resumes them, and
 * pn_shutdown (or the thread's exit) cancels them and frees everything.
 */
#include "core.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

_Thread_local pn__runtime pn__tls_runtime;

/* The one piece of process-wide state: a key whose destructor shuts down
 * a thread's runtime when the thread exits, so a worker thread that never
 * calls pn_shutdown does not leak its tasks.  Written once. */
static pthread_once_t pn__exit_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t pn__exit_key;
static bool pn__exit_key_ok;

static void rt_thread_exit(void *rt)
{
    (void)rt;
    pn_shutdown();
}

static void rt_exit_key_create(void)
{
    pn__exit_key_ok = pthread_key_create(&pn__exit_key, rt_thread_exit) == 0;
}

_Noreturn void pn__die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    abort();
}

void pn__rt_init(pn__runtime *rt)
{
    /* The allocator setting and its accounting survive a shutdown; the
     * rest starts from zero. */
    rt->cx = (pn_context){.pn__waker = NULL, .pn__woken = 0};
    pn__ready_reset(rt);
    rt->polling = false;
    rt->root_chunk = (pn__chunk){.rt = rt};
    memset(&rt->root, 0, sizeof rt->root);
    rt->root.pn__chunk_off =
        (uint16_t)((offsetof(pn__runtime, root) - offsetof(pn__runtime, root_chunk)) / 8);
    rt->root.pn__flags = PN__TASK_ROOT | PN__TASK_DONE;
    atomic_store_explicit(&rt->root.pn__refs, 0, memory_order_relaxed);
    rt->thread = pn__thread_pointer();
    rt->running = false;
    rt->shutting_down = false;
    rt->spawn_slow = false;
    rt->spawn_local_next = false;
    rt->pool = NULL;
    rt->home = NULL;
    rt->worker = 0;
    pthread_mutex_init(&rt->inject_lock, NULL);
    rt->inject_head = rt->inject_tail = NULL;
    atomic_store_explicit(&rt->inject_any, false, memory_order_relaxed);
    memset(&rt->timers, 0, sizeof rt->timers);
    pn__ptrmap_init(&rt->classes);
    rt->last_class = NULL;
    rt->ninline_classes = 0;
    pn__ptrmap_init(&rt->joins);
    /* Both fds at once, before any other thread can hold a waker.  A
     * failure (out of fds) is retried, and reported, by pn__block_on. */
    rt->reactor_ready = pn__reactor_init(&rt->reactor) == 0;
    rt->trace = pn__trace_attach();
    rt->initialised = true;
    pthread_once(&pn__exit_key_once, rt_exit_key_create);
    if (pn__exit_key_ok)
        pthread_setspecific(pn__exit_key, rt);
}

pn__runtime *pn__rt_current(void)
{
    return pn__rt_here();
}

pn__reactor *pn__rt_reactor(pn__runtime *rt)
{
    return &rt->reactor;
}

uint64_t pn_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t pn_now_ms(void)
{
    return pn_now_ns() / 1000000u;
}

/* ---- the loop ------------------------------------------------------ */


static void rt_wait(pn__runtime *rt, int timeout_ms)
{
    int rc = pn__reactor_wait(&rt->reactor, timeout_ms);
    if (rc < 0)
        pn__die("pinion: waiting for I/O failed: %s", strerror(-rc));
}

/* Something outside the ready lists can become ready: a timer is armed or
 * an fd wait registered.  (Other threads' wakes are looked for once per
 * batch whatever the case.) */
static inline bool rt_watching(const pn__runtime *rt)
{
    return rt->timers.count > 0 || rt->reactor.pending > 0;
}

void pn__rt_slice_arm(void)
{
    pn__slice_arm(&pn__tls_runtime);
}

/* Put t, which yielded while rt_watching, aside until the next look. */
static inline void rt_yield_defer(pn__runtime *rt, pn_task *t)
{
    t->pn__next = NULL;
    *rt->yield_tailp = t;
    rt->yield_tailp = &t->pn__next;
}

/* After a look: the tasks that yielded go to the back of runq, behind what
 * the look made ready. */
static void rt_yield_release(pn__runtime *rt)
{
    if (rt->yield_head != NULL) {
        *rt->runq_tailp = rt->yield_head;
        rt->runq_tailp = rt->yield_tailp;
        rt->yield_head = NULL;
        rt->yield_tailp = &rt->yield_head;
    }
}

/* The slice under way is over when it reaches rt->slice_end: as late as a
 * clock read after the poll that just returned says.  A poll that armed
 * a timer read the clock itself and left the reading in clock_hint. */
static inline bool rt_slice_over(pn__runtime *rt)
{
    uint64_t now = rt->clock_hint;
    rt->clock_hint = 0;
    if (now == 0)
        now = pn_now_ns();
    return now >= rt->slice_end;
}

/* Poll up to PN__BATCH ready tasks; true when the root completed.  This
 * is the executor's hot path: a task that goes back in the queue after a
 * yield costs a pop, two stores, an indirect call and a push.
 *
 * rt->slice_end is when the batch must stop for a look at timers and I/O, and
 * for what waits in runq: UINT64_MAX while nothing could be held back, in
 * which case no clock is read and the end of a poll costs one test.  A
 * poll that arms the first timer or fd wait starts a slice (arming marks
 * slice_end PN__SLICE_ARMED, core.h, and the poll's end turns that into
 * a deadline); a batch that begins while runq holds what a look woke is a
 * slice from its first poll on.
 * While a slice runs the clock is read after every poll that did not
 * simply yield, and while a timer or fd wait is registered, a task that
 * yields waits for the next look (rt_yield_defer).
 *
 * tracing is a constant in each of the two copies rt_run_batch makes:
 * without PINION_TRACE the loop has no test for it at all. */
static inline __attribute__((always_inline)) bool rt_run_batch_as(pn__runtime *rt,
                                                                  const bool tracing)
{
    PN__OPAQUE(rt);
    unsigned budget = PN__BATCH;
    /* A task that asks to run again goes back in the queue once budget
     * falls to yield_floor: 0 normally, the whole batch while a slice runs
     * (rt->slice_end set), so that one compare serves both. */
    unsigned yield_floor = rt->slice_end != UINT64_MAX ? PN__BATCH : 0;
    pn_task *t;
    rt->polling = true;
    rt->clock_hint = 0;
    while (budget > 0 && (t = pn__ready_pop(rt)) != NULL) {
        if (pn__unlikely(t->pn__flags & PN__TASK_DONE)) {
            pn__task_retire(rt, t); /* cancelled while queued, or handed back to free */
            continue;
        }
        const pn__chunk *c = pn__task_chunk(t);
        pn_poll_fn poll = c->poll;
        pn_future *frame = (pn_future *)(void *)((char *)t + c->frame_off);
        rt->cx.pn__waker = (pn_waker *)t;
        for (;;) {
            budget--;
            rt->cx.pn__woken = 0;
            pn_poll r = !tracing ? poll(frame, &rt->cx) : pn__trace_poll(rt, t, poll, frame);
            if (pn__unlikely(r != PN_PENDING || rt->cx.pn__woken != PN__WOKEN)) {
                if (pn__task_run_slow(rt, t, r)) {
                    rt->polling = false;
                    return true;
                }
                /* Nothing to look at (no slice, nothing armed since the
                 * look): one test. */
                if (pn__unlikely(rt->slice_end != UINT64_MAX)) {
                    if (rt->slice_end == PN__SLICE_ARMED) {
                        /* This poll armed the first timer or fd wait. */
                        uint64_t now = rt->clock_hint;
                        rt->clock_hint = 0;
                        rt->slice_end = (now != 0 ? now : pn_now_ns()) + PN__SLICE_NS;
                        yield_floor = PN__BATCH;
                    } else if (rt_slice_over(rt)) {
                        /* What waits in runq, and what the look is about to
                         * add, goes before next, as after a streak. */
                        rt->next_streak = PN__NEXT_MAX;
                        budget = 0;
                    }
                }
                break;
            }
            /* It asked to run again: after the next look at timers and
             * I/O while a slice runs and there are some; otherwise behind
             * whatever else is ready, or at once if nothing is. */
            if (pn__ready_any(rt) || budget <= yield_floor) {
                if (rt->slice_end != UINT64_MAX && rt_watching(rt)) {
                    rt_yield_defer(rt, t);
                } else {
                    pn__next_demote(rt);
                    pn__runq_push(rt, t);
                }
                break;
            }
        }
    }
    rt->polling = false;
    rt->cx.pn__waker = NULL;
    return false;
}

static bool rt_run_batch(pn__runtime *rt)
{
    if (pn__unlikely(rt->trace != NULL))
        return rt_run_batch_as(rt, true);
    return rt_run_batch_as(rt, false);
}

void pn_set_busy_poll_us(unsigned us)
{
    pn__tls_runtime.busy_poll_ns = (uint64_t)us * 1000u;
}

/* Nothing is ready: look for I/O, other threads' wakes and due timers
 * without sleeping, for up to rt->busy_poll_ns.  True when something
 * became ready.  A sleep in epoll_wait costs the thread that wakes it (on
 * a virtual machine, an interrupt to a halted vCPU, paid inside that
 * thread's write); work that comes back within microseconds is cheaper
 * to wait for awake. */
static bool rt_busy_poll(pn__runtime *rt)
{
    uint64_t start = pn_now_ns();
    do {
        if (pn__reactor_pending(&rt->reactor) > 0)
            rt_wait(rt, 0);
        pn__inject_drain(rt);
        if (rt->timers.count > 0)
            pn__timers_run(rt, pn_now_ns());
        if (pn__ready_any(rt))
            return true;
    } while (pn_now_ns() - start < rt->busy_poll_ns);
    return false;
}

static void rt_run_until_root_done(pn__runtime *rt)
{
    /* The loop has just waited in epoll: what that wait woke runs before
     * the next look for I/O (a second epoll_wait right after the first
     * finds next to nothing and doubles the calls of a busy server). */
    bool waited = false;
    for (;;) {
        pn_task **tail = rt->runq_tailp;
        pn__inject_drain(rt);
        /* The look: timers (one clock read), then I/O below. */
        rt->slice_end = UINT64_MAX;
        int timeout = -1;
        if (rt_watching(rt)) {
            uint64_t now = pn_now_ns();
            rt->slice_end = now + PN__SLICE_NS;
            timeout = pn__timers_run(rt, now);
        }
        if (!pn__ready_any(rt) && rt->yield_head == NULL) {
            /* Busy polling has just looked for I/O when it finds work. */
            if (rt->busy_poll_ns == 0 || !rt_busy_poll(rt)) {
                /* The timeout may be up to busy_poll_ns stale: late,
                 * never early, like any timer. */
                rt_wait(rt, timeout);
                waited = true;
                continue;
            }
        } else if (!waited && pn__reactor_pending(&rt->reactor) > 0) {
            rt_wait(rt, 0);
        }
        waited = false;
        /* Until runq has been through, what a look woke waits there: a
         * run of next is then also bounded by the slice. */
        rt->look_woke = rt->runq_tailp != tail || (rt->look_woke && rt->runq_head != NULL);
        /* ... and the batch is a slice from its first poll on, so that a
         * run of next cannot hold those tasks back for long. */
        if (pn__unlikely(rt->look_woke) && rt->slice_end == UINT64_MAX)
            rt->slice_end = PN__SLICE_ARMED;
        rt_yield_release(rt);
        if (rt_run_batch(rt))
            return;
    }
}

void pn__block_on(pn_future *root, const pn_future_vtable *vt)
{
    pn__runtime *rt = pn__rt_here();
    if (rt->running) {
        const char *inside = rt->cx.pn__waker != NULL
                                 ? pn__task_vt((pn_task *)rt->cx.pn__waker)->name
                                 : "a drop function";
        pn__die("pinion: pn_block_on(%s) called from inside a running task (%s): this "
                "thread's runtime is already running; await it instead",
                vt->name, inside);
    }
    if (rt->shutting_down)
        pn__die("pinion: pn_block_on(%s) called during pn_shutdown", vt->name);
    if (!rt->reactor_ready) {
        int rc = pn__reactor_init(&rt->reactor);
        if (rc < 0)
            pn__die("pinion: pn_block_on(%s): cannot create the reactor: %s", vt->name,
                    strerror(-rc));
        rt->reactor_ready = true;
    }
    rt->running = true;
    /* The root's chunk header describes this one frame, wherever it is. */
    rt->root_chunk.poll = vt->poll;
    rt->root_chunk.vt = vt;
    rt->root_chunk.frame_off = (intptr_t)((uintptr_t)root - (uintptr_t)&rt->root);
    rt->root.pn__flags = PN__TASK_ROOT | PN__TASK_STARTED;
    atomic_fetch_add_explicit(&rt->root.pn__refs, PN__TASK_REF, memory_order_relaxed);
    pn__task_local_wake(rt, &rt->root);
    if (pn__unlikely(rt->trace != NULL))
        pn__trace_spawn(rt, &rt->root);
    if (pn__unlikely(rt->pool != NULL))
        pn__pool_block_on(rt); /* the same loop, as worker 0 of a pool */
    else
        rt_run_until_root_done(rt);
    rt->running = false;
}

/* ---- shutdown ------------------------------------------------------ */

static bool shutdown_one(pn__runtime *rt, pn_task *t)
{
    if (!(t->pn__flags & PN__TASK_STARTED)) {
        pn__slab_free(rt, t); /* reserved, never started: no frame to drop */
        return false;
    }
    if (t->pn__flags & PN__TASK_DONE)
        return false;
    pn__task_cancel_now(rt, t);
    return true;
}

void pn__rt_cancel_all(pn__runtime *rt)
{
    bool was = rt->shutting_down, slow = rt->spawn_slow;
    rt->shutting_down = rt->spawn_slow = true;
    while (pn__slab_each(rt, shutdown_one) > 0) {
    }
    rt->shutting_down = was;
    rt->spawn_slow = slow;
}

void pn_shutdown(void)
{
    pn__runtime *rt = &pn__tls_runtime;
    if (!rt->initialised)
        return;
    if (rt->running)
        pn__die("pinion: pn_shutdown called from inside a running task (%s)",
                rt->cx.pn__waker != NULL ? pn__task_vt((pn_task *)rt->cx.pn__waker)->name
                                         : "a drop function");
    if (rt->shutting_down)
        return; /* called again by a drop function */
    if (rt->pool != NULL)
        pn__pool_shutdown(rt); /* every worker's tasks first; leaves rt->pool NULL */
    rt->shutting_down = true;
    rt->spawn_slow = true;
    /* Dropping a frame can release other tasks but never start one, so
     * this ends; another pass catches tasks the walk had passed. */
    while (pn__slab_each(rt, shutdown_one) > 0) {
    }
    pn__ready_reset(rt);
    pthread_mutex_lock(&rt->inject_lock);
    rt->inject_head = rt->inject_tail = NULL;
    atomic_store_explicit(&rt->inject_any, false, memory_order_relaxed);
    pthread_mutex_unlock(&rt->inject_lock);
    if (rt->reactor_ready)
        pn__reactor_fini(&rt->reactor);
    rt->reactor_ready = false;
    pn__slab_release_all(rt);
    pn__dyn_release_all(rt);
    pn__ptrmap_fini(&rt->joins);
    pthread_mutex_destroy(&rt->inject_lock);
    memset(&rt->timers, 0, sizeof rt->timers);
    pn__trace_detach(rt->trace);
    rt->trace = NULL;
    rt->shutting_down = false;
    rt->spawn_slow = false;
    rt->spawn_local_next = false;
    rt->initialised = false;
    if (pn__exit_key_ok)
        pthread_setspecific(pn__exit_key, NULL);
}

/* ---- misuse -------------------------------------------------------- */

void pn__pin_moved(const char *name, uint32_t first_low32, const void *now)
{
    /* Only the low 32 bits were kept (the header stays 8 bytes); a move
     * within one region (stack to stack, heap to heap) keeps the rest. */
    uintptr_t first = ((uintptr_t)now & ~(uintptr_t)UINT32_MAX) | (first_low32 & ~1u);
    pn__die("pinion: frame of %s moved after its first poll: first polled at %p (low 32 "
            "bits 0x%08x), now at %p; a frame must stay where it is from its first poll until "
            "it completes or is dropped",
            name, (void *)first, (unsigned)(first_low32 & ~1u), now);
}

void pn__bad_state(const char *name, uint32_t state)
{
    if (state == PN__STATE_DONE)
        pn__die("pinion: %s polled after it completed (state PN__STATE_DONE)", name);
    pn__die("pinion: %s polled in state %u, which its poll function never sets (a frame "
            "that was not initialised, was dropped, or was overwritten)",
            name, (unsigned)state);
}
