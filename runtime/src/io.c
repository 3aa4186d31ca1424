/*
 * io.c — the file-descriptor leaf futures: pn_read, pn_write,
 * pn_write_all, pn_accept, pn_connect, pn_wait_readable/writable.
 *
 * Every leaf polls the same way: try the syscall; if it completes, the
 * leaf is done; if it says EAGAIN, register the frame's pn__io_wait with
 * this thread's reactor and return PN_PENDING; when the reactor wakes the
 * task, the next poll simply tries again.  A poll that arrives while the
 * wait is still registered (the task was woken for another reason) also
 * just retries, and keeps the registration with a fresh waker if the fd
 * is still not ready.  EINTR is retried on the spot.
 *
 * Results follow one convention: what the POSIX call returns on success
 * (bytes, 0 at end of file, a new fd, 0), a negative errno value on
 * failure.  EAGAIN is never a result.  Drop unregisters the wait, so a
 * cancelled frame leaves nothing behind in the reactor.
 *
 * pn_read also remembers, per fd, whether its last read came back short,
 * and then lets the next pn_read on that fd wait before trying: see
 * reactor.c.
 *
 * Socket writes go through send(MSG_NOSIGNAL): a peer that went away is
 * reported as -EPIPE instead of killing the process with SIGPIPE.  Other
 * fds (pipes, ttys) fall back to write(2) and keep its signal behaviour.
 */
#include "reactor.h"

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* pn__state values of the fd leaves between "unpolled" and done. */
enum {
    IO_FRESH = 0,     /* never polled */
    IO_STARTED = 1,   /* polled at least once */
    IO_PLAIN = 2,     /* a write leaf whose fd is not a socket: use write(2) */
    IO_CONNECTING = 3 /* connect(2) said EINPROGRESS; waiting for the outcome */
};

