/*
 * reactor.c — the epoll reactor: which task waits for which fd.
 *
 * Each runtime owns one epoll instance and one eventfd.  The I/O leaves
 * (io.c) try their syscall first and only call pn__reactor_add after it
 * said EAGAIN; the executor calls pn__reactor_wait when it has nothing
 * to run, and pn__reactor_notify from other threads to interrupt that
 * sleep.
 *
 * Registration is edge-triggered and persistent: an fd stays registered
 * while it is idle, so an fd with unread data or free buffer space never
 * makes epoll_wait spin, and the common "wait, wake, retry" cycle costs no
 * epoll_ctl beyond the one in pn__reactor_add.  Edge-triggering is safe
 * because a wait is only ever added after the syscall reported EAGAIN:
 * any readiness that arrives afterwards is a new edge.
 *
 * Every pn__reactor_add issues EPOLL_CTL_MOD (falling back to ADD on
 * ENOENT).  That one call does three jobs: it reports a closed fd as
 * -EBADF; it re-registers an fd number that was closed and reused for a
 * new file (epoll drops a registration when its file closes, and keys
 * registrations by file, not number); and MOD re-queues the fd if it is
 * already ready, so no edge can be missed.  The interest it sets is the
 * directions the fd's waits want (EPOLLIN with EPOLLRDHUP, EPOLLOUT), not
 * both: a socket is nearly always writable, and a MOD for a read that
 * also asked for EPOLLOUT would queue an event nobody waits for, so that
 * the next epoll_wait returned at once for nothing (on a keep-alive HTTP
 * connection, once per request).  A direction left out of the interest
 * is not missed: the next wait for it issues its own MOD, which looks at
 * the fd's state then.  What is left is occasional spurious wakes, which
 * the leaves absorb by retrying their syscall.
 *
 * pn_read keeps one hint per fd here: its last read came back short, so
 * the next read would most likely say EAGAIN.  A read that starts with
 * the hint set skips that attempt and registers at once; the MOD in
 * pn__reactor_add re-queues the fd if data did arrive meanwhile, so the
 * hint only ever costs a turn of the loop, never a lost wake-up.
 *
 * A wait (pn__io_wait, inside the leaf's frame) is registered exactly
 * while its pn__waker is non-NULL.  Firing and cancelling both unlink it
 * and clear the waker, so pn__reactor_cancel is idempotent and a frame
 * dropped after its wait fired does not touch the reactor at all.  The
 * waker is woken only after the wait is unlinked, and nothing here reads
 * the wait afterwards: waking may release the last reference to the task
 * whose frame holds it.
 */
#include "reactor.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

/* epoll_data of the eventfd; fd registrations carry the fd (>= 0). */
#define PN__NOTIFY_TAG UINT64_MAX
/* Events fetched per epoll_wait; more simply wait for the next round. */
#define PN__EVENT_BATCH 64

int pn__reactor_init(pn__reactor *r)
{
    r->epfd = -1;
    r->eventfd = -1;
    r->pending = 0;
    r->fds = NULL;
    r->drained = NULL;
    r->nfds = 0;

    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0)
        return -errno;
    int ev = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (ev < 0) {
        int err = -errno;
        close(ep);
        return err;
    }
    /* Level-triggered on purpose: a notify that lands while the loop is
     * busy must still cut the next sleep short. */
    struct epoll_event e = {.events = EPOLLIN, .data.u64 = PN__NOTIFY_TAG};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, ev, &e) < 0) {
        int err = -errno;
        close(ev);
        close(ep);
        return err;
    }
    r->epfd = ep;
    r->eventfd = ev;
    return 0;
}

void pn__reactor_fini(pn__reactor *r)
{
    /* Tasks are cancelled before the reactor goes, so normally nothing is
     * left.  Whatever is, is disowned: a frame dropped later finds its
     * waker cleared and leaves the (freed) table alone. */
    for (size_t fd = 0; fd < r->nfds; fd++) {
        pn__io_wait *w = r->fds[fd];
        while (w != NULL) {
            pn__io_wait *next = w->pn__next;
            pn_waker *k = w->pn__waker;
            w->pn__next = NULL;
            w->pn__waker = NULL;
            pn_waker_drop(k);
            w = next;
        }
    }
    if (r->fds != NULL)
        pn__free(r->fds, r->nfds * sizeof *r->fds);
    if (r->drained != NULL)
        pn__free(r->drained, r->nfds);
    if (r->eventfd >= 0)
        close(r->eventfd);
    if (r->epfd >= 0)
        close(r->epfd);
    r->fds = NULL;
    r->drained = NULL;
    r->nfds = 0;
    r->pending = 0;
    r->eventfd = -1;
    r->epfd = -1;
}

/* Make the table index fd valid.  0 or -ENOMEM. */
static int reactor_reserve(pn__reactor *r, int fd)
{
    size_t need = (size_t)fd + 1;
    if (need <= r->nfds)
        return 0;
    size_t n = r->nfds ? r->nfds : 64;
    while (n < need)
        n *= 2;
    pn__io_wait **t = pn__alloc(n * sizeof *t);
    if (t == NULL)
        return -ENOMEM;
    unsigned char *d = pn__alloc(n);
    if (d == NULL) {
        pn__free(t, n * sizeof *t);
        return -ENOMEM;
    }
    if (r->nfds) {
        memcpy(t, r->fds, r->nfds * sizeof *t);
        memcpy(d, r->drained, r->nfds);
    }
    memset(t + r->nfds, 0, (n - r->nfds) * sizeof *t);
    memset(d + r->nfds, 0, n - r->nfds);
    if (r->fds != NULL) {
        pn__free(r->fds, r->nfds * sizeof *r->fds);
        pn__free(r->drained, r->nfds);
    }
    r->fds = t;
    r->drained = d;
    r->nfds = n;
    return 0;
}

