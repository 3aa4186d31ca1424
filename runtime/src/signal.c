/*
 * signal.c — pn_signal_watch and pn_signal_wait: signals as events.
 *
 * A process-wide hub keeps, per signal number, a signalfd that reads only
 * that signal, a count of the deliveries read so far, and the list of
 * waiting frames (intrusive: pn__signal_waiter lives in the frame).  The
 * signal is blocked (pn_signal_watch: in the calling thread; the pool's
 * threads block everything), so the kernel keeps a delivery pending until
 * someone reads the signalfd, and nobody reads it unless a task waits:
 * a delivery that arrives while no task waits is read by the next wait.
 *
 * A wait records the count when it starts and is done once the count
 * has moved.  Each waiting task tries to read the signalfd at its polls
 * and, when that says EAGAIN, waits for it to become readable through
 * its own runtime's reactor (a pn_wait_readable child), so waits on
 * several threads all watch the same fd.  The task that reads a delivery
 * bumps the count and wakes every waiter on the list, whichever thread
 * it belongs to; each of them sees the moved count at its next poll.
 * The hub's lock orders all of this; wakes happen under it (the hub's
 * lock, then a runtime's injection lock, never the other way round), so
 * a drop, which takes the lock, knows no wake of its waker is in flight.
 *
 * The signalfds stay open for the life of the process (one per signal
 * number ever watched, at most 64).
 */
#include "internal.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#define SIG_SLOTS 65 /* signal numbers 1 .. 64 */

static struct {
    pthread_mutex_t lock;
    int fd[SIG_SLOTS]; /* signalfd + 1; 0 when not watched */
    uint64_t count[SIG_SLOTS];
    pn__signal_waiter *waiters[SIG_SLOTS];
} hub = {.lock = PTHREAD_MUTEX_INITIALIZER};

static bool signal_waitable(int signo)
{
    if (signo <= 0 || signo >= SIG_SLOTS || signo > SIGRTMAX)
        return false;
    switch (signo) {
    case SIGKILL:
    case SIGSTOP:
    case SIGSEGV:
    case SIGBUS:
    case SIGILL:
    case SIGFPE:
        return false;
    default:
        return true;
    }
}

/* The signalfd of a watched signal, -1 if none. */
static int signal_fd(int signo)
{
    pthread_mutex_lock(&hub.lock);
    int fd = hub.fd[signo] - 1;
    pthread_mutex_unlock(&hub.lock);
    return fd;
}

int pn_signal_watch(int signo)
{
    if (!signal_waitable(signo))
        return -EINVAL;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    /* Every call blocks it in its own thread: a second runtime thread
     * that waits must not take the delivery through the disposition. */
    int rc = pthread_sigmask(SIG_BLOCK, &set, NULL);
    if (rc != 0)
        return -rc;
    pthread_mutex_lock(&hub.lock);
    if (hub.fd[signo] == 0) {
        int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
        if (fd < 0) {
            rc = -errno;
            pthread_mutex_unlock(&hub.lock);
            return rc;
        }
        hub.fd[signo] = fd + 1;
    }
    pthread_mutex_unlock(&hub.lock);
    return 0;
}

/* ---- waiters (hub lock held) -------------------------------------- */

static void waiter_link(int signo, pn__signal_waiter *w)
{
    w->pn__prev = NULL;
    w->pn__next = hub.waiters[signo];
    if (w->pn__next != NULL)
        w->pn__next->pn__prev = w;
    hub.waiters[signo] = w;
    w->pn__linked = 1;
}

static void waiter_unlink(int signo, pn__signal_waiter *w)
{
    if (!w->pn__linked)
        return;
    if (w->pn__prev != NULL)
        w->pn__prev->pn__next = w->pn__next;
    else
        hub.waiters[signo] = w->pn__next;
    if (w->pn__next != NULL)
        w->pn__next->pn__prev = w->pn__prev;
    w->pn__next = w->pn__prev = NULL;
    w->pn__linked = 0;
}

/* A delivery was read: every waiter sees it. */
static void signal_delivered(int signo)
{
    hub.count[signo]++;
    for (pn__signal_waiter *w = hub.waiters[signo]; w != NULL; w = w->pn__next) {
        pn_waker *k = w->pn__waker;
        w->pn__waker = NULL;
        pn_waker_wake(k);
    }
}

/* ---- pn_signal_wait ------------------------------------------------- */

enum {
    SIGW_WAITING = 1,  /* linked; the readable child is not in flight */
    SIGW_READABLE = 2, /* linked; the readable child is in flight */
};

