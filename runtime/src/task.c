/*
 * task.c — tasks and wakers: pn__task_reserve/start, what happens when a
 * poll returns, pn_detach, pn_cancel, the injection queue, and the
 * pn_yield, pn_join and pn_join_result leaves.
 *
 * A waker is a counted reference to its task (pn_waker and pn_task are
 * the same object).  The task's atomic word (core.h) holds the count and
 * the QUEUED and NOTIFIED bits; what a wake costs depends on who wakes:
 *
 *   - the task itself, during its poll (pn_yield, pn_wake_current): one
 *     plain store into the context; the executor puts the task back in
 *     the run queue when the poll returns.  QUEUED stays set throughout,
 *     so no atomic operation and no reference count is touched;
 *   - another task or a timer, on the runtime's thread: if QUEUED was
 *     clear, one atomic OR sets it and the task joins the ready lists
 *     (next when a task woke it, runq otherwise: runtime.c);
 *   - another thread: a compare-and-swap sets QUEUED (and the task goes
 *     to the runtime's injection queue, under a mutex, with a poke of the
 *     reactor's eventfd so a sleeping loop wakes up), or, if the task is
 *     already scheduled, sets NOTIFIED, which makes the executor poll it
 *     once more if the poll under way ends without it asking to.
 *
 * Memory is only ever freed on the runtime's thread: when another thread
 * would drop the last reference it queues the task instead, and the
 * runtime frees it when it pops it.  Everything but the atomic word
 * (flags, queue links while queued locally) belongs to the runtime's
 * thread.
 *
 * A task whose frame completes or is dropped is marked DONE: it is never
 * polled again and wakes of it do nothing.  The memory stays until the
 * last reference goes, which is how pn_join can read the result of a task
 * that finished long ago.
 *
 * A pending join is not a field of every task: the waiting task is
 * recorded in the runtime's join map (joined task -> waiter), and the
 * joined task only carries the JOIN_WAIT flag that says to look there
 * when it finishes.  The waiter is borrowed, not counted: its join frame
 * lives in its own frame and unregisters when dropped.
 */
#include "core.h"

#include <errno.h>
#include <string.h>

/* ---- the injection queue ---------------------------------------- */

/* Another thread hands t (QUEUED already set by the caller) to its
 * runtime.  The notify happens under the lock so that pn_shutdown, which
 * takes the same lock, never closes the eventfd under a waking thread. */
static void inject_push(pn__runtime *rt, pn_task *t)
{
    pthread_mutex_lock(&rt->inject_lock);
    bool was_empty = rt->inject_head == NULL;
    t->pn__next = NULL;
    if (rt->inject_tail != NULL)
        rt->inject_tail->pn__next = t;
    else
        rt->inject_head = t;
    rt->inject_tail = t;
    if (was_empty) {
        atomic_store_explicit(&rt->inject_any, true, memory_order_release);
        pn__reactor_notify(&rt->reactor);
    }
    pthread_mutex_unlock(&rt->inject_lock);
}

void pn__inject_push(pn__runtime *rt, pn_task *t)
{
    inject_push(rt, t);
}

pn_task *pn__inject_take(pn__runtime *rt, pn_task **tail)
{
    /* The unlocked peek keeps the mutex off the busy path; a push it
     * misses is seen on the next look (and its notify keeps the loop
     * from sleeping meanwhile). */
    if (!atomic_load_explicit(&rt->inject_any, memory_order_relaxed))
        return NULL;
    pthread_mutex_lock(&rt->inject_lock);
    pn_task *head = rt->inject_head;
    *tail = rt->inject_tail;
    rt->inject_head = rt->inject_tail = NULL;
    atomic_store_explicit(&rt->inject_any, false, memory_order_relaxed);
    pthread_mutex_unlock(&rt->inject_lock);
    return head;
}

void pn__inject_drain(pn__runtime *rt)
{
    pn_task *tail, *head = pn__inject_take(rt, &tail);
    if (head != NULL) {
        *rt->runq_tailp = head;
        rt->runq_tailp = &tail->pn__next;
    }
}

/* ---- references and wakes ------------------------------------------ */

static void task_free(pn__runtime *rt, pn_task *t)
{
    if (!(t->pn__flags & PN__TASK_ROOT))
        pn__slab_free(rt, t);
}

void pn__task_free(pn__runtime *rt, pn_task *t)
{
    task_free(rt, t);
}

