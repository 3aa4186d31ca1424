/*
 * blocking.c — the blocking pool: threads the runtime owns, which run
 * work that would block an event loop (a long computation, a library
 * call without an fd to wait on, file system calls), and the
 * pn_blocking leaf on top of it.
 *
 * One pool serves the whole process: every runtime's tasks submit to it.
 * Jobs (blocking.h) wait in one FIFO queue; a thread takes the oldest,
 * runs it without any lock held, stores the result, and wakes the task
 * that submitted it through its waker.  The pool starts with no thread,
 * starts one when a job arrives and no thread is idle (up to a bound,
 * pn_set_blocking_threads: by default four per core, at least 4), and a
 * thread that found nothing to do for pn_set_blocking_idle_ms (10 s by
 * default) exits.  Idle threads sleep on a condition variable of their
 * own, most recently idle first: a burst is served by the threads that
 * ran last (warm caches), and the ones that stay idle time out and go.
 *
 * Cancellation.  A frame dropped while its job waits in the queue takes
 * it out: the work never runs.  One dropped while the work runs cannot
 * stop it: the job is marked detached, the waker goes back to the task
 * at once, and when the work returns, the pool thread releases the job
 * and whatever its result holds (release(j, true)).  The frame is never
 * touched after its drop, because only the heap record is shared.
 *
 * The waker is woken after the lock is released (waking under it would
 * make the woken loop thread wait for the lock the waking thread still
 * holds), and the job records when that wake has returned (woke).  The
 * runtime's thread waits for that before it frees the record or lets the
 * frame go, whether the job completed or was dropped: a wake still in
 * flight would otherwise touch freed memory, or a runtime that
 * pn_shutdown tears down right after dropping its frames.  The wait is
 * the few instructions between the pool thread's unlock and the end of
 * its wake, and it is almost never seen: the task is polled because that
 * wake arrived.
 *
 * Threads are started with every signal blocked (pn__thread_spawn_masked)
 * so that a signal the program waits for with pn_signal_wait is never
 * delivered to a pool thread instead.  At process exit the idle threads
 * are told to stop and awaited (briefly: they only have to wake up);
 * threads still inside a job are left to the exit, which ends them.
 * After fork, the child starts with no pool thread and starts new ones on
 * demand (jobs that were running in the parent never complete there).
 */
#include "blocking.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

enum { JOB_NEW = 0, JOB_QUEUED, JOB_RUNNING, JOB_DONE };

typedef struct pool_thread {
    struct pool_thread *next, *prev; /* in the idle list while idle */
    pthread_cond_t cond;             /* signalled when woken or stopping */
    bool woken;                      /* a submitter picked this thread */
    bool idle;                       /* in the idle list */
} pool_thread;

static struct {
    pthread_mutex_t lock;
    pn__job *head, *tail;  /* queued jobs, oldest first */
    pool_thread *idle;     /* idle threads, most recent first */
    unsigned threads;      /* alive (or being started) */
    unsigned nidle;        /* in the idle list */
    unsigned max_threads;  /* 0: not set, use the default */
    unsigned idle_ms;      /* 0: not set, use the default */
    bool stopping;         /* process exit: idle threads leave */
    bool hooks;            /* atexit and atfork registered */
    pthread_cond_t exited; /* signalled by threads leaving while stopping */
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .exited = PTHREAD_COND_INITIALIZER};

#define POOL_DEFAULT_IDLE_MS 10000u
#define POOL_EXIT_WAIT_MS 1000u

static unsigned pool_max(void)
{
    if (pool.max_threads != 0)
        return pool.max_threads;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned n = cpus > 0 ? (unsigned)cpus * 4u : 4u;
    return n < 4u ? 4u : n > 512u ? 512u : n;
}

int pn_set_blocking_threads(unsigned max)
{
    if (max == 0)
        return -EINVAL;
    pthread_mutex_lock(&pool.lock);
    pool.max_threads = max;
    pthread_mutex_unlock(&pool.lock);
    return 0;
}

