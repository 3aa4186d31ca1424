/*
 * pool_tasks.c — the async side of the pool suite (test_pool.c): tasks
 * spread over the workers of pn_set_workers, pn_spawn_local, cancels from
 * other workers, timers and pipes on several workers, and the async
 * primitives (pn_mutex, pn_sem, pn_notify, thread-safe channels) under
 * contention, lost-wakeup and cancellation-while-waiting.  Each run_*
 * function is an ordinary function that blocks on one scenario and
 * returns what the Check case asserts.
 */
#include "pool_tasks.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Some work between awaits, so that a worker stays busy for a while. */
static uint64_t spin(uint64_t n)
{
    volatile uint64_t x = 0;
    for (uint64_t i = 0; i < n; i++)
        x += i;
    return x;
}

/* ---- spread, local, skynet ------------------------------------------- */

static _Atomic int ran_on[2];

static async int busy_task(int i)
{
    for (int k = 0; k < 4; k++) {
        spin(20000);
        await(pn_yield());
    }
    atomic_fetch_add(&ran_on[pn__current_worker() & 1], 1);
    return i;
}

static async long spread(int n)
{
    pn_task *t[256];
    long sum = 0;
    /* The other worker has gone idle by now: a thread that has not yet
     * come to its first look (a virtual CPU not scheduled for a few ms, or
     * both cores busy with other tests) is given nothing, and these tasks
     * are all placed here within a few batches. */
    await(pn_sleep_ms(100));
    for (int i = 0; i < n; i++)
        t[i] = pn_spawn(busy_task(i));
    for (int i = 0; i < n; i++) {
        int v = -1;
        if (await(pn_join_result(t[i], &v, sizeof v)) != 0)
            return -1;
        sum += v;
    }
    return sum;
}

long run_spread(int n, int *on0, int *on1)
{
    atomic_store(&ran_on[0], 0);
    atomic_store(&ran_on[1], 0);
    long r = pn_block_on(spread(n));
    *on0 = atomic_load(&ran_on[0]);
    *on1 = atomic_load(&ran_on[1]);
    return r;
}

/* Two tasks spawned by one poll while the other worker idles: the look
 * right after that poll shares the second, instead of the spawner's
 * next batch.  The first computes (no await) until the second has
 * started, which it can only do on the other worker meanwhile; the
 * bound turns a miss into a failure rather than a hang. */
static atomic_int pair_started;
static atomic_uint pair_worker[2];

static async int pair_waiter(void)
{
    atomic_store(&pair_worker[0], pn__current_worker());
    uint64_t deadline = pn_now_ns() + 5000000000u;
    while (!atomic_load(&pair_started))
        if (pn_now_ns() > deadline)
            return -1;
    return 0;
}

static async int pair_starter(void)
{
    atomic_store(&pair_worker[1], pn__current_worker());
    atomic_store(&pair_started, 1);
    return 0;
}

static async int spawned_pair(void)
{
    await(pn_sleep_ms(100)); /* the other worker has gone idle by now */
    pn_task *a = pn_spawn(pair_waiter());
    pn_task *b = pn_spawn(pair_starter());
    int ra = -2, rb = -2;
    if (await(pn_join_result(a, &ra, sizeof ra)) != 0 ||
        await(pn_join_result(b, &rb, sizeof rb)) != 0)
        return -3;
    return ra != 0 ? ra : rb;
}

int run_spawned_pair(unsigned *w0, unsigned *w1)
{
    atomic_store(&pair_started, 0);
    int r = pn_block_on(spawned_pair());
    *w0 = atomic_load(&pair_worker[0]);
    *w1 = atomic_load(&pair_worker[1]);
    return r;
}

/* spawned_pair again, timed: how long the second task waits to start
 * on the other worker, which is in its busy-poll window. */
static _Atomic uint64_t pair_started_at;

static async int timed_starter(void)
{
    atomic_store(&pair_started_at, pn_now_ns());
    atomic_store(&pair_started, 1);
    return 0;
}

static async int timed_pair(void)
{
    await(pn_sleep_ms(100)); /* the other worker is in its busy-poll window */
    uint64_t t0 = pn_now_ns();
    pn_task *a = pn_spawn(pair_waiter());
    pn_task *b = pn_spawn(timed_starter());
    int ra = -2, rb = -2;
    if (await(pn_join_result(a, &ra, sizeof ra)) != 0 ||
        await(pn_join_result(b, &rb, sizeof rb)) != 0 || ra != 0 || rb != 0)
        return -1;
    return (int)((atomic_load(&pair_started_at) - t0) / 1000000u);
}

int run_busy_poll_pair(void)
{
    atomic_store(&pair_started, 0);
    return pn_block_on(timed_pair());
}

/* The lowest group of the spawner's ready list is one task, the groups
 * above hold plenty: an idle worker is given work from those.  upper_root
 * spawns three tasks (a look shares the middle one, so its lowest group
 * keeps two), then the first of them spawns UPPER_KIDS tasks that each
 * compute for a few milliseconds and then spawn (a look follows such a
 * poll while a worker idles); the third is then alone in the lowest
 * group.  The first look goes to the lone task, the largest piece of
 * work there is (it is not the spawner's only work), the next to the
 * kids.  Counted: the kids that ran on worker 1, and where the lone task
 * ran. */
#define UPPER_KIDS 8
static atomic_uint upper_on1;

