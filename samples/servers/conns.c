/*
 * conns.c — the connection table of conns.h.
 *
 * Slots live in one array with a free list threaded through it, so
 * opening and releasing are O(1), and the shutdown scan touches only the
 * slots up to the highest ever used.
 */
#include "conns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NO_SLOT UINT32_MAX

static struct srv_conn *slot(struct srv_conns *t, unsigned i)
{
    return (struct srv_conn *)(t->slots + (size_t)i * t->elem_size);
}

static unsigned index_of(struct srv_conns *t, struct srv_conn *c)
{
    return (unsigned)(((char *)c - t->slots) / t->elem_size);
}

int srv_conns_init(struct srv_conns *t, unsigned cap, size_t elem_size,
                   void (*release)(struct srv_conn *c))
{
    memset(t, 0, sizeof *t);
    if (cap == 0 || elem_size < sizeof(struct srv_conn))
        return -1;
    /* Keep every slot aligned like its first member. */
    elem_size = (elem_size + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1);
    t->slots = calloc(cap, elem_size);
    if (t->slots == NULL)
        return -1;
    t->elem_size = elem_size;
    t->cap = cap;
    t->release = release;
    t->free_head = NO_SLOT;
    return 0;
}

struct srv_conn *srv_conns_open(struct srv_conns *t, int fd)
{
    unsigned i;
    if (t->free_head != NO_SLOT) {
        i = t->free_head;
        t->free_head = slot(t, i)->next_free;
    } else if (t->high < t->cap) {
        i = t->high++;
    } else {
        return NULL;
    }
    struct srv_conn *c = slot(t, i);
    memset(c, 0, t->elem_size);
    c->fd = fd;
    c->next_free = NO_SLOT;
    c->table = t;
    t->live++;
    return c;
}

static void release_slot(struct srv_conns *t, struct srv_conn *c)
{
    if (t->release != NULL)
        t->release(c);
    close(c->fd);
    c->fd = -1;
    c->task = NULL;
    c->idle = 0;
    c->cancelling = 0;
    c->held = 0;
    c->next_free = t->free_head;
    t->free_head = index_of(t, c);
    t->live--;
}

void srv_conn_finish(struct srv_conns *t, struct srv_conn *c)
{
    pn_task *self = c->task;
    release_slot(t, c);
    /* Giving up our own handle is fine mid-poll: the runtime holds the
     * task until this poll returns. */
    pn_detach(self);
}

struct srv_conn *srv_conn_hold(struct srv_conn *c)
{
    c->held = 1;
    return c;
}

void srv_conn_held_end(struct srv_conn **held)
{
    struct srv_conn *c = *held;
    if (c == NULL || c->fd < 0)
        return;
    pn_task *self = c->task;
    int cancelled = c->cancelling;
    release_slot(c->table, c);
    /* A cancel gives up the handle itself; a task that returns gives up
     * its own (fine mid-poll: the runtime holds the task until the poll
     * returns). */
    if (!cancelled)
        pn_detach(self);
}

void srv_conn_cancel(struct srv_conns *t, struct srv_conn *c)
{
    /* Dropping the frame releases the slot through its SRV_CONN_HELD
     * local, after the I/O it waits on is unregistered (a child is
     * dropped before its parent's cleanups run), so the fd is closed only
     * once nothing waits on it. */
    c->cancelling = 1;
    pn_cancel(c->task);
    c->task = NULL;
    if (c->fd >= 0) {
        /* A task not polled yet, or one that holds no slot. */
        if (c->held) {
            fprintf(stderr, "srv_conns: a dropped task did not release its connection\n");
            t->unreleased++;
        }
        release_slot(t, c);
    }
}

struct srv_conn *srv_conns_at(struct srv_conns *t, unsigned i)
{
    struct srv_conn *c = slot(t, i);
    return c->fd >= 0 ? c : NULL;
}

unsigned srv_conns_cancel_idle(struct srv_conns *t, int all)
{
    unsigned n = 0;
    for (unsigned i = 0; i < t->high; i++) {
        struct srv_conn *c = slot(t, i);
        if (c->fd >= 0 && (all || c->idle)) {
            srv_conn_cancel(t, c);
            n++;
        }
    }
    return n;
}

void srv_conns_fini(struct srv_conns *t)
{
    if (t->slots == NULL)
        return;
    srv_conns_cancel_idle(t, 1);
    free(t->slots);
    t->slots = NULL;
}
