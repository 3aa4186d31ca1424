/*
 * reactor.h — the layout of the epoll reactor, embedded in each runtime.
 * reactor.c owns the behaviour; runtime.c only embeds the struct.
 */
#ifndef PINION_REACTOR_H
#define PINION_REACTOR_H

#include "internal.h"

struct pn__reactor {
    int epfd;     /* -1 until first use */
    int eventfd;  /* cross-thread wake; -1 until first use */
    size_t pending;
    void *fds;    /* per-fd interest table, owned by reactor.c */
    size_t nfds;
};

#endif