static async int upper_leaf(void)
{
    return 1;
}

static async int upper_kid(void)
{
    if (pn__current_worker() == 1)
        atomic_fetch_add(&upper_on1, 1);
    uint64_t end = pn_now_ns() + 5000000u;
    while (pn_now_ns() < end)
        spin(1000);
    int v = 0;
    if (await(pn_join_result(pn_spawn(upper_leaf()), &v, sizeof v)) != 0)
        return -1;
    return v;
}

static async int upper_parent(void)
{
    pn_task *k[UPPER_KIDS];
    for (int i = 0; i < UPPER_KIDS; i++)
        k[i] = pn_spawn(upper_kid());
    int sum = 0;
    for (int i = 0; i < UPPER_KIDS; i++) {
        int v = 0;
        if (await(pn_join_result(k[i], &v, sizeof v)) != 0)
            return -1;
        sum += v;
    }
    return sum;
}

static atomic_uint upper_lone_worker;

static async int upper_sibling(int lone)
{
    if (lone)
        atomic_store(&upper_lone_worker, pn__current_worker() + 1);
    return 0;
}

static async int upper_root(void)
{
    await(pn_sleep_ms(100)); /* the other worker has gone idle by now */
    pn_task *p = pn_spawn(upper_parent());
    pn_task *a = pn_spawn(upper_sibling(0));
    pn_task *b = pn_spawn(upper_sibling(1));
    int sum = -1, ra = -1, rb = -1;
    if (await(pn_join_result(p, &sum, sizeof sum)) != 0 ||
        await(pn_join_result(a, &ra, sizeof ra)) != 0 ||
        await(pn_join_result(b, &rb, sizeof rb)) != 0)
        return -1;
    return ra == 0 && rb == 0 ? sum : -2;
}

/* upper_parent's kids again, behind a run queue of 200 local tasks that
 * keep yielding (they can never move): next's groups are still looked at
 * when a worker idles. */
#define LONG_RUNQ 200
static atomic_int long_runq_stop;

static async int long_runq_yielder(void)
{
    while (!atomic_load(&long_runq_stop))
        await(pn_yield());
    return 0;
}

static async int long_runq_root(void)
{
    await(pn_sleep_ms(100)); /* the other worker has gone idle by now */
    pn_task *y[LONG_RUNQ];
    for (int i = 0; i < LONG_RUNQ; i++)
        y[i] = pn_spawn_local(long_runq_yielder());
    await(pn_yield()); /* they are in runq now */
    int sum = -1;
    int rc = await(pn_join_result(pn_spawn(upper_parent()), &sum, sizeof sum));
    atomic_store(&long_runq_stop, 1);
    for (int i = 0; i < LONG_RUNQ; i++)
        if (await(pn_join(y[i])) != 0)
            return -1;
    return rc == 0 ? sum : -1;
}

int run_long_runq(unsigned *on1)
{
    atomic_store(&upper_on1, 0);
    atomic_store(&long_runq_stop, 0);
    int r = pn_block_on(long_runq_root());
    *on1 = atomic_load(&upper_on1);
    return r;
}

int run_upper_groups(unsigned *on1, unsigned *lone_worker)
{
    atomic_store(&upper_on1, 0);
    atomic_store(&upper_lone_worker, 0);
    int r = pn_block_on(upper_root());
    *on1 = atomic_load(&upper_on1);
    *lone_worker = atomic_load(&upper_lone_worker) - 1;
    return r;
}

/* body, run by a task on worker 1 once the other worker has gone idle:
 * w1_waiter computes on worker 0 until the task spawned right after it
 * has run, which it can only do on worker 1 meanwhile (the bound turns a
 * miss into a failure rather than a hang).  on_worker1 returns body's
 * result, -1 when the task ran elsewhere or not within 5 s. */
static atomic_int w1_ran;
static int (*w1_body)(void);

static async int w1_waiter(void)
{
    uint64_t deadline = pn_now_ns() + 5000000000u;
    while (!atomic_load(&w1_ran))
        if (pn_now_ns() > deadline)
            return -1;
    return 0;
}

static async int w1_runner(void)
{
    int r = pn__current_worker() == 1 ? w1_body() : -1;
    atomic_store(&w1_ran, 1);
    return r;
}

static async int on_worker1(int (*body)(void))
{
    await(pn_sleep_ms(100)); /* the other worker has gone idle by now */
    atomic_store(&w1_ran, 0);
    w1_body = body;
    pn_task *w = pn_spawn(w1_waiter());
    pn_task *r = pn_spawn(w1_runner());
    int rw = -2, rr = -2;
    if (await(pn_join_result(w, &rw, sizeof rw)) != 0 ||
        await(pn_join_result(r, &rr, sizeof rr)) != 0)
        return -1;
    return rw != 0 ? rw : rr;
}

/* Work shared with an idle worker that is slow to come is still there
 * when it comes: the sharer, busy, does not take it back at its next
 * look.  (A worker's thread can take milliseconds to run once woken: a
 * virtual CPU halted, a thread queued behind another.  Taken back each
 * time, the work was gone whenever the idle worker came.)  Made slow
 * here by a signal: worker 1 unblocks SIGUSR1 (from a task that can only
 * run there), and each round interrupts its sleep with it just before
 * the spawns, into a handler that sleeps 1 ms, while worker 0 runs
 * late_busy, which comes to a look every few microseconds.  A round
 * counts when late_shared ran on worker 1; run_late_comer returns how
 * many of LATE_ROUNDS did (a machine that stalls worker 1 past the 5 ms
 * the others wait for it may lose a round, not every one). */
