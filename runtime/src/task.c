/*
 * task.c — tasks, wakers and the run queues: pn__task_reserve/start,
 * pn_detach, pn_cancel, and the pn_yield, pn_join and pn_join_result
 * leaves.
 *
 * A waker is a counted reference to its task (pn_waker and pn_task are
 * the same object).  What a wake does depends on the thread:
 *
 *   - on the runtime's own thread it sets the task's QUEUED bit and
 *     appends the task to the local FIFO run queue: no lock, one atomic
 *     read-modify-write, and pn_wake_current (what pn_yield uses) does
 *     not even touch the reference count;
 *   - from any other thread it sets the same bit and, if the task was not
 *     queued already, appends it to the runtime's injection queue under a
 *     mutex and pokes the reactor's eventfd so a sleeping loop wakes up.
 *
 * The QUEUED bit lives in the same atomic word as the reference count, so
 * a queue entry keeps the task alive and a task is in at most one queue,
 * once.  Memory is only ever freed on the runtime's thread: when another
 * thread would drop the last reference it queues the task instead, and
 * the runtime frees it when it pops it.  Everything except that word
 * (flags, joiner, queue links while queued locally) belongs to the
 * runtime's thread.
 *
 * A task whose frame completes or is dropped is marked DONE: it is never
 * polled again and wakes of it do nothing.  The memory stays until the
 * last reference goes, which is how pn_join can read the result of a task
 * that finished long ago.
 */
#include "core.h"

#include <errno.h>
#include <string.h>

/* ---- queues ------------------------------------------------------ */

static void runq_push(pn__runtime *rt, pn_task *t)
{
    t->pn__next = NULL;
    if (rt->runq_tail != NULL)
        rt->runq_tail->pn__next = t;
    else
        rt->runq_head = t;
    rt->runq_tail = t;
    rt->runq_len++;
}

pn_task *pn__runq_pop(pn__runtime *rt)
{
    pn_task *t = rt->runq_head;
    if (t == NULL)
        return NULL;
    rt->runq_head = t->pn__next;
    if (rt->runq_head == NULL)
        rt->runq_tail = NULL;
    rt->runq_len--;
    t->pn__next = NULL;
    return t;
}

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

void pn__inject_drain(pn__runtime *rt)
{
    /* The unlocked peek keeps the mutex off the busy path; a push it
     * misses is seen on the next turn (and its notify keeps the loop
     * from sleeping meanwhile). */
    if (!atomic_load_explicit(&rt->inject_any, memory_order_relaxed))
        return;
    pthread_mutex_lock(&rt->inject_lock);
    pn_task *t = rt->inject_head;
    rt->inject_head = rt->inject_tail = NULL;
    atomic_store_explicit(&rt->inject_any, false, memory_order_relaxed);
    pthread_mutex_unlock(&rt->inject_lock);
    while (t != NULL) {
        pn_task *next = t->pn__next;
        runq_push(rt, t);
        t = next;
    }
}

/* ---- references and wakes ------------------------------------------ */

void *pn__task_frame(pn__runtime *rt, pn_task *t)
{
    if (t->pn__flags & PN__TASK_ROOT)
        return rt->root_frame;
    uintptr_t p = (uintptr_t)(t + 1);
    size_t align = t->pn__vt->align;
    if (align > 16)
        p = (p + align - 1) & ~(uintptr_t)(align - 1);
    return (void *)p;
}

static void task_free(pn__runtime *rt, pn_task *t)
{
    if (!(t->pn__flags & PN__TASK_ROOT))
        pn__slab_free(rt, t);
}

void pn__task_release(pn__runtime *rt, pn_task *t)
{
    if (atomic_fetch_sub_explicit(&t->pn__refs, PN__TASK_REF, memory_order_acq_rel) ==
        PN__TASK_REF)
        task_free(rt, t);
}

void pn__task_local_wake(pn__runtime *rt, pn_task *t)
{
    if (t->pn__flags & PN__TASK_DONE)
        return;
    /* Plain load first: waking an already queued task is common (several
     * wakers of one task firing in one turn) and needs no RMW. */
    if (atomic_load_explicit(&t->pn__refs, memory_order_relaxed) & PN__TASK_QUEUED)
        return;
    if (atomic_fetch_or_explicit(&t->pn__refs, PN__TASK_QUEUED, memory_order_relaxed) &
        PN__TASK_QUEUED)
        return; /* another thread queued it in between */
    runq_push(rt, t);
}

/* Drop one reference from a foreign thread, waking the task if asked.  If
 * it was the last reference the task is queued instead of freed, so that
 * its own thread frees it. */
