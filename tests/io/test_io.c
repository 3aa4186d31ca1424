/*
 * test_io.c — the fd leaves (pn_read, pn_write, pn_write_all, pn_accept,
 * pn_connect, pn_wait_readable/writable) driven through the executor by
 * hand-lowered frames.
 *
 * What is pinned down: data crosses a socket intact through partial
 * reads and writes; end of file is 0; errors come back as negative errno
 * values (-ECONNRESET, -EPIPE without SIGPIPE, -EBADF, -ECONNREFUSED);
 * accept and connect work over loopback TCP.  test_reactor.c covers what
 * lies behind the leaves: several waits on one fd, cancellation, and
 * wakes from other threads.
 */
#include "io_frames.h"
#include "busy.h"
#include "death.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* ------------------------------------------------------------------ */
/* Data crosses a socketpair intact through partial reads and writes    */
/* ------------------------------------------------------------------ */

struct xfer_stats {
    size_t partial_writes; /* pn_write returned less than asked */
    size_t write_waits;    /* pn_write suspended */
    size_t short_reads;    /* pn_read returned less than asked */
    size_t read_waits;     /* pn_read suspended */
    ssize_t write_error;
    ssize_t last_read; /* the result that ended the read loop */
    size_t received;
    uint64_t hash;
};

/*
 * async void pump_writer(int fd, const unsigned char *data, size_t n,
 *                        struct xfer_stats *st)
 * {
 *     size_t off = 0;
 *     while (off < n) {
 *         ssize_t k = await(pn_write(fd, data + off, n - off));
 *         if (k < 0) { st->write_error = k; break; }
 *         if ((size_t)k < n - off) st->partial_writes++;
 *         off += (size_t)k;
 *     }
 *     close(fd);
 * }
 */
struct pump_writer__frame {
    pn_future pn__hdr;
    int fd;
    const unsigned char *data;
    size_t n;
    struct xfer_stats *st;
    size_t off;
    union {
        struct pn_write__frame write;
    } u;
};

static void pump_writer__init(struct pump_writer__frame *f, int fd, const unsigned char *data,
                              size_t n, struct xfer_stats *st)
{
    f->pn__hdr = (pn_future){0, 0};
    f->fd = fd;
    f->data = data;
    f->n = n;
    f->st = st;
}

