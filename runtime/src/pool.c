/*
 * pool.c — a pool of workers: pn_set_workers, pn_spawn_local, and the
 * paths a task of a pool takes through spawning, waking, polling,
 * joining, cancelling and freeing.
 *
 * A pool is n threads, the caller's (worker 0) among them, each running
 * its own runtime (core.h) with its own ready lists, timer wheel and
 * reactor, exactly as a single-thread runtime does: the hot loop below is
 * runtime.c's, with a few lines for pool tasks.  What makes a task a
 * pool task is where its memory comes from: each worker spawns into a
 * slab of its own, held by a "home" (a pn__runtime used for its slab, its
 * join map and its lock only), and no thread has a home as its runtime.
 * So every check that a task belongs to this thread's runtime, which the
 * single-thread paths make anyway, fails for a pool task and sends it
 * here; a single-thread program never comes here and pays nothing.
 *
 * Placement.  A pool task is spawned into the spawner's ready lists
 * (depth first, as always), placed there (the worker's index in the
 * task's atomic word) but not yet polled.  While some worker is idle, a
 * busy one moves every other task of its run queue that was never polled
 * (or of the bottom group of next, its oldest spawns) to the pool's
 * shared queue at each look, unplacing it, and the idle worker takes them
 * into the bottom of its own next, where they run depth first as they
 * would have here; a batch ends early for that look after a poll that
 * spawned while a worker is idle.  The worker that first polls a task
 * keeps it (placing it, when it came from the shared queue) and from then
 * on polls it every time: its timers and fd waits are
 * registered with that worker's wheel and reactor, which are not shared.
 * So a task moves between threads only before its first poll, never
 * during one nor between later polls, and its frame never moves at all.
 * Balancing therefore moves work that has not started yet, which a
 * spawning program (a server's connections, a tree of subtasks) has
 * plenty of; long-lived tasks are balanced where they first run.
 *
 * Wakes.  A pool task's wake is the atomic protocol of a foreign wake
 * (task.c) on its atomic word, whichever thread wakes: the worker that
 * places it gets it back, on its own ready lists when it woke the task
 * itself, through its injection queue (mutex and eventfd) otherwise,
 * which the worker's look puts on top of next, where a wake from one of
 * its own tasks would have put it: a parent whose child completed on
 * another worker goes on with the path it was on.  (In runq it would send
 * next behind runq after PN__NEXT_MAX polls, and a spawn tree would run
 * breadth first: every subtree started before any finishes.)
 *
 * No lock guards a pool task.  What more than one thread touches is in
 * its atomic word: its wake state, its count, where it is placed, and its
 * completion (FINISHED, and DROPPED when its frame was dropped instead of
 * completing), set by the worker it is placed on with the single
 * compare-and-swap that gives up the runtime's reference; a pending join
 * sets JOINER after writing a counted waker of the joining task into the
 * task's pn__placed, and that waker belongs to whoever moves the word from
 * JOINER to FINISHED (the worker completing the task, which wakes it) or
 * clears JOINER before FINISHED is set (a join dropped while it waits).
 * The handle's generation and the JOINED flag are written only by the
 * handle's owner, one task at a time.  The slab slot: a home's slab is
 * its worker's alone, which allocates from it and frees into it without a
 * lock; another thread frees a task of that home onto the home's remote
 * list (alloc.c), which the worker takes back at its next look.  So a task
 * spawned, polled and joined on one worker, which is most of them, pays a
 * handful of uncontended read-modify-writes on its own word and touches
 * no line another worker writes.
 *
 * Cancelling a pool task drops its frame on the worker it is placed on:
 * at once when that is the caller's, otherwise by asking (CANCEL_REQ in
 * the atomic word) and queueing it there, where it is dropped instead of
 * polled when next taken.
 *
 * Idle workers sleep in their reactor (after the busy-poll window, as a
 * single-thread runtime does), listed as idle under the pool's lock from
 * the start of that window, and whoever puts work in the shared queue
 * wakes one of them (one in its window takes it without a sleep).  The
 * one woken is called until it comes, and the work waits for it: the
 * others take from the shared queue at their looks only while nobody is
 * called, or when a call is PN__POOL_CALL_WAIT_NS old (pool_may_take).
 * Worker threads start each on a CPU of its own, free to run on every
 * CPU of their creator from then on (pool_spread_attr).  Stopping
 * (pn_shutdown on worker 0, or pn_set_workers) takes turns: each worker
 * in turn drops the pool tasks placed on it, then each in turn cancels its
 * own local tasks, then every worker shuts its runtime down and exits, and
 * worker 0 releases the homes.
 */
#include "core.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PN__POOL_MAX_WORKERS 127u
/* Tasks an idle worker takes from the shared queue at once, at most. */
#define PN__POOL_TAKE 32u
/* Run-queue entries a busy worker looks at when it shares. */
#define PN__POOL_SCAN 128u
/* How long work shared with an idle worker waits for it before the
 * others may take it back (pool_may_take). */
#define PN__POOL_CALL_WAIT_NS 5000000u
/* While a slice runs, the clock is read after every PN__POOL_CLOCK_EVERY-th
 * poll that did not simply yield (or after one that read it anyway, to arm
 * a timer), not after each: on a pool, the wakes other workers send make
 * a batch a slice far more often than on one thread, a clock read costs
 * about as much as a small task's whole poll, and a slice overrunning by
 * three polls changes nothing a 1 ms slice is for. */
#define PN__POOL_CLOCK_EVERY 4u

/* The count and QUEUED: the bits that keep a pool task's memory. */
#define PN__TASK_LIVE_MASK (~(PN__TASK_REF - 1u) | PN__TASK_QUEUED)

/* Each worker's entry on lines of its own: its thread writes the placed
 * list's sentinel at every first poll and completion, which must not
 * invalidate the line another worker's sentinel is on. */
#define PN__POOL_LINE 128u

typedef struct pn__worker {
    _Alignas(PN__POOL_LINE) pn__runtime *rt; /* the worker thread's own runtime */
    pn__runtime *home; /* the slab of the pool tasks it spawns */
    pthread_t thread;  /* workers 1..n-1 */
    bool idle;         /* under the pool's lock: sleeping, wake me */
    _Atomic bool called; /* written under the pool's lock: woken for shared work, not come yet */
    /* The pool tasks placed here, not done (its thread only): a circular
     * list through each task's pn__placed, and this, shaped as a slot, its
     * sentinel. */
    struct {
        pn_task hdr;
        pn__placed links;
    } placed;
} pn__worker;

typedef struct pn__pool {
    unsigned n;
    pthread_mutex_t lock; /* shared queue, idle marks, turns */
    pthread_cond_t cond;
    pn_task *shared_head, **shared_tailp;
    _Atomic size_t nshared; /* written under the lock */
    _Atomic unsigned nidle;
    _Atomic unsigned ncalled;   /* workers called and not come yet, written under the lock */
    _Atomic uint64_t called_at; /* ... since when (pn_now_ns), written under the lock */
    _Atomic bool stop;
    bool full; /* stopping for pn_shutdown: worker 0's own tasks go too */
    unsigned nhomes;
    unsigned started; /* worker threads up */
    unsigned arrived; /* stopping: worker threads out of their loop */
    unsigned turn;    /* stopping: whose turn it is (UINT_MAX: not yet) */
    uint64_t busy_poll_ns;
    /* The CPUs pn_set_workers' thread may run on, which each worker
     * thread, started on one CPU of them, may run on again at once
     * (pool_spread_attr). */
    bool spread;
    cpu_set_t cpus;
    /* pn_dump_tasks (the end of this file): one dump at a time; the
     * worker asked for its part (index + 1, 0: none), how far it is. */
    pthread_cond_t dump_cond; /* with the pool's lock, on CLOCK_MONOTONIC */
    bool dumping;
    _Atomic unsigned dump_ask;
    unsigned dump_state;
    FILE *dump_out;
    size_t dump_count;
    _Alignas(PN__POOL_LINE) pn__worker w[];
} pn__pool;

/* ---- homes ----------------------------------------------------------- */

static pn__runtime *task_home(const pn_task *t)
{
    return pn__task_chunk(t)->rt;
}

static pn__pool *task_pool(const pn_task *t)
{
    return task_home(t)->pool;
}

static pn__runtime *home_new(pn__pool *pool, unsigned i)
{
    /* Other workers write its remote list: lines of its own. */
    size_t bytes = (sizeof(pn__runtime) + PN__POOL_LINE - 1) & ~(size_t)(PN__POOL_LINE - 1);
    pn__runtime *h = aligned_alloc(PN__POOL_LINE, bytes);
    if (h == NULL)
        return NULL;
    memset(h, 0, bytes);
    pn__ptrmap_init(&h->classes);
    h->pool = pool;
    h->home = h;
    h->worker = i;
    h->gen_seed = (uint8_t)(i * 37u);
    h->initialised = true;
    return h;
}