#define LATE_ROUNDS 3
static pthread_t late_thread;
static atomic_uint late_where;

static void late_handler(int sig)
{
    (void)sig;
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
}

static int late_setup(void)
{
    late_thread = pthread_self();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    return pthread_sigmask(SIG_UNBLOCK, &set, NULL) == 0 ? 0 : -1;
}

static async int late_tiny(void)
{
    return 1;
}

static async int late_busy(void)
{
    uint64_t end = pn_now_ns() + 20000000u;
    int n = 0;
    while (pn_now_ns() < end) {
        int v = 0;
        if (await(pn_join_result(pn_spawn(late_tiny()), &v, sizeof v)) != 0)
            return -1;
        n += v;
    }
    return n > 0 ? 0 : -1;
}

static async int late_shared(void)
{
    atomic_store(&late_where, pn__current_worker() + 1);
    return 0;
}

static async int late_root(void)
{
    if (await(on_worker1(late_setup)) != 0)
        return -1;
    int on1 = 0;
    for (int round = 0; round < LATE_ROUNDS; round++) {
        await(pn_sleep_ms(20)); /* worker 1 asleep again */
        atomic_store(&late_where, 0);
        pthread_kill(late_thread, SIGUSR1);
        pn_task *a = pn_spawn(late_busy());
        pn_task *b = pn_spawn(late_shared());
        int ra = -2, rb = -2;
        if (await(pn_join_result(a, &ra, sizeof ra)) != 0 ||
            await(pn_join_result(b, &rb, sizeof rb)) != 0 || ra != 0 || rb != 0)
            return -1;
        if (atomic_load(&late_where) == 2)
            on1++;
    }
    return on1;
}

int run_late_comer(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = late_handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    return pn_block_on(late_root());
}

/* The CPUs a worker thread may run on, read by a task on worker 1. */
static cpu_set_t mask_of_worker1;

static int mask_read(void)
{
    return sched_getaffinity(0, sizeof mask_of_worker1, &mask_of_worker1);
}

int run_worker1_cpus(cpu_set_t *out)
{
    int r = pn_block_on(on_worker1(mask_read));
    *out = mask_of_worker1;
    return r;
}

/* A local task checks its worker at every poll. */
static async int local_task(unsigned home)
{
    int moved = pn__current_worker() != home; /* its first poll, too */
    for (int k = 0; k < 50; k++) {
        spin(2000);
        await(pn_yield());
        if (pn__current_worker() != home)
            moved++;
    }
    return moved;
}

/* Spawned as a pool task, it spawns local tasks where it was placed. */
static async int local_parent(void)
{
    pn_task *t[8];
    unsigned here = pn__current_worker();
    for (int i = 0; i < 8; i++)
        t[i] = pn_spawn_local(local_task(here));
    int moved = 0;
    for (int i = 0; i < 8; i++) {
        int m = 0;
        if (await(pn_join_result(t[i], &m, sizeof m)) != 0)
            return -1;
        moved += m;
    }
    return moved;
}

static async int locals(void)
{
    pn_task *t[6];
    for (int i = 0; i < 6; i++)
        t[i] = pn_spawn(local_parent());
    int moved = 0;
    for (int i = 0; i < 6; i++) {
        int m = 0;
        if (await(pn_join_result(t[i], &m, sizeof m)) != 0)
            return -1;
        moved += m;
    }
    return moved;
}

int run_locals(void)
{
    return pn_block_on(locals());
}

static async uint64_t skynet(uint64_t num, uint64_t size)
{
    if (size == 1)
        return num;
    pn_task *kids[10];
    uint64_t sub = size / 10, sum = 0;
    for (uint64_t i = 0; i < 10; i++)
        kids[i] = pn_spawn(skynet(num + i * sub, sub));
    for (uint64_t i = 0; i < 10; i++) {
        uint64_t v = 0;
        await(pn_join_result(kids[i], &v, sizeof v));
        sum += v;
    }
    return sum;
}

uint64_t run_skynet(uint64_t size)
{
    return pn_block_on(skynet(0, size));
}

/* ---- cancel, timers, pipes --------------------------------------------- */

static async int sleeper(uint64_t ms)
{
    await(pn_sleep_ms(ms));
    return 1;
}

static async int cancel_later(pn_task *t)
{
    await(pn_sleep_ms(1));
    pn_cancel(t);
    return 0;
}

static async int cancel_now(pn_task *t)
{
    pn_cancel(t);
    return 0;
}

static async int cancels(int n)
{
    pn_task *t[64];
    for (int i = 0; i < n; i++)
        t[i] = pn_spawn(sleeper(60000));
    await(pn_sleep_ms(20)); /* every sleeper started, on whichever worker */
    int cancelled = 0;
    for (int i = 0; i < n; i++)
        pn_cancel(t[i]);
    /* Joins of cancelled tasks: spawn fresh ones and cancel them while a
     * join waits. */
    for (int i = 0; i < n; i++) {
        pn_task *s = pn_spawn(sleeper(60000));
        int rc = 0;
        /* The join owns the handle; the cancel goes through a copy. */
        pn_all(rc = await(pn_join(s)), await(cancel_later(s)));
        if (rc == -ECANCELED)
            cancelled++;
    }
    return cancelled;
}

