/*
 * hand_chain.c — the yield_chain benchmark as hand-written state machines.
 *
 * The baseline Pinion is measured against: each function of
 * pinion_chain.c becomes a struct and a step function with a switch on
 * its state, the way C programmers write protothreads or callback-free
 * parsers by hand, and the task runs on mini_exec.c.  A parent embeds its
 * child and calls its step function directly, as Pinion does, so the two
 * differ only in what is generic: Pinion's context, wakers, task headers
 * and run-queue bookkeeping against a bare linked list.
 */
#include <stddef.h>
#include <stdint.h>

#include "mini_exec.h"
#include "yield_main.h"

/* ---- bench_chain: outer awaits inner, inner yields once -------------- */

struct hand_inner {
    int state;
    uint64_t i;
    uint64_t ret;
};

/* Returns 1 when done (ret is set), 0 after queueing t to come back. */
static int hand_inner_step(struct hand_inner *s, mini_task *t, mini_exec *ex)
{
    if (s->state == 0) {
        s->state = 1;
        mini_wake(ex, t);
        return 0;
    }
    s->ret = s->i;
    return 1;
}

struct hand_outer {
    mini_task task; /* first: the executor's pointer is the state machine's */
    int state;
    uint64_t n, i, sum;
    struct hand_inner inner;
};

static int hand_outer_poll(mini_task *t, mini_exec *ex)
{
    struct hand_outer *s = (struct hand_outer *)t;
    if (s->state == 1)
        goto resume;
    s->sum = 0;
    for (s->i = 0; s->i < s->n; s->i++) {
        s->inner.state = 0;
        s->inner.i = s->i;
        s->state = 1;
    resume:
        if (!hand_inner_step(&s->inner, t, ex))
            return 0;
        s->sum += s->inner.ret;
    }
    s->state = 2;
    return 1;
}

uint64_t bench_chain(uint64_t n)
{
    mini_exec ex;
    struct hand_outer root = {.task = {.poll = hand_outer_poll}, .state = 0, .n = n};
    mini_run(&ex, &root.task);
    return root.sum;
}

/* ---- bench_depth: level K steps level K-1, level 0 yields n times ---- */

struct hand_level_0 {
    int state;
    uint64_t n, k, ret;
};

static int hand_level_0_step(struct hand_level_0 *s, mini_task *t, mini_exec *ex)
{
    if (s->state == 1)
        goto resume;
    for (s->k = 0; s->k < s->n; s->k++) {
        s->state = 1;
        mini_wake(ex, t);
        return 0;
    resume:;
    }
    s->ret = s->k;
    s->state = 2;
    return 1;
}

/* Level K: on its first step it sets up its child, then steps it. */
#define HAND_LEVEL(K, J)                                                                        \
    struct hand_level_##K {                                                                     \
        int state;                                                                              \
        uint64_t n, ret;                                                                        \
        struct hand_level_##J child;                                                            \
    };                                                                                          \
    static int hand_level_##K##_step(struct hand_level_##K *s, mini_task *t, mini_exec *ex)     \
    {                                                                                           \
        if (s->state == 0) {                                                                    \
            s->child.state = 0;                                                                 \
            s->child.n = s->n;                                                                  \
            s->state = 1;                                                                       \
        }                                                                                       \
        if (!hand_level_##J##_step(&s->child, t, ex))                                           \
            return 0;                                                                           \
        s->ret = s->child.ret;                                                                  \
        return 1;                                                                               \
    }

HAND_LEVEL(1, 0)
HAND_LEVEL(2, 1)
HAND_LEVEL(3, 2)
HAND_LEVEL(4, 3)
HAND_LEVEL(5, 4)
HAND_LEVEL(6, 5)
HAND_LEVEL(7, 6)
HAND_LEVEL(8, 7)
HAND_LEVEL(9, 8)
HAND_LEVEL(10, 9)
HAND_LEVEL(11, 10)
HAND_LEVEL(12, 11)
HAND_LEVEL(13, 12)
HAND_LEVEL(14, 13)
HAND_LEVEL(15, 14)

/* The task that runs level K; returns the count the leaf passed up. */
#define HAND_ROOT(K)                                                                            \
    struct hand_root_##K {                                                                      \
        mini_task task;                                                                         \
        struct hand_level_##K top;                                                              \
    };                                                                                          \
    static int hand_root_##K##_poll(mini_task *t, mini_exec *ex)                                \
    {                                                                                           \
        return hand_level_##K##_step(&((struct hand_root_##K *)t)->top, t, ex);                 \
    }                                                                                           \
    static uint64_t hand_run_##K(uint64_t n)                                                    \
    {                                                                                           \
        mini_exec ex;                                                                           \
        struct hand_root_##K root = {.task = {.poll = hand_root_##K##_poll}};                   \
        root.top.state = 0;                                                                     \
        root.top.n = n;                                                                         \
        mini_run(&ex, &root.task);                                                              \
        return root.top.ret;                                                                    \
    }

HAND_ROOT(0)
HAND_ROOT(1)
HAND_ROOT(2)
HAND_ROOT(3)
HAND_ROOT(4)
HAND_ROOT(5)
HAND_ROOT(6)
HAND_ROOT(7)
HAND_ROOT(8)
HAND_ROOT(9)
HAND_ROOT(10)
HAND_ROOT(11)
HAND_ROOT(12)
HAND_ROOT(13)
HAND_ROOT(14)
HAND_ROOT(15)

uint64_t bench_depth(unsigned depth, uint64_t n)
{
    static uint64_t (*const run[BENCH_MAX_DEPTH])(uint64_t) = {
        hand_run_0,  hand_run_1,  hand_run_2,  hand_run_3, hand_run_4,  hand_run_5,
        hand_run_6,  hand_run_7,  hand_run_8,  hand_run_9, hand_run_10, hand_run_11,
        hand_run_12, hand_run_13, hand_run_14, hand_run_15,
    };
    return depth >= 1 && depth <= BENCH_MAX_DEPTH ? run[depth - 1](n) : 0;
}

void bench_frames(void)
{
    bench_report("frame/hand_inner", "bytes", (double)sizeof(struct hand_inner));
    bench_report("frame/hand_outer", "bytes", (double)sizeof(struct hand_outer));
}