void pn__task_release(pn__runtime *rt, pn_task *t)
{
    if (atomic_fetch_sub_explicit(&t->pn__refs, PN__TASK_REF, memory_order_acq_rel) ==
        PN__TASK_REF)
        task_free(rt, t);
}

/* The executor holds t (popped, not in any queue) and gives up both its
 * QUEUED bit and the runtime's reference: the frame is finished. */
static void task_release_scheduled(pn__runtime *rt, pn_task *t)
{
    uint32_t old = atomic_load_explicit(&t->pn__refs, memory_order_relaxed);
    uint32_t next;
    do
        next = (old & ~(PN__TASK_QUEUED | PN__TASK_NOTIFIED)) - PN__TASK_REF;
    while (!atomic_compare_exchange_weak_explicit(&t->pn__refs, &old, next, memory_order_acq_rel,
                                                  memory_order_relaxed));
    if (next == 0)
        task_free(rt, t);
}

void pn__task_local_wake(pn__runtime *rt, pn_task *t)
{
    if (t->pn__flags & PN__TASK_DONE)
        return;
    if (t == (pn_task *)rt->cx.pn__waker) {
        rt->cx.pn__woken |= PN__WOKEN; /* woken during its own poll */
        return;
    }
    /* Plain load first: waking an already queued task is common (several
     * wakers of one task firing in one turn) and needs no RMW. */
    if (atomic_load_explicit(&t->pn__refs, memory_order_relaxed) & PN__TASK_QUEUED)
        return;
    if (atomic_fetch_or_explicit(&t->pn__refs, PN__TASK_QUEUED, memory_order_relaxed) &
        PN__TASK_QUEUED)
        return; /* another thread queued it in between */
    if (pn__unlikely(rt->trace != NULL))
        pn__trace_wake(rt, t);
    if (rt->polling)
        pn__next_woken(rt, t);
    else
        pn__runq_push(rt, t);
}

/* From a foreign thread: drop one reference and, if asked, wake.  A task
 * that is scheduled is only NOTIFIED; one that is not is queued, and so is
 * one whose last reference this was, so that its own thread frees it. */
static void remote_release(pn__runtime *rt, pn_task *t, bool wake)
{
    if (pn__pool_is_home(rt)) {
        pn__pool_release(t, wake, false); /* a task of a pool of workers */
        return;
    }
    uint32_t old = atomic_load_explicit(&t->pn__refs, memory_order_relaxed);
    uint32_t next;
    bool push;
    do {
        next = old - PN__TASK_REF;
        push = false;
        if (old & PN__TASK_QUEUED) {
            if (wake)
                next |= PN__TASK_NOTIFIED;
        } else if (wake || next == 0) {
            next |= PN__TASK_QUEUED;
            push = true;
        }
    } while (!atomic_compare_exchange_weak_explicit(&t->pn__refs, &old, next, memory_order_acq_rel,
                                                    memory_order_relaxed));
    if (push)
        inject_push(rt, t);
}

pn_waker *pn_waker_clone(pn_context *cx)
{
    pn_task *t = (pn_task *)cx->pn__waker;
    atomic_fetch_add_explicit(&t->pn__refs, PN__TASK_REF, memory_order_relaxed);
    return cx->pn__waker;
}

void pn_waker_wake(pn_waker *w)
{
    if (w == NULL)
        return;
    pn_task *t = (pn_task *)w;
    pn__runtime *rt = pn__task_runtime(t);
    if (rt == &pn__tls_runtime) {
        pn__task_local_wake(rt, t);
        pn__task_release(rt, t);
    } else {
        remote_release(rt, t, true);
    }
}

void pn_waker_wake_by_ref(pn_waker *w)
{
    if (w == NULL)
        return;
    pn_task *t = (pn_task *)w;
    pn__runtime *rt = pn__task_runtime(t);
    if (rt == &pn__tls_runtime) {
        pn__task_local_wake(rt, t);
        return;
    }
    if (pn__pool_is_home(rt)) {
        pn__pool_release(t, true, true);
        return;
    }
    /* The caller's reference keeps t alive meanwhile. */
    uint32_t old = atomic_load_explicit(&t->pn__refs, memory_order_relaxed);
    uint32_t next;
    do
        next = old | ((old & PN__TASK_QUEUED) ? PN__TASK_NOTIFIED : PN__TASK_QUEUED);
    while (!atomic_compare_exchange_weak_explicit(&t->pn__refs, &old, next, memory_order_acq_rel,
                                                  memory_order_relaxed));
    if (!(old & PN__TASK_QUEUED))
        inject_push(rt, t);
}

