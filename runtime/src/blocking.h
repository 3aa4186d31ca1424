/*
 * blocking.h — the blocking pool's job interface, shared by the leaves
 * that run work on it (blocking.c, fs.c, dns.c).
 *
 * A job is a heap record (malloc: it may be freed on a pool thread, so it
 * cannot come from a runtime's per-thread allocator) whose first member is
 * a pn__job.  A leaf fills one in at its first poll, submits it and checks
 * it on later polls; cancelling hands it to the pool, which frees it when
 * the work (if it started) has returned.  The record, not the frame, is
 * what a pool thread touches, so a frame can be dropped at any moment.
 *
 * Ownership: between pn__job_submit and either pn__job_check returning
 * PN_READY or pn__job_cancel, the pool owns j; the leaf owns it before and
 * after.  j->release is called exactly once, to free j and what it holds:
 * by the leaf after it took the result (unclaimed false), or by the pool
 * after a cancel (unclaimed true when run had returned a result nobody
 * will read: close the fd it opened, free the list it built).
 */
#ifndef PINION_BLOCKING_H
#define PINION_BLOCKING_H

#include "internal.h"

#include <pthread.h>
#include <stdatomic.h>

typedef struct pn__job pn__job;

struct pn__job {
    pn__job *next, *prev;                      /* in the pool's queue; pool lock */
    long (*run)(pn__job *j);                   /* on a pool thread */
    void (*release)(pn__job *j, bool unclaimed); /* frees j */
    int state;                                 /* pool lock */
    bool detached;                             /* cancelled while running; pool lock */
    long result;                               /* written before state becomes DONE */
    pn_waker *waker;                           /* owned; pool lock */
    _Atomic bool woke;                         /* the pool's wake of it has returned */
};

/* Queue j (run and release set) with a clone of the polling task's
 * waker.  When no pool thread can be started at all, j runs right here
 * (the one case where the caller's thread blocks).  Never fails. */
void pn__job_submit(pn__job *j, pn_context *cx);
/* PN_READY once run returned: j->result is its value and the caller owns
 * j again.  PN_PENDING otherwise, with the stored waker refreshed. */
pn_poll pn__job_check(pn__job *j, pn_context *cx);
/* Give j up: a queued job never runs, a running one is left to finish
 * and its result discarded.  Either way release is called (now, or on
 * the pool thread when run returns). */
void pn__job_cancel(pn__job *j);

/* Start a thread with every signal blocked (so that signals meant for a
 * signalfd are never delivered to it), detached.  0 or a positive error
 * number, as pthread_create. */
int pn__thread_spawn_masked(void *(*fn)(void *), void *arg);

#endif