static void home_free(pn__runtime *h)
{
    h->shutting_down = true;
    pn__slab_release_all(h);
    free(h);
}

/* Free t, whose last reference is gone, on any thread: into its home's
 * slab on the home's own worker, onto the home's remote list elsewhere. */
static void task_free(pn_task *t)
{
    pn__runtime *home = task_home(t);
    if (home == pn__tls_runtime.home) {
        pn__slab_free(home, t);
        pn__count_up(&home->nfree_own);
    } else {
        atomic_fetch_add_explicit(&home->nfree_remote, 1, memory_order_relaxed);
        pn__slab_free_remote(home, t);
    }
}

/* Whether some task of home is still live: reserved and not freed. */
static bool home_live(pn__runtime *home)
{
    uint64_t freed = atomic_load_explicit(&home->nfree_remote, memory_order_acquire) +
                     atomic_load_explicit(&home->nfree_own, memory_order_acquire);
    return atomic_load_explicit(&home->nalloc, memory_order_acquire) != freed;
}

/* ---- queues ------------------------------------------------------------ */

/* Under the pool's lock: w is idle (sleeping, or in its busy-poll
 * window), to be given shared work and woken; or no longer. */
static void idle_mark(pn__pool *pool, pn__worker *w)
{
    if (!w->idle) {
        w->idle = true;
        atomic_fetch_add_explicit(&pool->nidle, 1, memory_order_relaxed);
    }
}

static void idle_unmark(pn__pool *pool, pn__worker *w)
{
    if (w->idle) {
        w->idle = false;
        atomic_fetch_sub_explicit(&pool->nidle, 1, memory_order_relaxed);
    }
}

static void pool_notify_idle_locked(pn__pool *pool)
{
    for (unsigned i = 0; i < pool->n; i++) {
        pn__worker *w = &pool->w[i];
        if (w->idle) {
            idle_unmark(pool, w);
            if (!w->called) {
                atomic_store_explicit(&w->called, true, memory_order_relaxed);
                if (pool->ncalled == 0)
                    atomic_store_explicit(&pool->called_at, pn_now_ns(), memory_order_relaxed);
                atomic_store_explicit(&pool->ncalled, pool->ncalled + 1, memory_order_relaxed);
            }
            pn__reactor_notify(&w->rt->reactor);
            return;
        }
    }
}

/* Put the list head..tail (count tasks, unplaced, QUEUED) in the shared
 * queue and wake an idle worker. */
static void pool_share(pn__pool *pool, pn_task *head, pn_task *tail, size_t count)
{
    pthread_mutex_lock(&pool->lock);
    tail->pn__next = NULL;
    *pool->shared_tailp = head;
    pool->shared_tailp = &tail->pn__next;
    atomic_store_explicit(&pool->nshared, pool->nshared + count, memory_order_relaxed);
    pool_notify_idle_locked(pool);
    pthread_mutex_unlock(&pool->lock);
}

/* An idle worker's share of the shared queue, onto its run queue. */
static bool pool_take_shared(pn__runtime *rt)
{
    pn__pool *pool = rt->pool;
    pn__worker *w = &pool->w[rt->worker];
    pthread_mutex_lock(&pool->lock);
    if (w->called) { /* it came: whatever it finds, the call is answered */
        atomic_store_explicit(&w->called, false, memory_order_relaxed);
        atomic_store_explicit(&pool->ncalled, pool->ncalled - 1, memory_order_relaxed);
    }
    size_t take = pool->nshared;
    if (take > 1)
        take = (take + 1) / 2;
    if (take > PN__POOL_TAKE)
        take = PN__POOL_TAKE;
    pn_task *head = pool->shared_head, *tail = NULL;
    for (size_t i = 0; i < take; i++) {
        tail = pool->shared_head;
        pool->shared_head = tail->pn__next;
    }
    if (pool->shared_head == NULL)
        pool->shared_tailp = &pool->shared_head;
    atomic_store_explicit(&pool->nshared, pool->nshared - take, memory_order_relaxed);
    /* Busy from now on (it may be taking in its busy-poll window, still
     * listed idle): the wake below is for someone else. */
    if (take > 0)
        idle_unmark(pool, w);
    /* More left than this worker takes: someone else may help. */
    if (pool->nshared > 0)
        pool_notify_idle_locked(pool);
    pthread_mutex_unlock(&pool->lock);
    /* Not behind runq: next stays ahead of runq only PN__NEXT_MAX polls
     * while runq waits, and then moves behind it, so a run of spawned
     * trees put in the FIFO would be run breadth first, every subtree
     * started before any finished. */
    if (take > 0)
        pn__next_push_bottom(rt, head, tail);
    return take > 0;
}

/* A pool task in rt's lists that was never polled: another worker may
 * still take it. */
static bool task_unplaced(const pn__runtime *rt, pn_task *t)
{
    return pn__task_chunk(t)->rt != rt && pn__pool_is_home(pn__task_chunk(t)->rt) &&
           pn__task_placed(t)->prev == NULL;
}

/* The link to the first task of group g of next (next is one list, the
 * top group first: group g starts after the last task of group g + 1). */
static pn_task **group_link(pn__runtime *rt, unsigned g)
{
    return g + 1 < rt->ngroups ? &rt->group_last[g + 1]->pn__next : &rt->next_head;
}

/* Unlink every other unplaced task of the list that *link starts, up to
 * *scan entries (which it counts down) or the entry `stop`, onto out;
 * *lastp (the list's tail pointer, or NULL) and *endp (the segment's last
 * entry, or NULL) follow what is unlinked.  The first unplaced task stays,
 * so a segment never empties.  Returns how many. */
static size_t thin_list(pn__runtime *rt, pn_task **link, pn_task *stop, pn_task ***lastp,
                        pn_task **endp, size_t *scan, pn_task ***outp, pn_task **out_last)
{
    size_t count = 0;
    bool keep = false;
    pn_task *prev = NULL;
    while (*link != NULL && *scan > 0) {
        --*scan;
        pn_task *t = *link;
        bool last = t == stop;
        if (task_unplaced(rt, t) && (keep = !keep) == false) {
            *link = t->pn__next;
            if (lastp != NULL && *lastp == &t->pn__next)
                *lastp = link;
            if (endp != NULL && *endp == t)
                *endp = prev;
            t->pn__next = NULL;
            /* Whichever worker takes it places it. */
            atomic_fetch_and_explicit(&t->pn__refs, ~PN__TASK_PLACE_MASK, memory_order_relaxed);
            **outp = t;
            *outp = &t->pn__next;
            *out_last = t;
            count++;
        } else {
            prev = t;
            link = &t->pn__next;
        }
        if (last)
            break;
    }
    return count;
}

/* Group g of next has one unplaced task (thin_list found no second):
 * unlink it onto out, unless it is all this worker has to run; a group it
 * leaves empty leaves next.  Returns how many (0 or 1). */
static size_t share_lone(pn__runtime *rt, unsigned g, size_t *scan, pn_task ***outp,
                         pn_task **out_last)
{
    pn_task **link = group_link(rt, g);
    pn_task *stop = rt->group_last[g], *prev = NULL;
    while (*scan > 0 && *link != NULL) { /* (the group ends at stop, before NULL) */
        --*scan;
        pn_task *t = *link;
        if (task_unplaced(rt, t)) {
            if (t == rt->next_head && t->pn__next == NULL && rt->runq_head == NULL)
                return 0; /* this worker's only work */
            *link = t->pn__next;
            if (t == stop && prev != NULL) {
                rt->group_last[g] = prev;
            } else if (t == stop) {
                memmove(&rt->group_last[g], &rt->group_last[g + 1],
                        (rt->ngroups - g - 1) * sizeof rt->group_last[0]);
                rt->ngroups--;
                rt->wake_group = rt->spawn_group = -1;
            }
            t->pn__next = NULL;
            atomic_fetch_and_explicit(&t->pn__refs, ~PN__TASK_PLACE_MASK, memory_order_relaxed);
            **outp = t;
            *outp = &t->pn__next;
            *out_last = t;
            return 1;
        }
        if (t == stop)
            break;
        prev = t;
        link = &t->pn__next;
    }
    return 0;
}