/* Ensure this fd's current file is registered for the directions in
 * `want` (EPOLLIN, EPOLLOUT), and re-arm it. */
static int reactor_watch(pn__reactor *r, int fd, uint32_t want)
{
    uint32_t events = EPOLLET | (want & EPOLLOUT);
    if (want & EPOLLIN)
        events |= EPOLLIN | EPOLLRDHUP;
    struct epoll_event e = {.events = events, .data.u64 = (uint64_t)fd};
    if (epoll_ctl(r->epfd, EPOLL_CTL_MOD, fd, &e) == 0)
        return 0;
    if (errno == ENOENT && epoll_ctl(r->epfd, EPOLL_CTL_ADD, fd, &e) == 0)
        return 0;
    return -errno;
}

int pn__reactor_add(pn__reactor *r, pn__io_wait *w)
{
    int fd = w->pn__fd;
    int rc = fd < 0 || r->epfd < 0 ? -EBADF : reactor_reserve(r, fd);
    pn__io_wait **link = NULL;
    if (rc == 0) {
        /* One walk: the interest of every wait on fd, and the end of its
         * list (waits on one fd are woken in the order they arrived). */
        uint32_t want = w->pn__events;
        for (link = &r->fds[fd]; *link != NULL; link = &(*link)->pn__next)
            want |= (*link)->pn__events;
        rc = reactor_watch(r, fd, want);
    }
    if (rc != 0) {
        pn_waker *k = w->pn__waker;
        w->pn__waker = NULL;
        if (k != NULL)
            pn_waker_drop(k);
        return rc;
    }
    w->pn__next = NULL;
    *link = w;
    r->pending++;
    return 0;
}

void pn__reactor_cancel(pn__reactor *r, pn__io_wait *w)
{
    if (w->pn__waker == NULL)
        return;
    int fd = w->pn__fd;
    if (fd >= 0 && (size_t)fd < r->nfds) {
        for (pn__io_wait **link = &r->fds[fd]; *link != NULL; link = &(*link)->pn__next) {
            if (*link == w) {
                *link = w->pn__next;
                r->pending--;
                break;
            }
        }
    }
    pn_waker *k = w->pn__waker;
    w->pn__next = NULL;
    w->pn__waker = NULL;
    pn_waker_drop(k);
}

/* Which wait directions an epoll event satisfies.  Errors and hang-ups
 * satisfy both: the retried syscall is what reports them. */
static uint32_t reactor_ready_mask(uint32_t ev)
{
    uint32_t ready = 0;
    if (ev & (EPOLLIN | EPOLLPRI | EPOLLRDHUP))
        ready |= EPOLLIN;
    if (ev & EPOLLOUT)
        ready |= EPOLLOUT;
    if (ev & (EPOLLERR | EPOLLHUP))
        ready |= EPOLLIN | EPOLLOUT;
    return ready;
}

static int reactor_fire(pn__reactor *r, int fd, uint32_t ready)
{
    int woken = 0;
    if (fd < 0 || (size_t)fd >= r->nfds)
        return 0;
    pn__io_wait **link = &r->fds[fd];
    while (*link != NULL) {
        pn__io_wait *w = *link;
        if ((w->pn__events & ready) == 0) {
            link = &w->pn__next;
            continue;
        }
        *link = w->pn__next;
        r->pending--;
        pn_waker *k = w->pn__waker;
        w->pn__next = NULL;
        w->pn__waker = NULL;
        pn_waker_wake(k); /* w may be gone from here on */
        woken++;
    }
    return woken;
}

static void reactor_drain_notify(pn__reactor *r)
{
    uint64_t count;
    ssize_t n;
    do
        n = read(r->eventfd, &count, sizeof count);
    while (n < 0 && errno == EINTR);
    /* EAGAIN: another round already drained it.  Nothing else can fail
     * on an eventfd we own. */
}

int pn__reactor_wait(pn__reactor *r, int timeout_ms)
{
    if (r->epfd < 0)
        return -EBADF;
    struct epoll_event evs[PN__EVENT_BATCH];
    int n = epoll_wait(r->epfd, evs, PN__EVENT_BATCH, timeout_ms);
    if (n < 0)
        return errno == EINTR ? 0 : -errno; /* the caller re-checks its clock */
    int woken = 0;
    for (int i = 0; i < n; i++) {
        if (evs[i].data.u64 == PN__NOTIFY_TAG)
            reactor_drain_notify(r);
        else
            woken += reactor_fire(r, (int)evs[i].data.u64, reactor_ready_mask(evs[i].events));
    }
    return woken;
}

void pn__reactor_notify(pn__reactor *r)
{
    uint64_t one = 1;
    ssize_t n;
    do
        n = write(r->eventfd, &one, sizeof one);
    while (n < 0 && errno == EINTR);
    /* EAGAIN means the counter is saturated: a wake is pending anyway. */
}

int pn__reactor_hint(pn__reactor *r, int fd, int drained)
{
    if (fd < 0 || (size_t)fd >= r->nfds)
        return 0; /* never waited on: no hint, and none recorded */
    int was = r->drained[fd];
    r->drained[fd] = drained > 0;
    return was;
}

size_t pn__reactor_pending(const pn__reactor *r)
{
    return r->pending;
}
