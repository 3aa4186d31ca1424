/*
 * process.c — pn_waitpid: waiting for a child process without blocking
 * the thread.
 *
 * For one child (pid > 0) and exits only, the leaf waits on a pidfd
 * (pidfd_open(2)), which the kernel makes readable when the process
 * exits, through the runtime's reactor, and then reaps the child with
 * waitpid(WNOHANG).  For everything a pidfd cannot announce (any child,
 * a process group, stops and continues) or a kernel without pidfds, it
 * checks with waitpid(WNOHANG) at growing intervals (a pn_sleep_ms
 * child).  Reaping only ever happens inside a poll, with WNOHANG, so a
 * dropped wait has reaped nothing: the child stays waitable, and only
 * the pidfd is closed.
 */
#include "internal.h"

#include <errno.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
    WP_PIDFD = 1, /* waiting for the pidfd to become readable */
    WP_SLEEP = 2, /* between two WNOHANG checks */
};

#define WP_BACKOFF_MAX_MS 50u

void pn_waitpid__init(struct pn_waitpid__frame *f, pid_t pid, int *status, int options)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->pid = pid;
    f->status = status;
    f->options = options;
    f->pidfd = -1;
    f->backoff_ms = 1;
}

/* One non-blocking attempt: the pid, 0 when nothing changed, -errno. */
static pid_t wp_try(struct pn_waitpid__frame *f)
{
    for (;;) {
        int st = 0;
        pid_t r = waitpid(f->pid, &st, f->options | WNOHANG);
        if (r > 0 && f->status != NULL)
            *f->status = st;
        if (r >= 0)
            return r;
        if (errno != EINTR)
            return -errno;
    }
}

static int wp_pidfd_open(pid_t pid)
{
#ifdef SYS_pidfd_open
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fd >= 0) {
        /* pidfd_open sets close-on-exec itself. */
        return fd;
    }
#else
    (void)pid;
#endif
    return -1;
}

static void wp_close(struct pn_waitpid__frame *f)
{
    if (f->pidfd >= 0)
        close(f->pidfd);
    f->pidfd = -1;
}

pn_poll pn_waitpid__poll(pn_future *self, pn_context *cx)
{
    struct pn_waitpid__frame *f = (struct pn_waitpid__frame *)self;
    pn__pin_check(self, "pn_waitpid");
    pid_t r;
    switch (self->pn__state) {
    case 0:
        r = wp_try(f);
        if (r != 0 || (f->options & WNOHANG))
            goto done;
        if (f->pid > 0 && !(f->options & (WUNTRACED | WCONTINUED)))
            f->pidfd = wp_pidfd_open(f->pid);
        goto wait;
    case WP_PIDFD:
        if (pn_wait_readable__poll(&f->u.readable.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        break;
    case WP_SLEEP:
        if (pn_sleep_ms__poll(&f->u.sleep.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        if (f->backoff_ms < WP_BACKOFF_MAX_MS)
            f->backoff_ms =
                f->backoff_ms * 2 > WP_BACKOFF_MAX_MS ? WP_BACKOFF_MAX_MS : f->backoff_ms * 2;
        break;
    default:
        pn__bad_state("pn_waitpid", self->pn__state);
    }
    for (;;) {
        r = wp_try(f);
        if (r != 0)
            goto done;
    wait:
        if (f->pidfd >= 0) {
            pn_wait_readable__init(&f->u.readable, f->pidfd);
            self->pn__state = WP_PIDFD;
            if (pn_wait_readable__poll(&f->u.readable.pn__hdr, cx) == PN_PENDING)
                return PN_PENDING;
            /* Readable already: it exited (or the wait failed, and the
             * check at the top of the loop says why). */
            if (f->u.readable.pn__ret < 0) {
                wp_close(f); /* fall back to checking at intervals */
            }
        } else {
            pn_sleep_ms__init(&f->u.sleep, f->backoff_ms);
            self->pn__state = WP_SLEEP;
            if (pn_sleep_ms__poll(&f->u.sleep.pn__hdr, cx) == PN_PENDING)
                return PN_PENDING;
        }
    }
done:
    wp_close(f);
    f->pn__ret = r;
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_waitpid__drop(pn_future *self)
{
    struct pn_waitpid__frame *f = (struct pn_waitpid__frame *)self;
    if (self->pn__state == WP_PIDFD)
        pn_wait_readable__drop(&f->u.readable.pn__hdr);
    else if (self->pn__state == WP_SLEEP)
        pn_sleep_ms__drop(&f->u.sleep.pn__hdr);
    wp_close(f);
}

const pn_future_vtable pn_waitpid__vtable = {
    pn_waitpid__poll,
    pn_waitpid__drop,
    "pn_waitpid",
    sizeof(struct pn_waitpid__frame),
    _Alignof(struct pn_waitpid__frame),
    offsetof(struct pn_waitpid__frame, pn__ret),
    sizeof(pid_t),
};

/* The erased reading: waitpid itself. */
pid_t pn_waitpid(pid_t pid, int *status, int options)
{
    for (;;) {
        pid_t r = waitpid(pid, status, options);
        if (r >= 0 || errno != EINTR)
            return r >= 0 ? r : -errno;
    }
}