#define PN__IO_VTABLE(NAME, RET_TYPE)                                                       \
    const pn_future_vtable NAME##__vtable = {                                               \
        NAME##__poll,                                                                       \
        NAME##__drop,                                                                       \
        #NAME,                                                                              \
        sizeof(struct NAME##__frame),                                                       \
        _Alignof(struct NAME##__frame),                                                     \
        offsetof(struct NAME##__frame, pn__ret),                                            \
        sizeof(RET_TYPE),                                                                   \
    }

/* ---- shared machinery --------------------------------------------- */

static ssize_t io_errno(void)
{
    return errno == EWOULDBLOCK ? -EAGAIN : -errno;
}

static pn__reactor *io_reactor(void)
{
    return pn__rt_reactor(pn__rt_current());
}

static void io_wait_init(pn__io_wait *w, int fd)
{
    w->pn__next = NULL;
    w->pn__fd = fd;
    w->pn__events = 0;
    w->pn__waker = NULL;
}

/* Wait for `events` on w's fd with the polling task's waker.  If w is still
 * registered from an earlier poll only its waker is refreshed, keeping
 * its place in the fd's queue.  0 or -errno. */
static int io_arm(pn__io_wait *w, uint32_t events, pn_context *cx)
{
    pn_waker *k = pn_waker_clone(cx);
    if (w->pn__waker != NULL) {
        pn_waker *old = w->pn__waker;
        w->pn__waker = k;
        pn_waker_drop(old);
        return 0;
    }
    w->pn__events = events;
    w->pn__waker = k;
    int rc = pn__reactor_add(io_reactor(), w); /* drops k itself on failure */
    if (rc == 0)
        pn__rt_slice_arm();
    return rc;
}

static void io_disarm(pn__io_wait *w)
{
    if (w->pn__waker != NULL)
        pn__reactor_cancel(io_reactor(), w);
}

/* The common tail of every poll.  rc is the attempt's outcome: -EAGAIN
 * means wait for `events`, anything else is the leaf's result. */
static pn_poll io_settle(pn_future *self, pn__io_wait *w, uint32_t events, pn_context *cx,
                         ssize_t rc, ssize_t *result)
{
    if (rc == -EAGAIN) {
        int armed = io_arm(w, events, cx);
        if (armed == 0)
            return PN_PENDING;
        rc = armed;
    }
    io_disarm(w);
    *result = rc;
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

/* Same, for the leaves whose result is an int (always in range). */
static pn_poll io_settle_int(pn_future *self, pn__io_wait *w, uint32_t events,
                             pn_context *cx, ssize_t rc, int *result)
{
    ssize_t wide = 0;
    pn_poll p = io_settle(self, w, events, cx, rc, &wide);
    if (p == PN_READY)
        *result = (int)wide;
    return p;
}

/* A descriptor in blocking mode would block the whole thread inside the
 * syscall: every task of the runtime, and any timeout raced against the
 * call.  Debug builds refuse one at the first poll of each call (one
 * fcntl); a regular file, which never waits for readiness, is fine. */
#ifndef NDEBUG
static void io_check_nonblocking(int fd, const char *name)
{
    if (fd < 0)
        return; /* nothing to check, or a bad fd for the syscall to report */
    int fl = fcntl(fd, F_GETFL);
    struct stat st;
    if (fl < 0 || (fl & O_NONBLOCK) || (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)))
        return; /* a bad fd is the syscall's to report */
    pn__die("pinion: %s(fd %d): the descriptor is in blocking mode (no O_NONBLOCK), so the "
            "call would block the whole thread, every task on it and any timeout raced "
            "against it; set O_NONBLOCK (fcntl F_SETFL, SOCK_NONBLOCK, O_NONBLOCK)",
            name, fd);
}
#else
#define io_check_nonblocking(fd, name) ((void)0)
#endif

/* Begin a poll: pin check, and note that the leaf has started. */
static void io_enter(pn_future *self, int fd, const char *name)
{
    pn__pin_check(self, name);
    if (self->pn__state == PN__STATE_DONE)
        pn__bad_state(name, self->pn__state); /* polled after READY */
    if (self->pn__state == IO_FRESH) {
        io_check_nonblocking(fd, name);
        self->pn__state = IO_STARTED;
    }
}

static ssize_t io_try_read(int fd, void *buf, size_t n)
{
    for (;;) {
        ssize_t k = read(fd, buf, n);
        if (k >= 0)
            return k;
        if (errno != EINTR)
            return io_errno();
    }
}

/* One write attempt; remembers in self's state when fd is not a socket. */
static ssize_t io_try_write(pn_future *self, int fd, const void *buf, size_t n)
{
    for (;;) {
        ssize_t k;
        if (self->pn__state == IO_PLAIN) {
            k = write(fd, buf, n);
        } else {
            k = send(fd, buf, n, MSG_NOSIGNAL);
            if (k < 0 && errno == ENOTSOCK) {
                self->pn__state = IO_PLAIN;
                continue;
            }
        }
        if (k >= 0)
            return k;
        if (errno != EINTR)
            return io_errno();
    }
}

/* Readiness without side effects: 0 if fd is ready for `events` (an error
 * or hang-up counts: the next syscall reports it), -EAGAIN if not. */
static ssize_t io_try_ready(int fd, short events)
{
    struct pollfd p = {.fd = fd, .events = events, .revents = 0};
    int k;
    do
        k = poll(&p, 1, 0);
    while (k < 0 && errno == EINTR);
    if (k < 0)
        return -errno;
    if (p.revents & POLLNVAL)
        return -EBADF;
    return p.revents != 0 ? 0 : -EAGAIN;
}

/* ---- pn_read ------------------------------------------------------ */

void pn_read__init(struct pn_read__frame *f, int fd, void *buf, size_t n)
{
    f->pn__hdr.pn__state = IO_FRESH;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->fd = fd;
    f->buf = buf;
    f->n = n;
    io_wait_init(&f->wait, fd);
}

pn_poll pn_read__poll(pn_future *self, pn_context *cx)
{
    struct pn_read__frame *f = (struct pn_read__frame *)self;
    int fresh = self->pn__state == IO_FRESH;
    io_enter(self, f->fd, "pn_read");
    pn__reactor *r = io_reactor();
    /* The previous read on this fd was short, so the socket (or pipe) was
     * empty then: rather than a read that would say EAGAIN, register
     * straight away.  Registering re-checks readiness (reactor.c), so data
     * that came in since still wakes us at once.  If registering fails,
     * fall back to the read, which reports the fd's real state. */
    if (fresh && pn__reactor_hint(r, f->fd, 0) && io_arm(&f->wait, EPOLLIN, cx) == 0)
        return PN_PENDING;
    ssize_t rc = io_try_read(f->fd, f->buf, f->n);
    /* A short read drained the fd (a stream socket or pipe returns all it
     * has); a datagram fd may hold more, which costs only the turn. */
    pn__reactor_hint(r, f->fd, rc > 0 && (size_t)rc < f->n);
    return io_settle(self, &f->wait, EPOLLIN, cx, rc, &f->pn__ret);
}

void pn_read__drop(pn_future *self)
{
    io_disarm(&((struct pn_read__frame *)self)->wait);
}

PN__IO_VTABLE(pn_read, ssize_t);

/* ---- pn_write ----------------------------------------------------- */

void pn_write__init(struct pn_write__frame *f, int fd, const void *buf, size_t n)
{
    f->pn__hdr.pn__state = IO_FRESH;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->fd = fd;
    f->buf = buf;
    f->n = n;
    io_wait_init(&f->wait, fd);
}

pn_poll pn_write__poll(pn_future *self, pn_context *cx)
{
    struct pn_write__frame *f = (struct pn_write__frame *)self;
    io_enter(self, f->fd, "pn_write");
    return io_settle(self, &f->wait, EPOLLOUT, cx, io_try_write(self, f->fd, f->buf, f->n),
                     &f->pn__ret);
}

void pn_write__drop(pn_future *self)
{
    io_disarm(&((struct pn_write__frame *)self)->wait);
}

PN__IO_VTABLE(pn_write, ssize_t);

/* ---- pn_write_all ------------------------------------------------- */

void pn_write_all__init(struct pn_write_all__frame *f, int fd, const void *buf, size_t n)
{
    f->pn__hdr.pn__state = IO_FRESH;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->fd = fd;
    f->buf = buf;
    f->n = n;
    f->done = 0;
    io_wait_init(&f->wait, fd);
}

pn_poll pn_write_all__poll(pn_future *self, pn_context *cx)
{
    struct pn_write_all__frame *f = (struct pn_write_all__frame *)self;
    io_enter(self, f->fd, "pn_write_all");
    ssize_t rc = 0;
    while (f->done < f->n) {
        rc = io_try_write(self, f->fd, (const char *)f->buf + f->done, f->n - f->done);
        if (rc < 0)
            break;
        /* write(2) of a non-empty buffer returning 0 would loop forever. */
        if (rc == 0) {
            rc = -EIO;
            break;
        }
        f->done += (size_t)rc;
    }
    if (f->done == f->n)
        rc = (ssize_t)f->n;
    return io_settle(self, &f->wait, EPOLLOUT, cx, rc, &f->pn__ret);
}

void pn_write_all__drop(pn_future *self)
{
    io_disarm(&((struct pn_write_all__frame *)self)->wait);
}

PN__IO_VTABLE(pn_write_all, ssize_t);

/* ---- pn_accept ---------------------------------------------------- */

void pn_accept__init(struct pn_accept__frame *f, int fd, struct sockaddr *addr,
                     socklen_t *addrlen)
{
    f->pn__hdr.pn__state = IO_FRESH;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->fd = fd;
    f->addr = addr;
    f->addrlen = addrlen;
    io_wait_init(&f->wait, fd);
}

/* Errors that belong to one aborted or failed incoming connection, not
 * to the listener (accept(2), "Error handling"): skip to the next one. */
static int io_accept_transient(int err)
{
    switch (err) {
    case EINTR:
    case ECONNABORTED:
    case EPROTO:
    case ENETDOWN:
    case ENOPROTOOPT:
    case EHOSTDOWN:
    case ENONET:
    case EHOSTUNREACH:
    case EOPNOTSUPP:
    case ENETUNREACH:
        return 1;
    default:
        return 0;
    }
}

static ssize_t io_try_accept(int fd, struct sockaddr *addr, socklen_t *addrlen)
{
    for (;;) {
        int k = accept4(fd, addr, addrlen, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (k >= 0)
            return k;
        if (!io_accept_transient(errno))
            return io_errno();
    }
}

pn_poll pn_accept__poll(pn_future *self, pn_context *cx)
{
    struct pn_accept__frame *f = (struct pn_accept__frame *)self;
    io_enter(self, f->fd, "pn_accept");
    return io_settle_int(self, &f->wait, EPOLLIN, cx, io_try_accept(f->fd, f->addr, f->addrlen),
                         &f->pn__ret);
}

void pn_accept__drop(pn_future *self)
{
    io_disarm(&((struct pn_accept__frame *)self)->wait);
}

PN__IO_VTABLE(pn_accept, int);

/* ---- pn_connect --------------------------------------------------- */

void pn_connect__init(struct pn_connect__frame *f, int fd, const struct sockaddr *addr,
                      socklen_t addrlen)
{
    f->pn__hdr.pn__state = IO_FRESH;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->fd = fd;
    f->addr = addr;
    f->addrlen = addrlen;
    io_wait_init(&f->wait, fd);
}

/* The outcome of a connect in progress: 0, -errno, or -EAGAIN while the
 * handshake is still running.  Writability ends the handshake; SO_ERROR
 * then says how it ended. */
static ssize_t io_connect_outcome(int fd)
{
    ssize_t ready = io_try_ready(fd, POLLOUT);
    if (ready < 0)
        return ready;
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        return -errno;
    return -err;
}

pn_poll pn_connect__poll(pn_future *self, pn_context *cx)
{
    struct pn_connect__frame *f = (struct pn_connect__frame *)self;
    io_enter(self, f->fd, "pn_connect");
    if (self->pn__state == IO_CONNECTING)
        return io_settle_int(self, &f->wait, EPOLLOUT, cx, io_connect_outcome(f->fd),
                             &f->pn__ret);

    ssize_t rc = connect(f->fd, f->addr, f->addrlen) == 0 ? 0 : -errno;
    if (rc == -EAGAIN) {
        /* Only AF_UNIX says this (the listener's backlog is full), and
         * no fd event announces room: try again on the next turn. */
        pn_wake_current(cx);
        return PN_PENDING;
    }
    if (rc == -EINPROGRESS || rc == -EINTR || rc == -EALREADY) {
        /* EINTR: the handshake goes on in the background, as for
         * EINPROGRESS (connect(2)). */
        self->pn__state = IO_CONNECTING;
        rc = io_connect_outcome(f->fd);
    }
    return io_settle_int(self, &f->wait, EPOLLOUT, cx, rc, &f->pn__ret);
}

void pn_connect__drop(pn_future *self)
{
    io_disarm(&((struct pn_connect__frame *)self)->wait);
}

PN__IO_VTABLE(pn_connect, int);

/* ---- pn_wait_readable / pn_wait_writable -------------------------- */

void pn_wait_readable__init(struct pn_wait_readable__frame *f, int fd)
{
    f->pn__hdr.pn__state = IO_FRESH;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->fd = fd;
    io_wait_init(&f->wait, fd);
}

pn_poll pn_wait_readable__poll(pn_future *self, pn_context *cx)
{
    struct pn_wait_readable__frame *f = (struct pn_wait_readable__frame *)self;
    io_enter(self, -1, "pn_wait_readable"); /* poll(2) never blocks */
    return io_settle_int(self, &f->wait, EPOLLIN, cx, io_try_ready(f->fd, POLLIN), &f->pn__ret);
}

void pn_wait_readable__drop(pn_future *self)
{
    io_disarm(&((struct pn_wait_readable__frame *)self)->wait);
}

PN__IO_VTABLE(pn_wait_readable, int);

void pn_wait_writable__init(struct pn_wait_writable__frame *f, int fd)
{
    f->pn__hdr.pn__state = IO_FRESH;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->fd = fd;
    io_wait_init(&f->wait, fd);
}

pn_poll pn_wait_writable__poll(pn_future *self, pn_context *cx)
{
    struct pn_wait_writable__frame *f = (struct pn_wait_writable__frame *)self;
    io_enter(self, -1, "pn_wait_writable");
    return io_settle_int(self, &f->wait, EPOLLOUT, cx, io_try_ready(f->fd, POLLOUT),
                         &f->pn__ret);
}

void pn_wait_writable__drop(pn_future *self)
{
    io_disarm(&((struct pn_wait_writable__frame *)self)->wait);
}

PN__IO_VTABLE(pn_wait_writable, int);