int run_cancels(int n)
{
    return pn_block_on(cancels(n));
}

static async int sleep_many(int n)
{
    pn_task *t[64];
    for (int i = 0; i < n; i++)
        t[i] = pn_spawn(sleeper((uint64_t)(i % 5) * 3 + 1));
    int done = 0;
    for (int i = 0; i < n; i++) {
        int v = 0;
        await(pn_join_result(t[i], &v, sizeof v));
        done += v;
    }
    return done;
}

int run_sleepers(int n)
{
    return pn_block_on(sleep_many(n));
}

/* A reader and a writer on one pipe, spawned apart. */
static async long pipe_reader(int fd, int total)
{
    char buf[64];
    long got = 0;
    while (got < total) {
        ssize_t k = await(pn_read(fd, buf, sizeof buf));
        if (k <= 0)
            return -1;
        got += k;
    }
    return got;
}

static async long pipe_writer(int fd, int total)
{
    char buf[32] = {0};
    long put = 0;
    while (put < total) {
        ssize_t k = await(pn_write_all(fd, buf, sizeof buf));
        if (k < 0)
            return -1;
        put += k;
        await(pn_yield());
    }
    return put;
}

static async long pipes(int npipes, int total)
{
    int fds[8][2];
    pn_task *r[8], *w[8];
    for (int i = 0; i < npipes; i++) {
        if (pipe2(fds[i], O_NONBLOCK | O_CLOEXEC) < 0)
            return -1;
        r[i] = pn_spawn(pipe_reader(fds[i][0], total));
        w[i] = pn_spawn(pipe_writer(fds[i][1], total));
    }
    long sum = 0;
    for (int i = 0; i < npipes; i++) {
        long a = 0, b = 0;
        await(pn_join_result(r[i], &a, sizeof a));
        await(pn_join_result(w[i], &b, sizeof b));
        sum += a + b;
        close(fds[i][0]);
        close(fds[i][1]);
    }
    return sum;
}

long run_pipes(int npipes, int total)
{
    return pn_block_on(pipes(npipes, total));
}

/* ---- mutex, semaphore, notify ---------------------------------------- */

static pn_mutex mutex;
static long counter; /* guarded by mutex: TSan reports any access outside it */

static async int incrementer(int rounds)
{
    for (int i = 0; i < rounds; i++) {
        await(pn_mutex_lock(&mutex));
        long v = counter;
        if (i % 8 == 0)
            await(pn_yield()); /* hold the lock across an await */
        counter = v + 1;
        pn_mutex_unlock(&mutex);
    }
    return 0;
}

static async long mutex_contention(int tasks, int rounds)
{
    pn_task *t[64];
    for (int i = 0; i < tasks; i++)
        t[i] = pn_spawn(incrementer(rounds));
    for (int i = 0; i < tasks; i++)
        await(pn_join(t[i]));
    await(pn_mutex_lock(&mutex));
    long v = counter;
    pn_mutex_unlock(&mutex);
    return v;
}

long run_mutex(int tasks, int rounds)
{
    pn_mutex_init(&mutex);
    counter = 0;
    return pn_block_on(mutex_contention(tasks, rounds));
}

static pn_sem sem;
static _Atomic int inside, most_inside;

static async int sem_user(int rounds)
{
    for (int i = 0; i < rounds; i++) {
        await(pn_sem_acquire(&sem));
        int now = atomic_fetch_add(&inside, 1) + 1;
        int seen = atomic_load(&most_inside);
        while (now > seen && !atomic_compare_exchange_weak(&most_inside, &seen, now)) {
        }
        spin(200);
        await(pn_yield());
        atomic_fetch_sub(&inside, 1);
        pn_sem_release(&sem);
    }
    return 0;
}

static async int sem_contention(int tasks, int rounds)
{
    pn_task *t[64];
    for (int i = 0; i < tasks; i++)
        t[i] = pn_spawn(sem_user(rounds));
    for (int i = 0; i < tasks; i++)
        await(pn_join(t[i]));
    return atomic_load(&most_inside);
}

int run_sem(int permits, int tasks, int rounds)
{
    pn_sem_init(&sem, (size_t)permits);
    atomic_store(&inside, 0);
    atomic_store(&most_inside, 0);
    return pn_block_on(sem_contention(tasks, rounds));
}

/* Ping-pong through two notifies: every notify_one finds its waiter or
 * is stored for it, so no round is lost whichever side gets there first. */
static pn_notify ping, pong;

static async int ponger(int rounds)
{
    for (int i = 0; i < rounds; i++) {
        await(pn_notify_wait(&ping));
        pn_notify_one(&pong);
    }
    return 0;
}

static async int pinger(int rounds)
{
    pn_task *p = pn_spawn(ponger(rounds));
    for (int i = 0; i < rounds; i++) {
        pn_notify_one(&ping);
        await(pn_notify_wait(&pong));
    }
    await(pn_join(p));
    return rounds;
}

int run_notify(int rounds)
{
    pn_notify_init(&ping);
    pn_notify_init(&pong);
    return pn_block_on(pinger(rounds));
}

/* notify_all wakes every waiter on every worker; stores nothing. */
static pn_notify gate;
static _Atomic int through;

static async int gate_waiter(void)
{
    await(pn_notify_wait(&gate));
    atomic_fetch_add(&through, 1);
    return 0;
}