void pn_waker_drop(pn_waker *w)
{
    if (w == NULL)
        return;
    pn_task *t = (pn_task *)w;
    pn__runtime *rt = pn__task_runtime(t);
    if (rt == &pn__tls_runtime)
        pn__task_release(rt, t);
    else
        remote_release(rt, t, false);
}

/* The macro of the same name in pinion.h inlines this at every call. */
void(pn_wake_current)(pn_context *cx)
{
    pn__wake_current(cx);
}

/* ---- lifecycle ----------------------------------------------------- */

/* The runtime of t, which must be this thread's. */
static pn__runtime *task_owner(pn_task *t, const char *fn)
{
    pn__chunk *c = pn__task_chunk(t);
    if (c->rt != &pn__tls_runtime)
        pn__die("pinion: %s(%p): task %s belongs to another thread's runtime", fn, (void *)t,
                c->vt != NULL ? c->vt->name : "?");
    return c->rt;
}

/* Why handle h, which handle_foreign refused, cannot be used by fn: another
 * thread's task, a handle already given up, or (when the call refuses
 * that) one a pending join owns. */
PN__NOINLINE __attribute__((cold)) _Noreturn void pn__handle_refused(pn_task *h, const char *fn)
{
    pn_task *t = pn__handle_task(h);
    task_owner(t, fn);
    const char *name = pn__task_vt(t)->name;
    if (!pn__handle_current(h, t))
        pn__die("pinion: %s(%p): stale task handle: the task of %s it named was already "
                "joined, detached or cancelled, and its memory may hold another task by now; "
                "a handle is given up exactly once",
                fn, (void *)h, name);
    if (strcmp(fn, "pn_detach") == 0)
        pn__die("pinion: pn_detach(%p): task %s is being joined: its handle belongs to the "
                "pending pn_join",
                (void *)h, name);
    pn__die("pinion: %s(%p): task %s is already being joined: its handle belongs to "
            "another pending pn_join",
            fn, (void *)h, name);
}

/* Whether handle h, naming t, cannot be used here as a handle of this
 * thread's runtime: another runtime's task (a pool's tasks among them),
 * a handle already given up or, when refuse is PN__TASK_JOINED, one a
 * pending join owns. */
static inline bool handle_foreign(pn_task *h, pn_task *t, uint8_t refuse)
{
    return !pn__rt_is_mine(pn__task_chunk(t)->rt) || !pn__handle_current(h, t) ||
           (t->pn__flags & refuse);
}

/* handle_foreign said so: true for a task of a pool of workers (pool.c
 * takes over), otherwise the abort that says why. */
static PN__NOINLINE bool handle_in_pool(pn_task *h, const char *fn)
{
    if (pn__pool_is_home(pn__task_chunk(pn__handle_task(h))->rt))
        return true;
    pn__handle_refused(h, fn);
}

/* The handle of t is given up: every later use of it is refused. */
static void handle_release(pn__runtime *rt, pn_task *t)
{
    t->pn__gen++;
    pn__task_release(rt, t);
}

/* pn__task_reserve while shutting down, in a pool (pool.c), or for the
 * one pn_spawn_local keeps on this thread. */
static PN__NOINLINE void *task_reserve_slow(pn__runtime *rt, const pn_future_vtable *vt,
                                            pn_task **out)
{
    if (rt->shutting_down)
        return NULL;
    if (!rt->spawn_local_next)
        return pn__pool_reserve(rt, vt, out);
    rt->spawn_local_next = false;
    rt->spawn_slow = rt->pool != NULL;
    pn_task *t = pn__slab_alloc(rt, vt);
    if (t == NULL)
        return NULL;
    *out = t;
    return pn__task_frame(t);
}

/* pn__task_reserve but for a spawn of the last spawn's function into a
 * chunk with room, spawn_slow clear: the first spawn on this thread (whose
 * runtime this sets up, spawn_slow clear), another function, a full
 * chunk. */
static PN__NOINLINE void *task_reserve_other(const pn_future_vtable *vt, pn_task **out)
{
    pn__runtime *rt = pn__rt_here();
    pn_task *t = pn__slab_alloc(rt, vt);
    if (t == NULL)
        return NULL;
    *out = t;
    return pn__task_frame(t);
}

