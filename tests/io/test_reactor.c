/*
 * test_reactor.c — the epoll reactor behind the fd leaves: a reader and a
 * writer waiting on one fd, a wait that asks epoll for its own direction
 * only, readiness waits, cancellation that releases fd interest (so the
 * reactor never touches a dropped frame, even when its fd number is
 * reused), and a wake from another thread while the loop sleeps in epoll.
 */
#include "io_frames.h"

#include "internal.h" /* pn__reactor_pending: what the reactor still holds */
#include "reactor.h"  /* its epoll instance */

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <time.h>

/* ------------------------------------------------------------------ */
/* Several waits on one fd                                              */
/* ------------------------------------------------------------------ */

/*
 * async void drain_and_answer(int peer, int *drained)
 * {
 *     await(pn_yield());
 *     while ((k = read(peer, junk, sizeof junk)) > 0) *drained += k;  -- room
 *     write(peer, "ans", 3);                                          -- input
 * }
 */
struct drain_and_answer__frame {
    pn_future pn__hdr;
    int peer;
    int *drained;
    union {
        struct pn_yield__frame yield;
    } u;
};

static void drain_and_answer__init(struct drain_and_answer__frame *f, int peer, int *drained)
{
    f->pn__hdr = (pn_future){0, 0};
    f->peer = peer;
    f->drained = drained;
}