/* At a look, while a worker is idle: every other unplaced task among the
 * first PN__POOL_SCAN of runq goes to the shared queue or, when runq has
 * none to give, of the lowest group of next that has one (the oldest
 * siblings, the largest subtrees of a spawn tree; the groups above the
 * one shared from, the current path, stay).  The first of a group stays,
 * unless it is the group's only unplaced task and this worker has other
 * work: a lowest group of one task (the last sibling left) then goes
 * whole, rather than the idle worker being given nothing, or smaller
 * subtrees from a group above, which it would finish at once and sleep
 * again.  At most PN__POOL_SCAN entries of runq are looked at, and as
 * many of next. */
static void pool_share_surplus(pn__runtime *rt)
{
    pn__pool *pool = rt->pool;
    if (atomic_load_explicit(&pool->nidle, memory_order_relaxed) == 0)
        return;
    pn_task *head = NULL, **tailp = &head, *last = NULL;
    size_t scan = PN__POOL_SCAN;
    size_t count =
        thin_list(rt, &rt->runq_head, NULL, &rt->runq_tailp, NULL, &scan, &tailp, &last);
    /* next has a budget of its own: a long run queue of what cannot move
     * (placed or local tasks) must not keep next's groups from a look. */
    scan = PN__POOL_SCAN;
    for (unsigned g = 0; count == 0 && g < rt->ngroups && scan > 0; g++) {
        count = thin_list(rt, group_link(rt, g), rt->group_last[g], NULL, &rt->group_last[g],
                          &scan, &tailp, &last);
        if (count == 0)
            count = share_lone(rt, g, &scan, &tailp, &last);
    }
    if (count > 0)
        pool_share(pool, head, last, count);
}

/* The injection queue at a look: on top of next, where a wake by a task of
 * this worker would have put the task (a parent its child on another
 * worker completed comes back to the path it was on), not behind runq. */
static void pool_inject_drain(pn__runtime *rt)
{
    pn_task *tail, *head = pn__inject_take(rt, &tail);
    if (head != NULL)
        pn__next_push_top(rt, head, tail);
}

/* Queue t (QUEUED just set by the caller) where it runs. */
static void pool_route(pn_task *t, uint32_t word)
{
    pn__pool *pool = task_pool(t);
    if (atomic_load_explicit(&pool->stop, memory_order_acquire))
        return; /* stopping: nothing runs any more, the memory goes at once */
    unsigned place = (word & PN__TASK_PLACE_MASK) >> PN__TASK_PLACE_SHIFT;
    if (place == 0) {
        pool_share(pool, t, t, 1);
        return;
    }
    pn__runtime *to = pool->w[place - 1].rt;
    pn__runtime *me = &pn__tls_runtime;
    if (to == me) {
        if (me->polling)
            pn__next_woken(me, t);
        else
            pn__runq_push(me, t);
    } else {
        pn__inject_push(to, t);
    }
}

/* ---- references and wakes --------------------------------------------- */

void pn__pool_release(pn_task *t, bool wake, bool keep_ref)
{
    pn__runtime *me = &pn__tls_runtime;
    if (wake && t == (pn_task *)me->cx.pn__waker) {
        /* Woken during its own poll, as on a single thread. */
        me->cx.pn__woken |= PN__WOKEN;
        wake = false;
        if (keep_ref)
            return;
    }
    uint32_t old = atomic_load_explicit(&t->pn__refs, memory_order_relaxed);
    uint32_t next;
    bool push;
    do {
        next = keep_ref ? old : old - PN__TASK_REF;
        push = false;
        if (wake && !(old & PN__TASK_FINISHED)) {
            if (old & PN__TASK_QUEUED) {
                next |= PN__TASK_NOTIFIED;
            } else {
                next |= PN__TASK_QUEUED;
                push = true;
            }
        }
    } while (!atomic_compare_exchange_weak_explicit(&t->pn__refs, &old, next, memory_order_acq_rel,
                                                    memory_order_relaxed));
    if (push)
        pool_route(t, next);
    else if (!keep_ref && (next & PN__TASK_LIVE_MASK) == 0)
        task_free(t);
}

static void release_ref(pn_task *t)
{
    uint32_t next =
        atomic_fetch_sub_explicit(&t->pn__refs, PN__TASK_REF, memory_order_acq_rel) - PN__TASK_REF;
    if ((next & PN__TASK_LIVE_MASK) == 0)
        task_free(t);
}

/* A popped task that already finished leaves the queue. */
static void pool_retire(pn_task *t)
{
    uint32_t left = atomic_fetch_and_explicit(&t->pn__refs, ~(PN__TASK_QUEUED | PN__TASK_NOTIFIED),
                                              memory_order_acq_rel) &
                    ~(PN__TASK_QUEUED | PN__TASK_NOTIFIED);
    if ((left & PN__TASK_LIVE_MASK) == 0)
        task_free(t);
}

/* Mark t finished (dropped: its frame was dropped, not completed), unless
 * it is already, in one compare-and-swap that also clears `clear` and
 * gives up `refs` references; *left is the word it leaves.  Returns the
 * waker of t's joiner when this took it over (JOINER was set, FINISHED not
 * yet), which the caller wakes or drops. */
static pn_task *mark_finished(pn_task *t, bool dropped, uint32_t clear, uint32_t refs,
                              uint32_t *left)
{
    uint32_t old = atomic_load_explicit(&t->pn__refs, memory_order_acquire);
    uint32_t next;
    pn_task *joiner;
    do {
        joiner = NULL;
        next = old & ~clear;
        if (!(old & PN__TASK_FINISHED)) {
            next |= PN__TASK_FINISHED | (dropped ? PN__TASK_DROPPED : 0u);
            if (old & PN__TASK_JOINER)
                joiner = pn__task_placed(t)->joiner; /* written before JOINER was set */
        }
        next -= refs;
    } while (!atomic_compare_exchange_weak_explicit(&t->pn__refs, &old, next, memory_order_acq_rel,
                                                    memory_order_acquire));
    *left = next;
    return joiner;
}

/* t is done (it completed, or its frame was dropped): mark it, give up the
 * runtime's reference (and QUEUED, when the caller holds t as popped), and
 * wake its joiner. */
static void placed_remove(pn_task *t);

static void pool_finish(pn_task *t, bool cancelled, bool scheduled)
{
    placed_remove(t);
    uint32_t left;
    pn_task *joiner = mark_finished(
        t, cancelled, scheduled ? PN__TASK_QUEUED | PN__TASK_NOTIFIED : 0u, PN__TASK_REF, &left);
    if ((left & PN__TASK_LIVE_MASK) == 0)
        task_free(t);
    if (joiner != NULL)
        pn_waker_wake((pn_waker *)joiner);
}

/* Drop the frame of t, which this worker holds as popped. */
static void pool_drop_scheduled(pn_task *t)
{
    pn__task_vt(t)->drop(pn__task_frame(t));
    pool_finish(t, true, true);
}

/* ---- the tasks placed on each worker --------------------------------- */

/* t, placed on rt's worker by its first poll, joins the worker's list
 * once that poll left it pending; it leaves when it completes or is
 * dropped (pool_finish), which only this worker does.  So no lock:
 * pn_dump_tasks reads the list on this thread too.  A task that left
 * points at itself. */
static void placed_add(pn__runtime *rt, pn_task *t)
{
    pn_task *head = &rt->pool->w[rt->worker].placed.hdr;
    pn__placed *h = pn__task_placed(head), *l = pn__task_placed(t);
    l->prev = head;
    l->next = h->next;
    pn__task_placed(h->next)->prev = t;
    h->next = t;
}

static void placed_remove(pn_task *t)
{
    pn__placed *l = pn__task_placed(t);
    if (l->prev == t)
        return; /* left already */
    if (l->prev != NULL) { /* NULL: never polled, in no list, but it leaves all the same */
        pn__task_placed(l->prev)->next = l->next;
        pn__task_placed(l->next)->prev = l->prev;
    }
    l->prev = l->next = t;
}

/* ---- spawning -------------------------------------------------------- */

void *pn__pool_reserve(pn__runtime *rt, const pn_future_vtable *vt, pn_task **out)
{
    pn__runtime *home = rt->home;
    void *frame = pn__slab_reserve_fast(home, vt, out);
    if (frame == NULL) {
        pn_task *t = pn__slab_alloc(home, vt);
        if (t == NULL)
            return NULL;
        *out = t;
        frame = pn__task_frame(t);
    }
    pn__count_up(&home->nalloc);
    return frame;
}

/* Why pn__pool_start refused t.  (Returns, as far as its caller knows: a
 * tail call, which keeps the common path free of saved registers.) */