/* pn__task_reserve with spawn_slow set: on a worker of a pool,
 * pn__pool_reserve's common case here, a call less; the rest, and the
 * other cases, task_reserve_slow's. */
static PN__NOINLINE void *task_reserve_pooled(pn__runtime *rt, const pn_future_vtable *vt,
                                              pn_task **out)
{
    pn__runtime *home = rt->home;
    void *frame;
    if (home != NULL && !rt->spawn_local_next && !rt->shutting_down &&
        (frame = pn__slab_reserve_fast(home, vt, out)) != NULL) {
        pn__count_up(&home->nalloc);
        return frame;
    }
    return task_reserve_slow(rt, vt, out);
}

void *pn__task_reserve(const pn_future_vtable *vt, pn_task **out)
{
    pn__runtime *rt = &pn__tls_runtime;
    void *frame;
    if (pn__likely(!rt->spawn_slow) && (frame = pn__slab_reserve_fast(rt, vt, out)) != NULL)
        return frame;
    if (rt->spawn_slow)
        return task_reserve_pooled(rt, vt, out);
    return task_reserve_other(vt, out);
}

/* pn__task_start of a task that is not this thread's and not a pool's
 * (pn__pool_start sends it here): the abort. */
pn_task *pn__task_start_refused(pn_task *t)
{
    task_owner(t, "pn__task_start");
    return NULL;
}

/* A started task joins the ready lists: right after the task spawning it,
 * or at the back of runq when no task is being polled. */
static inline pn_task *task_queue_new(pn__runtime *rt, pn_task *t)
{
    if (rt->polling)
        pn__next_spawned(rt, t);
    else
        pn__runq_push(rt, t);
    return pn__handle_of(t);
}

/* pn__task_start while PINION_TRACE records: out of line, so that the
 * untraced start tests one word and keeps nothing across a call. */
static PN__NOINLINE pn_task *task_start_traced(pn__runtime *rt, pn_task *t)
{
    pn__trace_spawn(rt, t);
    return task_queue_new(rt, t);
}

pn_task *pn__task_start(pn_task *t)
{
    if (t == NULL)
        return NULL;
    pn__runtime *rt = pn__task_runtime(t);
    if (pn__unlikely(!pn__rt_is_mine(rt)))
        return pn__pool_start(t); /* a pool's task, or the abort */
    if (pn__unlikely(t->pn__flags & PN__TASK_STARTED))
        pn__die("pinion: pn__task_start(%s): task %p started twice", pn__task_vt(t)->name,
                (void *)t);
    t->pn__flags |= PN__TASK_STARTED;
    /* The handle, the runtime's reference for the live frame, and the
     * run queue entry. */
    atomic_store_explicit(&t->pn__refs, 2 * PN__TASK_REF | PN__TASK_QUEUED,
                          memory_order_relaxed);
    if (pn__unlikely(rt->trace != NULL))
        return task_start_traced(rt, t);
    return task_queue_new(rt, t);
}

/* t finished, one way or the other: wake whoever waits in pn_join. */
void pn__task_wake_joiner(pn__runtime *rt, pn_task *t)
{
    if (t->pn__flags & PN__TASK_JOIN_WAIT) {
        t->pn__flags &= (uint8_t)~PN__TASK_JOIN_WAIT;
        pn_task *waiter = pn__ptrmap_remove(&rt->joins, t);
        /* A pool task (pool.c) joining a pn_spawn_local task of its
         * worker is woken the pool's way. */
        if (waiter != NULL && pn__task_runtime(waiter) != rt)
            pn_waker_wake_by_ref((pn_waker *)waiter);
        else if (waiter != NULL)
            pn__task_local_wake(rt, waiter);
    }
}

/* Drop the frame of t, which is not being polled.  If scheduled is set
 * the executor holds t (it was popped) and its QUEUED bit goes too;
 * otherwise a queue entry, if any, stays and retires the task later. */
static void task_drop(pn__runtime *rt, pn_task *t, bool scheduled)
{
    if (pn__unlikely(rt->trace != NULL))
        pn__trace_cancel(rt, t);
    /* DONE first: whatever the drop wakes, this task stays put. */
    t->pn__flags |= PN__TASK_DONE | PN__TASK_CANCELLED;
    pn__task_vt(t)->drop(pn__task_frame(t));
    pn__task_wake_joiner(rt, t);
    if (scheduled)
        task_release_scheduled(rt, t);
    else
        pn__task_release(rt, t);
}

