/*
 * fs.c — regular files without blocking the thread: pn_pread,
 * pn_pwrite, pn_open, pn_fsync.
 *
 * epoll cannot wait for a regular file (it is always "ready", and a read
 * that misses the page cache sleeps in the kernel), so these leaves
 * never wait for readiness.  pn_pread and pn_pwrite first try the call
 * with RWF_NOWAIT (preadv2/pwritev2), which the kernel completes only if
 * it can do so without waiting for the disk: a read from the page cache
 * costs what a plain pread costs and no thread is involved.  When that
 * says EAGAIN (or the file system does not support it), the call goes to
 * the blocking pool (blocking.c).  pn_open and pn_fsync always go there.
 *
 * A trip through the pool must survive its frame being dropped while the
 * syscall runs, so it never uses the caller's memory: the job record
 * carries a buffer of its own (up to PN_FILE_CHUNK bytes), which
 * pn_pread copies out of, and pn_pwrite into, on the caller's thread;
 * pn_open's job carries a copy of the path.  The result of a dropped
 * pn_open (an fd) is closed by the pool thread.  And a job works on a
 * duplicate of the caller's fd (F_DUPFD_CLOEXEC), so that closing the fd
 * after a drop, and the number's reuse, cannot redirect a write or an
 * fsync that is still under way to another file.
 */
#include "blocking.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

enum {
    FILE_SUBMITTED = 1, /* the job is the pool's */
    FILE_YIELDED = 2,   /* done on the spot; suspended once for fairness */
};

/*
 * Fairness.  A read from the page cache completes on the spot, so a task
 * that reads a large cached file in a loop would never suspend, and a
 * timer of another task would wait for the whole file.  So the bytes
 * moved on the spot are counted per thread, and the call that brings the
 * count past PN__FS_YIELD_BYTES suspends once before it returns its
 * result (as pn_yield does): about every 1 MiB, a look at timers and
 * I/O, a few hundred microseconds of copying apart.
 */
#define PN__FS_YIELD_BYTES ((size_t)1 << 20)
static _Thread_local size_t fs_spot_bytes;

/* After a call completed on the spot with k: whether to suspend once. */
static bool fs_should_yield(ssize_t k)
{
    if (k <= 0)
        return false;
    fs_spot_bytes += (size_t)k;
    if (fs_spot_bytes < PN__FS_YIELD_BYTES)
        return false;
    fs_spot_bytes = 0;
    return true;
}