static async int notify_all_case(int n)
{
    pn_task *t[64];
    for (int i = 0; i < n; i++)
        t[i] = pn_spawn(gate_waiter());
    await(pn_sleep_ms(20)); /* all of them waiting */
    pn_notify_all(&gate);
    for (int i = 0; i < n; i++)
        await(pn_join(t[i]));
    /* Nothing was stored: a new wait must time out. */
    int timed_out = pn_race(await(pn_notify_wait(&gate)), await(pn_sleep_ms(5)));
    return atomic_load(&through) * 10 + timed_out;
}

int run_notify_all(int n)
{
    pn_notify_init(&gate);
    atomic_store(&through, 0);
    return pn_block_on(notify_all_case(n));
}

/* ---- cancellation while waiting ---------------------------------------- */

static async int lock_and_flag(pn_mutex *m, int *flag)
{
    await(pn_mutex_lock(m));
    *flag = 1;
    pn_mutex_unlock(m);
    return 0;
}

/* A waiter that times out never holds the lock; one that was handed the
 * lock and is cancelled before it ran passes it to the next waiter. */
static async int mutex_cancel_case(void)
{
    pn_mutex m;
    pn_mutex_init(&m);
    int score = 0;
    await(pn_mutex_lock(&m));
    /* 1. A timed-out waiter. */
    int won = pn_race(await(pn_mutex_lock(&m)), await(pn_sleep_ms(5)));
    if (won == 1)
        score += 1;
    /* 2. A waiter handed the lock, cancelled before it runs. */
    int a_flag = 0, b_flag = 0;
    pn_task *a = pn_spawn_local(lock_and_flag(&m, &a_flag));
    pn_task *b = pn_spawn_local(lock_and_flag(&m, &b_flag));
    await(pn_sleep_ms(5)); /* both queued, a first */
    pn_mutex_unlock(&m);   /* handed to a ... */
    pn_cancel(a);          /* ... which never runs: b gets it */
    await(pn_join(b));
    if (!a_flag && b_flag)
        score += 10;
    if (pn_mutex_try_lock(&m) == 0) { /* free again, nobody holds it */
        score += 100;
        pn_mutex_unlock(&m);
    }
    return score;
}

int run_mutex_cancel(void)
{
    return pn_block_on(mutex_cancel_case());
}

/* A released lock is free for whoever asks first: the releaser locking
 * again at once takes it ahead of the waiter the unlock woke, which asks
 * again and goes back to the head of the queue; after 4 such overtakes
 * the next unlock hands the lock to the waiter directly, and the
 * releaser's own lock then waits for it.  Returns how many times the
 * waiter was overtaken before it got the lock (strict FIFO hand-off: 0;
 * unbounded barging: all of them). */
static async int note_barges(pn_mutex *m, const int *barges, int *got_at)
{
    await(pn_mutex_lock(m));
    *got_at = *barges;
    pn_mutex_unlock(m);
    return 0;
}

static async int mutex_overtaking_case(void)
{
    pn_mutex m;
    pn_mutex_init(&m);
    int barges = 0, got_at = -1;
    await(pn_mutex_lock(&m));
    pn_task *w = pn_spawn_local(note_barges(&m, &barges, &got_at));
    await(pn_yield()); /* w queues */
    for (int i = 0; i < 10 && got_at < 0; i++) {
        pn_mutex_unlock(&m); /* wakes w, which has not run yet ... */
        await(pn_mutex_lock(&m)); /* ... so this takes the lock first, or waits for w */
        if (got_at < 0)
            barges++;
        await(pn_yield()); /* w asks again */
    }
    pn_mutex_unlock(&m);
    await(pn_join(w));
    return got_at;
}

int run_mutex_overtaking(void)
{
    return pn_block_on(mutex_overtaking_case());
}

static async int acquire_and_flag(pn_sem *s, int *flag)
{
    await(pn_sem_acquire(s));
    *flag = 1;
    return 0;
}

static async int sem_cancel_case(void)
{
    pn_sem s;
    pn_sem_init(&s, 0);
    int score = 0;
    int won = pn_race(await(pn_sem_acquire(&s)), await(pn_sleep_ms(5)));
    if (won == 1 && pn_sem_try_acquire(&s) == -EAGAIN)
        score += 1;
    int a_flag = 0, b_flag = 0;
    pn_task *a = pn_spawn_local(acquire_and_flag(&s, &a_flag));
    pn_task *b = pn_spawn_local(acquire_and_flag(&s, &b_flag));
    await(pn_sleep_ms(5));
    pn_sem_release(&s); /* the permit is a's ... */
    pn_cancel(a);       /* ... and goes on to b */
    await(pn_join(b));
    if (!a_flag && b_flag)
        score += 10;
    if (pn_sem_try_acquire(&s) == -EAGAIN) /* b kept it: none left */
        score += 100;
    return score;
}

int run_sem_cancel(void)
{
    return pn_block_on(sem_cancel_case());
}

static async int wait_and_flag(pn_notify *n, int *flag)
{
    await(pn_notify_wait(n));
    *flag = 1;
    return 0;
}

