/*
 * test_chan.c — channels: order, bounded capacity, FIFO service of
 * waiters, close, cancellation of waiting frames, many producers and
 * consumers.
 *
 * Each case runs a short script on one channel from a root frame: the
 * script spawns sender and receiver tasks, sends, receives, closes,
 * cancels and joins in the order written, and records the outcome of
 * every await.  The script runner, the sender and the receiver are
 * hand-lowered frames in the transformer's shape; the scripts are data,
 * so each case reads as the scenario it pins down.
 */
#include "io_util.h"
#include <errno.h>

#include <check.h>
#include <pthread.h>
#include <stdlib.h>

#define LOG_CAP 4096
#define MAX_TASKS 8
#define MAX_RESULTS 64

/* What one spawned sender or receiver did. */
struct chan_log {
    int64_t vals[LOG_CAP]; /* values sent or received, in order */
    size_t n;
    int rc;      /* the error that ended it, 0 if none */
    int done;    /* ran to completion */
    int dropped; /* was cancelled while waiting on the channel */
};

/* ------------------------------------------------------------------ */
/* The tasks                                                            */
/* ------------------------------------------------------------------ */

/*
 * async void chan_sender(pn_chan *c, int64_t first, size_t count, struct chan_log *log)
 * {
 *     for (size_t i = 0; i < count; i++) {
 *         int64_t v = first + (int64_t)i;
 *         int rc = await(pn_chan_send(c, &v));
 *         if (rc < 0) { log->rc = rc; break; }
 *         log->vals[log->n++] = v;
 *     }
 *     log->done = 1;
 * }
 */
struct chan_sender__frame {
    pn_future pn__hdr;
    pn_chan *c;
    int64_t first;
    size_t count;
    struct chan_log *log;
    size_t i;
    int64_t v;
    union {
        struct pn_chan_send__frame send;
    } u;
};

static void chan_sender__init(struct chan_sender__frame *f, pn_chan *c, int64_t first,
                              size_t count, struct chan_log *log)
{
    f->pn__hdr = (pn_future){0, 0};
    f->c = c;
    f->first = first;
    f->count = count;
    f->log = log;
}