void pn_set_blocking_idle_ms(unsigned ms)
{
    pthread_mutex_lock(&pool.lock);
    pool.idle_ms = ms;
    pthread_mutex_unlock(&pool.lock);
}

/* ---- the queue (pool lock held) ----------------------------------- */

static void queue_push(pn__job *j)
{
    j->next = NULL;
    j->prev = pool.tail;
    if (pool.tail != NULL)
        pool.tail->next = j;
    else
        pool.head = j;
    pool.tail = j;
}

static void queue_unlink(pn__job *j)
{
    if (j->prev != NULL)
        j->prev->next = j->next;
    else
        pool.head = j->next;
    if (j->next != NULL)
        j->next->prev = j->prev;
    else
        pool.tail = j->prev;
    j->next = j->prev = NULL;
}

static void idle_push(pool_thread *t)
{
    t->prev = NULL;
    t->next = pool.idle;
    if (pool.idle != NULL)
        pool.idle->prev = t;
    pool.idle = t;
    t->idle = true;
    pool.nidle++;
}

static void idle_unlink(pool_thread *t)
{
    if (!t->idle)
        return;
    if (t->prev != NULL)
        t->prev->next = t->next;
    else
        pool.idle = t->next;
    if (t->next != NULL)
        t->next->prev = t->prev;
    t->next = t->prev = NULL;
    t->idle = false;
    pool.nidle--;
}

/* ---- pool threads ------------------------------------------------- */

/* Run j, which the caller took from the queue; pool lock held on entry
 * and on return. */
static void pool_run(pn__job *j)
{
    j->state = JOB_RUNNING;
    pthread_mutex_unlock(&pool.lock);
    long r = j->run(j);
    pthread_mutex_lock(&pool.lock);
    j->result = r; /* also for release, which may have to undo it */
    if (j->detached) {
        /* Its frame was dropped meanwhile: the result goes nowhere. */
        pthread_mutex_unlock(&pool.lock);
        j->release(j, true);
        pthread_mutex_lock(&pool.lock);
        return;
    }
    j->state = JOB_DONE;
    pn_waker *k = j->waker;
    j->waker = NULL;
    pthread_mutex_unlock(&pool.lock);
    pn_waker_wake(k);
    /* The last touch of j by this thread: see the top of the file. */
    atomic_store_explicit(&j->woke, true, memory_order_release);
    pthread_mutex_lock(&pool.lock);
}

/* A DONE job's wake may still be under way on its pool thread. */
static void job_wait_woke(pn__job *j)
{
    while (!atomic_load_explicit(&j->woke, memory_order_acquire))
        sched_yield();
}

static struct timespec deadline_in(unsigned ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += (time_t)(ms / 1000u);
    ts.tv_nsec += (long)(ms % 1000u) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

static void *pool_main(void *arg)
{
    pool_thread *self = arg;
    /* Named, so that top, gdb and /proc/PID/task/TID/comm show what it is. */
    pthread_setname_np(pthread_self(), "pn-blocking");
    pthread_mutex_lock(&pool.lock);
    for (;;) {
        pn__job *j = pool.head;
        if (j != NULL) {
            queue_unlink(j);
            pool_run(j);
            continue;
        }
        if (pool.stopping)
            break;
        idle_push(self);
        struct timespec until =
            deadline_in(pool.idle_ms != 0 ? pool.idle_ms : POOL_DEFAULT_IDLE_MS);
        int rc = 0;
        while (!self->woken && !pool.stopping && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&self->cond, &pool.lock, &until);
        idle_unlink(self);
        if (self->woken) {
            self->woken = false; /* a job waits (unless cancelled since) */
            continue;
        }
        break; /* idle too long, or the process is exiting */
    }
    pool.threads--;
    if (pool.stopping)
        pthread_cond_signal(&pool.exited);
    pthread_mutex_unlock(&pool.lock);
    pthread_cond_destroy(&self->cond);
    free(self);
    return NULL;
}

int pn__thread_spawn_masked(void *(*fn)(void *), void *arg)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_attr_t attr;
    int rc = pthread_attr_init(&attr);
    if (rc != 0)
        return rc;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* The new thread inherits the mask in force while it is created. */
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_t tid;
    rc = pthread_create(&tid, &attr, fn, arg);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    return rc;
}

