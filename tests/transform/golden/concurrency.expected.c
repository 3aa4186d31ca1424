#line 1 "concurrency.c"
/* pn_all, pn_race and pn_spawn: several children at once. */
#include <pinion.h>

#line 6 "@OUTPUT@"

struct work__frame {
    pn_future pn__hdr;
    int pn__ret;
    int v;
    union {
        struct pn_sleep_ms__frame pn__a1; /* line 6 */
    } pn__aw;
};

__attribute__((unused)) static void work__init(struct work__frame *pn__self, int v)
{
    pn__self->pn__hdr.pn__state = 0;
    pn__self->pn__hdr.pn__pin = 0;
    pn__self->v = v;
}

__attribute__((unused)) static pn_poll work__poll(pn_future *pn__fut, pn_context *pn__cx)
{
#line 4 "concurrency.c"
    struct work__frame *pn__self = (struct work__frame *)pn__fut;
#line 28 "@OUTPUT@"
    pn__pin_check(pn__fut, "work");
    switch (pn__self->pn__hdr.pn__state) {
    case 0:
        break;
    case 1:
        goto pn__resume_1;
    default:
        pn__bad_state("work", pn__self->pn__hdr.pn__state);
        return PN_PENDING;
    }
    /* line 6: await(pn_sleep_ms((uint64_t)v)) */
#line 6 "concurrency.c"
    pn_sleep_ms__init(&pn__self->pn__aw.pn__a1, (uint64_t)pn__self->v);
#line 42 "@OUTPUT@"
    pn__self->pn__hdr.pn__state = 1;
pn__resume_1:
#line 6 "concurrency.c"
    if (pn_sleep_ms__poll(&pn__self->pn__aw.pn__a1.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
    return (pn__self->pn__ret = (pn__self->v * 2), pn__self->pn__hdr.pn__state = PN__STATE_DONE, PN_READY);
#line 48 "@OUTPUT@"
}

__attribute__((unused)) static void work__drop(pn_future *pn__fut)
{
    struct work__frame *pn__self = (struct work__frame *)pn__fut;
    switch (pn__self->pn__hdr.pn__state) {
    case 1:
        pn_sleep_ms__drop(&pn__self->pn__aw.pn__a1.pn__hdr);
        break;
    default:
        break;
    }
    pn__fut->pn__state = PN__STATE_DONE;
}

static const pn_future_vtable work__vtable __attribute__((unused)) = {
    .poll = work__poll,
    .drop = work__drop,
    .name = "work",
    .size = sizeof(struct work__frame),
    .align = _Alignof(struct work__frame),
    .result_offset = offsetof(struct work__frame, pn__ret),
    .result_size = sizeof(((struct work__frame *)0)->pn__ret),
};

#line 4 "concurrency.c"
static const unsigned work__state_lines[2] __attribute__((used)) = { 0, 6 };
#line 4 "concurrency.c"
static const char *const work__state_exprs[2] __attribute__((used)) = { 0, "await(pn_sleep_ms((uint64_t)v))" };
#line 78 "@OUTPUT@"

static pn_task *work__spawn(int pn__a1)
{
#line 16 "concurrency.c"
    pn_task *pn__t;
#line 84 "@OUTPUT@"
    void *pn__m = pn__task_reserve(&work__vtable, &pn__t);
    if (!pn__m)
        return NULL;
    work__init(pn__m, pn__a1);
    return pn__task_start(pn__t);
}

#line 9 "concurrency.c"

#line 94 "@OUTPUT@"

struct both__frame {
    pn_future pn__hdr;
    int pn__ret;
    int a;
    int b;
    int first;
    int winner;
    union {
        struct {
            struct work__frame pn__b0;
            struct work__frame pn__b1;
            unsigned pn__live;
        } pn__a1; /* line 13: pn_all */
        struct {
            struct work__frame pn__b0;
            struct pn_sleep_ms__frame pn__b1;
        } pn__a2; /* line 15: pn_race */
        struct pn_join__frame pn__a3; /* line 17 */
    } pn__aw;
};

__attribute__((unused)) static void both__init(struct both__frame *pn__self)
{
    pn__self->pn__hdr.pn__state = 0;
    pn__self->pn__hdr.pn__pin = 0;
}

__attribute__((unused)) static pn_poll both__poll(pn_future *pn__fut, pn_context *pn__cx)
{
#line 10 "concurrency.c"
    struct both__frame *pn__self = (struct both__frame *)pn__fut;
#line 127 "@OUTPUT@"
    pn__pin_check(pn__fut, "both");
    int pn__t1;
    switch (pn__self->pn__hdr.pn__state) {
    case 0:
        break;
    case 1:
        goto pn__resume_1;
    case 2:
        goto pn__resume_2;
    case 3:
        goto pn__resume_3;
    default:
        pn__bad_state("both", pn__self->pn__hdr.pn__state);
        return PN_PENDING;
    }
#line 12 "concurrency.c"
    pn__self->a = 0;
#line 12 "concurrency.c"
    pn__self->b = 0;
    /* line 13: pn_all(a = await(work(1)), b = await(work(2))) */
#line 13 "concurrency.c"
    work__init(&pn__self->pn__aw.pn__a1.pn__b0, 1);
#line 13 "concurrency.c"
    work__init(&pn__self->pn__aw.pn__a1.pn__b1, 2);
#line 152 "@OUTPUT@"
    pn__self->pn__aw.pn__a1.pn__live = 0x3u;
    pn__self->pn__hdr.pn__state = 1;
pn__resume_1:
#line 13 "concurrency.c"
    if ((pn__self->pn__aw.pn__a1.pn__live & 0x1u) && work__poll(&pn__self->pn__aw.pn__a1.pn__b0.pn__hdr, pn__cx) == PN_READY) {
#line 158 "@OUTPUT@"
        pn__self->pn__aw.pn__a1.pn__live &= ~0x1u;
#line 13 "concurrency.c"
        pn__self->a = pn__self->pn__aw.pn__a1.pn__b0.pn__ret;
#line 162 "@OUTPUT@"
    }
#line 13 "concurrency.c"
    if ((pn__self->pn__aw.pn__a1.pn__live & 0x2u) && work__poll(&pn__self->pn__aw.pn__a1.pn__b1.pn__hdr, pn__cx) == PN_READY) {
#line 166 "@OUTPUT@"
        pn__self->pn__aw.pn__a1.pn__live &= ~0x2u;
#line 13 "concurrency.c"
        pn__self->b = pn__self->pn__aw.pn__a1.pn__b1.pn__ret;
#line 170 "@OUTPUT@"
    }
#line 13 "concurrency.c"
    if (pn__self->pn__aw.pn__a1.pn__live) return PN_PENDING;
    pn__self->first = -1;
    /* line 15: pn_race(first = await(work(3)), await(pn_sleep_ms(1000))) */
#line 15 "concurrency.c"
    work__init(&pn__self->pn__aw.pn__a2.pn__b0, 3);
#line 15 "concurrency.c"
    pn_sleep_ms__init(&pn__self->pn__aw.pn__a2.pn__b1, 1000);
#line 180 "@OUTPUT@"
    pn__self->pn__hdr.pn__state = 2;
pn__resume_2:
#line 15 "concurrency.c"
    if (work__poll(&pn__self->pn__aw.pn__a2.pn__b0.pn__hdr, pn__cx) == PN_READY) {
#line 185 "@OUTPUT@"
        pn__t1 = 0;
#line 15 "concurrency.c"
        pn__self->first = pn__self->pn__aw.pn__a2.pn__b0.pn__ret;
#line 189 "@OUTPUT@"
        pn_sleep_ms__drop(&pn__self->pn__aw.pn__a2.pn__b1.pn__hdr);
#line 15 "concurrency.c"
    } else if (pn_sleep_ms__poll(&pn__self->pn__aw.pn__a2.pn__b1.pn__hdr, pn__cx) == PN_READY) {
#line 193 "@OUTPUT@"
        pn__t1 = 1;
        work__drop(&pn__self->pn__aw.pn__a2.pn__b0.pn__hdr);
    } else {
#line 15 "concurrency.c"
        return PN_PENDING;
#line 199 "@OUTPUT@"
    }
#line 15 "concurrency.c"
    pn__self->winner = pn__t1;
    pn_task *t = work__spawn(4);
    /* line 17: await(pn_join(t)) */
#line 17 "concurrency.c"
    pn_join__init(&pn__self->pn__aw.pn__a3, t);
#line 207 "@OUTPUT@"
    pn__self->pn__hdr.pn__state = 3;
pn__resume_3:
#line 17 "concurrency.c"
    if (pn_join__poll(&pn__self->pn__aw.pn__a3.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
    return (pn__self->pn__ret = (pn__self->a + pn__self->b + pn__self->first + pn__self->winner), pn__self->pn__hdr.pn__state = PN__STATE_DONE, PN_READY);
#line 213 "@OUTPUT@"
}

__attribute__((unused)) static void both__drop(pn_future *pn__fut)
{
    struct both__frame *pn__self = (struct both__frame *)pn__fut;
    switch (pn__self->pn__hdr.pn__state) {
    case 1:
        if (pn__self->pn__aw.pn__a1.pn__live & 0x1u)
            work__drop(&pn__self->pn__aw.pn__a1.pn__b0.pn__hdr);
        if (pn__self->pn__aw.pn__a1.pn__live & 0x2u)
            work__drop(&pn__self->pn__aw.pn__a1.pn__b1.pn__hdr);
        break;
    case 2:
        work__drop(&pn__self->pn__aw.pn__a2.pn__b0.pn__hdr);
        pn_sleep_ms__drop(&pn__self->pn__aw.pn__a2.pn__b1.pn__hdr);
        break;
    case 3:
        pn_join__drop(&pn__self->pn__aw.pn__a3.pn__hdr);
        break;
    default:
        break;
    }
    pn__fut->pn__state = PN__STATE_DONE;
}

static const pn_future_vtable both__vtable __attribute__((unused)) = {
    .poll = both__poll,
    .drop = both__drop,
    .name = "both",
    .size = sizeof(struct both__frame),
    .align = _Alignof(struct both__frame),
    .result_offset = offsetof(struct both__frame, pn__ret),
    .result_size = sizeof(((struct both__frame *)0)->pn__ret),
};

#line 10 "concurrency.c"
static const unsigned both__state_lines[4] __attribute__((used)) = { 0, 13, 15, 17 };
#line 10 "concurrency.c"
static const char *const both__state_exprs[4] __attribute__((used)) = { 0, "pn_all(a = await(work(1)), b = await(work(2)))", "pn_race(first = await(work(3)), await(pn_sleep_ms(1000)))", "await(pn_join(t))" };
#line 253 "@OUTPUT@"

static int both__block_on(void)
{
#line 23 "concurrency.c"
    struct both__frame pn__fr;
#line 23 "concurrency.c"
    both__init(&pn__fr);
#line 23 "concurrency.c"
    pn__block_on(&pn__fr.pn__hdr, &both__vtable);
#line 263 "@OUTPUT@"
    return pn__fr.pn__ret;
}

#line 20 "concurrency.c"

int main(void)
{
    return both__block_on() == 0;
}