void pn__task_cancel_now(pn__runtime *rt, pn_task *t)
{
    task_drop(rt, t, false);
}

void pn__task_retire(pn__runtime *rt, pn_task *t)
{
    uint32_t left = atomic_fetch_and_explicit(&t->pn__refs,
                                              ~(PN__TASK_QUEUED | PN__TASK_NOTIFIED),
                                              memory_order_acq_rel) &
                    ~(PN__TASK_QUEUED | PN__TASK_NOTIFIED);
    if (left == 0)
        task_free(rt, t);
}

bool pn__task_run_slow(pn__runtime *rt, pn_task *t, pn_poll r)
{
    uint32_t woken = rt->cx.pn__woken;
    rt->cx.pn__waker = NULL;
    if (r == PN_READY) {
        bool root = (t->pn__flags & PN__TASK_ROOT) != 0;
        t->pn__flags |= PN__TASK_DONE;
        pn__task_wake_joiner(rt, t);
        task_release_scheduled(rt, t);
        return root;
    }
    if (woken & PN__CX_CANCEL) {
        task_drop(rt, t, true);
        return false;
    }
    if (woken & PN__WOKEN) {
        /* It yielded: behind everything that is ready. */
        pn__next_demote(rt);
        pn__runq_push(rt, t);
        return false;
    }
    /* The task waits for something: it goes idle, unless another thread
     * woke it during the poll. */
    uint32_t old = atomic_load_explicit(&t->pn__refs, memory_order_relaxed);
    uint32_t next;
    do
        next = (old & PN__TASK_NOTIFIED) ? old & ~PN__TASK_NOTIFIED : old & ~PN__TASK_QUEUED;
    while (!atomic_compare_exchange_weak_explicit(&t->pn__refs, &old, next, memory_order_acq_rel,
                                                  memory_order_relaxed));
    if (old & PN__TASK_NOTIFIED)
        pn__runq_push(rt, t);
    return false;
}

void pn_detach(pn_task *h)
{
    if (h == NULL)
        return;
    pn_task *t = pn__handle_task(h);
    if (pn__unlikely(handle_foreign(h, t, PN__TASK_JOINED)) && handle_in_pool(h, "pn_detach")) {
        pn__pool_detach(h);
        return;
    }
    handle_release(pn__task_runtime(t), t);
}

void pn_cancel(pn_task *h)
{
    if (h == NULL)
        return;
    pn_task *t = pn__handle_task(h);
    if (pn__unlikely(handle_foreign(h, t, 0)) && handle_in_pool(h, "pn_cancel")) {
        pn__pool_cancel(h);
        return;
    }
    pn__runtime *rt = pn__task_runtime(t);
    /* A pending pn_join owns the handle; it releases it when it returns
     * -ECANCELED. */
    bool joined = t->pn__flags & PN__TASK_JOINED;
    if (!(t->pn__flags & PN__TASK_DONE)) {
        if (t == (pn_task *)rt->cx.pn__waker)
            rt->cx.pn__woken |= PN__CX_CANCEL; /* dropped when its poll returns */
        else
            pn__task_cancel_now(rt, t);
    }
    if (!joined)
        handle_release(rt, t);
}

/* ---- pn_yield ---------------------------------------------------- */

/* pinion.h inlines all three at every call; these are the functions
 * behind the vtable and the exported symbols. */
void(pn_yield__init)(struct pn_yield__frame *f)
{
    pn__yield_init(f);
}

pn_poll(pn_yield__poll)(pn_future *self, pn_context *cx)
{
    return pn__yield_poll(self, cx);
}

void(pn_yield__drop)(pn_future *self)
{
    (void)self; /* a wake of the current task is all it ever left behind */
}

const pn_future_vtable pn_yield__vtable = {
    (pn_yield__poll), (pn_yield__drop), "pn_yield", sizeof(struct pn_yield__frame),
    _Alignof(struct pn_yield__frame), 0, 0,
};

/* ---- pn_join / pn_join_result -------------------------------------- */

/* Both joins own the handle from init on; the frame keeps the task in
 * *task.  A join of a pool's task (pool.c) starts in state
 * PN__JOIN_POOL_STATE, which its poll and drop hand to pool.c.
 *
 * join_take is the common case, inlined into both inits: a current handle
 * of this thread's task that no join owns yet.  Everything else (NULL, a
 * pool's task, the aborts) is join_take_other's, out of line and called
 * last, so that the common case saves no register. */
