/*
 * spawn_lowered.c — spawn_async.c lowered by hand, in the shape the
 * transformer generates (samples/hello/hello_lowered.c explains each
 * piece), so that spawning can be measured on the runtime alone.
 *
 * Each pn_spawn(f(x)) becomes pn__task_reserve (a slab slot sized for f's
 * frame), f__init in place and pn__task_start; each await of
 * pn_join_result polls a join frame nested in the caller's frame.  Loop
 * variables that no await can interrupt stay locals of the poll function.
 */
#include <pinion.h>

#include <stddef.h>
#include <stdint.h>

#include "spawn_main.h"

/* ---- async uint64_t leaf(uint64_t i) --------------------------------- */

struct leaf__frame {
    pn_future pn__hdr;
    uint64_t pn__ret;
    uint64_t i;
};

static void leaf__init(struct leaf__frame *f, uint64_t i)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->i = i;
}

static pn_poll leaf__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct leaf__frame *f = (struct leaf__frame *)pn__self;
    (void)pn__cx;
    pn__pin_check(pn__self, "leaf");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    default: pn__bad_state("leaf", f->pn__hdr.pn__state); return PN_PENDING;
    }
pn__start:
    /* return i; */
    f->pn__ret = f->i;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void leaf__drop(pn_future *pn__self)
{
    pn__self->pn__state = PN__STATE_DONE;
}

static const pn_future_vtable leaf__vtable = {
    .poll = leaf__poll,
    .drop = leaf__drop,
    .name = "leaf",
    .size = sizeof(struct leaf__frame),
    .align = _Alignof(struct leaf__frame),
    .result_offset = offsetof(struct leaf__frame, pn__ret),
    .result_size = sizeof(uint64_t),
};

/* ---- async uint64_t spawn_flat(uint64_t n) --------------------------- */

struct spawn_flat__frame {
    pn_future pn__hdr;
    uint64_t pn__ret;
    uint64_t n;
    pn_task *batch[SPAWN_BATCH];
    uint64_t sum;
    uint64_t base;
    uint64_t k;
    uint64_t j;
    uint64_t v;
    union {
        struct pn_join_result__frame a1; /* await(pn_join_result(batch[j], &v, sizeof v)) */
    } pn__child;
};

static void spawn_flat__init(struct spawn_flat__frame *f, uint64_t n)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->n = n;
}

static pn_poll spawn_flat__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct spawn_flat__frame *f = (struct spawn_flat__frame *)pn__self;
    pn__pin_check(pn__self, "spawn_flat");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("spawn_flat", f->pn__hdr.pn__state); return PN_PENDING;
    }
pn__start:
    /* uint64_t sum = 0; */
    f->sum = 0;
    /* for (uint64_t base = 0; base < n; base += SPAWN_BATCH) */
    f->base = 0;
pn__for1_cond:
    if (!(f->base < f->n))
        goto pn__for1_end;
    /* uint64_t k = n - base < SPAWN_BATCH ? n - base : SPAWN_BATCH; */
    f->k = f->n - f->base < SPAWN_BATCH ? f->n - f->base : SPAWN_BATCH;
    /* for (uint64_t j = 0; j < k; j++) batch[j] = pn_spawn(leaf(base + j)); */
    for (uint64_t j = 0; j < f->k; j++) {
        pn_task *pn__task;
        struct leaf__frame *pn__root = pn__task_reserve(&leaf__vtable, &pn__task);
        if (pn__root) {
            leaf__init(pn__root, f->base + j);
            f->batch[j] = pn__task_start(pn__task);
        } else {
            f->batch[j] = NULL;
        }
    }
    /* for (uint64_t j = 0; j < k; j++) */
    f->j = 0;
pn__for2_cond:
    if (!(f->j < f->k))
        goto pn__for2_end;
    /* uint64_t v = 0; */
    f->v = 0;
    /* if (await(pn_join_result(batch[j], &v, sizeof v)) != 0) */
    pn_join_result__init(&f->pn__child.a1, f->batch[f->j], &f->v, sizeof f->v);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_join_result__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    if (f->pn__child.a1.pn__ret != 0) {
        /* return 0; */
        f->pn__ret = 0;
        f->pn__hdr.pn__state = PN__STATE_DONE;
        return PN_READY;
    }
    /* sum += v; */
    f->sum += f->v;
    f->j++;
    goto pn__for2_cond;
pn__for2_end:
    f->base += SPAWN_BATCH;
    goto pn__for1_cond;