static void remote_release(pn__runtime *rt, pn_task *t, bool wake)
{
    uint32_t old = atomic_load_explicit(&t->pn__refs, memory_order_relaxed);
    bool push;
    for (;;) {
        uint32_t next = old - PN__TASK_REF;
        push = (wake || next == 0) && !(old & PN__TASK_QUEUED);
        if (push)
            next |= PN__TASK_QUEUED;
        if (atomic_compare_exchange_weak_explicit(&t->pn__refs, &old, next,
                                                  memory_order_acq_rel, memory_order_relaxed))
            break;
    }
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
    if (rt == &pn__tls_runtime)
        pn__task_local_wake(rt, t);
    else if (!(atomic_fetch_or_explicit(&t->pn__refs, PN__TASK_QUEUED, memory_order_acq_rel) &
               PN__TASK_QUEUED))
        inject_push(rt, t); /* the caller's reference keeps t alive meanwhile */
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

void pn_wake_current(pn_context *cx)
{
    pn__task_local_wake(&pn__tls_runtime, (pn_task *)cx->pn__waker);
}

/* ---- lifecycle ----------------------------------------------------- */

/* The runtime of t, which must be this thread's. */
static pn__runtime *task_owner(pn_task *t, const char *fn)
{
    pn__runtime *rt = pn__task_runtime(t);
    if (rt != &pn__tls_runtime)
        pn__die("pinion: %s(%p): task %s belongs to another thread's runtime", fn, (void *)t,
                t->pn__vt != NULL ? t->pn__vt->name : "?");
    return rt;
}

void *pn__task_reserve(const pn_future_vtable *vt, pn_task **out)
{
    pn__runtime *rt = pn__rt_current();
    if (rt->shutting_down)
        return NULL;
    size_t align = vt->align != 0 ? vt->align : 1;
    if (align & (align - 1))
        pn__die("pinion: pn_spawn(%s): frame alignment %zu is not a power of two", vt->name,
                align);
    size_t extra = align > 16 ? align - 16 : 0;
    if (vt->size > SIZE_MAX / 2 - extra - sizeof(pn_task))
        return NULL;
    pn_task *t = pn__slab_alloc(rt, sizeof(pn_task) + extra + vt->size);
    if (t == NULL)
        return NULL;
    t->pn__vt = vt;
    t->pn__next = NULL;
    t->pn__joiner = NULL;
    atomic_store_explicit(&t->pn__refs, 0, memory_order_relaxed);
    t->pn__flags = 0;
    *out = t;
    return pn__task_frame(rt, t);
}

pn_task *pn__task_start(pn_task *t)
{
    if (t == NULL)
        return NULL;
    pn__runtime *rt = task_owner(t, "pn__task_start");
    if (t->pn__flags & PN__TASK_STARTED)
        pn__die("pinion: pn__task_start(%s): task %p started twice", t->pn__vt->name,
                (void *)t);
    t->pn__flags |= PN__TASK_STARTED;
    /* The handle, the runtime's reference for the live frame, and the
     * run queue entry. */
    atomic_store_explicit(&t->pn__refs, 2 * PN__TASK_REF | PN__TASK_QUEUED,
                          memory_order_relaxed);
    runq_push(rt, t);
    rt->live_tasks++;
    return t;
}

static void wake_joiner(pn_task *t)
{
    pn_waker *j = t->pn__joiner;
    t->pn__joiner = NULL;
    pn_waker_wake(j);
}

static void task_complete(pn__runtime *rt, pn_task *t)
{
    t->pn__flags = (uint8_t)((t->pn__flags | PN__TASK_DONE) & ~PN__TASK_CANCEL_SELF);
    if (!(t->pn__flags & PN__TASK_ROOT))
        rt->live_tasks--;
    wake_joiner(t);
    pn__task_release(rt, t);
}

void pn__task_cancel_now(pn__runtime *rt, pn_task *t)
{
    /* DONE first: whatever the drop wakes, this task stays put. */
    t->pn__flags = (uint8_t)((t->pn__flags | PN__TASK_DONE | PN__TASK_CANCELLED) &
                             ~PN__TASK_CANCEL_SELF);
    if (!(t->pn__flags & PN__TASK_ROOT))
        rt->live_tasks--;
    t->pn__vt->drop(pn__task_frame(rt, t));
    wake_joiner(t);
    pn__task_release(rt, t);
}

void pn__task_run(pn__runtime *rt, pn_task *t)
{
    /* Clear QUEUED before polling, so a wake during the poll queues the
     * task again. */
    uint32_t left =
        atomic_fetch_and_explicit(&t->pn__refs, ~PN__TASK_QUEUED, memory_order_acq_rel) &
        ~PN__TASK_QUEUED;
    if (t->pn__flags & PN__TASK_DONE) {
        if (left == 0)
            task_free(rt, t);
        return;
    }
    pn_context cx = {.pn__waker = (pn_waker *)t};
    rt->current = t;
    pn_poll r = t->pn__vt->poll(pn__task_frame(rt, t), &cx);
    rt->current = NULL;
    if (r == PN_READY)
        task_complete(rt, t);
    else if (t->pn__flags & PN__TASK_CANCEL_SELF)
        pn__task_cancel_now(rt, t);
}

void pn_detach(pn_task *t)
{
    if (t == NULL)
        return;
    pn__task_release(task_owner(t, "pn_detach"), t);
}

void pn_cancel(pn_task *t)
{
    if (t == NULL)
        return;
    pn__runtime *rt = task_owner(t, "pn_cancel");
    /* A pending pn_join owns the handle; it releases it when it returns
     * -ECANCELED. */
    bool joined = t->pn__flags & PN__TASK_JOINED;
    if (!(t->pn__flags & PN__TASK_DONE)) {
        if (t == rt->current)
            t->pn__flags |= PN__TASK_CANCEL_SELF;
        else
            pn__task_cancel_now(rt, t);
    }
    if (!joined)
        pn__task_release(rt, t);
}

/* ---- pn_yield ---------------------------------------------------- */

void pn_yield__init(struct pn_yield__frame *f)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
}

