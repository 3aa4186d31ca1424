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
    pn__self->pn__hdr.pn__state = 0;
    pn__self->pn__hdr.pn__pin = 0;
    pn__self->limit = limit;
}

pn_poll walk__poll(pn_future *pn__fut, pn_context *pn__cx)
{
#line 7 "control_flow.c"
    struct walk__frame *pn__self = (struct walk__frame *)pn__fut;
#line 58 "@OUTPUT@"
    pn__pin_check(pn__fut, "walk");
    int pn__t1;
    int pn__t2;
    switch (pn__self->pn__hdr.pn__state) {
    case 0:
        break;
    case 1:
        goto pn__resume_1;
    case 2:
        goto pn__resume_2;
    case 3:
        goto pn__resume_3;
    case 4:
        goto pn__resume_4;
    default:
        pn__bad_state("walk", pn__self->pn__hdr.pn__state);
        return PN_PENDING;
    }
#line 9 "control_flow.c"
    pn__self->total = 0;
    for (;;) {
        /* line 10: await(next(total)) */
#line 10 "control_flow.c"
        next__init(&pn__self->pn__aw.pn__a1, pn__self->total);
#line 83 "@OUTPUT@"
        pn__self->pn__hdr.pn__state = 1;
pn__resume_1:
#line 10 "control_flow.c"
        if (next__poll(&pn__self->pn__aw.pn__a1.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
#line 10 "control_flow.c"
        if (!(pn__self->pn__aw.pn__a1.pn__ret < pn__self->limit)) {
#line 10 "control_flow.c"
            break;
#line 92 "@OUTPUT@"
        }
#line 11 "control_flow.c"
        pn__self->total += 2;
#line 96 "@OUTPUT@"
    }
#line 12 "control_flow.c"
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
#line 112 "@OUTPUT@"
            pn__self->pn__hdr.pn__state = 2;
pn__resume_2:
#line 12 "control_flow.c"
            if (next__poll(&pn__self->pn__aw.pn__a2.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
#line 12 "control_flow.c"
            i = pn__self->pn__aw.pn__a2.pn__ret;
#line 119 "@OUTPUT@"
        }
    }
#line 17 "control_flow.c"
    pn__t1 = (pn__self->total > 10) != 0;
#line 17 "control_flow.c"
    if (pn__t1) {
        /* line 17: await(next(total)) */
#line 17 "control_flow.c"
        next__init(&pn__self->pn__aw.pn__a3, pn__self->total);
#line 129 "@OUTPUT@"
        pn__self->pn__hdr.pn__state = 3;
pn__resume_3:
#line 17 "control_flow.c"
        if (next__poll(&pn__self->pn__aw.pn__a3.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
#line 17 "control_flow.c"
        pn__t1 = (pn__self->pn__aw.pn__a3.pn__ret > 20) != 0;
#line 136 "@OUTPUT@"
    }
#line 17 "control_flow.c"
    if (pn__t1) {
        pn__self->total = -pn__self->total;
#line 141 "@OUTPUT@"
    }
#line 19 "control_flow.c"
    if (pn__self->total > 0) {
        /* line 19: await(next(total)) */
#line 19 "control_flow.c"
        next__init(&pn__self->pn__aw.pn__a4, pn__self->total);
#line 148 "@OUTPUT@"
        pn__self->pn__hdr.pn__state = 4;
pn__resume_4:
#line 19 "control_flow.c"
        if (next__poll(&pn__self->pn__aw.pn__a4.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
#line 19 "control_flow.c"
        pn__t2 = pn__self->pn__aw.pn__a4.pn__ret;
#line 155 "@OUTPUT@"
    } else {
#line 19 "control_flow.c"
        pn__t2 = 0;
#line 159 "@OUTPUT@"
    }
#line 19 "control_flow.c"
    pn__self->pn__ret = (pn__t2); pn__self->pn__hdr.pn__state = PN__STATE_DONE; return PN_READY;
#line 163 "@OUTPUT@"
}

void walk__drop(pn_future *pn__fut)
{
    struct walk__frame *pn__self = (struct walk__frame *)pn__fut;
    switch (pn__self->pn__hdr.pn__state) {
    case 1:
        next__drop(&pn__self->pn__aw.pn__a1.pn__hdr);
        break;
    case 2:
        next__drop(&pn__self->pn__aw.pn__a2.pn__hdr);
        break;
    case 3:
        next__drop(&pn__self->pn__aw.pn__a3.pn__hdr);
        break;
    case 4:
        next__drop(&pn__self->pn__aw.pn__a4.pn__hdr);
        break;
    default:
        break;
    }
    pn__fut->pn__state = PN__STATE_DONE;
}

const pn_future_vtable walk__vtable = {
    .poll = walk__poll,
    .drop = walk__drop,
    .name = "walk",
    .size = sizeof(struct walk__frame),
    .align = _Alignof(struct walk__frame),
    .result_offset = offsetof(struct walk__frame, pn__ret),
    .result_size = sizeof(((struct walk__frame *)0)->pn__ret),
};

#line 7 "control_flow.c"
static const unsigned walk__state_lines[5] __attribute__((used)) = { 0, 10, 12, 17, 19 };
#line 7 "control_flow.c"
static const char *const walk__state_exprs[5] __attribute__((used)) = { 0, "await(next(total))", "await(next(i))", "await(next(total))", "await(next(total))" };

#line 21 "control_flow.c"

#line 205 "@OUTPUT@"

void next__init(struct next__frame *pn__self, int v)
{
    pn__self->pn__hdr.pn__state = 0;
    pn__self->pn__hdr.pn__pin = 0;
    pn__self->v = v;
}

pn_poll next__poll(pn_future *pn__fut, pn_context *pn__cx)
{
#line 22 "control_flow.c"
    struct next__frame *pn__self = (struct next__frame *)pn__fut;
#line 218 "@OUTPUT@"
    pn__pin_check(pn__fut, "next");
    switch (pn__self->pn__hdr.pn__state) {
    case 0:
        break;
    case 1:
        goto pn__resume_1;
    default:
        pn__bad_state("next", pn__self->pn__hdr.pn__state);
        return PN_PENDING;
    }
    /* line 24: await(pn_yield()) */
#line 24 "control_flow.c"
    pn_yield__init(&pn__self->pn__aw.pn__a1);
#line 232 "@OUTPUT@"
    pn__self->pn__hdr.pn__state = 1;
pn__resume_1:
#line 24 "control_flow.c"
    if (pn_yield__poll(&pn__self->pn__aw.pn__a1.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
    return (pn__self->pn__ret = (pn__self->v + 1), pn__self->pn__hdr.pn__state = PN__STATE_DONE, PN_READY);
#line 238 "@OUTPUT@"
}

void next__drop(pn_future *pn__fut)
{
    struct next__frame *pn__self = (struct next__frame *)pn__fut;
    switch (pn__self->pn__hdr.pn__state) {
    case 1:
        pn_yield__drop(&pn__self->pn__aw.pn__a1.pn__hdr);
        break;
    default:
        break;
    }
    pn__fut->pn__state = PN__STATE_DONE;
}

const pn_future_vtable next__vtable = {
    .poll = next__poll,
    .drop = next__drop,
    .name = "next",
    .size = sizeof(struct next__frame),
    .align = _Alignof(struct next__frame),
    .result_offset = offsetof(struct next__frame, pn__ret),
    .result_size = sizeof(((struct next__frame *)0)->pn__ret),
};

#line 22 "control_flow.c"
static const unsigned next__state_lines[2] __attribute__((used)) = { 0, 24 };
#line 22 "control_flow.c"
static const char *const next__state_exprs[2] __attribute__((used)) = { 0, "await(pn_yield())" };

