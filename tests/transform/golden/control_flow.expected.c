#line 1 "control_flow.c"
/* Awaits in loop conditions, a for increment, short-circuit operands and
 * a conditional: the lowered forms of each. */
#include <pinion.h>

#line 7 "@OUTPUT@"

struct next__frame;
void next__init(struct next__frame *pn__self, int v);
pn_poll next__poll(pn_future *pn__fut, pn_context *pn__cx);
void next__drop(pn_future *pn__fut);
extern const pn_future_vtable next__vtable;

#line 6 "control_flow.c"

#line 17 "@OUTPUT@"

struct next__frame {
    pn_future pn__hdr;
    int pn__ret;
    int v;
    union {
        struct pn_yield__frame pn__a1; /* line 24 */
    } pn__aw;
};

struct walk__frame {
    pn_future pn__hdr;
    int pn__ret;
    int limit;
    int total;
    union {
        struct next__frame pn__a1; /* line 10 */
        struct next__frame pn__a2; /* line 12 */
        struct next__frame pn__a3; /* line 17 */
        struct next__frame pn__a4; /* line 19 */
    } pn__aw;
};

struct walk__frame;
void walk__init(struct walk__frame *pn__self, int limit);
pn_poll walk__poll(pn_future *pn__fut, pn_context *pn__cx);
void walk__drop(pn_future *pn__fut);
extern const pn_future_vtable walk__vtable;

void walk__init(struct walk__frame *pn__self, int limit)
{
#line 7 "control_flow.c"
    pn__self->pn__hdr.pn__state = 0;
#line 7 "control_flow.c"
    pn__self->pn__hdr.pn__pin = 0;
#line 7 "control_flow.c"
    pn__self->limit = limit;
#line 7 "control_flow.c"
}
#line 57 "@OUTPUT@"

pn_poll walk__poll(pn_future *pn__fut, pn_context *pn__cx)
{
#line 7 "control_flow.c"
    struct walk__frame *pn__self = (struct walk__frame *)pn__fut;
#line 7 "control_flow.c"
    pn__pin_check_here(pn__fut, "walk");
#line 7 "control_flow.c"
    int pn__t1;
#line 7 "control_flow.c"
    int pn__t2;
#line 7 "control_flow.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 7 "control_flow.c"
    case 0:
#line 7 "control_flow.c"
        break;
#line 7 "control_flow.c"
    case 1:
#line 7 "control_flow.c"
        goto pn__resume_1;
#line 7 "control_flow.c"
    case 2:
#line 7 "control_flow.c"
        goto pn__resume_2;
#line 7 "control_flow.c"
    case 3:
#line 7 "control_flow.c"
        goto pn__resume_3;
#line 7 "control_flow.c"
    case 4:
#line 7 "control_flow.c"
        goto pn__resume_4;
#line 7 "control_flow.c"
    default:
#line 7 "control_flow.c"
        pn__bad_state("walk", pn__self->pn__hdr.pn__state);
#line 7 "control_flow.c"
        return PN_PENDING;
#line 7 "control_flow.c"
    }