pn_poll pn_yield__poll(pn_future *self, pn_context *cx)
{
    pn__pin_check(self, "pn_yield");
    switch (self->pn__state) {
    case 0:
        /* Back of the FIFO: everything already ready runs first. */
        self->pn__state = 1;
        pn_wake_current(cx);
        return PN_PENDING;
    case 1:
        self->pn__state = PN__STATE_DONE;
        return PN_READY;
    default:
        pn__bad_state("pn_yield", self->pn__state);
    }
}

void pn_yield__drop(pn_future *self)
{
    (void)self; /* a wake of the current task is all it ever left behind */
}

const pn_future_vtable pn_yield__vtable = {
    pn_yield__poll, pn_yield__drop, "pn_yield", sizeof(struct pn_yield__frame),
    _Alignof(struct pn_yield__frame), 0, 0,
};

/* ---- pn_join / pn_join_result -------------------------------------- */

/* Both joins own the handle from init on. */
static void join_take(pn_task *t, const char *fn)
{
    if (t != NULL) {
        task_owner(t, fn);
        t->pn__flags |= PN__TASK_JOINED;
    }
}

/* Give the handle back without waiting: the task runs on, detached. */
static void join_abandon(pn_task *t)
{
    pn__runtime *rt = pn__task_runtime(t);
    pn_waker *j = t->pn__joiner;
    t->pn__joiner = NULL;
    t->pn__flags &= (uint8_t)~PN__TASK_JOINED;
    pn_waker_drop(j);
    pn__task_release(rt, t);
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
    if (t->pn__joiner == NULL)
        t->pn__joiner = pn_waker_clone(cx);
    return 1;
}

void pn_join__init(struct pn_join__frame *f, pn_task *t)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->task = t;
    join_take(t, "pn_join");
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
    case 1: {
        int rc = join_step(f->task, cx);
        if (rc > 0)
            return PN_PENDING;
        if (rc == 0 && (f->task->pn__flags & PN__TASK_CANCELLED))
            rc = -ECANCELED;
        f->pn__ret = rc;
        join_abandon(f->task);
        f->task = NULL;
        break;
    }
    default:
        pn__bad_state("pn_join", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_join__drop(pn_future *self)
{
    struct pn_join__frame *f = (struct pn_join__frame *)self;
    if (f->task != NULL)
        join_abandon(f->task);
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
    f->task = t;
    f->out = out;
    f->size = size;
    join_take(t, "pn_join_result");
}

pn_poll pn_join_result__poll(pn_future *self, pn_context *cx)
{
    struct pn_join_result__frame *f = (struct pn_join_result__frame *)self;
    pn__pin_check(self, "pn_join_result");
    int rc;
    switch (self->pn__state) {
    case 0:
        if (f->task == NULL) {
            f->pn__ret = -EINVAL;
            break;
        }
        /* A size mismatch is a programming error: report it at once
         * rather than after the task ran. */
        if (f->size != f->task->pn__vt->result_size) {
            f->pn__ret = -EINVAL;
            join_abandon(f->task);
            f->task = NULL;
            break;
        }
        self->pn__state = 1;
        /* fall through */
    case 1:
        rc = join_step(f->task, cx);
        if (rc > 0)
            return PN_PENDING;
        if (rc == 0 && (f->task->pn__flags & PN__TASK_CANCELLED)) {
            rc = -ECANCELED;
        } else if (rc == 0 && f->size != 0) {
            pn_task *t = f->task;
            const char *frame = pn__task_frame(pn__task_runtime(t), t);
            memcpy(f->out, frame + t->pn__vt->result_offset, f->size);
        }
        f->pn__ret = rc;
        join_abandon(f->task);
        f->task = NULL;
        break;
    default:
        pn__bad_state("pn_join_result", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_join_result__drop(pn_future *self)
{
    struct pn_join_result__frame *f = (struct pn_join_result__frame *)self;
    if (f->task != NULL)
        join_abandon(f->task);
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