pn__for1_end:
    /* return sum; */
    f->pn__ret = f->sum;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void spawn_flat__drop(pn_future *pn__self)
{
    struct spawn_flat__frame *f = (struct spawn_flat__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_join_result__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

static const pn_future_vtable spawn_flat__vtable = {
    .poll = spawn_flat__poll,
    .drop = spawn_flat__drop,
    .name = "spawn_flat",
    .size = sizeof(struct spawn_flat__frame),
    .align = _Alignof(struct spawn_flat__frame),
    .result_offset = offsetof(struct spawn_flat__frame, pn__ret),
    .result_size = sizeof(uint64_t),
};

/* ---- async uint64_t skynet(uint64_t num, uint64_t size) -------------- */

struct skynet__frame {
    pn_future pn__hdr;
    uint64_t pn__ret;
    uint64_t num;
    uint64_t size;
    pn_task *kids[10];
    uint64_t step;
    uint64_t sum;
    uint64_t i;
    uint64_t v;
    union {
        struct pn_join_result__frame a1; /* await(pn_join_result(kids[i], &v, sizeof v)) */
    } pn__child;
};

static const pn_future_vtable skynet__vtable;

static void skynet__init(struct skynet__frame *f, uint64_t num, uint64_t size)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->num = num;
    f->size = size;
}

static pn_poll skynet__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct skynet__frame *f = (struct skynet__frame *)pn__self;
    pn__pin_check(pn__self, "skynet");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("skynet", f->pn__hdr.pn__state); return PN_PENDING;
    }
pn__start:
    /* if (size == 1) return num; */
    if (f->size == 1) {
        f->pn__ret = f->num;
        f->pn__hdr.pn__state = PN__STATE_DONE;
        return PN_READY;
    }
    /* uint64_t step = size / 10; */
    f->step = f->size / 10;
    /* for (uint64_t i = 0; i < 10; i++) kids[i] = pn_spawn(skynet(num + i * step, step)); */
    for (uint64_t i = 0; i < 10; i++) {
        pn_task *pn__task;
        struct skynet__frame *pn__root = pn__task_reserve(&skynet__vtable, &pn__task);
        if (pn__root) {
            skynet__init(pn__root, f->num + i * f->step, f->step);
            f->kids[i] = pn__task_start(pn__task);
        } else {
            f->kids[i] = NULL;
        }
    }
    /* uint64_t sum = 0; */
    f->sum = 0;
    /* for (uint64_t i = 0; i < 10; i++) */
    f->i = 0;
pn__for_cond:
    if (!(f->i < 10))
        goto pn__for_end;
    /* uint64_t v = 0; */
    f->v = 0;
    /* if (await(pn_join_result(kids[i], &v, sizeof v)) != 0) */
    pn_join_result__init(&f->pn__child.a1, f->kids[f->i], &f->v, sizeof f->v);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_join_result__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    if (f->pn__child.a1.pn__ret != 0) {
        /* return 0; */
        f->pn__ret = 0;
        f->pn__hdr.pn__state = PN__STATE_DONE;
        return PN_READY;
    }
    /* sum += v; */
    f->sum += f->v;
    f->i++;
    goto pn__for_cond;
pn__for_end:
    /* return sum; */
    f->pn__ret = f->sum;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void skynet__drop(pn_future *pn__self)
{
    struct skynet__frame *f = (struct skynet__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_join_result__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

static const pn_future_vtable skynet__vtable = {
    .poll = skynet__poll,
    .drop = skynet__drop,
    .name = "skynet",
    .size = sizeof(struct skynet__frame),
    .align = _Alignof(struct skynet__frame),
    .result_offset = offsetof(struct skynet__frame, pn__ret),
    .result_size = sizeof(uint64_t),
};

/* ---- the synchronous entry points: pn_block_on(...) ------------------ */

uint64_t bench_spawn_flat(uint64_t n)
{
    /* return pn_block_on(spawn_flat(n)); */
    struct spawn_flat__frame root;
    spawn_flat__init(&root, n);
    pn__block_on(&root.pn__hdr, &spawn_flat__vtable);
    return root.pn__ret;
}

uint64_t bench_skynet(uint64_t leaves)
{
    /* return pn_block_on(skynet(0, leaves)); */
    struct skynet__frame root;
    skynet__init(&root, 0, leaves);
    pn__block_on(&root.pn__hdr, &skynet__vtable);
    return root.pn__ret;
}
