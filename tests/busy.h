/*
 * busy.h — a task that computes in slices and yields between them, for
 * the fairness cases of the core and I/O suites: whatever else waits
 * (a timer, a readable socket) must be served within about one slice.
 */
#ifndef PINION_TESTS_BUSY_H
#define PINION_TESTS_BUSY_H

#include <pinion.h>
#include <stddef.h>
#include <stdint.h>

/* Compute (read the clock) for ns nanoseconds of wall time. */
static inline void busy_compute(uint64_t ns)
{
    uint64_t start = pn_now_ns();
    while (pn_now_ns() - start < ns) {
    }
}

#define BUSY_MAX_SLICES 256

/* What a busy task did: when each of its slices ended.  Counting the
 * slices that ended between two moments says how long something was held
 * back in slices, which a loaded machine does not inflate the way it
 * inflates wall time. */
struct busy_log {
    int slices;
    uint64_t ends[BUSY_MAX_SLICES]; /* pn_now_ns() at the end of each slice */
};

/* How many slices ended in (from, to]. */
static inline int busy_slices_between(const struct busy_log *log, uint64_t from, uint64_t to)
{
    int n = 0;
    for (int i = 0; i < log->slices; i++)
        n += log->ends[i] > from && log->ends[i] <= to;
    return n;
}

/* ---- async void busy(uint64_t slice_ns, int max_slices, const int *stop,
 *                      struct busy_log *log)
 * {
 *     while (log->slices < max_slices && !*stop) {
 *         busy_compute(slice_ns);
 *         log->ends[log->slices++] = pn_now_ns();
 *         await(pn_yield());
 *     }
 * }
 */
struct busy__frame {
    pn_future pn__hdr;
    uint64_t slice_ns;
    int max_slices;
    const int *stop;
    struct busy_log *log;
    union {
        struct pn_yield__frame a1; /* await(pn_yield()) */
    } pn__child;
};

static inline void busy__init(struct busy__frame *f, uint64_t slice_ns, int max_slices,
                              const int *stop, struct busy_log *log)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->slice_ns = slice_ns;
    f->max_slices = max_slices < BUSY_MAX_SLICES ? max_slices : BUSY_MAX_SLICES;
    f->stop = stop;
    f->log = log;
}

static inline pn_poll busy__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct busy__frame *f = (struct busy__frame *)pn__self;
    pn__pin_check(pn__self, "busy");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__while_cond;
    case 1: goto pn__await1;
    default: pn__bad_state("busy", f->pn__hdr.pn__state);
    }
pn__while_cond:
    if (!(f->log->slices < f->max_slices && !*f->stop))
        goto pn__while_end;
    busy_compute(f->slice_ns);
    f->log->ends[f->log->slices++] = pn_now_ns();
    pn_yield__init(&f->pn__child.a1);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_yield__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    goto pn__while_cond;
pn__while_end:
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static inline void busy__drop(pn_future *pn__self)
{
    struct busy__frame *f = (struct busy__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_yield__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

static const pn_future_vtable busy__vtable = {
    busy__poll, busy__drop, "busy", sizeof(struct busy__frame), _Alignof(struct busy__frame),
    0, 0};

#endif