static async int notify_cancel_case(void)
{
    pn_notify n;
    pn_notify_init(&n);
    int score = 0;
    int a_flag = 0, b_flag = 0;
    pn_task *a = pn_spawn_local(wait_and_flag(&n, &a_flag));
    pn_task *b = pn_spawn_local(wait_and_flag(&n, &b_flag));
    await(pn_sleep_ms(5));
    pn_notify_one(&n); /* a's ... */
    pn_cancel(a);      /* ... passed on to b */
    await(pn_join(b));
    if (!a_flag && b_flag)
        score += 10;
    /* A notification before anyone waits is kept for the next wait. */
    pn_notify_one(&n);
    pn_notify_one(&n); /* at most one is stored */
    int won = pn_race(await(pn_notify_wait(&n)), await(pn_sleep_ms(1000)));
    if (won == 0)
        score += 1;
    won = pn_race(await(pn_notify_wait(&n)), await(pn_sleep_ms(5)));
    if (won == 1)
        score += 100;
    return score;
}

int run_notify_cancel(void)
{
    return pn_block_on(notify_cancel_case());
}

/* ---- channels across workers ----------------------------------------- */

static async long producer(pn_chan *c, int from, int n)
{
    for (int i = 0; i < n; i++) {
        int v = from + i;
        if (await(pn_chan_send(c, &v)) != 0)
            return -1;
        if (i % 16 == 0)
            await(pn_yield());
    }
    return 0;
}

static async long consumer(pn_chan *c)
{
    long sum = 0;
    int v;
    while (await(pn_chan_recv(c, &v)) == 0)
        sum += v;
    return sum;
}

static async long channels(int producers, int consumers, int n)
{
    pn_chan *c = pn_chan_new(sizeof(int), 8);
    pn_task *p[16], *q[16];
    for (int i = 0; i < consumers; i++)
        q[i] = pn_spawn(consumer(c));
    for (int i = 0; i < producers; i++)
        p[i] = pn_spawn(producer(c, i * n, n));
    for (int i = 0; i < producers; i++)
        await(pn_join(p[i]));
    pn_chan_close(c); /* wakes every consumer, wherever it waits */
    long sum = 0;
    for (int i = 0; i < consumers; i++) {
        long s = 0;
        await(pn_join_result(q[i], &s, sizeof s));
        sum += s;
    }
    pn_chan_free(c);
    return sum;
}

long run_channels(int producers, int consumers, int n)
{
    return pn_block_on(channels(producers, consumers, n));
}

/* Producers and consumers on both workers through a small channel, every
 * way of sending and receiving mixed: awaited, try_ (retried after a
 * yield), and receives raced against a yield, so that waiting receivers
 * are dropped queued, notified or done.  Each element is a producer's
 * number and a sequence number: a consumer must see each producer's
 * elements in the order they were sent (the channel is FIFO), and every
 * element must arrive exactly once. */
#define ORDER_PRODUCERS 3
#define ORDER_CONSUMERS 3

struct order_elem {
    int producer, seq;
};

struct order_seen {
    long count, sum;
    int last[ORDER_PRODUCERS];
    bool out_of_order;
};

static async int order_producer(pn_chan *c, int id, int n)
{
    for (int i = 0; i < n; i++) {
        struct order_elem e = { id, i };
        if ((i + id) % 3 == 0) {
            while (pn_chan_try_send(c, &e) == -EAGAIN)
                await(pn_yield());
        } else if (await(pn_chan_send(c, &e)) != 0) {
            return -1;
        }
    }
    return 0;
}

static void order_take(struct order_seen *s, const struct order_elem *e)
{
    if (e->producer < 0 || e->producer >= ORDER_PRODUCERS || e->seq <= s->last[e->producer])
        s->out_of_order = true;
    else
        s->last[e->producer] = e->seq;
    s->count++;
    s->sum += e->seq;
}

static async int order_consumer(pn_chan *c, struct order_seen *s, int id)
{
    for (int k = 0; s->count >= 0; k++) {
        struct order_elem e;
        int rc = -1;
        if ((k + id) % 4 == 0) {
            rc = pn_chan_try_recv(c, &e);
            if (rc == -EAGAIN) {
                await(pn_yield());
                continue;
            }
        } else if ((k + id) % 4 == 1) {
            pn_race(rc = await(pn_chan_recv(c, &e)), await(pn_yield()));
            if (rc == -1)
                continue; /* the yield won: the receive was dropped */
        } else {
            rc = await(pn_chan_recv(c, &e));
        }
        if (rc != 0)
            return rc == -EPIPE ? 0 : -1;
        order_take(s, &e);
    }
    return -1;
}

static async long channel_order(size_t capacity, int n)
{
    pn_chan *c = pn_chan_new(sizeof(struct order_elem), capacity);
    struct order_seen seen[ORDER_CONSUMERS];
    pn_task *p[ORDER_PRODUCERS], *q[ORDER_CONSUMERS];
    for (int i = 0; i < ORDER_CONSUMERS; i++) {
        seen[i] = (struct order_seen){ 0, 0, { -1, -1, -1 }, false };
        q[i] = pn_spawn(order_consumer(c, &seen[i], i));
    }
    for (int i = 0; i < ORDER_PRODUCERS; i++)
        p[i] = pn_spawn(order_producer(c, i, n));
    int bad = 0;
    for (int i = 0; i < ORDER_PRODUCERS; i++) {
        int rc = -1;
        if (await(pn_join_result(p[i], &rc, sizeof rc)) != 0 || rc != 0)
            bad = 1;
    }
    pn_chan_close(c);
    long count = 0, sum = 0;
    for (int i = 0; i < ORDER_CONSUMERS; i++) {
        int rc = -1;
        if (await(pn_join_result(q[i], &rc, sizeof rc)) != 0 || rc != 0 || seen[i].out_of_order)
            bad = 1;
        count += seen[i].count;
        sum += seen[i].sum;
    }
    struct order_elem e;
    if (pn_chan_try_recv(c, &e) != -EPIPE || pn_chan_try_send(c, &e) != -EPIPE)
        bad = 1; /* closed and drained */
    pn_chan_free(c);
    if (bad || count != (long)ORDER_PRODUCERS * n || sum != (long)ORDER_PRODUCERS * n * (n - 1) / 2)
        return -1;
    return count;
}