#define PN__FS_VTABLE(NAME, RET_TYPE)                                                              \
    const pn_future_vtable NAME##__vtable = {                                                      \
        NAME##__poll,                                                                              \
        NAME##__drop,                                                                              \
        #NAME,                                                                                     \
        sizeof(struct NAME##__frame),                                                              \
        _Alignof(struct NAME##__frame),                                                            \
        offsetof(struct NAME##__frame, pn__ret),                                                   \
        sizeof(RET_TYPE),                                                                          \
    }

/* The pool's own reference to the caller's file: a dropped call's
 * syscall then acts on the file it was meant for even if the caller
 * closes the fd and the number is reused.  -errno (-EBADF, -EMFILE) when
 * it cannot be had. */
static int fs_dup(int fd)
{
    int d = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    return d >= 0 ? d : -errno;
}

/* Whether an RWF_NOWAIT attempt's errno means "go through the pool". */
static bool fs_needs_pool(int err)
{
    return err == EAGAIN || err == EOPNOTSUPP || err == ENOSYS;
}

/* ---- pn_pread / pn_pwrite ------------------------------------------ */

typedef struct rw_job {
    pn__job base;
    int fd; /* the job's duplicate */
    size_t n;
    off_t off;
    unsigned char data[]; /* n bytes */
} rw_job;

static void rw_release(pn__job *j, bool unclaimed)
{
    (void)unclaimed;
    close(((rw_job *)(void *)j)->fd);
    free(j);
}

static long pread_run(pn__job *j)
{
    rw_job *r = (rw_job *)(void *)j;
    for (;;) {
        ssize_t k = pread(r->fd, r->data, r->n, r->off);
        if (k >= 0)
            return (long)k;
        if (errno != EINTR)
            return -errno;
    }
}

static long pwrite_run(pn__job *j)
{
    rw_job *r = (rw_job *)(void *)j;
    for (;;) {
        ssize_t k = pwrite(r->fd, r->data, r->n, r->off);
        if (k >= 0)
            return (long)k;
        if (errno != EINTR)
            return -errno;
    }
}

/* A job for n bytes (capped at PN_FILE_CHUNK) at off, or NULL with *err
 * set (-ENOMEM, or what duplicating fd said). */
static rw_job *rw_job_new(int fd, size_t n, off_t off, long (*run)(pn__job *), ssize_t *err)
{
    if (n > PN_FILE_CHUNK)
        n = PN_FILE_CHUNK;
    rw_job *r = malloc(sizeof *r + n);
    if (r == NULL) {
        *err = -ENOMEM;
        return NULL;
    }
    r->fd = fs_dup(fd);
    if (r->fd < 0) {
        *err = r->fd;
        free(r);
        return NULL;
    }
    r->base.run = run;
    r->base.release = rw_release;
    r->n = n;
    r->off = off;
    return r;
}

void pn_pread__init(struct pn_pread__frame *f, int fd, void *buf, size_t n, off_t off)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->fd = fd;
    f->buf = buf;
    f->n = n;
    f->off = off;
    f->job = NULL;
}

pn_poll pn_pread__poll(pn_future *self, pn_context *cx)
{
    struct pn_pread__frame *f = (struct pn_pread__frame *)self;
    pn__pin_check(self, "pn_pread");
    switch (self->pn__state) {
    case 0: {
        if (f->off < 0) {
            f->pn__ret = -EINVAL; /* preadv2 and pwritev2 would take -1 as "the fd's offset" */
            break;
        }
        struct iovec iov = {.iov_base = f->buf, .iov_len = f->n};
        ssize_t k;
        do
            k = preadv2(f->fd, &iov, 1, f->off, RWF_NOWAIT);
        while (k < 0 && errno == EINTR);
        if (k >= 0 || !fs_needs_pool(errno)) {
            f->pn__ret = k >= 0 ? k : -errno;
            if (fs_should_yield(k)) {
                self->pn__state = FILE_YIELDED;
                pn_wake_current(cx);
                return PN_PENDING;
            }
            break;
        }
        rw_job *r = rw_job_new(f->fd, f->n, f->off, pread_run, &f->pn__ret);
        if (r == NULL)
            break;
        f->job = &r->base;
        self->pn__state = FILE_SUBMITTED;
        pn__job_submit(f->job, cx);
    }
        /* fallthrough */
    case FILE_SUBMITTED: {
        if (pn__job_check(f->job, cx) == PN_PENDING)
            return PN_PENDING;
        rw_job *r = (rw_job *)(void *)f->job;
        f->pn__ret = r->base.result;
        if (f->pn__ret > 0)
            memcpy(f->buf, r->data, (size_t)f->pn__ret);
        r->base.release(&r->base, false);
        f->job = NULL;
        break;
    }
    case FILE_YIELDED:
        break; /* the result is in pn__ret already */
    default:
        pn__bad_state("pn_pread", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_pread__drop(pn_future *self)
{
    struct pn_pread__frame *f = (struct pn_pread__frame *)self;
    if (self->pn__state == FILE_SUBMITTED && f->job != NULL)
        pn__job_cancel(f->job);
    f->job = NULL;
}

PN__FS_VTABLE(pn_pread, ssize_t);

void pn_pwrite__init(struct pn_pwrite__frame *f, int fd, const void *buf, size_t n, off_t off)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->fd = fd;
    f->buf = buf;
    f->n = n;
    f->off = off;
    f->job = NULL;
}

pn_poll pn_pwrite__poll(pn_future *self, pn_context *cx)
{
    struct pn_pwrite__frame *f = (struct pn_pwrite__frame *)self;
    pn__pin_check(self, "pn_pwrite");
    switch (self->pn__state) {
    case 0: {
        if (f->off < 0) {
            f->pn__ret = -EINVAL; /* preadv2 and pwritev2 would take -1 as "the fd's offset" */
            break;
        }
        struct iovec iov = {.iov_base = (void *)(uintptr_t)f->buf, .iov_len = f->n};
        ssize_t k;
        do
            k = pwritev2(f->fd, &iov, 1, f->off, RWF_NOWAIT);
        while (k < 0 && errno == EINTR);
        if (k >= 0 || !fs_needs_pool(errno)) {
            f->pn__ret = k >= 0 ? k : -errno;
            if (fs_should_yield(k)) {
                self->pn__state = FILE_YIELDED;
                pn_wake_current(cx);
                return PN_PENDING;
            }
            break;
        }
        rw_job *r = rw_job_new(f->fd, f->n, f->off, pwrite_run, &f->pn__ret);
        if (r == NULL)
            break;
        memcpy(r->data, f->buf, r->n);
        f->job = &r->base;
        self->pn__state = FILE_SUBMITTED;
        pn__job_submit(f->job, cx);
    }
        /* fallthrough */
    case FILE_SUBMITTED:
        if (pn__job_check(f->job, cx) == PN_PENDING)
            return PN_PENDING;
        f->pn__ret = f->job->result;
        f->job->release(f->job, false);
        f->job = NULL;
        break;
    case FILE_YIELDED:
        break; /* the result is in pn__ret already */
    default:
        pn__bad_state("pn_pwrite", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_pwrite__drop(pn_future *self)
{
    struct pn_pwrite__frame *f = (struct pn_pwrite__frame *)self;
    if (self->pn__state == FILE_SUBMITTED && f->job != NULL)
        pn__job_cancel(f->job);
    f->job = NULL;
}

PN__FS_VTABLE(pn_pwrite, ssize_t);

/* ---- pn_open ----------------------------------------------------------- */

typedef struct open_job {
    pn__job base;
    int flags;
    unsigned mode;
    char path[]; /* NUL-terminated copy */
} open_job;

static long open_run(pn__job *j)
{
    open_job *o = (open_job *)(void *)j;
    for (;;) {
        int fd = open(o->path, o->flags | O_CLOEXEC, (mode_t)o->mode);
        if (fd >= 0)
            return fd;
        if (errno != EINTR)
            return -errno;
    }
}

static void open_release(pn__job *j, bool unclaimed)
{
    if (unclaimed && j->result >= 0)
        close((int)j->result); /* opened for a caller that is gone */
    free(j);
}

void pn_open__init(struct pn_open__frame *f, const char *path, int flags, unsigned mode)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->flags = flags;
    f->mode = mode;
    f->path = path;
    f->job = NULL;
}

pn_poll pn_open__poll(pn_future *self, pn_context *cx)
{
    struct pn_open__frame *f = (struct pn_open__frame *)self;
    pn__pin_check(self, "pn_open");
    switch (self->pn__state) {
    case 0: {
        if (f->path == NULL) {
            f->pn__ret = -EFAULT;
            break;
        }
        size_t len = strlen(f->path);
        open_job *o = malloc(sizeof *o + len + 1);
        if (o == NULL) {
            f->pn__ret = -ENOMEM;
            break;
        }
        o->base.run = open_run;
        o->base.release = open_release;
        o->flags = f->flags;
        o->mode = f->mode;
        memcpy(o->path, f->path, len + 1);
        f->job = &o->base;
        self->pn__state = FILE_SUBMITTED;
        pn__job_submit(f->job, cx);
    }
        /* fallthrough */
    case FILE_SUBMITTED:
        if (pn__job_check(f->job, cx) == PN_PENDING)
            return PN_PENDING;
        f->pn__ret = (int)f->job->result;
        f->job->release(f->job, false);
        f->job = NULL;
        break;
    default:
        pn__bad_state("pn_open", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_open__drop(pn_future *self)
{
    struct pn_open__frame *f = (struct pn_open__frame *)self;
    if (self->pn__state == FILE_SUBMITTED && f->job != NULL)
        pn__job_cancel(f->job);
    f->job = NULL;
}

PN__FS_VTABLE(pn_open, int);

/* ---- pn_fsync ---------------------------------------------------------- */

typedef struct fsync_job {
    pn__job base;
    int fd; /* the job's duplicate */
} fsync_job;

static void fsync_release(pn__job *j, bool unclaimed)
{
    (void)unclaimed;
    close(((fsync_job *)(void *)j)->fd);
    free(j);
}

static long fsync_run(pn__job *j)
{
    return fsync(((fsync_job *)(void *)j)->fd) == 0 ? 0 : -errno;
}

void pn_fsync__init(struct pn_fsync__frame *f, int fd)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->fd = fd;
    f->job = NULL;
}

pn_poll pn_fsync__poll(pn_future *self, pn_context *cx)
{
    struct pn_fsync__frame *f = (struct pn_fsync__frame *)self;
    pn__pin_check(self, "pn_fsync");
    switch (self->pn__state) {
    case 0: {
        fsync_job *s = malloc(sizeof *s);
        if (s == NULL) {
            f->pn__ret = -ENOMEM;
            break;
        }
        s->fd = fs_dup(f->fd);
        if (s->fd < 0) {
            f->pn__ret = s->fd;
            free(s);
            break;
        }
        s->base.run = fsync_run;
        s->base.release = fsync_release;
        f->job = &s->base;
        self->pn__state = FILE_SUBMITTED;
        pn__job_submit(f->job, cx);
    }
        /* fallthrough */
    case FILE_SUBMITTED:
        if (pn__job_check(f->job, cx) == PN_PENDING)
            return PN_PENDING;
        f->pn__ret = (int)f->job->result;
        f->job->release(f->job, false);
        f->job = NULL;
        break;
    default:
        pn__bad_state("pn_fsync", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_fsync__drop(pn_future *self)
{
    struct pn_fsync__frame *f = (struct pn_fsync__frame *)self;
    if (self->pn__state == FILE_SUBMITTED && f->job != NULL)
        pn__job_cancel(f->job);
    f->job = NULL;
}

PN__FS_VTABLE(pn_fsync, int);

/* ---- the erased reading -------------------------------------------------- */

ssize_t pn_pread(int fd, void *buf, size_t n, off_t off)
{
    for (;;) {
        ssize_t k = pread(fd, buf, n, off);
        if (k >= 0 || errno != EINTR)
            return k >= 0 ? k : -errno;
    }
}

ssize_t pn_pwrite(int fd, const void *buf, size_t n, off_t off)
{
    for (;;) {
        ssize_t k = pwrite(fd, buf, n, off);
        if (k >= 0 || errno != EINTR)
            return k >= 0 ? k : -errno;
    }
}

int pn_open(const char *path, int flags, unsigned mode)
{
    for (;;) {
        int fd = open(path, flags | O_CLOEXEC, (mode_t)mode);
        if (fd >= 0 || errno != EINTR)
            return fd >= 0 ? fd : -errno;
    }
}

int pn_fsync(int fd)
{
    return fsync(fd) == 0 ? 0 : -errno;
}
