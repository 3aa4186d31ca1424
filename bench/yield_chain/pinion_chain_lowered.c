/*
 * pinion_chain_lowered.c — pinion_chain.c lowered by hand.
 *
 * The same program as pinion_chain.c, written out in the shape the
 * transformer generates (samples/hello/hello_lowered.c explains each
 * piece), so that the runtime's side of the benchmark can be measured on
 * its own.  The numbers reported for Pinion come from the transformed
 * build once it exists; this one keeps its own label, pinion_lowered, and
 * shows how much of any difference is the runtime and how much the
 * generated code.
 *
 * The fifteen pass-through levels of the depth chain are identical but
 * for their names, so one macro spells them out.
 */
#include <pinion.h>

#include <stddef.h>
#include <stdint.h>

#include "yield_main.h"

/* ---- async uint64_t inner(uint64_t i) -------------------------------- */

struct inner__frame {
    pn_future pn__hdr;
    uint64_t pn__ret;
    uint64_t i;
    union {
        struct pn_yield__frame a1; /* await(pn_yield()) */
    } pn__child;
};

static void inner__init(struct inner__frame *f, uint64_t i)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->i = i;
}

static pn_poll inner__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct inner__frame *f = (struct inner__frame *)pn__self;
    pn__pin_check(pn__self, "inner");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("inner", f->pn__hdr.pn__state); return PN_PENDING;
    }
pn__start:
    /* await(pn_yield()); */
    pn_yield__init(&f->pn__child.a1);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_yield__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    /* return i; */
    f->pn__ret = f->i;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void inner__drop(pn_future *pn__self)
{
    struct inner__frame *f = (struct inner__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_yield__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

/* ---- async uint64_t outer(uint64_t n) -------------------------------- */

struct outer__frame {
    pn_future pn__hdr;
    uint64_t pn__ret;
    uint64_t n;
    uint64_t sum;
    uint64_t i;
    union {
        struct inner__frame a1; /* await(inner(i)) */
    } pn__child;
};

static void outer__init(struct outer__frame *f, uint64_t n)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->n = n;
}

static pn_poll outer__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct outer__frame *f = (struct outer__frame *)pn__self;
    pn__pin_check(pn__self, "outer");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("outer", f->pn__hdr.pn__state); return PN_PENDING;
    }
pn__start:
    /* uint64_t sum = 0; */
    f->sum = 0;
    /* for (uint64_t i = 0; i < n; i++) */
    f->i = 0;
