/*
 * conns.h — the connection table of a server: who is connected, which
 * task serves them, and when each must give up.
 *
 * Every accepted connection takes a slot, which holds the connection's
 * resources: the socket and whatever the server keeps beside it (input
 * and output buffers, a file being sent).  The task serving it owns the
 * slot through a cleanup local (SRV_CONN_HELD), so the slot is released
 * on every way out of the task, a drop included: a cancelled task's frame
 * runs no more of its code, but the cleanups of the locals in scope where
 * it waits do run.  (A slot whose task was cancelled before its first
 * poll, or never started, is released by the table.)
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

struct srv_conns;

struct srv_conn {
    int fd;            /* the socket; -1 while the slot is free */
    pn_task *task;     /* the task serving it; NULL until spawned */
    int idle;          /* waiting for a request that has not begun: safe to drop */
    int cancelling;    /* srv_conn_cancel is dropping its task */
    int held;          /* a task holds it through SRV_CONN_HELD */
    unsigned next_free;
    struct srv_conns *table;
};

struct srv_conns {
    char *slots;       /* cap slots of elem_size bytes; owned */
    size_t elem_size;
    unsigned cap;
    unsigned live;     /* slots in use */
    unsigned high;     /* slots ever used: the shutdown scan stops here */
    unsigned free_head;
    void (*release)(struct srv_conn *c);
    /* Held slots a cancel found still open: the drop did not run the
     * task's cleanup (a bug; the server reports it and exits non-zero). */
    unsigned unreleased;
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

/* The other way for a task to own its slot: a local of the task's async
 * function declared
 *     SRV_CONN_HELD struct srv_conn *held = c;
 * releases the slot on every way out of the function, whether it returns
 * or its frame is dropped (srv_conn_cancel, pn_shutdown): its cleanup
 * runs then (README, "Cancellation and cleanup"), and gives up the task's
 * handle unless a cancel took it. */
void srv_conn_held_end(struct srv_conn **held);
#define SRV_CONN_HELD __attribute__((cleanup(srv_conn_held_end)))
/* The task's first act with its slot: marks it held (`held` above). */
struct srv_conn *srv_conn_hold(struct srv_conn *c);

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