static PN__NOINLINE void join_take_other(pn_task *h, const char *fn, uint32_t *state,
                                         pn_task **task)
{
    if (h == NULL) {
        *task = NULL;
        return;
    }
    pn__pool_join_take(h, fn, state, task); /* a pool's task, or the abort */
}

static inline __attribute__((always_inline)) void join_take(pn_task *h, const char *fn,
                                                            uint32_t *state, pn_task **task)
{
    pn_task *t = pn__handle_task(h);
    if (pn__likely(h != NULL && !handle_foreign(h, t, PN__TASK_JOINED))) {
        t->pn__flags |= PN__TASK_JOINED;
        *task = t;
        return;
    }
    join_take_other(h, fn, state, task);
}

/* Give the handle back: the task runs on, detached, if it has not
 * finished. */
static inline void join_abandon(pn_task *t)
{
    pn__runtime *rt = pn__task_runtime(t);
    if (t->pn__flags & PN__TASK_JOIN_WAIT)
        pn__ptrmap_remove(&rt->joins, t);
    t->pn__flags &= (uint8_t)~(PN__TASK_JOINED | PN__TASK_JOIN_WAIT);
    handle_release(rt, t);
}

/* join_abandon for the task of a join frame in state `state`. */
static void join_give_back(pn_task *t, uint32_t state)
{
    if (pn__unlikely(state == PN__JOIN_POOL_STATE))
        pn__pool_join_abandon(t);
    else
        join_abandon(t);
}

/* One step of waiting for t: 0 when finished (the caller then reads the
 * outcome and releases), 1 while it runs, -EDEADLK when t is the task
 * doing the waiting (it would wait for itself forever). */
static int join_step(pn_task *t, pn_context *cx)
{
    if (t->pn__flags & PN__TASK_DONE)
        return 0;
    if ((pn_waker *)t == cx->pn__waker)
        return -EDEADLK;
    if (!(t->pn__flags & PN__TASK_JOIN_WAIT)) {
        pn__runtime *rt = pn__task_runtime(t);
        if (pn__ptrmap_put(&rt->joins, t, cx->pn__waker) == 0)
            t->pn__flags |= PN__TASK_JOIN_WAIT;
        else
            pn__wake_current(cx); /* no room to register: look again soon */
    }
    return 1;
}

/* Copy the result of t, which completed, into out. */
static void join_copy_result(pn_task *t, void *out, size_t size)
{
    const char *frame = pn__task_frame(t);
    const pn_future_vtable *vt = pn__task_vt(t);
    /* The common sizes as plain moves: a call to memcpy costs more than
     * the copy. */
    switch (size) {
    case 4:
        memcpy(out, frame + vt->result_offset, 4);
        break;
    case 8:
        memcpy(out, frame + vt->result_offset, 8);
        break;
    default:
        memcpy(out, frame + vt->result_offset, size);
        break;
    }
}

/* The waiting part of both joins: PN_PENDING while *tp runs; otherwise
 * the outcome in *ret (and, when size is not 0, the result in out), the
 * handle given back and *tp cleared. */
static pn_poll join_wait(pn_task **tp, int *ret, void *out, size_t size, pn_context *cx)
{
    pn_task *t = *tp;
    int rc = join_step(t, cx);
    if (rc > 0)
        return PN_PENDING;
    if (rc == 0 && (t->pn__flags & PN__TASK_CANCELLED))
        rc = -ECANCELED;
    else if (rc == 0 && size != 0)
        join_copy_result(t, out, size);
    *ret = rc;
    join_abandon(t);
    *tp = NULL;
    return PN_READY;
}

void pn_join__init(struct pn_join__frame *f, pn_task *t)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    join_take(t, "pn_join", &f->pn__hdr.pn__state, &f->task);
}