static PN__TAIL_ABORT pn_task *pool_start_bad(pn_task *t)
{
    pn__runtime *home = task_home(t);
    if (!pn__pool_is_home(home))
        return pn__task_start_refused(t); /* not a pool's either */
    if (pn__tls_runtime.pool != home->pool)
        pn__die("pinion: pn__task_start(%s): task %p belongs to another thread's pool",
                pn__task_vt(t)->name, (void *)t);
    pn__die("pinion: pn__task_start(%s): task %p started twice", pn__task_vt(t)->name,
            (void *)t);
}

pn_task *pn__pool_start(pn_task *t)
{
    pn__runtime *rt = &pn__tls_runtime;
    pn__runtime *home = task_home(t);
    if (pn__unlikely(!pn__pool_is_home(home) || rt->pool != home->pool ||
                     (t->pn__flags & PN__TASK_STARTED)))
        return pool_start_bad(t);
    t->pn__flags |= PN__TASK_STARTED;
    /* Placed here until a look shares it: a task that never moves has its
     * place without a read-modify-write.  Never polled: prev is NULL. */
    atomic_store_explicit(&t->pn__refs,
                          2 * PN__TASK_REF | PN__TASK_QUEUED |
                              ((rt->worker + 1u) << PN__TASK_PLACE_SHIFT),
                          memory_order_relaxed);
    pn__task_placed(t)->prev = NULL;
    pn_task *h = pn__handle_of(t);
    /* Depth first, on the spawner's lists: an idle worker gets its share
     * at the next look (pool_share_surplus), many tasks for one wake-up,
     * where handing each spawn over would cost a wake-up per task. */
    if (rt->polling)
        pn__next_spawned(rt, t);
    else
        pn__runq_push(rt, t);
    return h;
}

/* The transformer's NAME__spawn_local helper brackets the spawn with these
 * two: the task the spawn reserves comes from this thread's own slab. */
void pn__spawn_local_begin(void)
{
    pn__runtime *rt = pn__rt_here();
    if (rt->pool != NULL) {
        rt->spawn_local_next = true;
        rt->spawn_slow = true;
    }
}

pn_task *pn__spawn_local_end(pn_task *t)
{
    pn__runtime *rt = &pn__tls_runtime;
    if (rt->spawn_local_next) { /* the spawn failed before it reserved */
        rt->spawn_local_next = false;
        rt->spawn_slow = rt->pool != NULL || rt->shutting_down;
    }
    return t;
}

/* ---- handles ------------------------------------------------------- */

/* The flags and generation of a pool task are written by its handle's
 * owner only, but read by dumps on any worker: relaxed atomics. */
static uint8_t flags_of(const pn_task *t)
{
    return __atomic_load_n(&t->pn__flags, __ATOMIC_RELAXED);
}

static void flags_set(pn_task *t, uint8_t set, uint8_t clear)
{
    __atomic_store_n(&t->pn__flags, (uint8_t)((flags_of(t) | set) & ~clear), __ATOMIC_RELAXED);
}

/* Why handle_check refused h (or, for a join, why h is not even a pool
 * task's). */
static PN__NOINLINE __attribute__((cold)) _Noreturn void handle_bad(pn_task *h, const char *fn)
{
    pn_task *t = pn__handle_task(h);
    if (!pn__pool_is_home(task_home(t)))
        pn__handle_refused(h, fn);
    if (pn__tls_runtime.pool != task_pool(t))
        pn__die("pinion: %s(%p): task %s belongs to another thread's pool", fn, (void *)h,
                pn__task_vt(t)->name);
    uint8_t gen = __atomic_load_n(&t->pn__gen, __ATOMIC_RELAXED);
    if ((((uintptr_t)h ^ ((uintptr_t)gen << PN__HANDLE_GEN_SHIFT)) & PN__HANDLE_GEN_MASK) != 0)
        pn__die("pinion: %s(%p): stale task handle: the task of %s it named was already "
                "joined, detached or cancelled, and its memory may hold another task by now; "
                "a handle is given up exactly once",
                fn, (void *)h, pn__task_vt(t)->name);
    /* The only reason left: a pending join owns it. */
    pn__die("pinion: %s(%p): task %s is already being joined: its handle belongs to "
            "the pending pn_join",
            fn, (void *)h, pn__task_vt(t)->name);
}

/* Whether h is a current handle of a task of this thread's pool, not
 * owned by a pending join when refuse says so. */
static inline bool handle_ok(pn_task *h, uint8_t refuse)
{
    pn_task *t = pn__handle_task(h);
    uint8_t gen = __atomic_load_n(&t->pn__gen, __ATOMIC_RELAXED);
    return pn__tls_runtime.pool == task_pool(t) &&
           (((uintptr_t)h ^ ((uintptr_t)gen << PN__HANDLE_GEN_SHIFT)) & PN__HANDLE_GEN_MASK) ==
               0 &&
           !(flags_of(t) & refuse);
}

/* t, the pool task handle h names; aborts (as task.c does) on a handle
 * given up already or, with refuse, owned by a pending join. */
static inline pn_task *handle_check(pn_task *h, const char *fn, uint8_t refuse)
{
    if (pn__unlikely(!handle_ok(h, refuse)))
        handle_bad(h, fn);
    return pn__handle_task(h);
}

/* The out-of-line abort of pn__pool_join_take: a tail call there. */
static PN__TAIL_ABORT void join_take_bad(pn_task *h, const char *fn)
{
    handle_bad(h, fn);
}

/* t's handle is given up: every copy of it is stale from now on. */
static void handle_retire(pn_task *t)
{
    __atomic_store_n(&t->pn__gen, (uint8_t)(__atomic_load_n(&t->pn__gen, __ATOMIC_RELAXED) + 1u),
                     __ATOMIC_RELAXED);
}

static void handle_release(pn_task *t)
{
    handle_retire(t);
    release_ref(t);
}

void pn__pool_detach(pn_task *h)
{
    handle_release(handle_check(h, "pn_detach", PN__TASK_JOINED));
}

void pn__pool_cancel(pn_task *h)
{
    pn_task *t = handle_check(h, "pn_cancel", 0);
    pn__runtime *me = &pn__tls_runtime;
    /* A pending pn_join owns the handle (this is another copy of it) and
     * may give it up on another worker once the task finishes, the
     * runtime's reference with it: read that first, and hold t meanwhile. */
    bool joined = flags_of(t) & PN__TASK_JOINED;
    if (joined)
        atomic_fetch_add_explicit(&t->pn__refs, PN__TASK_REF, memory_order_relaxed);
    bool drop_now = false;
    pn_task *joiner = NULL;
    uint32_t old = atomic_load_explicit(&t->pn__refs, memory_order_acquire);
    if (!(old & PN__TASK_FINISHED)) {
        uint32_t here = (me->worker + 1u) << PN__TASK_PLACE_SHIFT;
        if (t == (pn_task *)me->cx.pn__waker) {
            me->cx.pn__woken |= PN__CX_CANCEL; /* dropped when its poll returns */
        } else if ((old & PN__TASK_PLACE_MASK) == here) {
            /* Placed on this worker and not being polled (only this thread
             * polls it): dropped now, as on a single thread.  FINISHED
             * first, so that no wake queues it; its joiner is woken once
             * the frame is gone. */
            uint32_t left;
            joiner = mark_finished(t, true, 0, 0, &left);
            drop_now = true;
        } else {
            /* Its worker drops it instead of polling it next (unless it
             * finishes first). */
            uint32_t next = old;
            while (!(old & PN__TASK_FINISHED)) {
                next = old | PN__TASK_CANCEL_REQ | PN__TASK_QUEUED;
                if (atomic_compare_exchange_weak_explicit(&t->pn__refs, &old, next,
                                                          memory_order_acq_rel,
                                                          memory_order_relaxed))
                    break;
            }
            if (!(old & (PN__TASK_QUEUED | PN__TASK_FINISHED)))
                pool_route(t, next);
        }
    }
    /* The pending pn_join releases the handle when it returns -ECANCELED.
     * The runtime's own reference keeps t while it drops. */
    if (!joined)
        handle_release(t);
    if (drop_now) {
        pn__task_vt(t)->drop(pn__task_frame(t));
        placed_remove(t);
        release_ref(t);
        if (joiner != NULL)
            pn_waker_wake((pn_waker *)joiner);
    }
    if (joined)
        release_ref(t);
}

void pn__pool_join_take(pn_task *h, const char *fn, uint32_t *state, pn_task **task)
{
    pn_task *t = pn__handle_task(h);
    if (pn__unlikely(!pn__pool_is_home(task_home(t)) || !handle_ok(h, PN__TASK_JOINED))) {
        join_take_bad(h, fn);
        return;
    }
    flags_set(t, PN__TASK_JOINED, 0);
    *state = PN__JOIN_POOL_STATE;
    *task = t;
}

