/*
 * internal.h — what the runtime's files share and users never see.
 *
 * The runtime is split by concept, one file each (libdill's shape):
 *   alloc.c    the injectable allocator and the task slab
 *   task.c     tasks, wakers, the run queue, pn_spawn/join/detach/cancel
 *   runtime.c  the per-thread runtime, pn__block_on, pn_shutdown, clock
 *   timer.c    the timer wheel and pn_sleep_ms
 *   reactor.c  the epoll reactor and the cross-thread eventfd
 *   io.c       pn_read/pn_write/pn_accept/pn_connect/readiness leaves
 *   chan.c     channels (thread-safe), pn_chan_try_send/try_recv
 *   pool.c     pools of workers: pn_set_workers, pn_spawn_local, pool tasks
 *   sync.c     pn_mutex, pn_sem, pn_notify
 *   erased.c   the blocking definitions of every leaf (PINION_ERASE reading)
 *   blocking.c the blocking pool and pn_blocking (blocking.h: its jobs)
 *   deadline.c pn_sleep_until_ms
 *   fs.c       pn_pread, pn_pwrite, pn_open, pn_fsync
 *   dns.c      pn_getaddrinfo
 *   signal.c   pn_signal_watch, pn_signal_wait
 *   process.c  pn_waitpid
 *   inspect.c  the registry of async functions, frame walks, pn_dump_tasks
 *   trace.c    PINION_TRACE: the trace-event file
 *
 * The executor's files (alloc, task, runtime, timer, pool) also share core.h:
 * the layout of tasks, slab chunks and the per-thread runtime.
 *
 * Error convention inside the runtime: functions that can fail return 0 or
 * a negative errno value; allocation failure is -ENOMEM and never aborts.
 */
#ifndef PINION_INTERNAL_H
#define PINION_INTERNAL_H

/* The runtime's own code has identifiers of its choosing, not keywords. */
#ifndef PINION_NO_KEYWORDS
#define PINION_NO_KEYWORDS
#endif
#include "pinion.h"

#include <stdbool.h>
#include <stdint.h>

#define PN__UNUSED(x) ((void)(x))

/* ---- alloc.c ---------------------------------------------------- */
/* Through the allocator of the calling thread's runtime (pn_set_allocator);
 * memory must be freed on the thread that allocated it, with its size. */
void *pn__alloc(size_t size);               /* NULL on failure */
void pn__free(void *p, size_t size);

/* ---- runtime.c --------------------------------------------------- */
/* An fd wait was registered on this thread's runtime (core.h,
 * pn__slice_arm). */
void pn__rt_slice_arm(void);

/* ---- reactor.c -------------------------------------------------- */
typedef struct pn__reactor pn__reactor;
/* Creates epoll + eventfd lazily on first use; 0 or -errno. */
int pn__reactor_init(pn__reactor *r);
void pn__reactor_fini(pn__reactor *r);
/* Register w (fd, events EPOLLIN/EPOLLOUT, waker) until it fires or is
 * cancelled.  0 or -errno (-EBADF for a bad fd, -ENOMEM). */
int pn__reactor_add(pn__reactor *r, pn__io_wait *w);
/* (w->pn__waker is an owned reference that the reactor keeps on success
 * and drops on failure; w is registered exactly while it is non-NULL.
 * pn__reactor_init creates both fds at once, so call it before any other
 * thread can hold a waker of this runtime.) */
/* Unregister w if still registered; safe to call twice. */
void pn__reactor_cancel(pn__reactor *r, pn__io_wait *w);
/* Wait for readiness up to timeout_ms (-1 forever, 0 poll) and wake the
 * waits that became ready.  Returns the number of tasks woken or -errno. */
int pn__reactor_wait(pn__reactor *r, int timeout_ms);
/* Interrupt a pn__reactor_wait from any thread. */
void pn__reactor_notify(pn__reactor *r);
/* Number of registered waits (for the executor's idle decision). */
size_t pn__reactor_pending(const pn__reactor *r);

/* ---- chan.c ----------------------------------------------------- */
/* One non-blocking attempt, honouring the FIFO hand-off to waiters (for
 * the blocking definitions in erased.c): 0, -EPIPE once closed (receive:
 * once closed and drained), or -EAGAIN when it would have to wait. */
int pn__chan_try_send(pn_chan *c, const void *elem);
int pn__chan_try_recv(pn_chan *c, void *elem);
/* For the task dump (inspect.c): what c holds. */
void pn__chan_stats(const pn_chan *c, size_t *count, size_t *capacity, bool *closed);

/* ---- pool.c ----------------------------------------------------- */
/* Whether the calling thread is a worker of a pool (other workers may be
 * running at this very moment). */
bool pn__on_pool(void);

/* ---- runtime.c -------------------------------------------------- */
typedef struct pn__runtime pn__runtime;
/* This thread's runtime, created on first use.  It lives in thread-local
 * storage, so creating it cannot fail and this never returns NULL. */
pn__runtime *pn__rt_current(void);
/* The reactor of rt (initialised by the time any task runs). */
pn__reactor *pn__rt_reactor(pn__runtime *rt);
/* Abort with a message on the standard error. */
_Noreturn void pn__die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- timer.c ---------------------------------------------------- */
/* Fire every timer of rt that is due at now_ns (CLOCK_MONOTONIC, as
 * pn_now_ns reads it; it is unlinked, its waker cleared, then woken) and
 * return how long the executor may sleep before it has to look again:
 * milliseconds, -1 when no timer is armed. */
int pn__timers_run(pn__runtime *rt, uint64_t now_ns);
/* Arm t, in a frame pinned by the caller, to wake the polling task once
 * pn_now_ms() >= deadline_ms (t->pn__waker is set while armed), and
 * unlink it again if still armed (idempotent).  For leaves outside
 * timer.c (deadline.c). */
void pn__timer_arm(pn__timer *t, uint64_t deadline_ms, pn_context *cx);
void pn__timer_disarm(pn__timer *t);

#endif
