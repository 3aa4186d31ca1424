/*
 * timers_lowered.c — timers_async.c lowered by hand, in the shape the
 * transformer generates (samples/hello/hello_lowered.c explains each
 * piece), so the runtime's memory per task can be measured on its own.
 * bench_timers_frames reports the size of the sleeper's frame: the part
 * of each task's memory that the generated code decides.
 */
#include <pinion.h>

#include <stddef.h>
#include <stdint.h>

#include "timers_main.h"

/* ---- async void sleeper(uint64_t ms) --------------------------------- */

struct sleeper__frame {
    pn_future pn__hdr;
    uint64_t ms;
    union {
        struct pn_sleep_ms__frame a1; /* await(pn_sleep_ms(ms)) */
    } pn__child;
};

static void sleeper__init(struct sleeper__frame *f, uint64_t ms)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->ms = ms;
}

static pn_poll sleeper__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct sleeper__frame *f = (struct sleeper__frame *)pn__self;
    pn__pin_check(pn__self, "sleeper");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("sleeper", f->pn__hdr.pn__state); return PN_PENDING;
    }
pn__start:
    /* await(pn_sleep_ms(ms)); */
    pn_sleep_ms__init(&f->pn__child.a1, f->ms);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_sleep_ms__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void sleeper__drop(pn_future *pn__self)
{
    struct sleeper__frame *f = (struct sleeper__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_sleep_ms__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

static const pn_future_vtable sleeper__vtable = {
    .poll = sleeper__poll,
    .drop = sleeper__drop,
    .name = "sleeper",
    .size = sizeof(struct sleeper__frame),
    .align = _Alignof(struct sleeper__frame),
    .result_offset = 0,
    .result_size = 0,
};

/* ---- async int timers_root(struct timers_probe *probe, pn_task **tasks, size_t n) */

struct timers_root__frame {
    pn_future pn__hdr;
    int pn__ret;
    struct timers_probe *probe;
    pn_task **tasks;
    size_t n;
    union {
        struct pn_yield__frame a1; /* await(pn_yield()) */
    } pn__child;
};

static void timers_root__init(struct timers_root__frame *f, struct timers_probe *probe,
                              pn_task **tasks, size_t n)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->probe = probe;
    f->tasks = tasks;
    f->n = n;
}

static pn_poll timers_root__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct timers_root__frame *f = (struct timers_root__frame *)pn__self;
    pn__pin_check(pn__self, "timers_root");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("timers_root", f->pn__hdr.pn__state); return PN_PENDING;
    }
pn__start:
    /* for (size_t i = 0; i < n; i++) { ... } — i is not live across an
     * await, so it stays a local of the poll function. */
    for (size_t i = 0; i < f->n; i++) {
        /* tasks[i] = pn_spawn(sleeper(TIMERS_SLEEP_MS)); */
        {
            pn_task *pn__task;
            struct sleeper__frame *pn__root = pn__task_reserve(&sleeper__vtable, &pn__task);
            if (pn__root) {
                sleeper__init(pn__root, TIMERS_SLEEP_MS);
                f->tasks[i] = pn__task_start(pn__task);
            } else {
                f->tasks[i] = NULL;
            }
        }
        if (f->tasks[i] == NULL) {
            f->pn__ret = -1;
            f->pn__hdr.pn__state = PN__STATE_DONE;
            return PN_READY;
        }
    }
    /* await(pn_yield()); */
    pn_yield__init(&f->pn__child.a1);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_yield__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    timers_probe_suspended(f->probe);
    for (size_t i = 0; i < f->n; i++)
        pn_cancel(f->tasks[i]);
    timers_probe_cancelled(f->probe);
    f->pn__ret = 0;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void timers_root__drop(pn_future *pn__self)
{
    struct timers_root__frame *f = (struct timers_root__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_yield__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

static const pn_future_vtable timers_root__vtable = {
    .poll = timers_root__poll,
    .drop = timers_root__drop,
    .name = "timers_root",
    .size = sizeof(struct timers_root__frame),
    .align = _Alignof(struct timers_root__frame),
    .result_offset = offsetof(struct timers_root__frame, pn__ret),
    .result_size = sizeof(int),
};

int bench_timers(struct timers_probe *probe, pn_task **tasks, size_t n)
{
    /* return pn_block_on(timers_root(probe, tasks, n)); */
    struct timers_root__frame root;
    timers_root__init(&root, probe, tasks, n);
    pn__block_on(&root.pn__hdr, &timers_root__vtable);
    return root.pn__ret;
}

void bench_timers_frames(void)
{
    bench_report("frame/sleeper", "bytes", (double)sizeof(struct sleeper__frame));
}