static inline void join_abandon(pn_task *t)
{
    /* A joiner still registered is this join's own: it takes it back,
     * unless the task finishes first (its worker then has it, to wake). */
    pn_task *joiner = NULL;
    uint32_t old = atomic_load_explicit(&t->pn__refs, memory_order_relaxed);
    while ((old & PN__TASK_JOINER) && !(old & PN__TASK_FINISHED)) {
        if (atomic_compare_exchange_weak_explicit(&t->pn__refs, &old, old & ~PN__TASK_JOINER,
                                                  memory_order_acq_rel, memory_order_relaxed)) {
            joiner = pn__task_placed(t)->joiner;
            break;
        }
    }
    flags_set(t, 0, PN__TASK_JOINED);
    handle_release(t);
    if (joiner != NULL)
        pn_waker_drop((pn_waker *)joiner);
}

void pn__pool_join_abandon(pn_task *t)
{
    join_abandon(t);
}

/* The result of a pool task, size bytes: the common sizes as one load. */
static inline void result_copy(void *out, const void *from, size_t size)
{
    switch (size) {
    case 4:
        memcpy(out, from, 4);
        break;
    case 8:
        memcpy(out, from, 8);
        break;
    default:
        memcpy(out, from, size);
    }
}

/* pn__pool_join_wait but for its common case. */
static PN__NOINLINE pn_poll join_wait_other(pn_task **tp, int *ret, void *out, size_t size,
                                            bool check_size, pn_context *cx)
{
    pn_task *t = *tp;
    uint32_t s = atomic_load_explicit(&t->pn__refs, memory_order_acquire);
    int rc;
    if (check_size && size != pn__task_vt(t)->result_size) {
        rc = -EINVAL; /* a programming error: reported before the task ran */
    } else if ((pn_waker *)t == cx->pn__waker) {
        rc = -EDEADLK;
    } else {
        if (!(s & (PN__TASK_FINISHED | PN__TASK_JOINER))) {
            /* Register once: every poll of this join has the same waker. */
            pn__task_placed(t)->joiner = (pn_task *)pn_waker_clone(cx);
            while (!(s & PN__TASK_FINISHED) &&
                   !atomic_compare_exchange_weak_explicit(&t->pn__refs, &s, s | PN__TASK_JOINER,
                                                          memory_order_release,
                                                          memory_order_acquire)) {
            }
            if (s & PN__TASK_FINISHED)
                pn_waker_drop((pn_waker *)pn__task_placed(t)->joiner);
        }
        if (!(s & PN__TASK_FINISHED))
            return PN_PENDING;
        rc = (s & PN__TASK_DROPPED) ? -ECANCELED : 0;
        if (rc == 0 && size != 0)
            result_copy(out, (const char *)pn__task_frame(t) + pn__task_vt(t)->result_offset,
                        size);
    }
    join_abandon(t);
    *ret = rc;
    *tp = NULL;
    return PN_READY;
}

static inline __attribute__((always_inline)) pn_poll join_wait(pn_task **tp, int *ret, void *out,
                                                                size_t size, bool check_size,
                                                                pn_context *cx)
{
    /* The common case, what join_wait_other does for it: the task
     * completed (not dropped), its result of the size asked for.  A
     * joiner registered before it completed was its worker's to wake:
     * nothing to take back. */
    pn_task *t = *tp;
    uint32_t s = atomic_load_explicit(&t->pn__refs, memory_order_acquire);
    if (pn__likely((s & (PN__TASK_FINISHED | PN__TASK_DROPPED)) == PN__TASK_FINISHED)) {
        const pn__chunk *c = pn__task_chunk(t);
        if (pn__likely(!check_size || size == c->vt->result_size)) {
            if (size != 0)
                result_copy(out, (const char *)t + c->frame_off + c->vt->result_offset, size);
            flags_set(t, 0, PN__TASK_JOINED);
            *ret = 0;
            *tp = NULL;
            if ((s & PN__TASK_LIVE_MASK) == PN__TASK_REF) {
                /* The handle's is the last reference, and only a holder
                 * of one makes another: no other thread can reach t any
                 * more, and the acquire above ordered whatever the last
                 * one did before this.  Freed without a read-modify-write
                 * (the common case: a task joined after it completed). */
                handle_retire(t);
                task_free(t);
            } else {
                handle_release(t);
            }
            return PN_READY;
        }
    }
    return join_wait_other(tp, ret, out, size, check_size, cx);
}

pn_poll pn__pool_join_wait(pn_task **tp, int *ret, void *out, size_t size, bool check_size,
                           pn_context *cx)
{
    return join_wait(tp, ret, out, size, check_size, cx);
}