static pn_poll pump_writer__poll(pn_future *self, pn_context *cx)
{
    struct pump_writer__frame *f = (struct pump_writer__frame *)self;
    pn__pin_check(self, "pump_writer");
    switch (self->pn__state) {
    case 0:
        f->off = 0;
    loop:
        if (!(f->off < f->n))
            goto out;
        pn_write__init(&f->u.write, f->fd, f->data + f->off, f->n - f->off);
        self->pn__state = 1;
        /* fallthrough */
    case 1: {
        if (pn_write__poll(&f->u.write.pn__hdr, cx) == PN_PENDING) {
            f->st->write_waits++;
            return PN_PENDING;
        }
        ssize_t k = f->u.write.pn__ret;
        if (k < 0) {
            f->st->write_error = k;
            goto out;
        }
        if ((size_t)k < f->n - f->off)
            f->st->partial_writes++;
        f->off += (size_t)k;
        goto loop;
    }
    default:
        pn__bad_state("pump_writer", self->pn__state);
    }
out:
    close(f->fd);
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void pump_writer__drop(pn_future *self)
{
    struct pump_writer__frame *f = (struct pump_writer__frame *)self;
    if (self->pn__state == 1)
        pn_write__drop(&f->u.write.pn__hdr);
}

TEST_VTABLE_VOID(pump_writer);

#define XFER_SIZE (1024 * 1024 + 123)
#define XFER_CHUNK 65536

/*
 * async void transfer(int rfd, int wfd, const unsigned char *data, size_t n,
 *                     struct xfer_stats *st, int *join_rc)
 * {
 *     pn_task *w = pn_spawn(pump_writer(wfd, data, n, st));
 *     unsigned char chunk[XFER_CHUNK];
 *     for (;;) {
 *         ssize_t k = await(pn_read(rfd, chunk, sizeof chunk));
 *         if (k <= 0) { st->last_read = k; break; }
 *         if ((size_t)k < sizeof chunk) st->short_reads++;
 *         st->received += (size_t)k;
 *         st->hash = fnv(st->hash, chunk, (size_t)k);
 *     }
 *     *join_rc = await(pn_join(w));
 * }
 */
struct transfer__frame {
    pn_future pn__hdr;
    int rfd, wfd;
    const unsigned char *data;
    size_t n;
    struct xfer_stats *st;
    int *join_rc;
    pn_task *w;
    unsigned char chunk[XFER_CHUNK];
    union {
        struct pn_read__frame read;
        struct pn_join__frame join;
    } u;
};

static void transfer__init(struct transfer__frame *f, int rfd, int wfd,
                           const unsigned char *data, size_t n, struct xfer_stats *st,
                           int *join_rc)
{
    f->pn__hdr = (pn_future){0, 0};
    f->rfd = rfd;
    f->wfd = wfd;
    f->data = data;
    f->n = n;
    f->st = st;
    f->join_rc = join_rc;
}

static pn_poll transfer__poll(pn_future *self, pn_context *cx)
{
    struct transfer__frame *f = (struct transfer__frame *)self;
    pn__pin_check(self, "transfer");
    switch (self->pn__state) {
    case 0:
        TEST_SPAWN(f->w, pump_writer, f->wfd, f->data, f->n, f->st);
    loop:
        pn_read__init(&f->u.read, f->rfd, f->chunk, sizeof f->chunk);
        self->pn__state = 1;
        /* fallthrough */
    case 1: {
        if (pn_read__poll(&f->u.read.pn__hdr, cx) == PN_PENDING) {
            f->st->read_waits++;
            return PN_PENDING;
        }
        ssize_t k = f->u.read.pn__ret;
        if (k <= 0) {
            f->st->last_read = k;
            goto joined;
        }
        if ((size_t)k < sizeof f->chunk)
            f->st->short_reads++;
        f->st->received += (size_t)k;
        f->st->hash = test_fnv(f->st->hash, f->chunk, (size_t)k);
        goto loop;
    }
    joined:
        pn_join__init(&f->u.join, f->w);
        self->pn__state = 2;
        /* fallthrough */
    case 2:
        if (pn_join__poll(&f->u.join.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        *f->join_rc = f->u.join.pn__ret;
        break;
    default:
        pn__bad_state("transfer", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void transfer__drop(pn_future *self)
{
    struct transfer__frame *f = (struct transfer__frame *)self;
    if (self->pn__state == 1)
        pn_read__drop(&f->u.read.pn__hdr);
    else if (self->pn__state == 2)
        pn_join__drop(&f->u.join.pn__hdr);
}

TEST_VTABLE_VOID(transfer);

START_TEST(read_write_socketpair_partial_transfers_keep_data_intact)
{
    int sv[2];
    test_socketpair(sv, 1);
    unsigned char *data = malloc(XFER_SIZE);
    ck_assert_ptr_nonnull(data);
    test_fill(data, XFER_SIZE, 7);

    struct xfer_stats st = {.hash = TEST_FNV_INIT};
    int join_rc = -1;
    struct transfer__frame *root = malloc(sizeof *root); /* 64 KiB chunk: not on the stack */
    ck_assert_ptr_nonnull(root);
    TEST_BLOCK_ON(transfer, root, sv[0], sv[1], data, XFER_SIZE, &st, &join_rc);

    ck_assert_int_eq(st.write_error, 0);
    ck_assert_int_eq(st.last_read, 0); /* the writer closed: EOF */
    ck_assert_uint_eq(st.received, XFER_SIZE);
    ck_assert(st.hash == test_fnv(TEST_FNV_INIT, data, XFER_SIZE));
    ck_assert_int_eq(join_rc, 0);
    /* The buffers are far smaller than the payload: both sides must have
     * seen partial transfers and must have waited on the reactor. */
    ck_assert_uint_gt(st.partial_writes, 0);
    ck_assert_uint_gt(st.short_reads, 0);
    ck_assert_uint_gt(st.write_waits, 0);
    ck_assert_uint_gt(st.read_waits, 0);

    free(root);
    free(data);
    close(sv[0]);
    pn_shutdown();
}
END_TEST

/*
 * async void read_exactly(int fd, int peer, unsigned char *buf,
 *                         const unsigned char *data, size_t n,
 *                         ssize_t *writer_rc, ssize_t *eof)
 * {
 *     pn_detach(pn_spawn(write_later(peer, data, n, 1, writer_rc)));
 *     size_t off = 0;
 *     while (off < n) {
 *         ssize_t k = await(pn_read(fd, buf + off, n - off));
 *         if (k <= 0) break;
 *         off += (size_t)k;
 *     }
 *     *eof = await(pn_read(fd, buf, 1));
 * }
 */
struct read_exactly__frame {
    pn_future pn__hdr;
    int fd, peer;
    unsigned char *buf;
    const unsigned char *data;
    size_t n;
    ssize_t *writer_rc, *eof;
    size_t off;
    union {
        struct pn_read__frame read;
    } u;
};

static void read_exactly__init(struct read_exactly__frame *f, int fd, int peer,
                               unsigned char *buf, const unsigned char *data, size_t n,
                               ssize_t *writer_rc, ssize_t *eof)
{
    f->pn__hdr = (pn_future){0, 0};
    f->fd = fd;
    f->peer = peer;
    f->buf = buf;
    f->data = data;
    f->n = n;
    f->writer_rc = writer_rc;
    f->eof = eof;
}

static pn_poll read_exactly__poll(pn_future *self, pn_context *cx)
{
    struct read_exactly__frame *f = (struct read_exactly__frame *)self;
    pn__pin_check(self, "read_exactly");
    switch (self->pn__state) {
    case 0:
        TEST_SPAWN_DETACHED(write_later, f->peer, f->data, f->n, 1, f->writer_rc);
        f->off = 0;
    loop:
        if (!(f->off < f->n))
            goto tail;
        pn_read__init(&f->u.read, f->fd, f->buf + f->off, f->n - f->off);
        self->pn__state = 1;
        /* fallthrough */
    case 1: {
        if (pn_read__poll(&f->u.read.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        ssize_t k = f->u.read.pn__ret;
        if (k <= 0)
            goto tail;
        f->off += (size_t)k;
        goto loop;
    }
    tail:
        pn_read__init(&f->u.read, f->fd, f->buf, 1);
        self->pn__state = 2;
        /* fallthrough */
    case 2:
        if (pn_read__poll(&f->u.read.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        *f->eof = f->u.read.pn__ret;
        break;
    default:
        pn__bad_state("read_exactly", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void read_exactly__drop(pn_future *self)
{
    struct read_exactly__frame *f = (struct read_exactly__frame *)self;
    if (self->pn__state == 1 || self->pn__state == 2)
        pn_read__drop(&f->u.read.pn__hdr);
}

TEST_VTABLE_VOID(read_exactly);

START_TEST(write_all_delivers_whole_payload_through_small_buffers)
{
    int sv[2];
    test_socketpair(sv, 1);
    unsigned char *data = malloc(XFER_SIZE), *got = malloc(XFER_SIZE);
    ck_assert_ptr_nonnull(data);
    ck_assert_ptr_nonnull(got);
    test_fill(data, XFER_SIZE, 99);
    memset(got, 0, XFER_SIZE);

    ssize_t writer_rc = -1, eof = -1;
    struct read_exactly__frame root;
    TEST_BLOCK_ON(read_exactly, &root, sv[0], sv[1], got, data, XFER_SIZE, &writer_rc, &eof);

    ck_assert_int_eq(writer_rc, XFER_SIZE);
    ck_assert_uint_eq(root.off, XFER_SIZE);
    ck_assert_int_eq(eof, 0);
    ck_assert(memcmp(data, got, XFER_SIZE) == 0);
    free(data);
    free(got);
    close(sv[0]);
    pn_shutdown();
}
END_TEST

/* ------------------------------------------------------------------ */
/* Errors and end of file                                               */
/* ------------------------------------------------------------------ */

START_TEST(read_returns_zero_at_eof_after_the_data)
{
    int sv[2];
    test_socketpair(sv, 0);
    /* The reader suspends first (nothing to read), is woken by the data,
     * and finally by the hang-up of the closed peer. */
    static const unsigned char msg[] = "xyz";
    unsigned char got[3];
    ssize_t writer_rc = -1, eof = -1;
    struct read_exactly__frame root;
    TEST_BLOCK_ON(read_exactly, &root, sv[0], sv[1], got, msg, 3, &writer_rc, &eof);
    ck_assert_int_eq(writer_rc, 3);
    ck_assert_uint_eq(root.off, 3);
    ck_assert(memcmp(got, "xyz", 3) == 0);
    ck_assert_int_eq(eof, 0);
    close(sv[0]);
    pn_shutdown();
}
END_TEST

/* After a short read the reactor remembers the fd was drained and the next
 * pn_read waits for readiness before reading.  Data that arrived in
 * between must still be delivered, and a stale hint on an fd number that
 * now names a regular file (which epoll refuses) must fall back to the
 * plain read. */
START_TEST(read_after_short_read_sees_data_that_arrived_meanwhile)
{
    int sv[2];
    test_socketpair(sv, 0);
    char buf[16];
    int finished = 0;
    ssize_t got = -1;
    struct read_once__frame root;

    ck_assert_int_eq(write(sv[1], "abc", 3), 3);
    TEST_BLOCK_ON(read_once, &root, sv[0], buf, sizeof buf, &finished, &got);
    ck_assert_int_eq(got, 3); /* short: the fd is now marked drained */

    ck_assert_int_eq(write(sv[1], "defgh", 5), 5);
    finished = 0;
    got = -1;
    TEST_BLOCK_ON(read_once, &root, sv[0], buf, sizeof buf, &finished, &got);
    ck_assert_int_eq(finished, 1);
    ck_assert_int_eq(got, 5);
    ck_assert(memcmp(buf, "defgh", 5) == 0);

    /* Reuse the fd number for a regular file. */
    char path[] = "/tmp/pinion-io-hint-XXXXXX";
    int file = mkstemp(path);
    ck_assert_int_ge(file, 0);
    unlink(path);
    ck_assert_int_eq(write(file, "file!", 5), 5);
    ck_assert_int_eq(lseek(file, 0, SEEK_SET), 0);
    int num = sv[0];
    ck_assert_int_eq(dup2(file, num), num);
    close(file);
    finished = 0;
    got = -1;
    TEST_BLOCK_ON(read_once, &root, num, buf, sizeof buf, &finished, &got);
    ck_assert_int_eq(got, 5);
    ck_assert(memcmp(buf, "file!", 5) == 0);

    close(num);
    close(sv[1]);
    pn_shutdown();
}
END_TEST

/*
 * async void close_later(int fd, int abort)
 * {
 *     await(pn_yield());
 *     if (abort)       -- TCP: linger 0 makes close send RST, not FIN
 *         setsockopt(fd, SOL_SOCKET, SO_LINGER, &(struct linger){1, 0}, ...);
 *     close(fd);
 * }
 */
struct close_later__frame {
    pn_future pn__hdr;
    int fd;
    int abort;
    union {
        struct pn_yield__frame yield;
    } u;
};

static void close_later__init(struct close_later__frame *f, int fd, int abort)
{
    f->pn__hdr = (pn_future){0, 0};
    f->fd = fd;
    f->abort = abort;
}

static pn_poll close_later__poll(pn_future *self, pn_context *cx)
{
    struct close_later__frame *f = (struct close_later__frame *)self;
    pn__pin_check(self, "close_later");
    switch (self->pn__state) {
    case 0:
        pn_yield__init(&f->u.yield);
        self->pn__state = 1;
        /* fallthrough */
    case 1: {
        if (pn_yield__poll(&f->u.yield.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        if (f->abort) {
            struct linger lg = {.l_onoff = 1, .l_linger = 0};
            ck_assert_int_eq(setsockopt(f->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), 0);
        }
        close(f->fd);
        break;
    }
    default:
        pn__bad_state("close_later", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void close_later__drop(pn_future *self)
{
    struct close_later__frame *f = (struct close_later__frame *)self;
    if (self->pn__state == 1)
        pn_yield__drop(&f->u.yield.pn__hdr);
}

TEST_VTABLE_VOID(close_later);

/* A connected loopback TCP pair, set up synchronously (pn_accept and
 * pn_connect have their own test below). */
static void tcp_connected_pair(int *client, int *server)
{
    struct sockaddr_in addr;
    int lfd = test_tcp_bound(&addr, 1);
    int cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0); /* blocking: set-up only */
    ck_assert_int_ge(cfd, 0);
    ck_assert_int_eq(connect(cfd, (struct sockaddr *)&addr, sizeof addr), 0);
    int sfd;
    do
        sfd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    while (sfd < 0 && errno == EAGAIN);
    ck_assert_int_ge(sfd, 0);
    close(lfd);
    test_set_nonblocking(cfd);
    *client = cfd;
    *server = sfd;
}

/*
 * async void read_while_peer_closes(int fd, int peer, int abort, ssize_t *out)
 * {
 *     pn_detach(pn_spawn(close_later(peer, abort)));
 *     char buf[64];
 *     *out = await(pn_read(fd, buf, sizeof buf));
 * }
 */
struct read_while_peer_closes__frame {
    pn_future pn__hdr;
    int fd, peer, abort;
    ssize_t *out;
    int read_waited;
    char buf[64];
    union {
        struct pn_read__frame read;
    } u;
};

static void read_while_peer_closes__init(struct read_while_peer_closes__frame *f, int fd,
                                         int peer, int abort, ssize_t *out)
{
    f->pn__hdr = (pn_future){0, 0};
    f->fd = fd;
    f->peer = peer;
    f->abort = abort;
    f->out = out;
    f->read_waited = 0;
}

static pn_poll read_while_peer_closes__poll(pn_future *self, pn_context *cx)
{
    struct read_while_peer_closes__frame *f = (struct read_while_peer_closes__frame *)self;
    pn__pin_check(self, "read_while_peer_closes");
    switch (self->pn__state) {
    case 0:
        TEST_SPAWN_DETACHED(close_later, f->peer, f->abort);
        pn_read__init(&f->u.read, f->fd, f->buf, sizeof f->buf);
        self->pn__state = 1;
        /* fallthrough */
    case 1:
        if (pn_read__poll(&f->u.read.pn__hdr, cx) == PN_PENDING) {
            f->read_waited = 1;
            return PN_PENDING;
        }
        *f->out = f->u.read.pn__ret;
        break;
    default:
        pn__bad_state("read_while_peer_closes", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void read_while_peer_closes__drop(pn_future *self)
{
    struct read_while_peer_closes__frame *f = (struct read_while_peer_closes__frame *)self;
    if (self->pn__state == 1)
        pn_read__drop(&f->u.read.pn__hdr);
}

TEST_VTABLE_VOID(read_while_peer_closes);

START_TEST(read_reports_econnreset_when_peer_aborts)
{
    int cfd, sfd;
    tcp_connected_pair(&cfd, &sfd);
    ssize_t rc = 1;
    struct read_while_peer_closes__frame root;
    TEST_BLOCK_ON(read_while_peer_closes, &root, cfd, sfd, 1, &rc);
    ck_assert_int_eq(rc, -ECONNRESET);
    ck_assert_int_eq(root.read_waited, 1); /* woken by the reset, not lucky */
    close(cfd);
    pn_shutdown();
}
END_TEST

START_TEST(read_waiting_when_peer_closes_returns_zero)
{
    int sv[2];
    test_socketpair(sv, 0);
    ssize_t rc = 1;
    struct read_while_peer_closes__frame root;
    TEST_BLOCK_ON(read_while_peer_closes, &root, sv[0], sv[1], 0, &rc);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(root.read_waited, 1); /* the hang-up woke it */
    close(sv[0]);
    pn_shutdown();
}
END_TEST

/* The leaves can be roots themselves: pn_block_on(pn_write(...)). */
START_TEST(write_to_closed_peer_reports_epipe_without_signal)
{
    int sv[2];
    test_socketpair(sv, 0);
    close(sv[1]);
    /* A SIGPIPE would kill the test process and fail the case. */
    struct pn_write__frame w;
    TEST_BLOCK_ON(pn_write, &w, sv[0], "x", 1);
    ck_assert_int_eq(w.pn__ret, -EPIPE);

    struct pn_write_all__frame wa;
    TEST_BLOCK_ON(pn_write_all, &wa, sv[0], "xyz", 3);
    ck_assert_int_eq(wa.pn__ret, -EPIPE);
    close(sv[0]);
    pn_shutdown();
}
END_TEST

START_TEST(io_on_closed_fd_reports_ebadf)
{
    int fd = test_closed_fd();
    char buf[8];

    struct pn_read__frame r;
    TEST_BLOCK_ON(pn_read, &r, fd, buf, sizeof buf);
    ck_assert_int_eq(r.pn__ret, -EBADF);

    struct pn_write__frame w;
    TEST_BLOCK_ON(pn_write, &w, fd, "x", 1);
    ck_assert_int_eq(w.pn__ret, -EBADF);

    struct pn_write_all__frame wa;
    TEST_BLOCK_ON(pn_write_all, &wa, fd, "xy", 2);
    ck_assert_int_eq(wa.pn__ret, -EBADF);

    struct pn_accept__frame a;
    TEST_BLOCK_ON(pn_accept, &a, fd, NULL, NULL);
    ck_assert_int_eq(a.pn__ret, -EBADF);

    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(9)};
    struct pn_connect__frame c;
    TEST_BLOCK_ON(pn_connect, &c, fd, (struct sockaddr *)&addr, sizeof addr);
    ck_assert_int_eq(c.pn__ret, -EBADF);

    struct pn_wait_readable__frame wr;
    TEST_BLOCK_ON(pn_wait_readable, &wr, fd);
    ck_assert_int_eq(wr.pn__ret, -EBADF);

    struct pn_wait_writable__frame ww;
    TEST_BLOCK_ON(pn_wait_writable, &ww, fd);
    ck_assert_int_eq(ww.pn__ret, -EBADF);

    /* A negative fd is not even an fd: the reactor refuses it. */
    TEST_BLOCK_ON(pn_wait_readable, &wr, -1);
    ck_assert_int_eq(wr.pn__ret, -EBADF);
    pn_shutdown();
}
END_TEST

/* ------------------------------------------------------------------ */
/* accept and connect over loopback TCP                                 */
/* ------------------------------------------------------------------ */

/*
 * async void client(const struct sockaddr_in *addr, int *connect_rc, ssize_t *write_rc)
 * {
 *     int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
 *     *connect_rc = await(pn_connect(fd, (const struct sockaddr *)addr, sizeof *addr));
 *     if (*connect_rc == 0)
 *         *write_rc = await(pn_write_all(fd, "hello pinion", 12));
 *     close(fd);
 * }
 */
struct client__frame {
    pn_future pn__hdr;
    const struct sockaddr_in *addr;
    int *connect_rc;
    ssize_t *write_rc;
    int fd;
    union {
        struct pn_connect__frame connect;
        struct pn_write_all__frame write_all;
    } u;
};

static void client__init(struct client__frame *f, const struct sockaddr_in *addr,
                         int *connect_rc, ssize_t *write_rc)
{
    f->pn__hdr = (pn_future){0, 0};
    f->addr = addr;
    f->connect_rc = connect_rc;
    f->write_rc = write_rc;
}

static pn_poll client__poll(pn_future *self, pn_context *cx)
{
    struct client__frame *f = (struct client__frame *)self;
    pn__pin_check(self, "client");
    switch (self->pn__state) {
    case 0:
        f->fd = test_tcp_socket();
        pn_connect__init(&f->u.connect, f->fd, (const struct sockaddr *)f->addr,
                         sizeof *f->addr);
        self->pn__state = 1;
        /* fallthrough */
    case 1:
        if (pn_connect__poll(&f->u.connect.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        *f->connect_rc = f->u.connect.pn__ret;
        if (*f->connect_rc != 0)
            goto out;
        pn_write_all__init(&f->u.write_all, f->fd, "hello pinion", 12);
        self->pn__state = 2;
        /* fallthrough */
    case 2:
        if (pn_write_all__poll(&f->u.write_all.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        *f->write_rc = f->u.write_all.pn__ret;
        break;
    default:
        pn__bad_state("client", self->pn__state);
    }
out:
    close(f->fd);
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void client__drop(pn_future *self)
{
    struct client__frame *f = (struct client__frame *)self;
    if (self->pn__state == 1)
        pn_connect__drop(&f->u.connect.pn__hdr);
    else if (self->pn__state == 2)
        pn_write_all__drop(&f->u.write_all.pn__hdr);
    if (self->pn__state == 1 || self->pn__state == 2)
        close(f->fd);
}

TEST_VTABLE_VOID(client);

/*
 * async void server(int lfd, const struct sockaddr_in *addr, struct server_result *res)
 * {
 *     pn_task *c = pn_spawn(client(addr, &res->connect_rc, &res->write_rc));
 *     res->afd = await(pn_accept(lfd, (struct sockaddr *)&res->peer, &res->peer_len));
 *     while ((k = await(pn_read(res->afd, res->buf + res->got, ...))) > 0)
 *         res->got += k;
 *     res->join_rc = await(pn_join(c));
 * }
 */
struct server_result {
    int connect_rc;
    ssize_t write_rc;
    int afd;
    int accept_waited;
    struct sockaddr_in peer;
    socklen_t peer_len;
    char buf[64];
    size_t got;
    ssize_t last;
    int join_rc;
};

struct server__frame {
    pn_future pn__hdr;
    int lfd;
    const struct sockaddr_in *addr;
    struct server_result *res;
    pn_task *c;
    union {
        struct pn_accept__frame accept;
        struct pn_read__frame read;
        struct pn_join__frame join;
    } u;
};

static void server__init(struct server__frame *f, int lfd, const struct sockaddr_in *addr,
                         struct server_result *res)
{
    f->pn__hdr = (pn_future){0, 0};
    f->lfd = lfd;
    f->addr = addr;
    f->res = res;
}

static pn_poll server__poll(pn_future *self, pn_context *cx)
{
    struct server__frame *f = (struct server__frame *)self;
    struct server_result *res = f->res;
    pn__pin_check(self, "server");
    switch (self->pn__state) {
    case 0:
        TEST_SPAWN(f->c, client, f->addr, &res->connect_rc, &res->write_rc);
        res->peer_len = sizeof res->peer;
        pn_accept__init(&f->u.accept, f->lfd, (struct sockaddr *)&res->peer, &res->peer_len);
        self->pn__state = 1;
        /* fallthrough */
    case 1:
        if (pn_accept__poll(&f->u.accept.pn__hdr, cx) == PN_PENDING) {
            res->accept_waited = 1;
            return PN_PENDING;
        }
        res->afd = f->u.accept.pn__ret;
        if (res->afd < 0)
            goto join;
    loop:
        pn_read__init(&f->u.read, res->afd, res->buf + res->got, sizeof res->buf - res->got);
        self->pn__state = 2;
        /* fallthrough */
    case 2:
        if (pn_read__poll(&f->u.read.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        res->last = f->u.read.pn__ret;
        if (res->last > 0) {
            res->got += (size_t)res->last;
            goto loop;
        }
    join:
        pn_join__init(&f->u.join, f->c);
        self->pn__state = 3;
        /* fallthrough */
    case 3:
        if (pn_join__poll(&f->u.join.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        res->join_rc = f->u.join.pn__ret;
        break;
    default:
        pn__bad_state("server", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void server__drop(pn_future *self)
{
    struct server__frame *f = (struct server__frame *)self;
    switch (self->pn__state) {
    case 1:
        pn_accept__drop(&f->u.accept.pn__hdr);
        break;
    case 2:
        pn_read__drop(&f->u.read.pn__hdr);
        break;
    case 3:
        pn_join__drop(&f->u.join.pn__hdr);
        break;
    }
}

TEST_VTABLE_VOID(server);

START_TEST(accept_and_connect_over_loopback_tcp)
{
    struct sockaddr_in addr;
    int lfd = test_tcp_bound(&addr, 1);
    struct server_result res;
    memset(&res, 0, sizeof res);
    res.connect_rc = res.afd = res.join_rc = -12345;
    struct server__frame root;
    TEST_BLOCK_ON(server, &root, lfd, &addr, &res);

    ck_assert_int_eq(res.accept_waited, 1); /* nobody had connected yet */
    ck_assert_int_eq(res.connect_rc, 0);
    ck_assert_int_eq(res.write_rc, 12);
    ck_assert_int_ge(res.afd, 0);
    ck_assert_int_eq(res.got, 12);
    ck_assert(memcmp(res.buf, "hello pinion", 12) == 0);
    ck_assert_int_eq(res.last, 0);
    ck_assert_int_eq(res.join_rc, 0);
    /* accept4 flags and the peer address came through. */
    ck_assert_int_ne(fcntl(res.afd, F_GETFL) & O_NONBLOCK, 0);
    ck_assert_int_ne(fcntl(res.afd, F_GETFD) & FD_CLOEXEC, 0);
    ck_assert_uint_eq(res.peer_len, sizeof(struct sockaddr_in));
    ck_assert_int_eq(res.peer.sin_family, AF_INET);
    ck_assert_uint_eq(ntohl(res.peer.sin_addr.s_addr), INADDR_LOOPBACK);
    close(res.afd);
    close(lfd);
    pn_shutdown();
}
END_TEST

START_TEST(connect_to_closed_port_reports_econnrefused)
{
    /* A bound socket that does not listen keeps the port ours and
     * answers SYN with RST. */
    struct sockaddr_in addr;
    int holder = test_tcp_bound(&addr, 0);
    int fd = test_tcp_socket();
    struct pn_connect__frame c;
    TEST_BLOCK_ON(pn_connect, &c, fd, (struct sockaddr *)&addr, sizeof addr);
    ck_assert_int_eq(c.pn__ret, -ECONNREFUSED);
    close(fd);
    close(holder);
    pn_shutdown();
}
END_TEST

/* ------------------------------------------------------------------ */
/* Fairness: a socket that becomes readable is served while another    */
/* task computes and yields                                             */
/* ------------------------------------------------------------------ */

struct late_writer {
    int fd;
    uint64_t delay_ms;
    uint64_t wrote_at; /* pn_now_ns() just before the write */
};

static void *late_writer_main(void *arg)
{
    struct late_writer *w = arg;
    struct timespec ts = {0, (long)(w->delay_ms * 1000000)};
    nanosleep(&ts, NULL);
    w->wrote_at = pn_now_ns();
    ssize_t n = write(w->fd, "x", 1);
    (void)n;
    return NULL;
}

START_TEST(socket_readable_is_served_while_another_task_yields)
{
    /* The I/O is looked at after every yield: the reader runs after the
     * slice during which the byte arrived, not after a batch of 64 of
     * them (320 ms).  Counted in slices, which load does not inflate. */
    enum { SLICE_MS = 5, MAX_LATE_SLICES = 3 };
    int sv[2];
    test_socketpair(sv, 0);
    static struct busy_log log;
    char byte = 0;
    int finished = 0;
    ssize_t got = 0;
    pn_task *reader, *spinner;
    TEST_SPAWN(reader, read_once, sv[0], &byte, 1, &finished, &got);
    TEST_SPAWN(spinner, busy, SLICE_MS * UINT64_C(1000000), 200, &finished, &log);
    struct late_writer w = {.fd = sv[1], .delay_ms = 20};
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, late_writer_main, &w), 0);
    pn_task *both[2] = {reader, spinner};
    for (int i = 0; i < 2; i++) {
        struct pn_join__frame j;
        TEST_BLOCK_ON(pn_join, &j, both[i]);
        ck_assert_int_eq(j.pn__ret, 0);
    }
    ck_assert_int_eq(pthread_join(th, NULL), 0);
    ck_assert_int_eq(finished, 1);
    ck_assert_int_eq(got, 1);
    ck_assert_int_eq(byte, 'x');
    int late = busy_slices_between(&log, w.wrote_at, UINT64_MAX);
    ck_assert_msg(late <= MAX_LATE_SLICES,
                  "the read was served %d slices of %d ms after the byte arrived", late, SLICE_MS);
    close(sv[0]);
    close(sv[1]);
    pn_shutdown();
}
END_TEST

/* ------------------------------------------------------------------ */
/* A descriptor in blocking mode (debug builds)                         */
/* ------------------------------------------------------------------ */

/* In the death test's child: the I/O leaf arg names, on a blocking pipe. */
static void io_on_blocking_pipe(void *arg)
{
    int p[2];
    if (pipe(p) != 0)
        return;
    char buf[1] = {'x'};
    if (strcmp(arg, "pn_read") == 0) {
        struct pn_read__frame f;
        TEST_BLOCK_ON(pn_read, &f, p[0], buf, 1); /* would hang the thread */
    } else if (strcmp(arg, "pn_write") == 0) {
        struct pn_write__frame f;
        TEST_BLOCK_ON(pn_write, &f, p[1], buf, 1);
    } else {
        struct pn_write_all__frame f;
        TEST_BLOCK_ON(pn_write_all, &f, p[1], buf, 1);
    }
}

static void accept_on_blocking_socket(void *arg)
{
    (void)arg;
    struct sockaddr_in addr;
    int fd = test_tcp_bound(&addr, 1);
    int fl = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    struct pn_accept__frame f;
    TEST_BLOCK_ON(pn_accept, &f, fd, NULL, NULL);
}

static void connect_on_blocking_socket(void *arg)
{
    (void)arg;
    struct sockaddr_in addr;
    int lfd = test_tcp_bound(&addr, 1);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct pn_connect__frame f;
    TEST_BLOCK_ON(pn_connect, &f, fd, (struct sockaddr *)&addr, sizeof addr);
    close(lfd);
}

START_TEST(io_on_blocking_fd_aborts_in_debug_builds)
{
#ifdef NDEBUG
    /* Release builds do not check (nor pay a fcntl per call). */
#else
    char out[DEATH_OUTPUT_MAX];
    static const char *leaves[] = {"pn_read", "pn_write", "pn_write_all"};
    for (int i = 0; i < 3; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "pinion: %s(fd ", leaves[i]);
        expect_death(io_on_blocking_pipe, (void *)leaves[i], needle, out);
        ck_assert_ptr_nonnull(strstr(out, "the descriptor is in blocking mode (no O_NONBLOCK)"));
    }
    expect_death(accept_on_blocking_socket, NULL, "pinion: pn_accept(fd ", out);
    expect_death(connect_on_blocking_socket, NULL, "pinion: pn_connect(fd ", out);
    ck_assert_ptr_nonnull(strstr(out, "set O_NONBLOCK"));
#endif
}
END_TEST

/* Regular files never wait for readiness: blocking mode is fine there. */
START_TEST(io_on_regular_file_in_blocking_mode_is_accepted)
{
    char path[] = "/tmp/pinion-io-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    unlink(path);
    struct pn_write_all__frame w;
    TEST_BLOCK_ON(pn_write_all, &w, fd, "abc", 3);
    ck_assert_int_eq(w.pn__ret, 3);
    ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
    char buf[4] = {0};
    struct pn_read__frame r;
    TEST_BLOCK_ON(pn_read, &r, fd, buf, 3);
    ck_assert_int_eq(r.pn__ret, 3);
    ck_assert_str_eq(buf, "abc");
    close(fd);
    pn_shutdown();
}
END_TEST

Suite *make_suite(void)
{
    Suite *s = suite_create("io");
    TEST_ADD(s, read_write_socketpair_partial_transfers_keep_data_intact);
    TEST_ADD(s, write_all_delivers_whole_payload_through_small_buffers);
    TEST_ADD(s, read_returns_zero_at_eof_after_the_data);
    TEST_ADD(s, read_after_short_read_sees_data_that_arrived_meanwhile);
    TEST_ADD(s, read_waiting_when_peer_closes_returns_zero);
    TEST_ADD(s, read_reports_econnreset_when_peer_aborts);
    TEST_ADD(s, write_to_closed_peer_reports_epipe_without_signal);
    TEST_ADD(s, io_on_closed_fd_reports_ebadf);
    TEST_ADD(s, accept_and_connect_over_loopback_tcp);
    TEST_ADD(s, connect_to_closed_port_reports_econnrefused);
    TEST_ADD(s, socket_readable_is_served_while_another_task_yields);
    TEST_ADD(s, io_on_blocking_fd_aborts_in_debug_builds);
    TEST_ADD(s, io_on_regular_file_in_blocking_mode_is_accepted);
    return s;
}
