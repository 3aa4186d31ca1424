/*
 * mini_exec.h — the smallest executor a hand-written state machine needs.
 *
 * The baseline of the yield_chain benchmark: what a C programmer writes
 * without Pinion.  A task is a poll function and a link; the run queue is
 * a FIFO list; yielding is "put me back at the tail and return".  It has
 * no wakers, reference counts, timers or I/O, which is the point: the
 * distance between this and Pinion is what the runtime's generality costs.
 * It lives in its own file, as libpinion does, so neither side gets its
 * executor inlined into the benchmark.
 */
#ifndef PINION_BENCH_MINI_EXEC_H
#define PINION_BENCH_MINI_EXEC_H

typedef struct mini_exec mini_exec;
typedef struct mini_task mini_task;

struct mini_task {
    /* Runs the task until it must wait; returns 1 once it has finished. */
    int (*poll)(mini_task *t, mini_exec *ex);
    mini_task *next;
};

struct mini_exec {
    mini_task *head, *tail;
};

/* Queues t to be polled again (at the tail, after every ready task). */
void mini_wake(mini_exec *ex, mini_task *t);

/* Polls queued tasks, starting with root, until root has finished. */
void mini_run(mini_exec *ex, mini_task *root);

#endif