pn__for_cond:
    if (!(f->i < f->n))
        goto pn__for_end;
    /* sum += await(inner(i)); */
    inner__init(&f->pn__child.a1, f->i);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (inner__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->sum += f->pn__child.a1.pn__ret;
    f->i++;
    goto pn__for_cond;
pn__for_end:
    /* return sum; */
    f->pn__ret = f->sum;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void outer__drop(pn_future *pn__self)
{
    struct outer__frame *f = (struct outer__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        inner__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

static const pn_future_vtable outer__vtable = {
    .poll = outer__poll,
    .drop = outer__drop,
    .name = "outer",
    .size = sizeof(struct outer__frame),
    .align = _Alignof(struct outer__frame),
    .result_offset = offsetof(struct outer__frame, pn__ret),
    .result_size = sizeof(uint64_t),
};

/* ---- async uint64_t chain_0(uint64_t n) ------------------------------ */

struct chain_0__frame {
    pn_future pn__hdr;
    uint64_t pn__ret;
    uint64_t n;
    uint64_t k;
    union {
        struct pn_yield__frame a1; /* await(pn_yield()) */
    } pn__child;
};

static void chain_0__init(struct chain_0__frame *f, uint64_t n)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->n = n;
}

static pn_poll chain_0__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct chain_0__frame *f = (struct chain_0__frame *)pn__self;
    pn__pin_check(pn__self, "chain_0");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("chain_0", f->pn__hdr.pn__state); return PN_PENDING;
    }
pn__start:
    /* uint64_t k = 0; */
    f->k = 0;
    /* while (k < n) */
pn__while_cond:
    if (!(f->k < f->n))
        goto pn__while_end;
    /* await(pn_yield()); */
    pn_yield__init(&f->pn__child.a1);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_yield__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    /* k++; */
    f->k++;
    goto pn__while_cond;
pn__while_end:
    /* return k; */
    f->pn__ret = f->k;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void chain_0__drop(pn_future *pn__self)
{
    struct chain_0__frame *f = (struct chain_0__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_yield__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

static const pn_future_vtable chain_0__vtable = {
    .poll = chain_0__poll,
    .drop = chain_0__drop,
    .name = "chain_0",
    .size = sizeof(struct chain_0__frame),
    .align = _Alignof(struct chain_0__frame),
    .result_offset = offsetof(struct chain_0__frame, pn__ret),
    .result_size = sizeof(uint64_t),
};

/* ---- async uint64_t chain_K(uint64_t n) { return await(chain_J(n)); } */

#define CHAIN_LEVEL(K, J)                                                                       \
    struct chain_##K##__frame {                                                                 \
        pn_future pn__hdr;                                                                      \
        uint64_t pn__ret;                                                                       \
        uint64_t n;                                                                             \
        union {                                                                                 \
            struct chain_##J##__frame a1; /* await(chain_J(n)) */                               \
        } pn__child;                                                                            \
    };                                                                                          \
                                                                                                \
    static void chain_##K##__init(struct chain_##K##__frame *f, uint64_t n)                     \
    {                                                                                           \
        f->pn__hdr.pn__state = 0;                                                               \
        f->pn__hdr.pn__pin = 0;                                                                 \
        f->n = n;                                                                               \
    }                                                                                           \
                                                                                                \
    static pn_poll chain_##K##__poll(pn_future *pn__self, pn_context *pn__cx)                   \
    {                                                                                           \
        struct chain_##K##__frame *f = (struct chain_##K##__frame *)pn__self;                   \
        pn__pin_check(pn__self, "chain_" #K);                                                   \
        switch (f->pn__hdr.pn__state) {                                                         \
        case 0: goto pn__start;                                                                 \
        case 1: goto pn__await1;                                                                \
        default: pn__bad_state("chain_" #K, f->pn__hdr.pn__state); return PN_PENDING;           \
        }                                                                                       \
    pn__start:                                                                                  \
        chain_##J##__init(&f->pn__child.a1, f->n);                                              \
        f->pn__hdr.pn__state = 1;                                                               \
    pn__await1:                                                                                 \
        if (chain_##J##__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)                  \
            return PN_PENDING;                                                                  \
        f->pn__ret = f->pn__child.a1.pn__ret;                                                   \
        f->pn__hdr.pn__state = PN__STATE_DONE;                                                  \
        return PN_READY;                                                                        \
    }                                                                                           \
                                                                                                \
    static void chain_##K##__drop(pn_future *pn__self)                                          \
    {                                                                                           \
        struct chain_##K##__frame *f = (struct chain_##K##__frame *)pn__self;                   \
        if (f->pn__hdr.pn__state == 1)                                                          \
            chain_##J##__drop(&f->pn__child.a1.pn__hdr);                                        \
        f->pn__hdr.pn__state = PN__STATE_DONE;                                                  \
    }                                                                                           \
                                                                                                \
    static const pn_future_vtable chain_##K##__vtable = {                                       \
        .poll = chain_##K##__poll,                                                              \
        .drop = chain_##K##__drop,                                                              \
        .name = "chain_" #K,                                                                    \
        .size = sizeof(struct chain_##K##__frame),                                              \
        .align = _Alignof(struct chain_##K##__frame),                                           \
        .result_offset = offsetof(struct chain_##K##__frame, pn__ret),                          \
        .result_size = sizeof(uint64_t),                                                        \
    };

CHAIN_LEVEL(1, 0)
CHAIN_LEVEL(2, 1)
CHAIN_LEVEL(3, 2)
CHAIN_LEVEL(4, 3)
CHAIN_LEVEL(5, 4)
CHAIN_LEVEL(6, 5)
CHAIN_LEVEL(7, 6)
CHAIN_LEVEL(8, 7)
CHAIN_LEVEL(9, 8)
CHAIN_LEVEL(10, 9)
CHAIN_LEVEL(11, 10)
CHAIN_LEVEL(12, 11)
CHAIN_LEVEL(13, 12)
CHAIN_LEVEL(14, 13)
CHAIN_LEVEL(15, 14)

/* ---- the synchronous entry points: pn_block_on(...) ------------------ */

uint64_t bench_chain(uint64_t n)
{
    /* return pn_block_on(outer(n)); */
    struct outer__frame root;
    outer__init(&root, n);
    pn__block_on(&root.pn__hdr, &outer__vtable);
    return root.pn__ret;
}

/* return pn_block_on(chain_K(n)); for depth K + 1 */
#define CHAIN_BLOCK_ON(K)                                                                       \
    {                                                                                           \
        struct chain_##K##__frame root;                                                         \
        chain_##K##__init(&root, n);                                                            \
        pn__block_on(&root.pn__hdr, &chain_##K##__vtable);                                      \
        return root.pn__ret;                                                                    \
    }

uint64_t bench_depth(unsigned depth, uint64_t n)
{
    switch (depth) {
    case 1: CHAIN_BLOCK_ON(0)
    case 2: CHAIN_BLOCK_ON(1)
    case 3: CHAIN_BLOCK_ON(2)
    case 4: CHAIN_BLOCK_ON(3)
    case 5: CHAIN_BLOCK_ON(4)
    case 6: CHAIN_BLOCK_ON(5)
    case 7: CHAIN_BLOCK_ON(6)
    case 8: CHAIN_BLOCK_ON(7)
    case 9: CHAIN_BLOCK_ON(8)
    case 10: CHAIN_BLOCK_ON(9)
    case 11: CHAIN_BLOCK_ON(10)
    case 12: CHAIN_BLOCK_ON(11)
    case 13: CHAIN_BLOCK_ON(12)
    case 14: CHAIN_BLOCK_ON(13)
    case 15: CHAIN_BLOCK_ON(14)
    case 16: CHAIN_BLOCK_ON(15)
    default: return 0;
    }
}

void bench_frames(void)
{
    bench_report("frame/inner", "bytes", (double)sizeof(struct inner__frame));
    bench_report("frame/outer", "bytes", (double)sizeof(struct outer__frame));
    bench_report("frame/chain_0", "bytes", (double)sizeof(struct chain_0__frame));
    bench_report("frame/chain_15", "bytes", (double)sizeof(struct chain_15__frame));
}
