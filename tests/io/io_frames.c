/*
 * io_frames.c — hand-lowered tasks that several I/O suites spawn: a
 * writer that lets others run first, and a single read.  Their async C is
 * in the comment above each frame; io_frames.h declares them.
 */
#include "io_frames.h"

/*
 * async void write_later(int fd, const void *data, size_t n, int close_after,
 *                        ssize_t *out)
 * {
 *     await(pn_yield());
 *     *out = await(pn_write_all(fd, data, n));
 *     if (close_after) close(fd);
 * }
 */
void write_later__init(struct write_later__frame *f, int fd, const void *data, size_t n,
                       int close_after, ssize_t *out)
{
    f->pn__hdr = (pn_future){0, 0};
    f->fd = fd;
    f->data = data;
    f->n = n;
    f->close_after = close_after;
    f->out = out;
}

static pn_poll write_later__poll(pn_future *self, pn_context *cx)
{
    struct write_later__frame *f = (struct write_later__frame *)self;
    pn__pin_check(self, "write_later");
    switch (self->pn__state) {
    case 0:
        pn_yield__init(&f->u.yield);
        self->pn__state = 1;
        /* fallthrough */
    case 1:
        if (pn_yield__poll(&f->u.yield.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        pn_write_all__init(&f->u.write_all, f->fd, f->data, f->n);
        self->pn__state = 2;
        /* fallthrough */
    case 2:
        if (pn_write_all__poll(&f->u.write_all.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        *f->out = f->u.write_all.pn__ret;
        if (f->close_after)
            close(f->fd);
        break;
    default:
        pn__bad_state("write_later", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void write_later__drop(pn_future *self)
{
    struct write_later__frame *f = (struct write_later__frame *)self;
    if (self->pn__state == 1)
        pn_yield__drop(&f->u.yield.pn__hdr);
    else if (self->pn__state == 2)
        pn_write_all__drop(&f->u.write_all.pn__hdr);
}

TEST_VTABLE_SHARED(write_later);

/*
 * async void read_once(int fd, void *buf, size_t n, int *finished, ssize_t *out)
 * {
 *     *out = await(pn_read(fd, buf, n));
 *     *finished = 1;
 * }
 */
void read_once__init(struct read_once__frame *f, int fd, void *buf, size_t n, int *finished,
                     ssize_t *out)
{
    f->pn__hdr = (pn_future){0, 0};
    f->fd = fd;
    f->buf = buf;
    f->n = n;
    f->finished = finished;
    f->out = out;
}

static pn_poll read_once__poll(pn_future *self, pn_context *cx)
{
    struct read_once__frame *f = (struct read_once__frame *)self;
    pn__pin_check(self, "read_once");
    switch (self->pn__state) {
    case 0:
        pn_read__init(&f->u.read, f->fd, f->buf, f->n);
        self->pn__state = 1;
        /* fallthrough */
    case 1:
        if (pn_read__poll(&f->u.read.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        *f->out = f->u.read.pn__ret;
        *f->finished = 1;
        break;
    default:
        pn__bad_state("read_once", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void read_once__drop(pn_future *self)
{
    struct read_once__frame *f = (struct read_once__frame *)self;
    if (self->pn__state == 1) {
        pn_read__drop(&f->u.read.pn__hdr);
        *f->finished = -1; /* tells the test the cancel reached the leaf */
    }
}

TEST_VTABLE_SHARED(read_once);