long run_channel_order(size_t capacity, int n)
{
    return pn_block_on(channel_order(capacity, n));
}

/* Ping-pong through two channels of one slot: every round each side
 * waits for the other, so a wake lost between a send and a receiver
 * starting to wait (on another worker, at the same moment) stops the
 * game; a timer stops the test instead of a hang.  *apart: the two sides
 * ran on different workers. */
static async int ping_side(pn_chan *in, pn_chan *out, int rounds, bool first, int *where)
{
    *where = (int)pn__current_worker();
    if (!first) { /* time for the idle worker to take the other side */
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        do
            clock_gettime(CLOCK_MONOTONIC, &t1);
        while ((t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec) < 5000000L);
    }
    for (int i = 0; i < rounds; i++) {
        int v = i;
        if (first && await(pn_chan_send(out, &v)) != 0)
            return -1;
        if (await(pn_chan_recv(in, &v)) != 0 || v != i)
            return -1;
        if (!first && await(pn_chan_send(out, &v)) != 0)
            return -1;
    }
    return 0;
}

static async int ping_game(int rounds, int *apart)
{
    pn_chan *a = pn_chan_new(sizeof(int), 1), *b = pn_chan_new(sizeof(int), 1);
    int wa = -1, wb = -1, ra = -1, rb = -1;
    pn_task *tb = pn_spawn(ping_side(b, a, rounds, false, &wb));
    pn_task *ta = pn_spawn(ping_side(a, b, rounds, true, &wa));
    pn_all(await(pn_join_result(ta, &ra, sizeof ra)), await(pn_join_result(tb, &rb, sizeof rb)));
    pn_chan_free(a);
    pn_chan_free(b);
    *apart = wa != wb;
    return ra == 0 && rb == 0 ? rounds : -1;
}

static async int ping_timed(int rounds, int *apart)
{
    int done = -2;
    pn_race(done = await(ping_game(rounds, apart)), await(pn_sleep_ms(20000)));
    return done;
}

int run_channel_ping_pong(int rounds, int *apart)
{
    return pn_block_on(ping_timed(rounds, apart));
}

/* A task frees the channel as soon as its own operation returns, while
 * the operation of the other side, on the other worker, may still be
 * finishing (an operation's last access to the channel is what lets the
 * other side's complete): the sanitizers see any access after the free. */
static void spin_ns(long ns)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    do
        clock_gettime(CLOCK_MONOTONIC, &b);
    while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) < ns);
}

static async int recv_then_free(pn_chan *c)
{
    int v;
    int rc = await(pn_chan_recv(c, &v));
    pn_chan_free(c);
    return rc;
}

static async int send_then_maybe_free(pn_chan *c, long delay_ns, bool free_it)
{
    int v = 1;
    spin_ns(delay_ns);
    int rc = await(pn_chan_send(c, &v));
    if (free_it)
        pn_chan_free(c);
    return rc;
}

static async int recv_after(pn_chan *c, long delay_ns)
{
    int v;
    spin_ns(delay_ns);
    return await(pn_chan_recv(c, &v));
}

static async int free_races(int rounds)
{
    for (int i = 0; i < rounds; i++) {
        size_t cap = (size_t)(i % 2) + 1;
        pn_chan *c = pn_chan_new(sizeof(int), cap);
        long delay = (long)(i * 37 % 3000);
        pn_task *a, *b;
        if (i % 2 == 0) { /* the receiver frees once it has the element */
            a = pn_spawn(recv_then_free(c));
            b = pn_spawn(send_then_maybe_free(c, delay, false));
        } else { /* a sender that waited for room frees once it sent */
            int v = 0;
            for (size_t k = 0; k < cap; k++)
                (void)pn_chan_try_send(c, &v);
            a = pn_spawn(send_then_maybe_free(c, 0, true));
            b = pn_spawn(recv_after(c, delay));
        }
        int ra = -1, rb = -1;
        if (await(pn_join_result(a, &ra, sizeof ra)) != 0 ||
            await(pn_join_result(b, &rb, sizeof rb)) != 0 || ra != 0 || rb != 0)
            return -1;
    }
    return rounds;
}

int run_channel_free_races(int rounds)
{
    return pn_block_on(free_races(rounds));
}

/* ---- errors ------------------------------------------------------------ */

static async int set_workers_inside(void)
{
    return pn_set_workers(2);
}

int run_set_workers_inside(void)
{
    return pn_block_on(set_workers_inside());
}

/* ---- cancellation while waiting, across workers ------------------------ */