pn_poll pn__pool_join_result_poll(pn_future *self, pn_context *cx)
{
    struct pn_join_result__frame *f = (struct pn_join_result__frame *)self;
    if (join_wait(&f->task, &f->pn__ret, f->out, f->size, true, cx) == PN_PENDING)
        return PN_PENDING;
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

/* ---- task dumps --------------------------------------------------------- */

/* pn_dump_tasks on a worker: each worker writes its own part, on its own
 * thread, where nothing of it is being polled: the caller's at once, every
 * other worker's at its next look (the top of pool_run, between batches),
 * while the caller waits.  A frame is only ever written by the worker it
 * is placed on, so each part is a consistent picture of that worker at one
 * moment; the parts are taken one after another, not all at one moment.
 * A worker that does not come to a look within PN__DUMP_WAIT_MS (a poll
 * that blocks its thread) is reported as such and skipped. */
#define PN__DUMP_WAIT_MS 1000u

enum { DUMP_IDLE, DUMP_ASKED, DUMP_WRITING, DUMP_DONE };

static void dump_cond_init(pthread_cond_t *c)
{
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(c, &a);
    pthread_condattr_destroy(&a);
}

static struct timespec dump_deadline(unsigned ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += ms / 1000u;
    ts.tv_nsec += (long)(ms % 1000u) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

/* The worker of rt writes its part if it is the one asked; the caller
 * holds no lock. */
static void dump_answer(pn__runtime *rt)
{
    pn__pool *pool = rt->pool;
    pthread_mutex_lock(&pool->lock);
    bool mine = atomic_load_explicit(&pool->dump_ask, memory_order_relaxed) == rt->worker + 1 &&
                pool->dump_state == DUMP_ASKED;
    if (mine)
        pool->dump_state = DUMP_WRITING;
    FILE *out = pool->dump_out;
    pthread_mutex_unlock(&pool->lock);
    if (!mine)
        return;
    size_t n = pn__dump_worker(out, rt);
    pthread_mutex_lock(&pool->lock);
    pool->dump_count = n;
    pool->dump_state = DUMP_DONE;
    atomic_store_explicit(&pool->dump_ask, 0, memory_order_relaxed);
    pthread_cond_broadcast(&pool->dump_cond);
    pthread_mutex_unlock(&pool->lock);
}

size_t pn__pool_dump(pn__runtime *rt, FILE *out)
{
    pn__pool *pool = rt->pool;
    unsigned me = rt->worker;
    pthread_mutex_lock(&pool->lock);
    while (pool->dumping) {
        /* Another worker dumps: answer it, should it ask this one. */
        if (atomic_load_explicit(&pool->dump_ask, memory_order_relaxed) == me + 1 &&
            pool->dump_state == DUMP_ASKED) {
            pthread_mutex_unlock(&pool->lock);
            dump_answer(rt);
            pthread_mutex_lock(&pool->lock);
            continue;
        }
        struct timespec ts = dump_deadline(10);
        pthread_cond_timedwait(&pool->dump_cond, &pool->lock, &ts);
    }
    pool->dumping = true;
    pthread_mutex_unlock(&pool->lock);

    fprintf(out, "pinion: %u workers\n", pool->n);
    size_t total = 0;
    for (unsigned k = 0; k < pool->n; k++) {
        if (k == me) {
            total += pn__dump_worker(out, rt);
            continue;
        }
        pthread_mutex_lock(&pool->lock);
        pool->dump_out = out;
        pool->dump_state = DUMP_ASKED;
        atomic_store_explicit(&pool->dump_ask, k + 1, memory_order_relaxed);
        pn__reactor_notify(&pool->w[k].rt->reactor);
        struct timespec ts = dump_deadline(PN__DUMP_WAIT_MS);
        bool late = false;
        while (pool->dump_state != DUMP_DONE) {
            /* Once it writes, it finishes: only a worker that has not
             * begun is given up on (or one that stopped looking). */
            if (pool->dump_state == DUMP_ASKED &&
                (late || atomic_load_explicit(&pool->stop, memory_order_relaxed)))
                break;
            if (pool->dump_state == DUMP_WRITING)
                pthread_cond_wait(&pool->dump_cond, &pool->lock);
            else
                late = pthread_cond_timedwait(&pool->dump_cond, &pool->lock, &ts) == ETIMEDOUT;
        }
        bool answered = pool->dump_state == DUMP_DONE;
        if (answered)
            total += pool->dump_count;
        atomic_store_explicit(&pool->dump_ask, 0, memory_order_relaxed);
        pool->dump_state = DUMP_IDLE;
        pool->dump_out = NULL;
        pthread_mutex_unlock(&pool->lock);
        if (!answered)
            fprintf(out, "worker %u: did not come to a look within %u ms (a poll that blocks "
                    "its thread, or worker 0 outside pn_block_on): its tasks are not listed\n",
                    k, PN__DUMP_WAIT_MS);
    }
    size_t shared = atomic_load_explicit(&pool->nshared, memory_order_relaxed);
    if (shared > 0)
        fprintf(out, "shared queue: %zu task%s not started yet, for the next idle worker\n",
                shared, shared == 1 ? "" : "s");

    pthread_mutex_lock(&pool->lock);
    pool->dumping = false;
    pthread_cond_broadcast(&pool->dump_cond);
    pthread_mutex_unlock(&pool->lock);
    return total;
}

size_t pn__pool_placed_each(pn__runtime *rt, bool (*fn)(pn__runtime *, pn_task *))
{
    size_t n = 0;
    pn_task *head = &rt->pool->w[rt->worker].placed.hdr;
    for (pn_task *t = pn__task_placed(head)->next; t != head; t = pn__task_placed(t)->next)
        n += fn(rt, t);
    return n;
}

uint8_t pn__pool_task_peek(const pn_task *t, pn_task **handle)
{
    uint8_t flags = flags_of(t) & (uint8_t) ~(PN__TASK_DONE | PN__TASK_CANCELLED);
    uint8_t gen = __atomic_load_n(&t->pn__gen, __ATOMIC_RELAXED);
    uint32_t s = atomic_load_explicit(&t->pn__refs, memory_order_acquire);
    if (s & PN__TASK_FINISHED)
        flags |= PN__TASK_DONE | ((s & PN__TASK_DROPPED) ? PN__TASK_CANCELLED : 0);
    *handle = (pn_task *)((uintptr_t)t |
                          (((uintptr_t)gen << PN__HANDLE_GEN_SHIFT) & PN__HANDLE_GEN_MASK));
    return flags;
}

/* ---- the loop ------------------------------------------------------ */

static void pool_wait(pn__runtime *rt, int timeout_ms)
{
    int rc = pn__reactor_wait(&rt->reactor, timeout_ms);
    if (rc < 0)
        pn__die("pinion: waiting for I/O failed: %s", strerror(-rc));
}

/* These four are runtime.c's, for the same loop. */
static inline bool pool_watching(const pn__runtime *rt)
{
    return rt->timers.count > 0 || rt->reactor.pending > 0;
}

static inline void pool_yield_defer(pn__runtime *rt, pn_task *t)
{
    t->pn__next = NULL;
    *rt->yield_tailp = t;
    rt->yield_tailp = &t->pn__next;
}

static void pool_yield_release(pn__runtime *rt)
{
    if (rt->yield_head != NULL) {
        *rt->runq_tailp = rt->yield_head;
        rt->runq_tailp = rt->yield_tailp;
        rt->yield_head = NULL;
        rt->yield_tailp = &rt->yield_head;
    }
}

static inline bool pool_slice_over(pn__runtime *rt)
{
    uint64_t now = rt->clock_hint;
    rt->clock_hint = 0;
    if (now == 0)
        now = pn_now_ns();
    return now >= rt->slice_end;
}

/* After a poll of pool task t that did not simply ask to run again. */
static void pool_run_slow(pn__runtime *rt, pn_task *t, pn_poll r)
{
    uint32_t woken = rt->cx.pn__woken;
    rt->cx.pn__waker = NULL;
    if (r == PN_READY) {
        pool_finish(t, false, true);
        return;
    }
    if (woken & PN__CX_CANCEL) {
        pool_drop_scheduled(t);
        return;
    }
    if (woken & PN__WOKEN) {
        pn__next_demote(rt);
        pn__runq_push(rt, t);
        return;
    }
    /* Idle, unless it was woken or asked to be cancelled meanwhile. */
    uint32_t old = atomic_load_explicit(&t->pn__refs, memory_order_relaxed);
    uint32_t next;
    do
        next = (old & (PN__TASK_NOTIFIED | PN__TASK_CANCEL_REQ)) ? old & ~PN__TASK_NOTIFIED
                                                                 : old & ~PN__TASK_QUEUED;
    while (!atomic_compare_exchange_weak_explicit(&t->pn__refs, &old, next, memory_order_acq_rel,
                                                  memory_order_relaxed));
    if (next & PN__TASK_QUEUED)
        pn__runq_push(rt, t);
}

/* The first two tasks of the list that t starts (up to the entry stop)
 * are both unstarted: thin_list would share the second. */
static bool two_unplaced(pn__runtime *rt, pn_task *t, pn_task *stop)
{
    return t != NULL && t != stop && task_unplaced(rt, t) && t->pn__next != NULL &&
           task_unplaced(rt, t->pn__next);
}

/* After a poll that spawned (into next: spawn_group is set until the
 * next pop), while a worker is idle: would a look share something now?
 * pool_share_surplus thins runq, else the lowest group of next with two
 * unplaced tasks: runq and each group are looked at by their first two
 * tasks (at most PN__GROUPS groups, and only while a worker idles). */
static bool pool_surplus_waits(pn__runtime *rt)
{
    if (pn__likely(rt->spawn_group < 0) ||
        atomic_load_explicit(&rt->pool->nidle, memory_order_relaxed) == 0)
        return false;
    if (two_unplaced(rt, rt->runq_head, NULL))
        return true;
    for (unsigned g = 0; g < rt->ngroups; g++)
        if (two_unplaced(rt, *group_link(rt, g), rt->group_last[g]))
            return true;
    return false;
}

/* runtime.c's rt_run_batch, with pool tasks: a popped pool task is placed
 * here on its first poll, retired when finished, dropped when a cancel
 * was asked for.  The batch ends early after a poll that spawned tasks
 * while a worker is idle: the look that follows shares them at once,
 * instead of after up to PN__BATCH polls (a batch of tasks that compute
 * for milliseconds would otherwise all run here while a worker sleeps).
 * Only then: ending it for every unstarted task a worker could take made
 * tasks that do nothing dearer to share than they are to run here. */
static bool pool_run_batch(pn__runtime *rt)
{
    PN__OPAQUE(rt);
    unsigned budget = PN__BATCH;
    unsigned ends = 0; /* polls that did not simply yield, for the clock */
    uint32_t here = (rt->worker + 1u) << PN__TASK_PLACE_SHIFT;
    pn_task *t;
    rt->polling = true;
    rt->clock_hint = 0;
    while (budget > 0 && (t = pn__ready_pop(rt)) != NULL) {
        const pn__chunk *c = pn__task_chunk(t);
        bool pooled = c->rt != rt;
        bool first = false; /* a pool task's first poll: placed after it */
        if (pooled) {
            uint32_t s = atomic_load_explicit(&t->pn__refs, memory_order_acquire);
            if (s & PN__TASK_FINISHED) {
                pool_retire(t);
                continue;
            }
            if (pn__task_placed(t)->prev == NULL) { /* its first poll */
                if ((s & PN__TASK_PLACE_MASK) != here) /* shared: unplaced */
                    s = atomic_fetch_or_explicit(&t->pn__refs, here, memory_order_acq_rel) | here;
                first = true;
            }
            if (s & PN__TASK_CANCEL_REQ) {
                /* No task is being polled: a cancel the drop makes acts now
                 * (the last poll's task may still be in cx). */
                rt->cx.pn__waker = NULL;
                pool_drop_scheduled(t);
                continue;
            }
        } else if (pn__unlikely(t->pn__flags & PN__TASK_DONE)) {
            pn__task_retire(rt, t);
            continue;
        }
        pn_poll_fn poll = c->poll;
        pn_future *frame = (pn_future *)(void *)((char *)t + c->frame_off);
        rt->cx.pn__waker = (pn_waker *)t;
        for (;;) {
            budget--;
            rt->cx.pn__woken = 0;
            pn_poll r = poll(frame, &rt->cx);
            /* Into the placed list once its first poll left it pending: a
             * task that completes at once (most of a spawn tree's) never
             * touches the list's lines.  (pn_dump_tasks during that poll
             * lists it as the running task, inspect.c.) */
            if (first) {
                first = false;
                if (r == PN_PENDING)
                    placed_add(rt, t);
            }
            if (pn__unlikely(r != PN_PENDING || rt->cx.pn__woken != PN__WOKEN)) {
                if (pooled) {
                    pool_run_slow(rt, t, r);
                } else if (pn__task_run_slow(rt, t, r)) {
                    rt->polling = false;
                    return true;
                }
                if (rt->slice_end == UINT64_MAX) {
                    if (pn__unlikely(pool_watching(rt) || (rt->look_woke && rt->next_streak != 0 &&
                                                           rt->runq_head != NULL)))
                        rt->slice_end = pn_now_ns() + PN__SLICE_NS;
                } else if ((rt->clock_hint != 0 || (++ends & (PN__POOL_CLOCK_EVERY - 1)) == 0) &&
                           pool_slice_over(rt)) {
                    rt->next_streak = PN__NEXT_MAX;
                    budget = 0;
                }
                break;
            }
            if (pn__ready_any(rt) || budget == 0 || rt->slice_end != UINT64_MAX) {
                if (rt->slice_end != UINT64_MAX && pool_watching(rt)) {
                    pool_yield_defer(rt, t);
                } else {
                    pn__next_demote(rt);
                    pn__runq_push(rt, t);
                }
                break;
            }
        }
        if (pool_surplus_waits(rt))
            break;
    }
    rt->polling = false;
    rt->cx.pn__waker = NULL;
    return false;
}

/* The busy-poll window of an idle worker (pn_set_busy_poll_us): I/O,
 * wakes, timers, and work shared by the others. */
static bool pool_busy_poll(pn__runtime *rt)
{
    uint64_t start = pn_now_ns();
    pn__pool *pool = rt->pool;
    do {
        if (atomic_load_explicit(&pool->nshared, memory_order_relaxed) > 0 &&
            pool_take_shared(rt))
            return true;
        if (atomic_load_explicit(&pool->stop, memory_order_relaxed))
            return false; /* stopping: pool_idle does not sleep either */
        if (pn__reactor_pending(&rt->reactor) > 0)
            pool_wait(rt, 0);
        pool_inject_drain(rt);
        if (rt->timers.count > 0)
            pn__timers_run(rt, pn_now_ns());
        if (pn__ready_any(rt))
            return true;
    } while (pn_now_ns() - start < rt->busy_poll_ns);
    return false;
}

/* Nothing to run: take from the shared queue, or sleep until a wake, a
 * timer, I/O or shared work.  A worker in its busy-poll window is idle
 * too: the others share with it as with a sleeping one, and it takes
 * what they share without a sleep.  True when it waited in epoll. */
static bool pool_idle(pn__runtime *rt, int timeout)
{
    pn__pool *pool = rt->pool;
    pn__worker *w = &pool->w[rt->worker];
    if (pool_take_shared(rt))
        return false;
    if (rt->busy_poll_ns != 0) {
        pthread_mutex_lock(&pool->lock);
        idle_mark(pool, w);
        pthread_mutex_unlock(&pool->lock);
        if (pool_busy_poll(rt)) {
            pthread_mutex_lock(&pool->lock);
            idle_unmark(pool, w);
            pthread_mutex_unlock(&pool->lock);
            return false;
        }
    }
    pthread_mutex_lock(&pool->lock);
    bool sleep = pool->nshared == 0 && !atomic_load_explicit(&pool->stop, memory_order_relaxed);
    if (sleep)
        idle_mark(pool, w);
    else
        idle_unmark(pool, w);
    pthread_mutex_unlock(&pool->lock);
    if (!sleep)
        return false;
    /* A wake that came in between is in the eventfd: no sleep then. */
    pool_wait(rt, timeout);
    pthread_mutex_lock(&pool->lock);
    idle_unmark(pool, w);
    pthread_mutex_unlock(&pool->lock);
    return true;
}

/* At a look, with shared work waiting: whether this worker takes it.
 * Not while another worker is on its way to it, called by the sharer
 * (which may take milliseconds to come: its CPU asleep, its thread queued
 * behind another), unless the call is PN__POOL_CALL_WAIT_NS old: a worker
 * whose poll blocks its thread must not keep the work from the others
 * for longer.  Taken back at the sharer's next look, the work was gone
 * whenever the idle worker came, time after time. */
static bool pool_may_take(pn__runtime *rt)
{
    pn__pool *pool = rt->pool;
    return atomic_load_explicit(&pool->ncalled, memory_order_relaxed) == 0 ||
           atomic_load_explicit(&pool->w[rt->worker].called, memory_order_relaxed) ||
           pn_now_ns() - atomic_load_explicit(&pool->called_at, memory_order_relaxed) >
               PN__POOL_CALL_WAIT_NS;
}

/* runtime.c's rt_run_until_root_done as a worker: until the root of
 * pn__block_on completes (worker 0) or the pool stops. */
static void pool_run(pn__runtime *rt, bool root)
{
    pn__pool *pool = rt->pool;
    bool waited = false; /* as in rt_run_until_root_done */
    for (;;) {
        if (!root && atomic_load_explicit(&pool->stop, memory_order_acquire))
            return;
        if (pn__unlikely(atomic_load_explicit(&pool->dump_ask, memory_order_relaxed) ==
                         rt->worker + 1))
            dump_answer(rt);
        pn_task **tail = rt->runq_tailp;
        pool_inject_drain(rt);
        pn__slab_take_remote(rt->home);
        rt->slice_end = UINT64_MAX;
        int timeout = -1;
        if (pool_watching(rt)) {
            uint64_t now = pn_now_ns();
            rt->slice_end = now + PN__SLICE_NS;
            timeout = pn__timers_run(rt, now);
        }
        if (!pn__ready_any(rt) && rt->yield_head == NULL) {
            waited = pool_idle(rt, timeout);
            continue;
        }
        if (!waited && pn__reactor_pending(&rt->reactor) > 0)
            pool_wait(rt, 0);
        waited = false;
        /* Work shared while every worker was busy waits for a look. */
        if (atomic_load_explicit(&pool->nshared, memory_order_relaxed) > 0 &&
            pool_may_take(rt))
            pool_take_shared(rt);
        rt->look_woke = rt->runq_tailp != tail || (rt->look_woke && rt->runq_head != NULL);
        pool_yield_release(rt);
        pool_share_surplus(rt);
        if (pool_run_batch(rt))
            return;
    }
}

void pn__pool_block_on(pn__runtime *rt)
{
    pool_run(rt, true);
}

/* ---- starting and stopping -------------------------------------------- */

/* Worker 0, or a worker thread at its turn: drop every started pool task
 * placed on this worker (or, for worker 0, never placed). */
static unsigned drop_place;

static bool drop_placed_one(pn__runtime *home, pn_task *t)
{
    (void)home;
    uint32_t s = atomic_load_explicit(&t->pn__refs, memory_order_acquire);
    if (!(t->pn__flags & PN__TASK_STARTED) || (s & PN__TASK_FINISHED))
        return false;
    unsigned place = (s & PN__TASK_PLACE_MASK) >> PN__TASK_PLACE_SHIFT;
    if (place != drop_place && !(place == 0 && drop_place == 1))
        return false;
    uint32_t left;
    pn_task *joiner = mark_finished(t, true, 0, 0, &left);
    pn__task_vt(t)->drop(pn__task_frame(t));
    if (joiner != NULL)
        pn_waker_drop((pn_waker *)joiner); /* everything goes: no one is woken */
    return true;
}

static void wait_turn(pn__pool *pool, unsigned turn)
{
    pthread_mutex_lock(&pool->lock);
    while (pool->turn != turn)
        pthread_cond_wait(&pool->cond, &pool->lock);
    pthread_mutex_unlock(&pool->lock);
}

static void next_turn(pn__pool *pool)
{
    pthread_mutex_lock(&pool->lock);
    pool->turn++;
    pthread_cond_broadcast(&pool->cond);
    pthread_mutex_unlock(&pool->lock);
}

/* The stopping protocol, every worker: its pool tasks (turn i), then its
 * local tasks (turn n + i). */
static void pool_stop_turns(pn__runtime *rt)
{
    pn__pool *pool = rt->pool;
    unsigned i = rt->worker;
    pthread_mutex_lock(&pool->lock);
    if (i != 0) {
        pool->arrived++;
        pthread_cond_broadcast(&pool->cond);
    } else {
        /* Nobody polls any more once every worker is out of its loop. */
        while (pool->arrived != pool->n - 1)
            pthread_cond_wait(&pool->cond, &pool->lock);
        for (unsigned k = 0; k < pool->n; k++)
            pool->w[k].home->shutting_down = true; /* read at the turns, after this lock */
        pool->turn = 0;
        pthread_cond_broadcast(&pool->cond);
    }
    pthread_mutex_unlock(&pool->lock);
    wait_turn(pool, i);
    /* Only this thread acts now: the walk may drop and free freely.
     * (Only one thread writes drop_place at a time, in turns under the
     * pool's lock.) */
    drop_place = i + 1;
    for (unsigned k = 0; k < pool->n; k++) {
        pn__runtime *home = pool->w[k].home;
        while (pn__slab_each(home, drop_placed_one) > 0) {
        }
    }
    next_turn(pool);
    wait_turn(pool, pool->n + i);
    if (i != 0 || pool->full)
        pn__rt_cancel_all(rt); /* its thread's own tasks */
    next_turn(pool);
    wait_turn(pool, 2 * pool->n);
}

/* Worker i starts on the i-th CPU after this thread's (here), of those
 * this thread may run on, and then may run on all of them again
 * (worker_main): a start, not a pinning.  Left to the kernel, a new
 * thread often started on its creator's CPU and stayed there, the two
 * taking turns on one CPU for milliseconds while the other idled, until
 * the scheduler moved one (skynet on two workers: worker 1 on worker 0's
 * CPU for its first 1.6 to 4.4 ms in 9 of 10 runs); and a worker asleep
 * wakes where it last ran.  False when there is nothing to spread over,
 * or the attribute cannot be made. */
static bool pool_spread_attr(pn__pool *pool, pthread_attr_t *attr, int here, unsigned i)
{
    if (!pool->spread)
        return false;
    int count = CPU_COUNT(&pool->cpus);
    int at = 0; /* here's place among those CPUs (0 when not one of them) */
    if (here >= 0 && here < CPU_SETSIZE && CPU_ISSET(here, &pool->cpus))
        for (int cpu = 0; cpu < here; cpu++)
            at += CPU_ISSET(cpu, &pool->cpus) != 0;
    int want = (at + (int)(i % (unsigned)count)) % count, target = -1;
    for (int cpu = 0, k = 0; target < 0 && cpu < CPU_SETSIZE; cpu++)
        if (CPU_ISSET(cpu, &pool->cpus) && k++ == want)
            target = cpu;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(target, &one);
    if (pthread_attr_init(attr) != 0)
        return false;
    if (pthread_attr_setaffinity_np(attr, sizeof one, &one) != 0) {
        pthread_attr_destroy(attr);
        return false;
    }
    return true;
}

static void *worker_main(void *arg)
{
    pn__pool *pool = arg;
    if (pool->spread)
        pthread_setaffinity_np(pthread_self(), sizeof pool->cpus, &pool->cpus);
    pn__runtime *rt = pn__rt_here();
    pthread_mutex_lock(&pool->lock);
    unsigned i = ++pool->started;
    pool->w[i].rt = rt;
    rt->pool = pool;
    rt->worker = i;
    rt->home = pool->w[i].home;
    rt->spawn_slow = true;
    rt->busy_poll_ns = pool->busy_poll_ns;
    pthread_cond_broadcast(&pool->cond);
    pthread_mutex_unlock(&pool->lock);
    if (!rt->reactor_ready)
        pn__die("pinion: pn_set_workers: worker %u cannot create its reactor", i);
    rt->running = true;
    pool_run(rt, false);
    rt->running = false;
    pool_stop_turns(rt);
    rt->pool = NULL;
    rt->home = NULL;
    rt->spawn_slow = false;
    pn_shutdown();
    return NULL;
}

static void pool_free(pn__pool *pool)
{
    for (unsigned i = 0; i < pool->nhomes; i++)
        home_free(pool->w[i].home);
    pthread_cond_destroy(&pool->dump_cond);
    pthread_cond_destroy(&pool->cond);
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}

/* Stop the pool of rt (worker 0): every pool task is dropped on its
 * worker, the threads exit, the homes go. */
static void pool_stop(pn__runtime *rt, bool full)
{
    pn__pool *pool = rt->pool;
    pthread_mutex_lock(&pool->lock);
    pool->full = full;
    atomic_store_explicit(&pool->stop, true, memory_order_release);
    for (unsigned i = 1; i < pool->n; i++)
        pn__reactor_notify(&pool->w[i].rt->reactor);
    pthread_mutex_unlock(&pool->lock);
    /* Turn 2n, after everyone's: the workers shut down and exit. */
    pool_stop_turns(rt);
    for (unsigned i = 1; i < pool->n; i++)
        pthread_join(pool->w[i].thread, NULL);
    /* What worker 0 still has queued of the pool's tasks is forgotten by
     * pn_shutdown, which follows; an empty pool (pn_set_workers) left
     * nothing of them. */
    rt->pool = NULL;
    rt->home = NULL;
    rt->worker = 0;
    rt->spawn_slow = rt->shutting_down;
    pool_free(pool);
}

void pn__pool_shutdown(pn__runtime *rt)
{
    pool_stop(rt, true);
}

int pn_set_workers(unsigned n)
{
    pn__runtime *rt = pn__rt_here();
    if (n == 0 || n > PN__POOL_MAX_WORKERS)
        return -EINVAL;
    if (rt->running || rt->shutting_down || (rt->pool != NULL && rt->worker != 0))
        return -EBUSY;
    if (rt->pool != NULL) {
        if (rt->pool->n == n)
            return 0;
        /* Only an empty pool is replaced: its tasks would be cancelled. */
        for (unsigned i = 0; i < rt->pool->n; i++)
            if (home_live(rt->pool->w[i].home))
                return -EBUSY;
        pool_stop(rt, false);
    }
    if (n == 1)
        return 0;
    if (rt->allocator_set)
        return -EBUSY; /* the pool's memory moves between threads: malloc only */
    if (!rt->reactor_ready)
        return -EMFILE;
    size_t bytes = sizeof(pn__pool) + n * sizeof(pn__worker);
    pn__pool *pool = aligned_alloc(PN__POOL_LINE, bytes); /* a multiple of the line */
    if (pool == NULL)
        return -ENOMEM;
    memset(pool, 0, bytes);
    pool->n = n;
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->cond, NULL);
    dump_cond_init(&pool->dump_cond);
    pool->shared_tailp = &pool->shared_head;
    pool->busy_poll_ns = rt->busy_poll_ns;
    pool->turn = UINT_MAX;
    for (unsigned i = 0; i < n; i++) {
        pool->w[i].home = home_new(pool, i);
        if (pool->w[i].home == NULL) {
            pool_free(pool);
            return -ENOMEM;
        }
        pool->nhomes++;
    }
    for (unsigned i = 0; i < n; i++) {
        pn_task *head = &pool->w[i].placed.hdr;
        pool->w[i].placed.links.prev = pool->w[i].placed.links.next = head;
    }
    pool->w[0].rt = rt;
    /* Workers start with every signal blocked (they inherit the mask), so
     * a signal meant for pn_signal_wait's signalfd is never delivered to
     * one of them instead. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    unsigned made = 1;
    pool->spread = sched_getaffinity(0, sizeof pool->cpus, &pool->cpus) == 0 &&
                   CPU_COUNT(&pool->cpus) > 1;
    int here = sched_getcpu();
    for (; made < n; made++) {
        pthread_attr_t attr;
        bool with = pool_spread_attr(pool, &attr, here, made);
        int rc = pthread_create(&pool->w[made].thread, with ? &attr : NULL, worker_main, pool);
        if (with) {
            pthread_attr_destroy(&attr);
            if (rc != 0) /* the CPU refused (gone since, or not ours after all): anywhere */
                rc = pthread_create(&pool->w[made].thread, NULL, worker_main, pool);
        }
        if (rc != 0)
            break;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_mutex_lock(&pool->lock);
    while (pool->started != made - 1)
        pthread_cond_wait(&pool->cond, &pool->lock);
    pthread_mutex_unlock(&pool->lock);
    rt->pool = pool;
    rt->worker = 0;
    rt->home = pool->w[0].home;
    rt->spawn_slow = true;
    if (made < n) {
        /* Could not start them all: stop the ones that did. */
        pool->n = made;
        pool_stop(rt, false);
        return -EAGAIN;
    }
    return 0;
}

bool pn__on_pool(void)
{
    return pn__tls_runtime.pool != NULL;
}

unsigned pn__current_worker(void)
{
    return pn__tls_runtime.worker;
}
