/*
 * pool_stress.c — a random stress of the pool of workers and the async
 * primitives: actor tasks on every worker spawn, join, detach and cancel
 * children, lock a mutex, take semaphore permits, notify, send and
 * receive on a channel, sleep and yield, in an order drawn from a seeded
 * generator, until the operations run out; then it checks what must
 * hold (the counter the mutex guards, the permits, every element sent
 * received exactly once) and exits 0, or prints what broke and exits 1.
 *
 *   pool_stress [--ops N] [--workers W] [--actors A] [--seed S]
 *
 * The default suite runs it briefly (tests/threads); run by hand with
 * --ops 1000000 in a TSan or ASan build (cmake --preset tsan / sanitize)
 * for the long check.  Every wait is raced against a timeout, so a lost
 * wake-up shows up as a run that takes far longer, and as a mismatch in
 * the counts, never as a hang.
 */
#include <pinion.h>

#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HELD 8
#define SEM_PERMITS 3

static pn_mutex mutex;
static long guarded;              /* only under mutex */
static _Atomic long locks;        /* how many times it was taken */
static pn_sem sem;
static pn_notify note;
static pn_chan *chan;
static _Atomic long sent, received, ops_left, spawned, cancelled, joined;

static uint64_t next_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static bool take_op(void)
{
    return atomic_fetch_sub_explicit(&ops_left, 1, memory_order_relaxed) > 0;
}

/* ---- children ---------------------------------------------------------- */

static async int child_compute(uint64_t seed)
{
    int yields = (int)(seed % 4);
    for (int i = 0; i < yields; i++)
        await(pn_yield());
    return (int)(seed & 0xff);
}

static async int child_sleep(uint64_t ms)
{
    await(pn_sleep_ms(ms));
    return 1;
}

static async int child_send(int v)
{
    int won = pn_race(await(pn_chan_send(chan, &v)), await(pn_sleep_ms(2)));
    if (won == 0)
        atomic_fetch_add(&sent, 1);
    return 0;
}

static async int child_recv(void)
{
    int v = 0, rc = -1;
    pn_race(rc = await(pn_chan_recv(chan, &v)), await(pn_sleep_ms(2)));
    if (rc == 0)
        atomic_fetch_add(&received, 1);
    return 0;
}

/* A child may be cancelled at any await: it holds the lock across none
 * (a task cancelled inside its critical section would keep the lock, as
 * a thread killed there would).  Only the actors, never cancelled, hold
 * it across a yield. */
static async int child_lock(void)
{
    int won = pn_race(await(pn_mutex_lock(&mutex)), await(pn_sleep_ms(2)));
    if (won == 0) {
        guarded++;
        atomic_fetch_add(&locks, 1);
        pn_mutex_unlock(&mutex);
    }
    return 0;
}

static async int child_wait_note(void)
{
    pn_race(await(pn_notify_wait(&note)), await(pn_sleep_ms(1)));
    return 0;
}

static pn_task *spawn_child(uint64_t r)
{
    switch (r % 7) {
    case 0:
        return pn_spawn(child_compute(r >> 8));
    case 1:
        return pn_spawn(child_sleep((r >> 8) % 3));
    case 2:
        return pn_spawn(child_send((int)(r >> 8)));
    case 3:
        return pn_spawn(child_recv());
    case 4:
        return pn_spawn(child_lock());
    case 5:
        return pn_spawn_local(child_wait_note());
    default:
        return pn_spawn_local(child_compute(r >> 8));
    }
}

/* ---- actors ------------------------------------------------------------- */