void pn_signal_wait__init(struct pn_signal_wait__frame *f, int signo)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->signo = signo;
    f->waiter = (pn__signal_waiter){0};
}

/* Unlink f's waiter and release its waker. */
static void sigw_leave(struct pn_signal_wait__frame *f)
{
    pthread_mutex_lock(&hub.lock);
    waiter_unlink(f->signo, &f->waiter);
    pn_waker *k = f->waiter.pn__waker;
    f->waiter.pn__waker = NULL;
    pthread_mutex_unlock(&hub.lock);
    pn_waker_drop(k);
    if (f->pn__hdr.pn__state == SIGW_READABLE)
        pn_wait_readable__drop(&f->readable.pn__hdr);
}

/* One read of the signalfd: 1 when it gave a delivery (already counted
 * and announced), 0 when none is pending, -errno on failure. */
static int sigw_read(int signo, int fd)
{
    struct signalfd_siginfo si;
    for (;;) {
        ssize_t n = read(fd, &si, sizeof si);
        if (n == (ssize_t)sizeof si) {
            pthread_mutex_lock(&hub.lock);
            signal_delivered(signo);
            pthread_mutex_unlock(&hub.lock);
            return 1;
        }
        if (n >= 0)
            return -EIO; /* a signalfd reads whole records */
        if (errno == EINTR)
            continue;
        return errno == EAGAIN ? 0 : -errno;
    }
}

pn_poll pn_signal_wait__poll(pn_future *self, pn_context *cx)
{
    struct pn_signal_wait__frame *f = (struct pn_signal_wait__frame *)self;
    pn__pin_check(self, "pn_signal_wait");
    int signo = f->signo;
    switch (self->pn__state) {
    case 0: {
        int rc = pn_signal_watch(signo);
        if (rc < 0) {
            f->pn__ret = rc;
            self->pn__state = PN__STATE_DONE;
            return PN_READY;
        }
        pthread_mutex_lock(&hub.lock);
        f->waiter.pn__seen = hub.count[signo];
        f->waiter.pn__waker = pn_waker_clone(cx);
        waiter_link(signo, &f->waiter);
        pthread_mutex_unlock(&hub.lock);
        self->pn__state = SIGW_WAITING;
        break;
    }
    case SIGW_WAITING:
    case SIGW_READABLE:
        break;
    default:
        pn__bad_state("pn_signal_wait", self->pn__state);
    }

    int fd = signal_fd(signo);
    for (;;) {
        pthread_mutex_lock(&hub.lock);
        bool seen = hub.count[signo] != f->waiter.pn__seen;
        pn_waker *old = NULL;
        if (!seen) {
            /* Keep this poll's waker for the next delivery. */
            old = f->waiter.pn__waker;
            f->waiter.pn__waker = pn_waker_clone(cx);
        }
        pthread_mutex_unlock(&hub.lock);
        pn_waker_drop(old);
        int got = seen ? 1 : sigw_read(signo, fd);
        if (got != 0) {
            sigw_leave(f);
            f->pn__ret = got > 0 ? signo : got;
            self->pn__state = PN__STATE_DONE;
            return PN_READY;
        }
        if (self->pn__state != SIGW_READABLE) {
            pn_wait_readable__init(&f->readable, fd);
            self->pn__state = SIGW_READABLE;
        }
        if (pn_wait_readable__poll(&f->readable.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        /* Readable already (or an error, which the next read reports):
         * the child is done, read again. */
        self->pn__state = SIGW_WAITING;
    }
}

void pn_signal_wait__drop(pn_future *self)
{
    struct pn_signal_wait__frame *f = (struct pn_signal_wait__frame *)self;
    if (self->pn__state == SIGW_WAITING || self->pn__state == SIGW_READABLE)
        sigw_leave(f);
}

const pn_future_vtable pn_signal_wait__vtable = {
    pn_signal_wait__poll,
    pn_signal_wait__drop,
    "pn_signal_wait",
    sizeof(struct pn_signal_wait__frame),
    _Alignof(struct pn_signal_wait__frame),
    offsetof(struct pn_signal_wait__frame, pn__ret),
    sizeof(int),
};

/* The erased reading: block until the signalfd has a delivery. */
int pn_signal_wait(int signo)
{
    int rc = pn_signal_watch(signo);
    if (rc < 0)
        return rc;
    int fd = signal_fd(signo);
    for (;;) {
        int got = sigw_read(signo, fd);
        if (got != 0)
            return got > 0 ? signo : got;
        struct pollfd p = {.fd = fd, .events = POLLIN, .revents = 0};
        if (poll(&p, 1, -1) < 0 && errno != EINTR)
            return -errno;
    }
}
