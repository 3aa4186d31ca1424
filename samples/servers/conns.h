/*
 * conns.h — the connection table of a server: who is connected, which
 * task serves them, and when each must give up.
 *
 * Every accepted connection takes a slot, and the slot, not the task's
 * frame, owns the connection's resources: the socket and whatever the
 * server keeps beside it (output buffers, a file being sent).  That is
 * what makes cancellation clean.  A cancelled task's frame is dropped
 * without running any more of its code, so nothing the frame owned could
 * be released; the table releases the slot right after pn_cancel instead.
 *
 * Shutdown is what cancels connection tasks through the table: idle
 * connections at once, the rest after a grace period.  A task that ends
 * by itself (its client left, an error, a timeout: the tasks race their
 * own waits against a sleep) releases its own slot with srv_conn_finish.
 *
 * Slots have a fixed size chosen by the server (`elem_size`), so a server
 * embeds `struct srv_conn` as the first member of its own connection
 * struct; `release` frees what the server added.  The table's capacity is
 * the server's connection limit.
 */
#ifndef SRV_CONNS_H
#define SRV_CONNS_H

#include <pinion.h>

#include <stddef.h>
#include <stdint.h>

struct srv_conn {
    int fd;            /* the socket; -1 while the slot is free */
    pn_task *task;     /* the task serving it; NULL until spawned */
    int idle;          /* waiting for a request that has not begun: safe to drop */
    unsigned next_free;
};

struct srv_conns {
    char *slots;       /* cap slots of elem_size bytes; owned */
    size_t elem_size;
    unsigned cap;
    unsigned live;     /* slots in use */
    unsigned high;     /* slots ever used: the shutdown scan stops here */
    unsigned free_head;
    void (*release)(struct srv_conn *c);
};

/* 0, or -1 when memory runs out.  release may be NULL. */
int srv_conns_init(struct srv_conns *t, unsigned cap, size_t elem_size,
                   void (*release)(struct srv_conn *c));
/* Cancels every connection still open, then frees the table. */
void srv_conns_fini(struct srv_conns *t);

/* A slot for a new connection on fd, zeroed beyond struct srv_conn, or
 * NULL when the table is full (the caller still owns fd). */
struct srv_conn *srv_conns_open(struct srv_conns *t, int fd);

/* Called by a connection's own task as its last act: releases the slot
 * and gives up the task's handle (the task finishes as it returns). */
void srv_conn_finish(struct srv_conns *t, struct srv_conn *c);

/* Cancels the slot's task (if any) and releases the slot.  Not from the
 * slot's own task. */
void srv_conn_cancel(struct srv_conns *t, struct srv_conn *c);

/* The connection in slot i (< t->high), or NULL when the slot is free:
 * for a server that must pick among its connections. */
struct srv_conn *srv_conns_at(struct srv_conns *t, unsigned i);

/* Shutdown: cancels the idle connections (all of them if `all`).
 * Returns how many. */
unsigned srv_conns_cancel_idle(struct srv_conns *t, int all);

#endif