static async int actor(uint64_t seed)
{
    uint64_t s = seed * 0x9E3779B97F4A7C15ull | 1;
    pn_task *held[MAX_HELD];
    int nheld = 0;
    while (take_op()) {
        uint64_t r = next_rand(&s);
        switch (r % 12) {
        case 0:
        case 1:
            if (nheld < MAX_HELD) {
                pn_task *t = spawn_child(r >> 4);
                if (t != NULL) {
                    held[nheld++] = t;
                    atomic_fetch_add(&spawned, 1);
                }
            }
            break;
        case 2:
            if (nheld > 0) {
                int i = (int)((r >> 4) % (uint64_t)nheld);
                int v = 0;
                await(pn_join_result(held[i], &v, sizeof v));
                held[i] = held[--nheld];
                atomic_fetch_add(&joined, 1);
            }
            break;
        case 3:
            if (nheld > 0) {
                int i = (int)((r >> 4) % (uint64_t)nheld);
                pn_cancel(held[i]);
                held[i] = held[--nheld];
                atomic_fetch_add(&cancelled, 1);
            }
            break;
        case 4:
            if (nheld > 0) {
                pn_detach(held[--nheld]);
            }
            break;
        case 5:
            await(pn_mutex_lock(&mutex));
            guarded++;
            atomic_fetch_add(&locks, 1);
            if (r & 0x100)
                await(pn_yield());
            pn_mutex_unlock(&mutex);
            break;
        case 6: {
            int won = pn_race(await(pn_sem_acquire(&sem)), await(pn_sleep_ms(1)));
            if (won == 0) {
                await(pn_yield());
                pn_sem_release(&sem);
            }
            break;
        }
        case 7:
            if (r & 0x100)
                pn_notify_one(&note);
            else
                pn_notify_all(&note);
            break;
        case 8: {
            int v = (int)r;
            if (pn_chan_try_send(chan, &v) == 0)
                atomic_fetch_add(&sent, 1);
            break;
        }
        case 9: {
            int v;
            if (pn_chan_try_recv(chan, &v) == 0)
                atomic_fetch_add(&received, 1);
            break;
        }
        case 10:
            await(pn_sleep_ms((r >> 4) % 2));
            break;
        default:
            await(pn_yield());
            break;
        }
    }
    /* What is left: half joined, half cancelled. */
    for (int i = 0; i < nheld; i++) {
        if (i % 2 == 0) {
            int v = 0;
            await(pn_join_result(held[i], &v, sizeof v));
        } else {
            pn_cancel(held[i]);
        }
    }
    return 0;
}

static async int stress(int actors, uint64_t seed)
{
    pn_task *t[256];
    for (int i = 0; i < actors; i++)
        t[i] = pn_spawn(actor(seed + (uint64_t)i));
    int failed = 0;
    for (int i = 0; i < actors; i++)
        if (await(pn_join(t[i])) != 0)
            failed++;
    /* Detached children may still run: let them finish (each is bounded
     * by its own timeouts). */
    await(pn_sleep_ms(20));
    return failed;
}

int main(int argc, char **argv)
{
    long ops = 100000;
    unsigned workers = 2;
    int actors = 16;
    uint64_t seed = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--ops") == 0)
            ops = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--workers") == 0)
            workers = (unsigned)atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--actors") == 0)
            actors = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--seed") == 0)
            seed = strtoull(argv[i + 1], NULL, 10);
        else {
            fprintf(stderr, "usage: pool_stress [--ops N] [--workers W] [--actors A] [--seed S]\n");
            return 2;
        }
    }
    if (actors < 1 || actors > 256) {
        fprintf(stderr, "pool_stress: --actors is 1 to 256\n");
        return 2;
    }
    int rc = pn_set_workers(workers);
    if (rc != 0) {
        fprintf(stderr, "pool_stress: pn_set_workers(%u): %s\n", workers, strerror(-rc));
        return 1;
    }
    pn_mutex_init(&mutex);
    pn_sem_init(&sem, SEM_PERMITS);
    pn_notify_init(&note);
    chan = pn_chan_new(sizeof(int), 16);
    atomic_store(&ops_left, ops);
    uint64_t start = pn_now_ms();
    int failed = pn_block_on(stress(actors, seed));
    /* Everything still alive is cancelled; then the books must balance. */
    pn_shutdown();
    int v, left = 0;
    while (pn_chan_try_recv(chan, &v) == 0)
        left++;
    int bad = 0;
    if (failed != 0) {
        fprintf(stderr, "pool_stress: %d actors failed\n", failed);
        bad = 1;
    }
    if (guarded != atomic_load(&locks)) {
        fprintf(stderr, "pool_stress: the mutex let %ld increments through but counted %ld\n",
                guarded, atomic_load(&locks));
        bad = 1;
    }
    if (atomic_load(&sent) != atomic_load(&received) + left) {
        fprintf(stderr, "pool_stress: %ld sent, %ld received, %d left in the channel\n",
                atomic_load(&sent), atomic_load(&received), left);
        bad = 1;
    }
    int permits = 0;
    while (pn_sem_try_acquire(&sem) == 0)
        permits++;
    if (permits != SEM_PERMITS) {
        fprintf(stderr, "pool_stress: %d semaphore permits left of %d\n", permits, SEM_PERMITS);
        bad = 1;
    }
    if (pn_mutex_try_lock(&mutex) != 0) {
        fprintf(stderr, "pool_stress: the mutex is still held\n");
        bad = 1;
    }
    pn_chan_free(chan);
    printf("pool_stress: %ld ops, %u workers, %d actors, seed %" PRIu64 ": %ld spawned, %ld "
           "joined, %ld cancelled, %ld locks, %ld sent, %ld received, %lu ms: %s\n",
           ops, workers, actors, seed, atomic_load(&spawned), atomic_load(&joined),
           atomic_load(&cancelled), atomic_load(&locks), atomic_load(&sent),
           atomic_load(&received), (unsigned long)(pn_now_ms() - start), bad ? "FAILED" : "ok");
    return bad;
}