#line 9 "control_flow.c"
    pn__self->total = 0;
    for (;;) {
        /* line 10: await(next(total)) */
#line 10 "control_flow.c"
        next__init(&pn__self->pn__aw.pn__a1, pn__self->total);
#line 10 "control_flow.c"
        pn__self->pn__hdr.pn__state = 1;
#line 10 "control_flow.c"
pn__resume_1:
#line 10 "control_flow.c"
        if (next__poll(&pn__self->pn__aw.pn__a1.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
#line 10 "control_flow.c"
        if (!(pn__self->pn__aw.pn__a1.pn__ret < pn__self->limit)) {
#line 10 "control_flow.c"
            break;
#line 10 "control_flow.c"
        }
        pn__self->total += 2;
#line 11 "control_flow.c"
    }
    {
#line 12 "control_flow.c"
        int i = 0;
#line 12 "control_flow.c"
        for (; i < pn__self->limit;) {
        if (i % 3 == 0)
            goto pn__cont_1;
        pn__self->total += i;
#line 12 "control_flow.c"
pn__cont_1:
            /* line 12: await(next(i)) */
#line 12 "control_flow.c"
            next__init(&pn__self->pn__aw.pn__a2, i);
#line 12 "control_flow.c"
            pn__self->pn__hdr.pn__state = 2;
#line 12 "control_flow.c"
pn__resume_2:
#line 12 "control_flow.c"
            if (next__poll(&pn__self->pn__aw.pn__a2.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
#line 12 "control_flow.c"
            i = pn__self->pn__aw.pn__a2.pn__ret;
#line 12 "control_flow.c"
        }
#line 12 "control_flow.c"
    }
#line 17 "control_flow.c"
    pn__t1 = (pn__self->total > 10) != 0;
#line 17 "control_flow.c"
    if (pn__t1) {
        /* line 17: await(next(total)) */
#line 17 "control_flow.c"
        next__init(&pn__self->pn__aw.pn__a3, pn__self->total);
#line 17 "control_flow.c"
        pn__self->pn__hdr.pn__state = 3;
#line 17 "control_flow.c"
pn__resume_3:
#line 17 "control_flow.c"
        if (next__poll(&pn__self->pn__aw.pn__a3.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
#line 17 "control_flow.c"
        pn__t1 = (pn__self->pn__aw.pn__a3.pn__ret > 20) != 0;
#line 17 "control_flow.c"
    }
#line 17 "control_flow.c"
    if (pn__t1) {
        pn__self->total = -pn__self->total;
#line 18 "control_flow.c"
    }
    if (pn__self->total > 0) {
        /* line 19: await(next(total)) */
#line 19 "control_flow.c"
        next__init(&pn__self->pn__aw.pn__a4, pn__self->total);
#line 19 "control_flow.c"
        pn__self->pn__hdr.pn__state = 4;
#line 19 "control_flow.c"
pn__resume_4:
#line 19 "control_flow.c"
        if (next__poll(&pn__self->pn__aw.pn__a4.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
#line 19 "control_flow.c"
        pn__t2 = pn__self->pn__aw.pn__a4.pn__ret;
#line 19 "control_flow.c"
    } else {
#line 19 "control_flow.c"
        pn__t2 = 0;
#line 19 "control_flow.c"
    }
#line 19 "control_flow.c"
    pn__self->pn__ret = (pn__t2); pn__self->pn__hdr.pn__state = PN__STATE_DONE; return PN_READY;
}
#line 188 "@OUTPUT@"

void walk__drop(pn_future *pn__fut)
{
#line 7 "control_flow.c"
    struct walk__frame *pn__self = (struct walk__frame *)pn__fut;
#line 7 "control_flow.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 7 "control_flow.c"
    case 1:
#line 7 "control_flow.c"
        next__drop(&pn__self->pn__aw.pn__a1.pn__hdr);
#line 7 "control_flow.c"
        break;
#line 7 "control_flow.c"
    case 2:
#line 7 "control_flow.c"
        next__drop(&pn__self->pn__aw.pn__a2.pn__hdr);
#line 7 "control_flow.c"
        break;
#line 7 "control_flow.c"
    case 3:
#line 7 "control_flow.c"
        next__drop(&pn__self->pn__aw.pn__a3.pn__hdr);
#line 7 "control_flow.c"
        break;
#line 7 "control_flow.c"
    case 4:
#line 7 "control_flow.c"
        next__drop(&pn__self->pn__aw.pn__a4.pn__hdr);
#line 7 "control_flow.c"
        break;
#line 7 "control_flow.c"
    default:
#line 7 "control_flow.c"
        break;
#line 7 "control_flow.c"
    }
#line 7 "control_flow.c"
    pn__fut->pn__state = PN__STATE_DONE;
#line 7 "control_flow.c"
}
#line 7 "control_flow.c"

#line 7 "control_flow.c"
const pn_future_vtable walk__vtable = {
#line 7 "control_flow.c"
    .poll = walk__poll,
#line 7 "control_flow.c"
    .drop = walk__drop,
#line 7 "control_flow.c"
    .name = "walk",
#line 7 "control_flow.c"
    .size = sizeof(struct walk__frame),
#line 7 "control_flow.c"
    .align = _Alignof(struct walk__frame),
#line 7 "control_flow.c"
    .result_offset = offsetof(struct walk__frame, pn__ret),
#line 7 "control_flow.c"
    .result_size = sizeof(((struct walk__frame *)0)->pn__ret),
#line 7 "control_flow.c"
};
#line 7 "control_flow.c"

#line 7 "control_flow.c"
static const unsigned walk__state_lines[5] __attribute__((used)) = { 0, 10, 12, 17, 19 };
#line 7 "control_flow.c"
static const char *const walk__state_exprs[5] __attribute__((used)) = { 0, "await(next(total))", "await(next(i))", "await(next(total))", "await(next(total))" };

#line 257 "@OUTPUT@"
static const pn__await_child walk__children[] = {
    { offsetof(struct walk__frame, pn__aw.pn__a1), 0, &next__vtable },
    { offsetof(struct walk__frame, pn__aw.pn__a2), 0, &next__vtable },
    { offsetof(struct walk__frame, pn__aw.pn__a3), 0, &next__vtable },
    { offsetof(struct walk__frame, pn__aw.pn__a4), 0, &next__vtable },
};
static const pn__await_site walk__sites[5] = {
    { 0, 0, 0, -1 },
    { 10, 0, 1, -1 },
    { 12, 1, 1, -1 },
    { 17, 2, 1, -1 },
    { 19, 3, 1, -1 },
};
static pn__func_info walk__info = { 0, &walk__vtable, "control_flow.c", 7, 4, walk__sites, walk__children };
__attribute__((constructor)) static void walk__info_register(void)
{
    pn__func_register(&walk__info);
}
__attribute__((destructor)) static void walk__info_unregister(void)
{
    pn__func_unregister(&walk__info);
}

/* What a pointer to walk points to (pinion.h: awaits through pointers). */
int walk__ptr(int pn__a1);
static pn_poll walk__resume(struct pn__dyn__frame *pn__d, pn_context *pn__cx)
{
#line 7 "control_flow.c"
    struct walk__frame *pn__f = (struct walk__frame *)pn__d->pn__frame;
#line 7 "control_flow.c"
    if (walk__poll(&pn__f->pn__hdr, pn__cx) == PN_PENDING)
#line 7 "control_flow.c"
        return PN_PENDING;
#line 7 "control_flow.c"
    pn__dyn_done(pn__d, &walk__vtable, &pn__f->pn__ret, sizeof pn__f->pn__ret);
#line 7 "control_flow.c"
    return PN_READY;
#line 7 "control_flow.c"
}
#line 297 "@OUTPUT@"
static PN__DYN_OTHER int walk__ptr_other(int pn__a1)
{
#line 7 "control_flow.c"
    void *pn__m;
#line 7 "control_flow.c"
    int pn__k = pn__dyn_claim(&walk__vtable, &pn__m);
#line 7 "control_flow.c"
    if (pn__k == PN__DYN_AWAIT) {
#line 7 "control_flow.c"
        walk__init(pn__m, pn__a1);
#line 7 "control_flow.c"
        pn__dyn_start(pn__dyn_cache.pn__req, walk__resume);
#line 7 "control_flow.c"
        return (int){ 0 };
#line 7 "control_flow.c"
    }
#line 7 "control_flow.c"
    if (pn__k == PN__DYN_SPAWN) {
#line 7 "control_flow.c"
        if (pn__m)
#line 7 "control_flow.c"
            walk__init(pn__m, pn__a1);
#line 7 "control_flow.c"
        return (int){ 0 };
#line 7 "control_flow.c"
    }
#line 7 "control_flow.c"
    struct walk__frame pn__fr;
#line 7 "control_flow.c"
    walk__init(&pn__fr, pn__a1);
#line 7 "control_flow.c"
    pn__block_on(&pn__fr.pn__hdr, &walk__vtable);
#line 7 "control_flow.c"
    return pn__fr.pn__ret;
#line 7 "control_flow.c"
}
#line 334 "@OUTPUT@"
int walk__ptr(int pn__a1)
{
#line 7 "control_flow.c"
    void *pn__m;
#line 7 "control_flow.c"
    struct pn__dyn__frame *pn__d = pn__dyn_claim_pooled(&walk__vtable, &pn__m);
#line 7 "control_flow.c"
    if (pn__d) {
#line 7 "control_flow.c"
        walk__init(pn__m, pn__a1);
#line 7 "control_flow.c"
        pn__dyn_start(pn__d, walk__resume);
#line 7 "control_flow.c"
        return (int){ 0 };
#line 7 "control_flow.c"
    }
#line 7 "control_flow.c"
    return walk__ptr_other(pn__a1);
#line 7 "control_flow.c"
}

#line 21 "control_flow.c"

#line 358 "@OUTPUT@"

void next__init(struct next__frame *pn__self, int v)
{
#line 22 "control_flow.c"
    pn__self->pn__hdr.pn__state = 0;
#line 22 "control_flow.c"
    pn__self->pn__hdr.pn__pin = 0;
#line 22 "control_flow.c"
    pn__self->v = v;
#line 22 "control_flow.c"
}
#line 370 "@OUTPUT@"

pn_poll next__poll(pn_future *pn__fut, pn_context *pn__cx)
{
#line 22 "control_flow.c"
    struct next__frame *pn__self = (struct next__frame *)pn__fut;
#line 22 "control_flow.c"
    pn__pin_check_here(pn__fut, "next");
#line 22 "control_flow.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 22 "control_flow.c"
    case 0:
#line 22 "control_flow.c"
        break;
#line 22 "control_flow.c"
    case 1:
#line 22 "control_flow.c"
        goto pn__resume_1;
#line 22 "control_flow.c"
    default:
#line 22 "control_flow.c"
        pn__bad_state("next", pn__self->pn__hdr.pn__state);
#line 22 "control_flow.c"
        return PN_PENDING;
#line 22 "control_flow.c"
    }
#line 22 "control_flow.c"
    /* line 24: await(pn_yield()) */
#line 24 "control_flow.c"
    pn_yield__init(&pn__self->pn__aw.pn__a1);
#line 24 "control_flow.c"
    pn__self->pn__hdr.pn__state = 1;
#line 24 "control_flow.c"
pn__resume_1:
#line 24 "control_flow.c"
    if (pn_yield__poll(&pn__self->pn__aw.pn__a1.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
    return (pn__self->pn__ret = (pn__self->v + 1), pn__self->pn__hdr.pn__state = PN__STATE_DONE, PN_READY);
}
#line 408 "@OUTPUT@"

void next__drop(pn_future *pn__fut)
{
#line 22 "control_flow.c"
    struct next__frame *pn__self = (struct next__frame *)pn__fut;
#line 22 "control_flow.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 22 "control_flow.c"
    case 1:
#line 22 "control_flow.c"
        pn_yield__drop(&pn__self->pn__aw.pn__a1.pn__hdr);
#line 22 "control_flow.c"
        break;
#line 22 "control_flow.c"
    default:
#line 22 "control_flow.c"
        break;
#line 22 "control_flow.c"
    }
#line 22 "control_flow.c"
    pn__fut->pn__state = PN__STATE_DONE;
#line 22 "control_flow.c"
}
#line 22 "control_flow.c"

#line 22 "control_flow.c"
const pn_future_vtable next__vtable = {
#line 22 "control_flow.c"
    .poll = next__poll,
#line 22 "control_flow.c"
    .drop = next__drop,
#line 22 "control_flow.c"
    .name = "next",
#line 22 "control_flow.c"
    .size = sizeof(struct next__frame),
#line 22 "control_flow.c"
    .align = _Alignof(struct next__frame),
#line 22 "control_flow.c"
    .result_offset = offsetof(struct next__frame, pn__ret),
#line 22 "control_flow.c"
    .result_size = sizeof(((struct next__frame *)0)->pn__ret),
#line 22 "control_flow.c"
};
#line 22 "control_flow.c"

#line 22 "control_flow.c"
static const unsigned next__state_lines[2] __attribute__((used)) = { 0, 24 };
#line 22 "control_flow.c"
static const char *const next__state_exprs[2] __attribute__((used)) = { 0, "await(pn_yield())" };

#line 459 "@OUTPUT@"
static const pn__await_child next__children[] = {
    { offsetof(struct next__frame, pn__aw.pn__a1), 0, &pn_yield__vtable },
};
static const pn__await_site next__sites[2] = {
    { 0, 0, 0, -1 },
    { 24, 0, 1, -1 },
};
static pn__func_info next__info = { 0, &next__vtable, "control_flow.c", 22, 1, next__sites, next__children };
__attribute__((constructor)) static void next__info_register(void)
{
    pn__func_register(&next__info);
}
__attribute__((destructor)) static void next__info_unregister(void)
{
    pn__func_unregister(&next__info);
}

/* What a pointer to next points to (pinion.h: awaits through pointers). */
int next__ptr(int pn__a1);
static pn_poll next__resume(struct pn__dyn__frame *pn__d, pn_context *pn__cx)
{
#line 22 "control_flow.c"
    struct next__frame *pn__f = (struct next__frame *)pn__d->pn__frame;
#line 22 "control_flow.c"
    if (next__poll(&pn__f->pn__hdr, pn__cx) == PN_PENDING)
#line 22 "control_flow.c"
        return PN_PENDING;
#line 22 "control_flow.c"
    pn__dyn_done(pn__d, &next__vtable, &pn__f->pn__ret, sizeof pn__f->pn__ret);
#line 22 "control_flow.c"
    return PN_READY;
#line 22 "control_flow.c"
}
#line 493 "@OUTPUT@"
static PN__DYN_OTHER int next__ptr_other(int pn__a1)
{
#line 22 "control_flow.c"
    void *pn__m;
#line 22 "control_flow.c"
    int pn__k = pn__dyn_claim(&next__vtable, &pn__m);
#line 22 "control_flow.c"
    if (pn__k == PN__DYN_AWAIT) {
#line 22 "control_flow.c"
        next__init(pn__m, pn__a1);
#line 22 "control_flow.c"
        pn__dyn_start(pn__dyn_cache.pn__req, next__resume);
#line 22 "control_flow.c"
        return (int){ 0 };
#line 22 "control_flow.c"
    }
#line 22 "control_flow.c"
    if (pn__k == PN__DYN_SPAWN) {
#line 22 "control_flow.c"
        if (pn__m)
#line 22 "control_flow.c"
            next__init(pn__m, pn__a1);
#line 22 "control_flow.c"
        return (int){ 0 };
#line 22 "control_flow.c"
    }
#line 22 "control_flow.c"
    struct next__frame pn__fr;
#line 22 "control_flow.c"
    next__init(&pn__fr, pn__a1);
#line 22 "control_flow.c"
    pn__block_on(&pn__fr.pn__hdr, &next__vtable);
#line 22 "control_flow.c"
    return pn__fr.pn__ret;
#line 22 "control_flow.c"
}
#line 530 "@OUTPUT@"
int next__ptr(int pn__a1)
{
#line 22 "control_flow.c"
    void *pn__m;
#line 22 "control_flow.c"
    struct pn__dyn__frame *pn__d = pn__dyn_claim_pooled(&next__vtable, &pn__m);
#line 22 "control_flow.c"
    if (pn__d) {
#line 22 "control_flow.c"
        next__init(pn__m, pn__a1);
#line 22 "control_flow.c"
        pn__dyn_start(pn__d, next__resume);
#line 22 "control_flow.c"
        return (int){ 0 };
#line 22 "control_flow.c"
    }
#line 22 "control_flow.c"
    return next__ptr_other(pn__a1);
#line 22 "control_flow.c"
}