static pn_poll chan_sender__poll(pn_future *self, pn_context *cx)
{
    struct chan_sender__frame *f = (struct chan_sender__frame *)self;
    pn__pin_check(self, "chan_sender");
    switch (self->pn__state) {
    case 0:
        f->i = 0;
    loop:
        if (!(f->i < f->count))
            break;
        f->v = f->first + (int64_t)f->i;
        pn_chan_send__init(&f->u.send, f->c, &f->v);
        self->pn__state = 1;
        /* fallthrough */
    case 1: {
        if (pn_chan_send__poll(&f->u.send.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        int rc = f->u.send.pn__ret;
        if (rc < 0) {
            f->log->rc = rc;
            break;
        }
        f->log->vals[f->log->n++] = f->v;
        f->i++;
        goto loop;
    }
    default:
        pn__bad_state("chan_sender", self->pn__state);
    }
    f->log->done = 1;
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void chan_sender__drop(pn_future *self)
{
    struct chan_sender__frame *f = (struct chan_sender__frame *)self;
    if (self->pn__state == 1) {
        pn_chan_send__drop(&f->u.send.pn__hdr);
        f->log->dropped = 1;
    }
}

TEST_VTABLE_VOID(chan_sender);

/*
 * async void chan_receiver(pn_chan *c, size_t max, struct chan_log *log)
 * {
 *     while (log->n < max) {
 *         int64_t v;
 *         int rc = await(pn_chan_recv(c, &v));
 *         if (rc < 0) { log->rc = rc; break; }
 *         log->vals[log->n++] = v;
 *     }
 *     log->done = 1;
 * }
 */
struct chan_receiver__frame {
    pn_future pn__hdr;
    pn_chan *c;
    size_t max;
    struct chan_log *log;
    int64_t v;
    union {
        struct pn_chan_recv__frame recv;
    } u;
};

static void chan_receiver__init(struct chan_receiver__frame *f, pn_chan *c, size_t max,
                                struct chan_log *log)
{
    f->pn__hdr = (pn_future){0, 0};
    f->c = c;
    f->max = max;
    f->log = log;
}

static pn_poll chan_receiver__poll(pn_future *self, pn_context *cx)
{
    struct chan_receiver__frame *f = (struct chan_receiver__frame *)self;
    pn__pin_check(self, "chan_receiver");
    switch (self->pn__state) {
    case 0:
    loop:
        if (!(f->log->n < f->max))
            break;
        pn_chan_recv__init(&f->u.recv, f->c, &f->v);
        self->pn__state = 1;
        /* fallthrough */
    case 1: {
        if (pn_chan_recv__poll(&f->u.recv.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        int rc = f->u.recv.pn__ret;
        if (rc < 0) {
            f->log->rc = rc;
            break;
        }
        f->log->vals[f->log->n++] = f->v;
        goto loop;
    }
    default:
        pn__bad_state("chan_receiver", self->pn__state);
    }
    f->log->done = 1;
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void chan_receiver__drop(pn_future *self)
{
    struct chan_receiver__frame *f = (struct chan_receiver__frame *)self;
    if (self->pn__state == 1) {
        pn_chan_recv__drop(&f->u.recv.pn__hdr);
        f->log->dropped = 1;
    }
}

TEST_VTABLE_VOID(chan_receiver);

/* ------------------------------------------------------------------ */
/* The script runner                                                    */
/* ------------------------------------------------------------------ */

enum op_kind {
    OP_SPAWN_SENDER,   /* slot, first value, count */
    OP_SPAWN_RECEIVER, /* slot, max elements */
    OP_YIELD,          /* await(pn_yield()) */
    OP_SEND,           /* await(pn_chan_send(c, &value)); records rc */
    OP_RECV,           /* await(pn_chan_recv(c, &v)); records rc and v */
    OP_CLOSE,          /* pn_chan_close(c) */
    OP_CANCEL,         /* pn_cancel(task of slot) */
    OP_JOIN,           /* await(pn_join(task of slot)); records rc */
    OP_COUNT,          /* records how many values slot's task has moved so far */
};

struct op {
    enum op_kind kind;
    int slot;
    int64_t value; /* OP_SEND value, OP_SPAWN_SENDER first value */
    size_t count;  /* OP_SPAWN_SENDER count, OP_SPAWN_RECEIVER max */
};

struct result {
    int rc;
    int64_t value;
};

struct script {
    pn_chan *c;
    const struct op *ops;
    size_t nops;
    pn_task *tasks[MAX_TASKS];
    struct chan_log *logs; /* MAX_TASKS of them */
    struct result results[MAX_RESULTS];
    size_t nresults;
};

/*
 * async void run_script(struct script *sc)
 * {
 *     for (size_t pc = 0; pc < sc->nops; pc++) {
 *         const struct op *op = &sc->ops[pc];
 *         switch (op->kind) {
 *         case OP_YIELD: await(pn_yield()); break;
 *         case OP_SEND:  elem = op->value; record(await(pn_chan_send(sc->c, &elem)), 0); break;
 *         case OP_RECV:  rc = await(pn_chan_recv(sc->c, &elem)); record(rc, elem); break;
 *         case OP_JOIN:  record(await(pn_join(sc->tasks[op->slot])), 0); break;
 *         ...            (the others do not await)
 *         }
 *     }
 * }
 */
struct run_script__frame {
    pn_future pn__hdr;
    struct script *sc;
    size_t pc;
    int64_t elem;
    union {
        struct pn_yield__frame yield;
        struct pn_chan_send__frame send;
        struct pn_chan_recv__frame recv;
        struct pn_join__frame join;
    } u;
};

static void run_script__init(struct run_script__frame *f, struct script *sc)
{
    f->pn__hdr = (pn_future){0, 0};
    f->sc = sc;
}

static void script_record(struct script *sc, int rc, int64_t value)
{
    ck_assert_uint_lt(sc->nresults, MAX_RESULTS);
    sc->results[sc->nresults++] = (struct result){rc, value};
}

static pn_poll run_script__poll(pn_future *self, pn_context *cx)
{
    struct run_script__frame *f = (struct run_script__frame *)self;
    struct script *sc = f->sc;
    const struct op *op;
    pn__pin_check(self, "run_script");
    switch (self->pn__state) {
    case 0:
        f->pc = 0;
    next:
        if (f->pc == sc->nops)
            break;
        op = &sc->ops[f->pc++];
        if (op->kind == OP_SPAWN_SENDER) {
            TEST_SPAWN(sc->tasks[op->slot], chan_sender, sc->c, op->value, op->count,
                       &sc->logs[op->slot]);
            goto next;
        } else if (op->kind == OP_SPAWN_RECEIVER) {
            TEST_SPAWN(sc->tasks[op->slot], chan_receiver, sc->c, op->count,
                       &sc->logs[op->slot]);
            goto next;
        } else if (op->kind == OP_CLOSE) {
            pn_chan_close(sc->c);
            goto next;
        } else if (op->kind == OP_CANCEL) {
            pn_cancel(sc->tasks[op->slot]);
            sc->tasks[op->slot] = NULL;
            goto next;
        } else if (op->kind == OP_COUNT) {
            script_record(sc, 0, (int64_t)sc->logs[op->slot].n);
            goto next;
        } else if (op->kind == OP_YIELD) {
            pn_yield__init(&f->u.yield);
            self->pn__state = 1;
            goto await_yield;
        } else if (op->kind == OP_SEND) {
            f->elem = op->value;
            pn_chan_send__init(&f->u.send, sc->c, &f->elem);
            self->pn__state = 2;
            goto await_send;
        } else if (op->kind == OP_RECV) {
            f->elem = -1;
            pn_chan_recv__init(&f->u.recv, sc->c, &f->elem);
            self->pn__state = 3;
            goto await_recv;
        } else {
            pn_join__init(&f->u.join, sc->tasks[op->slot]);
            sc->tasks[op->slot] = NULL;
            self->pn__state = 4;
            goto await_join;
        }
    case 1:
    await_yield:
        if (pn_yield__poll(&f->u.yield.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        goto next;
    case 2:
    await_send:
        if (pn_chan_send__poll(&f->u.send.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        script_record(sc, f->u.send.pn__ret, 0);
        goto next;
    case 3:
    await_recv:
        if (pn_chan_recv__poll(&f->u.recv.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        script_record(sc, f->u.recv.pn__ret, f->elem);
        goto next;
    case 4:
    await_join:
        if (pn_join__poll(&f->u.join.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        script_record(sc, f->u.join.pn__ret, 0);
        goto next;
    default:
        pn__bad_state("run_script", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void run_script__drop(pn_future *self)
{
    struct run_script__frame *f = (struct run_script__frame *)self;
    switch (self->pn__state) {
    case 1:
        pn_yield__drop(&f->u.yield.pn__hdr);
        break;
    case 2:
        pn_chan_send__drop(&f->u.send.pn__hdr);
        break;
    case 3:
        pn_chan_recv__drop(&f->u.recv.pn__hdr);
        break;
    case 4:
        pn_join__drop(&f->u.join.pn__hdr);
        break;
    }
}

TEST_VTABLE_VOID(run_script);

/* Run ops on a fresh channel; the caller checks sc and frees it with
 * script_end. */
static struct script *script_run(size_t elem_capacity, const struct op *ops, size_t nops)
{
    struct script *sc = calloc(1, sizeof *sc);
    ck_assert_ptr_nonnull(sc);
    sc->logs = calloc(MAX_TASKS, sizeof *sc->logs);
    ck_assert_ptr_nonnull(sc->logs);
    sc->c = pn_chan_new(sizeof(int64_t), elem_capacity);
    ck_assert_ptr_nonnull(sc->c);
    sc->ops = ops;
    sc->nops = nops;
    struct run_script__frame root;
    TEST_BLOCK_ON(run_script, &root, sc);
    return sc;
}

static void script_end(struct script *sc)
{
    for (int i = 0; i < MAX_TASKS; i++)
        pn_detach(sc->tasks[i]); /* tasks the script neither joined nor cancelled */
    pn_shutdown();
    pn_chan_free(sc->c);
    free(sc->logs);
    free(sc);
}

#define RUN(CAP, ...)                                                                       \
    do {                                                                                    \
        static const struct op ops_[] = {__VA_ARGS__};                                      \
        sc = script_run((CAP), ops_, sizeof ops_ / sizeof ops_[0]);                         \
    } while (0)

#define SENDER(SLOT, FIRST, COUNT) {OP_SPAWN_SENDER, (SLOT), (FIRST), (COUNT)}
#define RECEIVER(SLOT, MAX) {OP_SPAWN_RECEIVER, (SLOT), 0, (MAX)}
#define YIELD {OP_YIELD, 0, 0, 0}
#define SEND(V) {OP_SEND, 0, (V), 0}
#define RECV {OP_RECV, 0, 0, 0}
#define CLOSE {OP_CLOSE, 0, 0, 0}
#define CANCEL(SLOT) {OP_CANCEL, (SLOT), 0, 0}
#define JOIN(SLOT) {OP_JOIN, (SLOT), 0, 0}
#define COUNT(SLOT) {OP_COUNT, (SLOT), 0, 0}

static void assert_result(const struct script *sc, size_t i, int rc, int64_t value)
{
    ck_assert_uint_lt(i, sc->nresults);
    ck_assert_int_eq(sc->results[i].rc, rc);
    ck_assert_int_eq(sc->results[i].value, value);
}

/* ------------------------------------------------------------------ */
/* Cases                                                                */
/* ------------------------------------------------------------------ */

START_TEST(chan_recv_returns_elements_in_send_order)
{
    struct script *sc;
    /* 100 values through a channel of 3: the sender blocks again and
     * again, and order survives every wrap of the ring. */
    RUN(3, SENDER(0, 1000, 100), RECEIVER(1, 100), JOIN(0), JOIN(1));
    assert_result(sc, 0, 0, 0);
    assert_result(sc, 1, 0, 0);
    ck_assert_uint_eq(sc->logs[1].n, 100);
    for (int i = 0; i < 100; i++)
        ck_assert_int_eq(sc->logs[1].vals[i], 1000 + i);
    script_end(sc);
}
END_TEST

START_TEST(chan_send_blocks_while_full)
{
    struct script *sc;
    RUN(2, SENDER(0, 1, 5), YIELD, YIELD, COUNT(0), /* 2 fit, then it waits */
        RECV, YIELD, COUNT(0),                         /* one slot: one more */
        RECV, RECV, RECV, RECV, JOIN(0));
    assert_result(sc, 0, 0, 2);
    ck_assert_int_eq(sc->logs[0].done, 1);
    assert_result(sc, 1, 0, 1);
    assert_result(sc, 2, 0, 3);
    for (int i = 0; i < 4; i++)
        assert_result(sc, 3 + (size_t)i, 0, 2 + i);
    assert_result(sc, 7, 0, 0); /* join */
    script_end(sc);
}
END_TEST

START_TEST(chan_waiting_receivers_are_served_in_fifo_order)
{
    struct script *sc;
    RUN(4, RECEIVER(0, 1), RECEIVER(1, 1), RECEIVER(2, 1), YIELD, /* all three wait */
        SEND(10), SEND(20), SEND(30), JOIN(0), JOIN(1), JOIN(2));
    ck_assert_int_eq(sc->logs[0].vals[0], 10);
    ck_assert_int_eq(sc->logs[1].vals[0], 20);
    ck_assert_int_eq(sc->logs[2].vals[0], 30);
    script_end(sc);
}
END_TEST

START_TEST(chan_woken_receiver_keeps_its_element_against_later_receivers)
{
    struct script *sc;
    /* Receiver 0 waits; 10 is sent and promised to it.  The script's own
     * receive comes later, though it polls before receiver 0 runs: it
     * must not take 10, and gets 20 from the sender spawned after. */
    RUN(4, RECEIVER(0, 1), YIELD, SEND(10), SENDER(1, 20, 1), RECV, JOIN(0), JOIN(1));
    ck_assert_int_eq(sc->logs[0].vals[0], 10);
    assert_result(sc, 1, 0, 20);
    script_end(sc);
}
END_TEST

START_TEST(chan_waiting_senders_are_served_in_fifo_order)
{
    struct script *sc;
    RUN(1, SEND(0), SENDER(0, 1, 1), SENDER(1, 2, 1), SENDER(2, 3, 1), YIELD, /* all wait */
        RECV, RECV, RECV, RECV, JOIN(0), JOIN(1), JOIN(2));
    for (int i = 0; i < 4; i++)
        assert_result(sc, 1 + (size_t)i, 0, i);
    script_end(sc);
}
END_TEST

START_TEST(chan_close_wakes_waiting_receivers_with_epipe)
{
    struct script *sc;
    RUN(2, RECEIVER(0, 1), RECEIVER(1, 1), RECEIVER(2, 1), YIELD, CLOSE, JOIN(0), JOIN(1),
        JOIN(2), RECV);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(sc->logs[i].rc, -EPIPE);
        ck_assert_uint_eq(sc->logs[i].n, 0);
        ck_assert_int_eq(sc->logs[i].done, 1);
        assert_result(sc, (size_t)i, 0, 0); /* the joins */
    }
    assert_result(sc, 3, -EPIPE, -1);
    script_end(sc);
}
END_TEST

START_TEST(chan_close_wakes_waiting_senders_with_epipe)
{
    struct script *sc;
    RUN(1, SEND(7), SENDER(0, 1, 1), SENDER(1, 2, 1), SENDER(2, 3, 1), YIELD, CLOSE,
        JOIN(0), JOIN(1), JOIN(2), SEND(8), RECV, RECV);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(sc->logs[i].rc, -EPIPE);
        ck_assert_uint_eq(sc->logs[i].n, 0);
        ck_assert_int_eq(sc->logs[i].done, 1);
    }
    assert_result(sc, 4, -EPIPE, 0); /* send after close */
    assert_result(sc, 5, 0, 7);      /* what was buffered still comes out */
    assert_result(sc, 6, -EPIPE, -1);
    script_end(sc);
}
END_TEST

START_TEST(chan_recv_drains_buffer_after_close)
{
    struct script *sc;
    RUN(4, SEND(1), SEND(2), SEND(3), CLOSE, RECV, RECV, RECV, RECV, RECV);
    assert_result(sc, 3, 0, 1);
    assert_result(sc, 4, 0, 2);
    assert_result(sc, 5, 0, 3);
    assert_result(sc, 6, -EPIPE, -1);
    assert_result(sc, 7, -EPIPE, -1);
    script_end(sc);
}
END_TEST

START_TEST(chan_dropped_waiting_receiver_unlinks_its_wait)
{
    struct script *sc;
    /* Receiver 0's frame is freed while it is queued; a later send must
     * go to receiver 1 without touching it. */
    RUN(2, RECEIVER(0, 1), YIELD, CANCEL(0), RECEIVER(1, 1), YIELD, SEND(5), JOIN(1));
    ck_assert_int_eq(sc->logs[0].dropped, 1);
    ck_assert_int_eq(sc->logs[0].done, 0);
    ck_assert_uint_eq(sc->logs[1].n, 1);
    ck_assert_int_eq(sc->logs[1].vals[0], 5);
    script_end(sc);
}
END_TEST

START_TEST(chan_dropped_notified_receiver_passes_its_element_on)
{
    struct script *sc;
    /* 5 is promised to receiver 0, which is cancelled before it runs. */
    RUN(2, RECEIVER(0, 1), RECEIVER(1, 1), YIELD, SEND(5), CANCEL(0), JOIN(1), CLOSE, RECV);
    ck_assert_int_eq(sc->logs[0].dropped, 1);
    ck_assert_uint_eq(sc->logs[0].n, 0);
    ck_assert_uint_eq(sc->logs[1].n, 1);
    ck_assert_int_eq(sc->logs[1].vals[0], 5);
    assert_result(sc, 2, -EPIPE, -1); /* passed on, not duplicated */
    script_end(sc);
}
END_TEST

START_TEST(chan_dropped_notified_sender_passes_its_slot_on)
{
    struct script *sc;
    /* The slot freed by the receive is promised to sender 0, which is
     * cancelled before it runs: sender 1 gets it. */
    RUN(1, SEND(0), SENDER(0, 1, 1), SENDER(1, 2, 1), YIELD, RECV, CANCEL(0), JOIN(1), RECV);
    ck_assert_int_eq(sc->logs[0].dropped, 1);
    ck_assert_uint_eq(sc->logs[0].n, 0);
    ck_assert_int_eq(sc->logs[1].done, 1);
    assert_result(sc, 1, 0, 0);
    assert_result(sc, 2, 0, 0); /* join */
    assert_result(sc, 3, 0, 2);
    script_end(sc);
}
END_TEST

START_TEST(chan_many_producers_many_consumers)
{
    enum { PRODUCERS = 4, CONSUMERS = 3, PER = 500 };
    struct script *sc;
    RUN(3, RECEIVER(4, LOG_CAP), RECEIVER(5, LOG_CAP), RECEIVER(6, LOG_CAP),
        SENDER(0, 0 * 100000, PER), SENDER(1, 1 * 100000, PER), SENDER(2, 2 * 100000, PER),
        SENDER(3, 3 * 100000, PER), JOIN(0), JOIN(1), JOIN(2), JOIN(3), CLOSE, JOIN(4),
        JOIN(5), JOIN(6));
    for (int p = 0; p < PRODUCERS; p++) {
        ck_assert_uint_eq(sc->logs[p].n, PER);
        ck_assert_int_eq(sc->logs[p].rc, 0);
    }
    static unsigned char seen[PRODUCERS][PER];
    memset(seen, 0, sizeof seen);
    size_t total = 0;
    int busy = 0;
    for (int k = 4; k < 4 + CONSUMERS; k++) {
        const struct chan_log *log = &sc->logs[k];
        ck_assert_int_eq(log->rc, -EPIPE); /* ended by the close */
        busy += log->n > 0;
        int64_t last[PRODUCERS] = {-1, -1, -1, -1};
        for (size_t i = 0; i < log->n; i++) {
            int p = (int)(log->vals[i] / 100000), seq = (int)(log->vals[i] % 100000);
            ck_assert(p >= 0 && p < PRODUCERS && seq < PER);
            ck_assert_int_eq(seen[p][seq], 0); /* exactly once */
            seen[p][seq] = 1;
            ck_assert_int_gt(seq, last[p]); /* one producer's values stay in order */
            last[p] = seq;
        }
        total += log->n;
    }
    ck_assert_uint_eq(total, PRODUCERS * PER);
    ck_assert_int_gt(busy, 1); /* the work really was shared */
    script_end(sc);
}
END_TEST

START_TEST(chan_new_rejects_zero_sizes)
{
    ck_assert_ptr_null(pn_chan_new(0, 4));
    ck_assert_ptr_null(pn_chan_new(8, 0));
    ck_assert_ptr_null(pn_chan_new(SIZE_MAX / 2, 4)); /* size overflows */
    pn_chan *c = pn_chan_new(1, 1);
    ck_assert_ptr_nonnull(c);
    pn_chan_free(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* A channel used from another thread's runtime                         */
/* ------------------------------------------------------------------ */

struct chan_user {
    pn_chan *c;
    int which; /* 0: send, 1: recv, 2: close */
    int rc, v;
};

static void *chan_user_main(void *arg)
{
    struct chan_user *u = arg;
    u->v = 7;
    if (u->which == 0) {
        struct pn_chan_send__frame f;
        TEST_BLOCK_ON(pn_chan_send, &f, u->c, &u->v);
        u->rc = f.pn__ret;
    } else if (u->which == 1) {
        struct pn_chan_recv__frame f;
        TEST_BLOCK_ON(pn_chan_recv, &f, u->c, &u->v);
        u->rc = f.pn__ret;
    } else {
        pn_chan_close(u->c);
    }
    pn_shutdown();
    return NULL;
}

/* Channels are thread-safe: another thread's runtime sends, receives and
 * closes a channel this thread created and uses. */
START_TEST(chan_used_from_another_thread_works)
{
    for (int which = 0; which < 3; which++) {
        struct chan_user u = {pn_chan_new(sizeof(int), 4), which, -1, 0};
        int one = 1;
        struct pn_chan_send__frame f;
        TEST_BLOCK_ON(pn_chan_send, &f, u.c, &one); /* one element, for the receive */
        pthread_t th;
        ck_assert_int_eq(pthread_create(&th, NULL, chan_user_main, &u), 0);
        ck_assert_int_eq(pthread_join(th, NULL), 0);
        int got = 0;
        if (which == 0) {
            ck_assert_int_eq(u.rc, 0);
            ck_assert_int_eq(pn_chan_try_recv(u.c, &got), 0);
            ck_assert_int_eq(got, 1);
            ck_assert_int_eq(pn_chan_try_recv(u.c, &got), 0);
            ck_assert_int_eq(got, 7);
        } else if (which == 1) {
            ck_assert_int_eq(u.rc, 0);
            ck_assert_int_eq(u.v, 1);
            ck_assert_int_eq(pn_chan_try_recv(u.c, &got), -EAGAIN);
        } else {
            ck_assert_int_eq(pn_chan_try_send(u.c, &one), -EPIPE);
            ck_assert_int_eq(pn_chan_try_recv(u.c, &got), 0);
            ck_assert_int_eq(pn_chan_try_recv(u.c, &got), -EPIPE);
        }
        pn_chan_free(u.c);
    }
}
END_TEST

/* The non-blocking pair: full, empty, and a slot promised to a waiter. */
START_TEST(chan_try_send_and_try_recv)
{
    pn_chan *c = pn_chan_new(sizeof(int), 1);
    int v = 5, got = 0;
    ck_assert_int_eq(pn_chan_try_recv(c, &got), -EAGAIN);
    ck_assert_int_eq(pn_chan_try_send(c, &v), 0);
    ck_assert_int_eq(pn_chan_try_send(c, &v), -EAGAIN);
    ck_assert_int_eq(pn_chan_try_recv(c, &got), 0);
    ck_assert_int_eq(got, 5);
    pn_chan_close(c);
    ck_assert_int_eq(pn_chan_try_send(c, &v), -EPIPE);
    ck_assert_int_eq(pn_chan_try_recv(c, &got), -EPIPE);
    pn_chan_free(c);
}
END_TEST

Suite *make_suite(void)
{
    Suite *s = suite_create("chan");
    TEST_ADD(s, chan_recv_returns_elements_in_send_order);
    TEST_ADD(s, chan_send_blocks_while_full);
    TEST_ADD(s, chan_waiting_receivers_are_served_in_fifo_order);
    TEST_ADD(s, chan_woken_receiver_keeps_its_element_against_later_receivers);
    TEST_ADD(s, chan_waiting_senders_are_served_in_fifo_order);
    TEST_ADD(s, chan_close_wakes_waiting_receivers_with_epipe);
    TEST_ADD(s, chan_close_wakes_waiting_senders_with_epipe);
    TEST_ADD(s, chan_recv_drains_buffer_after_close);
    TEST_ADD(s, chan_dropped_waiting_receiver_unlinks_its_wait);
    TEST_ADD(s, chan_dropped_notified_receiver_passes_its_element_on);
    TEST_ADD(s, chan_dropped_notified_sender_passes_its_slot_on);
    TEST_ADD(s, chan_many_producers_many_consumers);
    TEST_ADD(s, chan_new_rejects_zero_sizes);
    TEST_ADD(s, chan_used_from_another_thread_works);
    TEST_ADD(s, chan_try_send_and_try_recv);
    return s;
}