/* Start a pool thread; the caller counted it in pool.threads already.
 * 0 or an error number. */
static int pool_start_thread(void)
{
    pool_thread *t = calloc(1, sizeof *t);
    if (t == NULL)
        return ENOMEM;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&t->cond, &ca);
    pthread_condattr_destroy(&ca);
    if (rc != 0) {
        free(t);
        return rc;
    }
    rc = pn__thread_spawn_masked(pool_main, t);
    if (rc != 0) {
        pthread_cond_destroy(&t->cond);
        free(t);
    }
    return rc;
}

/* At exit: idle threads leave, and are waited for (not the busy ones). */
static void pool_atexit(void)
{
    pthread_mutex_lock(&pool.lock);
    pool.stopping = true;
    for (pool_thread *t = pool.idle; t != NULL; t = t->next)
        pthread_cond_signal(&t->cond);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += POOL_EXIT_WAIT_MS / 1000u;
    while (pool.nidle > 0)
        if (pthread_cond_timedwait(&pool.exited, &pool.lock, &until) == ETIMEDOUT)
            break;
    pthread_mutex_unlock(&pool.lock);
}

static void pool_fork_prepare(void)
{
    pthread_mutex_lock(&pool.lock);
}

static void pool_fork_parent(void)
{
    pthread_mutex_unlock(&pool.lock);
}

/* The child has only the forking thread: no pool thread survives.  Their
 * records are left behind (a few bytes each, as the fork leaves them). */
static void pool_fork_child(void)
{
    pthread_mutex_init(&pool.lock, NULL);
    pthread_cond_init(&pool.exited, NULL);
    pool.idle = NULL;
    pool.nidle = 0;
    pool.threads = 0;
}

/* ---- jobs ---------------------------------------------------------- */

void pn__job_submit(pn__job *j, pn_context *cx)
{
    j->next = j->prev = NULL;
    j->detached = false;
    j->result = 0;
    atomic_store_explicit(&j->woke, false, memory_order_relaxed);
    j->waker = pn_waker_clone(cx);
    pthread_mutex_lock(&pool.lock);
    if (!pool.hooks) {
        pool.hooks = true;
        atexit(pool_atexit);
        pthread_atfork(pool_fork_prepare, pool_fork_parent, pool_fork_child);
    }
    j->state = JOB_QUEUED;
    queue_push(j);
    bool start = false;
    if (pool.idle != NULL) {
        pool_thread *t = pool.idle;
        idle_unlink(t);
        t->woken = true;
        pthread_cond_signal(&t->cond);
    } else if (pool.threads < pool_max()) {
        pool.threads++;
        start = true;
    }
    pthread_mutex_unlock(&pool.lock);
    if (!start || pool_start_thread() == 0)
        return;
    pthread_mutex_lock(&pool.lock);
    pool.threads--;
    if (pool.threads > 0 || j->state != JOB_QUEUED) {
        /* A thread that exists will get to it. */
        pthread_mutex_unlock(&pool.lock);
        return;
    }
    /* No thread at all and none can be started: run it here rather than
     * never. */
    queue_unlink(j);
    j->state = JOB_RUNNING;
    pthread_mutex_unlock(&pool.lock);
    j->result = j->run(j);
    j->state = JOB_DONE;
    atomic_store_explicit(&j->woke, true, memory_order_relaxed);
    pn_waker *k = j->waker;
    j->waker = NULL;
    pn_waker_drop(k);
}