static pn_poll drain_and_answer__poll(pn_future *self, pn_context *cx)
{
    struct drain_and_answer__frame *f = (struct drain_and_answer__frame *)self;
    pn__pin_check(self, "drain_and_answer");
    switch (self->pn__state) {
    case 0:
        pn_yield__init(&f->u.yield);
        self->pn__state = 1;
        /* fallthrough */
    case 1: {
        if (pn_yield__poll(&f->u.yield.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        char junk[4096];
        ssize_t k;
        while ((k = read(f->peer, junk, sizeof junk)) > 0)
            *f->drained += (int)k;
        ck_assert_int_eq(write(f->peer, "ans", 3), 3);
        break;
    }
    default:
        pn__bad_state("drain_and_answer", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void drain_and_answer__drop(pn_future *self)
{
    struct drain_and_answer__frame *f = (struct drain_and_answer__frame *)self;
    if (self->pn__state == 1)
        pn_yield__drop(&f->u.yield.pn__hdr);
}

TEST_VTABLE_VOID(drain_and_answer);

/*
 * async void both_ways(int fd, int peer, struct both_ways_result *res)
 * {
 *     while (send(fd, big, sizeof big, MSG_NOSIGNAL) > 0) {}   -- fill fd
 *     pn_task *r = pn_spawn(read_once(fd, ...));       -- waits for input on fd
 *     pn_task *p = pn_spawn(drain_and_answer(peer, ...));
 *     res->write_rc = await(pn_write(fd, big, sizeof big)); -- waits for room on fd
 *     res->join_r = await(pn_join(r));
 *     res->join_p = await(pn_join(p));
 * }
 */
struct both_ways_result {
    int read_finished;
    ssize_t read_rc;
    char read_buf[8];
    int write_waited;
    ssize_t write_rc;
    int drained;
    int join_r, join_p;
};

struct both_ways__frame {
    pn_future pn__hdr;
    int fd, peer;
    struct both_ways_result *res;
    pn_task *r, *p;
    char big[1024];
    union {
        struct pn_write__frame write;
        struct pn_join__frame join;
    } u;
};

static void both_ways__init(struct both_ways__frame *f, int fd, int peer,
                            struct both_ways_result *res)
{
    f->pn__hdr = (pn_future){0, 0};
    f->fd = fd;
    f->peer = peer;
    f->res = res;
    memset(f->big, 'b', sizeof f->big);
}

static pn_poll both_ways__poll(pn_future *self, pn_context *cx)
{
    struct both_ways__frame *f = (struct both_ways__frame *)self;
    struct both_ways_result *res = f->res;
    pn__pin_check(self, "both_ways");
    switch (self->pn__state) {
    case 0:
        while (send(f->fd, f->big, sizeof f->big, MSG_NOSIGNAL) > 0)
            continue;
        ck_assert_int_eq(errno, EAGAIN);
        TEST_SPAWN(f->r, read_once, f->fd, res->read_buf, sizeof res->read_buf,
                   &res->read_finished, &res->read_rc);
        TEST_SPAWN(f->p, drain_and_answer, f->peer, &res->drained);
        pn_write__init(&f->u.write, f->fd, f->big, sizeof f->big);
        self->pn__state = 1;
        /* fallthrough */
    case 1:
        if (pn_write__poll(&f->u.write.pn__hdr, cx) == PN_PENDING) {
            res->write_waited = 1;
            return PN_PENDING;
        }
        res->write_rc = f->u.write.pn__ret;
        pn_join__init(&f->u.join, f->r);
        self->pn__state = 2;
        /* fallthrough */
    case 2:
        if (pn_join__poll(&f->u.join.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        res->join_r = f->u.join.pn__ret;
        pn_join__init(&f->u.join, f->p);
        self->pn__state = 3;
        /* fallthrough */
    case 3:
        if (pn_join__poll(&f->u.join.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        res->join_p = f->u.join.pn__ret;
        break;
    default:
        pn__bad_state("both_ways", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void both_ways__drop(pn_future *self)
{
    struct both_ways__frame *f = (struct both_ways__frame *)self;
    if (self->pn__state == 1)
        pn_write__drop(&f->u.write.pn__hdr);
    else if (self->pn__state == 2 || self->pn__state == 3)
        pn_join__drop(&f->u.join.pn__hdr);
}

TEST_VTABLE_VOID(both_ways);

START_TEST(reader_and_writer_wait_on_one_fd)
{
    int sv[2];
    test_socketpair(sv, 1);
    struct both_ways_result res;
    memset(&res, 0, sizeof res);
    res.join_r = res.join_p = -1;
    struct both_ways__frame root;
    TEST_BLOCK_ON(both_ways, &root, sv[0], sv[1], &res);

    ck_assert_int_eq(res.write_waited, 1);
    ck_assert_int_gt(res.write_rc, 0);
    ck_assert_int_gt(res.drained, 0);
    ck_assert_int_eq(res.read_finished, 1);
    ck_assert_int_eq(res.read_rc, 3);
    ck_assert(memcmp(res.read_buf, "ans", 3) == 0);
    ck_assert_int_eq(res.join_r, 0);
    ck_assert_int_eq(res.join_p, 0);
    close(sv[0]);
    close(sv[1]);
    pn_shutdown();
}
END_TEST

/*
 * async void await_readable(int fd, int peer, int *rc, int *waited)
 * {
 *     pn_detach(pn_spawn(write_later(peer, "!", 1, 0, &wrc)));
 *     *rc = await(pn_wait_readable(fd));
 * }
 */
struct await_readable__frame {
    pn_future pn__hdr;
    int fd, peer;
    int *rc, *waited;
    ssize_t wrc;
    union {
        struct pn_wait_readable__frame readable;
    } u;
};

static void await_readable__init(struct await_readable__frame *f, int fd, int peer, int *rc,
                                 int *waited)
{
    f->pn__hdr = (pn_future){0, 0};
    f->fd = fd;
    f->peer = peer;
    f->rc = rc;
    f->waited = waited;
}

static pn_poll await_readable__poll(pn_future *self, pn_context *cx)
{
    struct await_readable__frame *f = (struct await_readable__frame *)self;
    pn__pin_check(self, "await_readable");
    switch (self->pn__state) {
    case 0:
        TEST_SPAWN_DETACHED(write_later, f->peer, "!", 1, 0, &f->wrc);
        pn_wait_readable__init(&f->u.readable, f->fd);
        self->pn__state = 1;
        /* fallthrough */
    case 1:
        if (pn_wait_readable__poll(&f->u.readable.pn__hdr, cx) == PN_PENDING) {
            *f->waited = 1;
            return PN_PENDING;
        }
        *f->rc = f->u.readable.pn__ret;
        break;
    default:
        pn__bad_state("await_readable", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void await_readable__drop(pn_future *self)
{
    struct await_readable__frame *f = (struct await_readable__frame *)self;
    if (self->pn__state == 1)
        pn_wait_readable__drop(&f->u.readable.pn__hdr);
}

TEST_VTABLE_VOID(await_readable);

START_TEST(wait_readable_wakes_when_data_arrives)
{
    int sv[2];
    test_socketpair(sv, 0);
    int rc = -1, waited = 0;
    struct await_readable__frame root;
    TEST_BLOCK_ON(await_readable, &root, sv[0], sv[1], &rc, &waited);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(waited, 1);
    char c = 0;
    ck_assert_int_eq(read(sv[0], &c, 1), 1); /* readiness only: the byte is still there */
    ck_assert_int_eq(c, '!');

    /* A socket with room is writable at once. */
    struct pn_wait_writable__frame ww;
    TEST_BLOCK_ON(pn_wait_writable, &ww, sv[0]);
    ck_assert_int_eq(ww.pn__ret, 0);
    close(sv[0]);
    close(sv[1]);
    pn_shutdown();
}
END_TEST

/* ------------------------------------------------------------------ */
/* Cancellation releases the fd interest                               */
/* ------------------------------------------------------------------ */

static size_t reactor_waits(void)
{
    return pn__reactor_pending(pn__rt_reactor(pn__rt_current()));
}

/*
 * async void cancel_then_reuse(struct cancel_result *res)
 * {
 *     socketpair(sv);
 *     pn_task *t = pn_spawn(read_once(sv[0], ...));
 *     await(pn_yield());              -- t runs and waits in pn_read
 *     pn_cancel(t);                   -- its frame is dropped and freed
 *     close(sv[0]); close(sv[1]);
 *     socketpair(sv2);                -- the same fd numbers again
 *     pn_detach(pn_spawn(write_later(sv2[1], "ping", 4, 0, &wrc)));
 *     res->rc = await(pn_read(sv2[0], res->buf, sizeof res->buf));
 * }
 */
struct cancel_result {
    int first[2], second[2];
    int victim_state; /* 0 never finished, 1 finished, -1 dropped while reading */
    size_t waits_before_cancel, waits_after_cancel;
    ssize_t victim_rc;
    char victim_buf[8];
    ssize_t wrc;
    ssize_t rc;
    int waited;
    char buf[8];
};

struct cancel_then_reuse__frame {
    pn_future pn__hdr;
    struct cancel_result *res;
    pn_task *t;
    union {
        struct pn_yield__frame yield;
        struct pn_read__frame read;
    } u;
};

static void cancel_then_reuse__init(struct cancel_then_reuse__frame *f, struct cancel_result *res)
{
    f->pn__hdr = (pn_future){0, 0};
    f->res = res;
}

static pn_poll cancel_then_reuse__poll(pn_future *self, pn_context *cx)
{
    struct cancel_then_reuse__frame *f = (struct cancel_then_reuse__frame *)self;
    struct cancel_result *res = f->res;
    pn__pin_check(self, "cancel_then_reuse");
    switch (self->pn__state) {
    case 0:
        test_socketpair(res->first, 0);
        TEST_SPAWN(f->t, read_once, res->first[0], res->victim_buf, sizeof res->victim_buf,
                   &res->victim_state, &res->victim_rc);
        pn_yield__init(&f->u.yield);
        self->pn__state = 1;
        /* fallthrough */
    case 1:
        if (pn_yield__poll(&f->u.yield.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        res->waits_before_cancel = reactor_waits();
        pn_cancel(f->t);
        res->waits_after_cancel = reactor_waits();
        close(res->first[0]);
        close(res->first[1]);
        test_socketpair(res->second, 0);
        TEST_SPAWN_DETACHED(write_later, res->second[1], "ping", 4, 0, &res->wrc);
        pn_read__init(&f->u.read, res->second[0], res->buf, sizeof res->buf);
        self->pn__state = 2;
        /* fallthrough */
    case 2:
        if (pn_read__poll(&f->u.read.pn__hdr, cx) == PN_PENDING) {
            res->waited = 1;
            return PN_PENDING;
        }
        res->rc = f->u.read.pn__ret;
        break;
    default:
        pn__bad_state("cancel_then_reuse", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void cancel_then_reuse__drop(pn_future *self)
{
    struct cancel_then_reuse__frame *f = (struct cancel_then_reuse__frame *)self;
    if (self->pn__state == 1)
        pn_yield__drop(&f->u.yield.pn__hdr);
    else if (self->pn__state == 2)
        pn_read__drop(&f->u.read.pn__hdr);
}

TEST_VTABLE_VOID(cancel_then_reuse);

START_TEST(cancelled_read_task_releases_fd_interest)
{
    struct cancel_result res;
    memset(&res, 0, sizeof res);
    res.rc = -12345;
    struct cancel_then_reuse__frame root;
    TEST_BLOCK_ON(cancel_then_reuse, &root, &res);

    ck_assert_int_eq(res.victim_state, -1); /* dropped inside pn_read */
    ck_assert_uint_eq(res.waits_before_cancel, 1);
    ck_assert_uint_eq(res.waits_after_cancel, 0);
    /* The new pair really reuses the numbers the cancelled wait was on,
     * so a stale registration would have been fired by the new data. */
    ck_assert(res.second[0] == res.first[0] || res.second[0] == res.first[1]);
    ck_assert_int_eq(res.wrc, 4);
    ck_assert_int_eq(res.waited, 1);
    ck_assert_int_eq(res.rc, 4);
    ck_assert(memcmp(res.buf, "ping", 4) == 0);
    close(res.second[0]);
    close(res.second[1]);
    pn_shutdown();
}
END_TEST

/*
 * A wait asks epoll for its own direction only.  A socket is nearly
 * always writable; a wait for reading that also registered for EPOLLOUT
 * made epoll queue the fd at once, so the loop's next epoll_wait came
 * back for nothing (once per request on a keep-alive connection).
 *
 * async void read_waits_quietly(int fd, struct quiet_result *res)
 * {
 *     -- pn_read(fd, ...) polled once: nothing to read, it waits
 *     res->events = epoll_wait(<this runtime's epoll>, ..., 0);
 *     -- the read is dropped
 * }
 */
struct quiet_result {
    int pending;
    int events;
    uint32_t what;
};

struct read_waits_quietly__frame {
    pn_future pn__hdr;
    int fd;
    struct quiet_result *res;
    char buf[8];
    struct pn_read__frame read;
};

static void read_waits_quietly__init(struct read_waits_quietly__frame *f, int fd,
                                     struct quiet_result *res)
{
    f->pn__hdr = (pn_future){0, 0};
    f->fd = fd;
    f->res = res;
}

static pn_poll read_waits_quietly__poll(pn_future *self, pn_context *cx)
{
    struct read_waits_quietly__frame *f = (struct read_waits_quietly__frame *)self;
    pn__pin_check(self, "read_waits_quietly");
    pn_read__init(&f->read, f->fd, f->buf, sizeof f->buf);
    f->res->pending = pn_read__poll(&f->read.pn__hdr, cx) == PN_PENDING;
    struct epoll_event ev[4];
    f->res->events = epoll_wait(pn__rt_reactor(pn__rt_current())->epfd, ev, 4, 0);
    if (f->res->events > 0)
        f->res->what = ev[0].events;
    pn_read__drop(&f->read.pn__hdr);
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void read_waits_quietly__drop(pn_future *self)
{
    (void)self;
}

TEST_VTABLE_VOID(read_waits_quietly);

START_TEST(read_wait_on_a_writable_socket_wakes_nothing)
{
    int sv[2];
    test_socketpair(sv, 1);
    struct quiet_result res = {.pending = -1, .events = -1};
    struct read_waits_quietly__frame root;
    TEST_BLOCK_ON(read_waits_quietly, &root, sv[0], &res);
    ck_assert_int_eq(res.pending, 1);
    ck_assert_msg(res.events == 0, "epoll_wait returned %d event(s), the first 0x%x", res.events,
                  (unsigned)res.what);
    close(sv[0]);
    close(sv[1]);
    pn_shutdown();
}
END_TEST

/*
 * What a race or a timeout does to its losing child: the child pn_read
 * frame is dropped while it waits, and its storage is reused at once for
 * the next child.  The reactor must never write into that storage again,
 * even when the fd it waited on becomes readable.
 *
 * async void drop_then_reuse(int fd, int peer, int other, int other_peer,
 *                             struct drop_reuse_result *res)
 * {
 *     -- pn_read(fd, ...) polled once and dropped, as a race drops a loser
 *     write(peer, "boo", 3);                        -- fd becomes readable
 *     pn_detach(pn_spawn(write_later(other_peer, "ok", 2, 0, &res->wrc)));
 *     res->rc = await(pn_read(other, res->buf, sizeof res->buf));
 * }
 */
struct drop_reuse_result {
    int first_pending;
    size_t waits_after_drop;
    int storage_intact;
    ssize_t wrc;
    ssize_t rc;
    char buf[8];
};

struct drop_then_reuse__frame {
    pn_future pn__hdr;
    int fd, peer, other, other_peer;
    struct drop_reuse_result *res;
    char first_buf[8];
    union {
        struct pn_read__frame read;
        unsigned char raw[sizeof(struct pn_read__frame)];
    } u;
    /* The second child lives apart so u can carry a witness pattern. */
    struct pn_read__frame second;
};

static void drop_then_reuse__init(struct drop_then_reuse__frame *f, int fd, int peer, int other,
                                  int other_peer, struct drop_reuse_result *res)
{
    f->pn__hdr = (pn_future){0, 0};
    f->fd = fd;
    f->peer = peer;
    f->other = other;
    f->other_peer = other_peer;
    f->res = res;
}

static int raw_is(const unsigned char *p, size_t n, unsigned char v)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != v)
            return 0;
    return 1;
}

static pn_poll drop_then_reuse__poll(pn_future *self, pn_context *cx)
{
    struct drop_then_reuse__frame *f = (struct drop_then_reuse__frame *)self;
    struct drop_reuse_result *res = f->res;
    pn__pin_check(self, "drop_then_reuse");
    switch (self->pn__state) {
    case 0:
        pn_read__init(&f->u.read, f->fd, f->first_buf, sizeof f->first_buf);
        res->first_pending = pn_read__poll(&f->u.read.pn__hdr, cx) == PN_PENDING;
        pn_read__drop(&f->u.read.pn__hdr);
        res->waits_after_drop = reactor_waits();
        memset(f->u.raw, 0xA5, sizeof f->u.raw);
        /* Now make the dropped wait's fd ready, and the other one later. */
        ck_assert_int_eq(write(f->peer, "boo", 3), 3);
        TEST_SPAWN_DETACHED(write_later, f->other_peer, "ok", 2, 0, &res->wrc);
        pn_read__init(&f->second, f->other, res->buf, sizeof res->buf);
        self->pn__state = 1;
        /* fallthrough */
    case 1:
        if (pn_read__poll(&f->second.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        res->rc = f->second.pn__ret;
        res->storage_intact = raw_is(f->u.raw, sizeof f->u.raw, 0xA5);
        break;
    default:
        pn__bad_state("drop_then_reuse", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void drop_then_reuse__drop(pn_future *self)
{
    struct drop_then_reuse__frame *f = (struct drop_then_reuse__frame *)self;
    if (self->pn__state == 1)
        pn_read__drop(&f->second.pn__hdr);
}

TEST_VTABLE_VOID(drop_then_reuse);

START_TEST(dropped_read_frame_is_never_touched_again)
{
    int a[2], b[2];
    test_socketpair(a, 0);
    test_socketpair(b, 0);
    struct drop_reuse_result res;
    memset(&res, 0, sizeof res);
    struct drop_then_reuse__frame root;
    TEST_BLOCK_ON(drop_then_reuse, &root, a[0], a[1], b[0], b[1], &res);

    ck_assert_int_eq(res.first_pending, 1);
    ck_assert_uint_eq(res.waits_after_drop, 0);
    ck_assert_int_eq(res.rc, 2);
    ck_assert(memcmp(res.buf, "ok", 2) == 0);
    ck_assert_int_eq(res.storage_intact, 1);
    /* The data the dropped read waited for is still unread. */
    char got[4] = {0};
    ck_assert_int_eq(read(a[0], got, sizeof got), 3);
    ck_assert(memcmp(got, "boo", 3) == 0);
    close(a[0]);
    close(a[1]);
    close(b[0]);
    close(b[1]);
    pn_shutdown();
}
END_TEST

/* ------------------------------------------------------------------ */
/* Cross-thread wake while the loop sleeps in epoll                     */
/* ------------------------------------------------------------------ */

/* A hand-written leaf completed by another thread: the first poll starts
 * a thread that waits until the loop's thread is blocked in epoll, then
 * completes the leaf and wakes the task from outside the runtime. */
struct remote_signal {
    pthread_mutex_t lock;
    int done;
    int saw_loop_in_epoll;
    pn_waker *waker;
    pid_t loop_tid;
};

struct remote_done__frame {
    pn_future pn__hdr;
    int pn__ret;
    struct remote_signal *sig;
    pthread_t thread;
};

/* Is thread tid of this process blocked in one of the epoll wait calls? */
static int thread_in_epoll_wait(pid_t tid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/syscall", (int)tid);
    FILE *fp = fopen(path, "r");
    if (fp == NULL)
        return 0;
    long nr = -1;
    int ok = fscanf(fp, "%ld", &nr) == 1;
    fclose(fp);
    if (!ok)
        return 0;
#ifdef SYS_epoll_wait
    if (nr == SYS_epoll_wait)
        return 1;
#endif
#ifdef SYS_epoll_pwait2
    if (nr == SYS_epoll_pwait2)
        return 1;
#endif
    return nr == SYS_epoll_pwait;
}

static void *remote_thread(void *arg)
{
    struct remote_signal *sig = arg;
    int seen = 0;
    for (int i = 0; i < 5000 && !seen; i++) {
        seen = thread_in_epoll_wait(sig->loop_tid);
        if (!seen)
            nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    pthread_mutex_lock(&sig->lock);
    sig->saw_loop_in_epoll = seen;
    sig->done = 1;
    pn_waker *w = sig->waker;
    sig->waker = NULL;
    pthread_mutex_unlock(&sig->lock);
    if (w != NULL)
        pn_waker_wake(w);
    return NULL;
}

static void remote_done__init(struct remote_done__frame *f, struct remote_signal *sig)
{
    f->pn__hdr = (pn_future){0, 0};
    f->pn__ret = -1;
    f->sig = sig;
}

static pn_poll remote_done__poll(pn_future *self, pn_context *cx)
{
    struct remote_done__frame *f = (struct remote_done__frame *)self;
    struct remote_signal *sig = f->sig;
    pn__pin_check(self, "remote_done");
    if (self->pn__state == 0) {
        sig->waker = pn_waker_clone(cx);
        sig->loop_tid = (pid_t)syscall(SYS_gettid);
        self->pn__state = 1;
        ck_assert_int_eq(pthread_create(&f->thread, NULL, remote_thread, sig), 0);
        return PN_PENDING;
    }
    pthread_mutex_lock(&sig->lock);
    int done = sig->done;
    pthread_mutex_unlock(&sig->lock);
    if (!done)
        return PN_PENDING; /* woken early: the thread still holds the waker */
    pthread_join(f->thread, NULL);
    f->pn__ret = 0;
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void remote_done__drop(pn_future *self)
{
    struct remote_done__frame *f = (struct remote_done__frame *)self;
    if (self->pn__state == 1)
        pthread_join(f->thread, NULL);
}

static const pn_future_vtable remote_done__vtable = {
    remote_done__poll,
    remote_done__drop,
    "remote_done",
    sizeof(struct remote_done__frame),
    _Alignof(struct remote_done__frame),
    offsetof(struct remote_done__frame, pn__ret),
    sizeof(int),
};

START_TEST(cross_thread_wake_interrupts_reactor_sleep)
{
    struct remote_signal sig = {.lock = PTHREAD_MUTEX_INITIALIZER};
    struct remote_done__frame root;
    remote_done__init(&root, &sig);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pn__block_on(&root.pn__hdr, &remote_done__vtable);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_int_eq(root.pn__ret, 0);
    ck_assert_int_eq(sig.done, 1);
    /* The loop had nothing else to do: it slept in epoll until the other
     * thread's wake came through the eventfd. */
    ck_assert_int_eq(sig.saw_loop_in_epoll, 1);
    ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 10);
    pn_shutdown();
}
END_TEST

/* ------------------------------------------------------------------ */
/* busy polling (pn_set_busy_poll_us)                                   */
/* ------------------------------------------------------------------ */

struct late_writer {
    int fd;
    unsigned delay_ms;
    ssize_t wrote;
};

static void *late_writer_main(void *arg)
{
    struct late_writer *w = arg;
    struct timespec d = {.tv_sec = w->delay_ms / 1000, .tv_nsec = (long)(w->delay_ms % 1000) * 1000000L};
    nanosleep(&d, NULL);
    w->wrote = write(w->fd, "x", 1);
    return NULL;
}

struct thread_usage {
    long sleeps;      /* voluntary context switches: times the thread blocked */
    uint64_t cpu_ns;  /* user + system time */
};

static struct thread_usage thread_usage_now(void)
{
    struct rusage ru;
    ck_assert_int_eq(getrusage(RUSAGE_THREAD, &ru), 0);
    return (struct thread_usage){
        .sleeps = ru.ru_nvcsw,
        .cpu_ns = (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000u +
                  (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000u,
    };
}

/* Await pn_read on a pipe that another thread writes to delay_ms later;
 * returns what this thread did meanwhile. */
static struct thread_usage read_late_byte(unsigned busy_poll_us, unsigned delay_ms)
{
    int p[2];
    ck_assert_int_eq(pipe2(p, O_NONBLOCK | O_CLOEXEC), 0);
    pn_set_busy_poll_us(busy_poll_us);
    struct late_writer w = {.fd = p[1], .delay_ms = delay_ms, .wrote = 0};
    pthread_t th;
    char buf[4];
    struct pn_read__frame r;
    /* Counted from after pthread_create, which may itself block (under
     * ThreadSanitizer it waits for the new thread to start). */
    ck_assert_int_eq(pthread_create(&th, NULL, late_writer_main, &w), 0);
    struct thread_usage before = thread_usage_now();
    TEST_BLOCK_ON(pn_read, &r, p[0], buf, sizeof buf);
    struct thread_usage after = thread_usage_now();
    ck_assert_int_eq(pthread_join(th, NULL), 0);
    ck_assert_int_eq(w.wrote, 1);
    ck_assert_int_eq(r.pn__ret, 1);
    pn_set_busy_poll_us(0);
    close(p[0]);
    close(p[1]);
    pn_shutdown();
    return (struct thread_usage){after.sleeps - before.sleeps, after.cpu_ns - before.cpu_ns};
}

START_TEST(busy_poll_waits_for_io_without_sleeping)
{
    /* The byte comes 20 ms into a 2 s window: the loop never sleeps in
     * epoll_wait, it spins.  (A voluntary switch may still come from
     * elsewhere: under ASan the writer thread's start takes a lock the
     * sanitizer's interceptors share; it happened once in many runs.  So:
     * at most one, and the time spent computing shows the spinning.) */
    struct thread_usage u = read_late_byte(2000000, 20);
    ck_assert_int_le(u.sleeps, 1);
    ck_assert_uint_ge(u.cpu_ns, 5u * 1000000u);
    /* Without busy polling the same wait is a sleep in epoll_wait. */
    u = read_late_byte(0, 20);
    ck_assert_int_ge(u.sleeps, 1);
    ck_assert_uint_lt(u.cpu_ns, 5u * 1000000u);
}
END_TEST

START_TEST(busy_poll_sleeps_once_its_window_is_over)
{
    /* A 1 ms window and a byte 100 ms later: the loop stops looking after
     * the window and sleeps, using a small part of the 100 ms. */
    struct thread_usage u = read_late_byte(1000, 100);
    ck_assert_int_ge(u.sleeps, 1);
    ck_assert_uint_lt(u.cpu_ns, 50u * 1000000u);
}
END_TEST

Suite *make_suite(void)
{
    Suite *s = suite_create("reactor");
    TEST_ADD(s, reader_and_writer_wait_on_one_fd);
    TEST_ADD(s, wait_readable_wakes_when_data_arrives);
    TEST_ADD(s, read_wait_on_a_writable_socket_wakes_nothing);
    TEST_ADD(s, cancelled_read_task_releases_fd_interest);
    TEST_ADD(s, dropped_read_frame_is_never_touched_again);
    TEST_ADD(s, cross_thread_wake_interrupts_reactor_sleep);
    TEST_ADD(s, busy_poll_waits_for_io_without_sleeping);
    TEST_ADD(s, busy_poll_sleeps_once_its_window_is_over);
    return s;
}
