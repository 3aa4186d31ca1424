/*
 * erased.c — the blocking definitions of every leaf of the runtime.
 *
 * pinion.h declares each leaf as `pn_async RET NAME(PARAMS)`.  Transformed
 * code never calls these: it uses the NAME__frame and NAME__poll pieces.
 * A program read with -DPINION_ERASE is plain synchronous C that does call
 * them, and this file makes it link and run: every await happens on the
 * spot, so every leaf blocks the thread until it is done.  That reading
 * is the project's oracle: a transformed program must compute what its
 * erased reading computes.
 *
 * Results and errors follow the async leaves exactly (negative errno,
 * EAGAIN never returned: a non-blocking fd is waited for with poll(2)).
 * Where blocking cannot mean what the async leaf means, the answer is
 * fixed here: pn_spawn ran its call to completion and gave no task, so
 * pn_join of that (NULL) task reports success and pn_join_result has no
 * result to give (-EINVAL); a channel operation that would wait forever,
 * since no other task exists to make progress, fails with -EDEADLK.
 */
#include "internal.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Block until fd is ready for events.  0, or -EBADF for a closed fd. */
static int erased_wait(int fd, short events)
{
    struct pollfd p = {.fd = fd, .events = events, .revents = 0};
    for (;;) {
        int k = poll(&p, 1, -1);
        if (k > 0)
            return (p.revents & POLLNVAL) ? -EBADF : 0;
        if (k < 0 && errno != EINTR)
            return -errno;
    }
}

static bool erased_would_block(int err)
{
    return err == EAGAIN || err == EWOULDBLOCK;
}

void pn_yield(void)
{
}

int pn_sleep_ms(uint64_t ms)
{
    struct timespec left = {.tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&left, &left) < 0 && errno == EINTR) {
    }
    return 0;
}

int pn_join(pn_task *t)
{
    (void)t;
    return 0;
}

int pn_join_result(pn_task *t, void *out, size_t size)
{
    (void)t;
    (void)out;
    (void)size;
    return -EINVAL;
}

ssize_t pn_read(int fd, void *buf, size_t n)
{
    for (;;) {
        ssize_t k = read(fd, buf, n);
        if (k >= 0)
            return k;
        if (errno == EINTR)
            continue;
        if (!erased_would_block(errno))
            return -errno;
        int rc = erased_wait(fd, POLLIN);
        if (rc < 0)
            return rc;
    }
}

/* As io.c: sockets via send(MSG_NOSIGNAL) so a vanished peer is -EPIPE,
 * anything else via write(2). */
static ssize_t erased_write_once(int fd, const void *buf, size_t n)
{
    for (;;) {
        ssize_t k = send(fd, buf, n, MSG_NOSIGNAL);
        if (k < 0 && errno == ENOTSOCK)
            k = write(fd, buf, n);
        if (k >= 0)
            return k;
        if (errno == EINTR)
            continue;
        if (!erased_would_block(errno))
            return -errno;
        int rc = erased_wait(fd, POLLOUT);
        if (rc < 0)
            return rc;
    }
}

ssize_t pn_write(int fd, const void *buf, size_t n)
{
    return erased_write_once(fd, buf, n);
}

ssize_t pn_write_all(int fd, const void *buf, size_t n)
{
    size_t done = 0;
    while (done < n) {
        ssize_t k = erased_write_once(fd, (const char *)buf + done, n - done);
        if (k < 0)
            return k;
        if (k == 0)
            return -EIO;
        done += (size_t)k;
    }
    return (ssize_t)n;
}

int pn_accept(int fd, struct sockaddr *addr, socklen_t *addrlen)
{
    for (;;) {
        int k = accept4(fd, addr, addrlen, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (k >= 0)
            return k;
        switch (errno) {
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
            continue; /* that connection failed, not the listener */
        default:
            break;
        }
        if (!erased_would_block(errno))
            return -errno;
        int rc = erased_wait(fd, POLLIN);
        if (rc < 0)
            return rc;
    }
}

int pn_connect(int fd, const struct sockaddr *addr, socklen_t addrlen)
{
    int err;
    for (;;) {
        if (connect(fd, addr, addrlen) == 0)
            return 0;
        err = errno;
        if (err != EAGAIN)
            break;
        /* AF_UNIX with a full backlog: no fd event announces room. */
        struct timespec ms = {.tv_sec = 0, .tv_nsec = 1000000L};
        nanosleep(&ms, NULL);
    }
    if (err != EINPROGRESS && err != EINTR && err != EALREADY)
        return -err;
    int rc = erased_wait(fd, POLLOUT);
    if (rc < 0)
        return rc;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        return -errno;
    return -err;
}

int pn_wait_readable(int fd)
{
    return erased_wait(fd, POLLIN);
}

int pn_wait_writable(int fd)
{
    return erased_wait(fd, POLLOUT);
}

int pn_chan_send(pn_chan *c, const void *elem)
{
    int rc = pn__chan_try_send(c, elem);
    return rc == -EAGAIN ? -EDEADLK : rc;
}

int pn_chan_recv(pn_chan *c, void *elem)
{
    int rc = pn__chan_try_recv(c, elem);
    return rc == -EAGAIN ? -EDEADLK : rc;
}

/* A sequential program has nobody else to release a permit: a wait that
 * would block forever aborts, saying so. */
static void erased_sync_take(pn__sync *s, const char *name)
{
    if (s->pn__permits == 0)
        pn__die("pinion: %s: would wait forever (erased: no other task can release it)", name);
    s->pn__permits--;
}

void pn_sem_acquire(pn_sem *s)
{
    erased_sync_take(&s->pn__s, "pn_sem_acquire");
}

void pn_mutex_lock(pn_mutex *m)
{
    erased_sync_take(&m->pn__s, "pn_mutex_lock");
}

void pn_notify_wait(pn_notify *n)
{
    erased_sync_take(&n->pn__s, "pn_notify_wait");
}