pn_poll pn__job_check(pn__job *j, pn_context *cx)
{
    pthread_mutex_lock(&pool.lock);
    if (j->state == JOB_DONE) {
        pthread_mutex_unlock(&pool.lock);
        job_wait_woke(j);
        return PN_READY;
    }
    /* Polled early (woken by something else): keep this poll's waker. */
    pn_waker *old = j->waker;
    j->waker = pn_waker_clone(cx);
    pthread_mutex_unlock(&pool.lock);
    pn_waker_drop(old);
    return PN_PENDING;
}

void pn__job_cancel(pn__job *j)
{
    pthread_mutex_lock(&pool.lock);
    pn_waker *k = j->waker;
    j->waker = NULL;
    int state = j->state;
    if (state == JOB_QUEUED)
        queue_unlink(j);
    else if (state == JOB_RUNNING)
        j->detached = true; /* the pool thread releases it */
    pthread_mutex_unlock(&pool.lock);
    pn_waker_drop(k);
    if (state == JOB_QUEUED) {
        j->release(j, false);
    } else if (state == JOB_DONE) {
        job_wait_woke(j);
        j->release(j, true);
    }
}

/* ---- pn_blocking ---------------------------------------------------- */

typedef struct blocking_job {
    pn__job base;
    long (*fn)(void *arg);
    void *arg;
} blocking_job;

static long blocking_run(pn__job *j)
{
    blocking_job *b = (blocking_job *)(void *)j;
    return b->fn(b->arg);
}

static void blocking_release(pn__job *j, bool unclaimed)
{
    (void)unclaimed; /* a long holds nothing */
    free(j);
}

enum { BLOCKING_SUBMITTED = 1 };

void pn_blocking__init(struct pn_blocking__frame *f, long (*fn)(void *arg), void *arg)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->fn = fn;
    f->arg = arg;
    f->job = NULL;
}

pn_poll pn_blocking__poll(pn_future *self, pn_context *cx)
{
    struct pn_blocking__frame *f = (struct pn_blocking__frame *)self;
    pn__pin_check(self, "pn_blocking");
    switch (self->pn__state) {
    case 0: {
        if (f->fn == NULL) {
            f->pn__ret = -EINVAL;
            break;
        }
        blocking_job *b = malloc(sizeof *b);
        if (b == NULL) {
            f->pn__ret = f->fn(f->arg); /* no record: run it here, as documented */
            break;
        }
        b->base.run = blocking_run;
        b->base.release = blocking_release;
        b->fn = f->fn;
        b->arg = f->arg;
        f->job = &b->base;
        self->pn__state = BLOCKING_SUBMITTED;
        pn__job_submit(f->job, cx);
    }
        /* fallthrough */
    case BLOCKING_SUBMITTED:
        if (pn__job_check(f->job, cx) == PN_PENDING)
            return PN_PENDING;
        f->pn__ret = f->job->result;
        f->job->release(f->job, false);
        f->job = NULL;
        break;
    default:
        pn__bad_state("pn_blocking", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_blocking__drop(pn_future *self)
{
    struct pn_blocking__frame *f = (struct pn_blocking__frame *)self;
    if (self->pn__state == BLOCKING_SUBMITTED && f->job != NULL) {
        pn__job_cancel(f->job);
        f->job = NULL;
    }
}

const pn_future_vtable pn_blocking__vtable = {
    pn_blocking__poll,
    pn_blocking__drop,
    "pn_blocking",
    sizeof(struct pn_blocking__frame),
    _Alignof(struct pn_blocking__frame),
    offsetof(struct pn_blocking__frame, pn__ret),
    sizeof(long),
};

/* The erased reading: the call, on the spot. */
long pn_blocking(long (*fn)(void *arg), void *arg)
{
    return fn != NULL ? fn(arg) : -EINVAL;
}