/* Waiters (pool tasks, on either worker) queue on a primitive; each round
 * the holder lets one through and at once cancels the oldest waiter,
 * which may be on the other worker and may or may not have run by then.
 * Whatever the interleaving: every waiter either got through (and gave it
 * back) or was cancelled, the number that got through is the number of
 * joins that returned 0, and afterwards the primitive is as it started. */
static _Atomic int got_through;

static async int cross_waiter(int kind, pn_mutex *m, pn_sem *s, pn_notify *n)
{
    if (kind == 0) {
        await(pn_mutex_lock(m));
        atomic_fetch_add(&got_through, 1);
        pn_mutex_unlock(m);
    } else if (kind == 1) {
        await(pn_sem_acquire(s));
        atomic_fetch_add(&got_through, 1);
        pn_sem_release(s);
    } else {
        await(pn_notify_wait(n));
        atomic_fetch_add(&got_through, 1);
    }
    return 0;
}

static async int cross_cancel(int kind, int rounds)
{
    pn_mutex m;
    pn_sem s;
    pn_notify n;
    pn_mutex_init(&m);
    pn_sem_init(&s, 0);
    pn_notify_init(&n);
    if (kind == 0)
        await(pn_mutex_lock(&m));
    pn_task *w[64];
    for (int i = 0; i < rounds; i++)
        w[i] = pn_spawn(cross_waiter(kind, &m, &s, &n));
    await(pn_sleep_ms(20)); /* all of them placed and waiting */
    int ok = 0, cancelled = 0;
    for (int i = 0; i < rounds; i++) {
        pn_task *copy = w[i];
        int rc = 0;
        /* Let one through, cancel the oldest waiter at once. */
        if (kind == 0)
            pn_mutex_unlock(&m);
        else if (kind == 1)
            pn_sem_release(&s);
        else
            pn_notify_one(&n);
        pn_all(await(cancel_now(copy)), rc = await(pn_join(w[i])));
        if (rc == 0)
            ok++;
        else if (rc == -ECANCELED)
            cancelled++;
        /* Take back what the round let through, for the next round. */
        if (kind == 0)
            await(pn_mutex_lock(&m));
        else if (kind == 1)
            await(pn_sem_acquire(&s));
        else /* stored only when nobody waits: after the last round */
            pn_race(await(pn_notify_wait(&n)), await(pn_sleep_ms(i + 1 < rounds ? 1 : 20)));
    }
    int state_ok;
    if (kind == 0) {
        pn_mutex_unlock(&m);
        state_ok = pn_mutex_try_lock(&m) == 0;
    } else if (kind == 1) {
        state_ok = pn_sem_try_acquire(&s) == -EAGAIN;
    } else {
        state_ok = pn_race(await(pn_notify_wait(&n)), await(pn_sleep_ms(5))) == 1;
    }
    if (ok + cancelled != rounds || ok != atomic_load(&got_through) || !state_ok)
        return -1;
    return ok;
}

int run_cross_cancel(int kind, int rounds)
{
    atomic_store(&got_through, 0);
    return pn_block_on(cross_cancel(kind, rounds));
}

/* ---- a join on one worker, a cancel through a copy of its handle on
 * another ---------------------------------------------------------------- */

static async int never_done(void)
{
    await(pn_sleep_ms(100000));
    return 1;
}

static async int raise_flag(atomic_int *flag)
{
    atomic_store(flag, 1);
    return 0;
}

/* Joins t; the flag goes up once the join waits (pn_all polls in order). */
static async int join_and_flag(pn_task *t, atomic_int *flag, int *where)
{
    int rc = 1;
    pn_all(rc = await(pn_join(t)), await(raise_flag(flag)));
    *where = (int)pn__current_worker();
    return rc;
}

static async int cancel_when_flagged(pn_task *copy, atomic_int *flag)
{
    while (!atomic_load(flag))
        await(pn_yield());
    pn_cancel(copy);
    return (int)pn__current_worker();
}

/* Rounds of 16 at once: spawned together, the idle worker takes some of
 * each kind, so that joiners and cancellers meet across workers. */
static async int join_cancel_apart(int rounds, int *apart)
{
    enum { AT_ONCE = 16 };
    int cancelled = 0;
    *apart = 0;
    for (int i = 0; i < rounds; i += AT_ONCE) {
        atomic_int flag[AT_ONCE];
        int joined_on[AT_ONCE], cancelled_on[AT_ONCE], rc[AT_ONCE];
        pn_task *j[AT_ONCE], *c[AT_ONCE];
        for (int k = 0; k < AT_ONCE; k++) {
            atomic_init(&flag[k], 0);
            joined_on[k] = cancelled_on[k] = -1;
            rc[k] = 0;
            pn_task *t = pn_spawn(never_done());
            j[k] = pn_spawn(join_and_flag(t, &flag[k], &joined_on[k]));
            c[k] = pn_spawn(cancel_when_flagged(t, &flag[k]));
        }
        for (int k = 0; k < AT_ONCE; k++) {
            if (await(pn_join_result(j[k], &rc[k], sizeof rc[k])) != 0 ||
                await(pn_join_result(c[k], &cancelled_on[k], sizeof cancelled_on[k])) != 0)
                return -1;
            if (rc[k] == -ECANCELED)
                cancelled++;
            if (joined_on[k] != cancelled_on[k])
                ++*apart;
        }
    }
    return cancelled;
}

int run_join_cancel_apart(int rounds, int *apart)
{
    return pn_block_on(join_cancel_apart(rounds, apart));
}