pn_poll pn_join__poll(pn_future *self, pn_context *cx)
{
    struct pn_join__frame *f = (struct pn_join__frame *)self;
    pn__pin_check(self, "pn_join");
    switch (self->pn__state) {
    case 0:
        if (f->task == NULL) {
            f->pn__ret = -EINVAL;
            break;
        }
        self->pn__state = 1;
        /* fall through */
    case 1:
        if (join_wait(&f->task, &f->pn__ret, NULL, 0, cx) == PN_PENDING)
            return PN_PENDING;
        break;
    default:
        if (self->pn__state != PN__JOIN_POOL_STATE)
            pn__bad_state("pn_join", self->pn__state);
        if (pn__pool_join_wait(&f->task, &f->pn__ret, NULL, 0, false, cx) == PN_PENDING)
            return PN_PENDING;
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_join__drop(pn_future *self)
{
    struct pn_join__frame *f = (struct pn_join__frame *)self;
    if (f->task != NULL)
        join_give_back(f->task, self->pn__state);
    f->task = NULL;
}

const pn_future_vtable pn_join__vtable = {
    pn_join__poll, pn_join__drop, "pn_join", sizeof(struct pn_join__frame),
    _Alignof(struct pn_join__frame), offsetof(struct pn_join__frame, pn__ret), sizeof(int),
};

void pn_join_result__init(struct pn_join_result__frame *f, pn_task *t, void *out, size_t size)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->out = out;
    f->size = size;
    join_take(t, "pn_join_result", &f->pn__hdr.pn__state, &f->task);
}

/* pn_join_result__poll but for its common case. */
static PN__NOINLINE pn_poll join_result_poll_other(pn_future *self, pn_context *cx)
{
    struct pn_join_result__frame *f = (struct pn_join_result__frame *)self;
    switch (self->pn__state) {
    case 0:
        if (f->task == NULL) {
            f->pn__ret = -EINVAL;
            break;
        }
        /* A size mismatch is a programming error: report it at once
         * rather than after the task ran. */
        if (f->size != pn__task_vt(f->task)->result_size) {
            f->pn__ret = -EINVAL;
            join_abandon(f->task);
            f->task = NULL;
            break;
        }
        self->pn__state = 1;
        /* fall through */
    case 1:
        if (join_wait(&f->task, &f->pn__ret, f->out, f->size, cx) == PN_PENDING)
            return PN_PENDING;
        break;
    default: /* PN__JOIN_POOL_STATE is pn_join_result__poll's */
        pn__bad_state("pn_join_result", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

pn_poll pn_join_result__poll(pn_future *self, pn_context *cx)
{
    struct pn_join_result__frame *f = (struct pn_join_result__frame *)self;
    pn__pin_check(self, "pn_join_result");
    /* The common case, what join_wait does for it with the chunk found
     * once: the first poll finds this thread's task completed, not
     * cancelled, nobody registered as waiting, its result of the size
     * asked for. */
    pn_task *t = f->task;
    if (pn__likely(self->pn__state == 0 && t != NULL &&
                   (t->pn__flags & (PN__TASK_DONE | PN__TASK_CANCELLED | PN__TASK_JOIN_WAIT)) ==
                       PN__TASK_DONE)) {
        const pn__chunk *c = pn__task_chunk(t);
        const pn_future_vtable *vt = c->vt;
        size_t size = f->size;
        if (pn__likely(size == vt->result_size)) {
            const char *from = (const char *)t + c->frame_off + vt->result_offset;
            switch (size) {
            case 0:
                break;
            case 4:
                memcpy(f->out, from, 4);
                break;
            case 8:
                memcpy(f->out, from, 8);
                break;
            default:
                memcpy(f->out, from, size);
                break;
            }
            /* f->pn__ret is init's 0; the handle goes as join_abandon gives
             * it back. */
            t->pn__flags &= (uint8_t)~PN__TASK_JOINED;
            f->task = NULL;
            self->pn__state = PN__STATE_DONE;
            handle_release(c->rt, t);
            return PN_READY;
        }
    }
    if (self->pn__state == PN__JOIN_POOL_STATE) /* a pool's joins are all here */
        return pn__pool_join_result_poll(self, cx);
    return join_result_poll_other(self, cx);
}

void pn_join_result__drop(pn_future *self)
{
    struct pn_join_result__frame *f = (struct pn_join_result__frame *)self;
    if (f->task != NULL)
        join_give_back(f->task, self->pn__state);
    f->task = NULL;
}

const pn_future_vtable pn_join_result__vtable = {
    pn_join_result__poll,
    pn_join_result__drop,
    "pn_join_result",
    sizeof(struct pn_join_result__frame),
    _Alignof(struct pn_join_result__frame),
    offsetof(struct pn_join_result__frame, pn__ret),
    sizeof(int),
};
