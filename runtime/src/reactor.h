/*
 * reactor.h — the layout of the epoll reactor, embedded in each runtime.
 * reactor.c owns the behaviour; runtime.c only embeds the struct and calls
 * the functions declared in internal.h.  A zeroed struct is not ready: the
 * runtime calls pn__reactor_init before anything else touches it.
 */
#ifndef PINION_REACTOR_H
#define PINION_REACTOR_H

#include "internal.h"

struct pn__reactor {
    int epfd;     /* epoll instance; -1 when not initialised */
    int eventfd;  /* cross-thread wake, registered level-triggered; -1 likewise */
    size_t pending; /* waits currently registered, over all fds */
    /* Per-fd interest table indexed by fd: the head of a FIFO list of the
     * waits on that fd (linked through pn__io_wait.pn__next), NULL when
     * nobody waits.  Grown on demand, never shrunk. */
    pn__io_wait **fds;
    /* Parallel to fds: 1 when the last read on that fd came back short, a
     * hint that the next read would find nothing (see pn__reactor_hint). */
    unsigned char *drained;
    size_t nfds;
};

/* The "drained" hint of fd: set it to `drained` (0 or 1) and return what it
 * was.  Only fds the reactor has a table slot for (waited on at least
 * once) keep a hint; for others this returns 0 and records nothing. */
int pn__reactor_hint(pn__reactor *r, int fd, int drained);

#endif
