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
#line 4 "concurrency.c"
    pn__self->pn__hdr.pn__state = 0;
#line 4 "concurrency.c"
    pn__self->pn__hdr.pn__pin = 0;
#line 4 "concurrency.c"
    pn__self->v = v;
#line 4 "concurrency.c"
}
#line 27 "@OUTPUT@"

__attribute__((unused)) static pn_poll work__poll(pn_future *pn__fut, pn_context *pn__cx)
{
#line 4 "concurrency.c"
    struct work__frame *pn__self = (struct work__frame *)pn__fut;
#line 4 "concurrency.c"
    pn__pin_check_here(pn__fut, "work");
#line 4 "concurrency.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 4 "concurrency.c"
    case 0:
#line 4 "concurrency.c"
        break;
#line 4 "concurrency.c"
    case 1:
#line 4 "concurrency.c"
        goto pn__resume_1;
#line 4 "concurrency.c"
    default:
#line 4 "concurrency.c"
        pn__bad_state("work", pn__self->pn__hdr.pn__state);
#line 4 "concurrency.c"
        return PN_PENDING;
#line 4 "concurrency.c"
    }
#line 4 "concurrency.c"
    /* line 6: await(pn_sleep_ms((uint64_t)v)) */
#line 6 "concurrency.c"
    pn_sleep_ms__init(&pn__self->pn__aw.pn__a1, (uint64_t)pn__self->v);
#line 6 "concurrency.c"
    pn__self->pn__hdr.pn__state = 1;
#line 6 "concurrency.c"
pn__resume_1:
#line 6 "concurrency.c"
    if (pn_sleep_ms__poll(&pn__self->pn__aw.pn__a1.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
    return (pn__self->pn__ret = (pn__self->v * 2), pn__self->pn__hdr.pn__state = PN__STATE_DONE, PN_READY);
}
#line 65 "@OUTPUT@"

__attribute__((unused)) static void work__drop(pn_future *pn__fut)
{
#line 4 "concurrency.c"
    struct work__frame *pn__self = (struct work__frame *)pn__fut;
#line 4 "concurrency.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 4 "concurrency.c"
    case 1:
#line 4 "concurrency.c"
        pn_sleep_ms__drop(&pn__self->pn__aw.pn__a1.pn__hdr);
#line 4 "concurrency.c"
        break;
#line 4 "concurrency.c"
    default:
#line 4 "concurrency.c"
        break;
#line 4 "concurrency.c"
    }
#line 4 "concurrency.c"
    pn__fut->pn__state = PN__STATE_DONE;
#line 4 "concurrency.c"
}
#line 4 "concurrency.c"

#line 4 "concurrency.c"
static const pn_future_vtable work__vtable __attribute__((unused)) = {
#line 4 "concurrency.c"
    .poll = work__poll,
#line 4 "concurrency.c"
    .drop = work__drop,
#line 4 "concurrency.c"
    .name = "work",
#line 4 "concurrency.c"
    .size = sizeof(struct work__frame),
#line 4 "concurrency.c"
    .align = _Alignof(struct work__frame),
#line 4 "concurrency.c"
    .result_offset = offsetof(struct work__frame, pn__ret),
#line 4 "concurrency.c"
    .result_size = sizeof(((struct work__frame *)0)->pn__ret),
#line 4 "concurrency.c"
};
#line 4 "concurrency.c"

#line 4 "concurrency.c"
static const unsigned work__state_lines[2] __attribute__((used)) = { 0, 6 };
#line 4 "concurrency.c"
static const char *const work__state_exprs[2] __attribute__((used)) = { 0, "await(pn_sleep_ms((uint64_t)v))" };

#line 116 "@OUTPUT@"
static const pn__await_child work__children[] = {
    { offsetof(struct work__frame, pn__aw.pn__a1), 0, &pn_sleep_ms__vtable },
};
static const pn__await_site work__sites[2] = {
    { 0, 0, 0, -1 },
    { 6, 0, 1, -1 },
};
static pn__func_info work__info = { 0, &work__vtable, "concurrency.c", 4, 1, work__sites, work__children };
__attribute__((constructor)) static void work__info_register(void)
{
    pn__func_register(&work__info);
}
__attribute__((destructor)) static void work__info_unregister(void)
{
    pn__func_unregister(&work__info);
}

static pn_task *work__spawn(int pn__a1)
{
#line 16 "concurrency.c"
    pn_task *pn__t;
#line 16 "concurrency.c"
    void *pn__m = pn__task_reserve(&work__vtable, &pn__t);
#line 16 "concurrency.c"
    if (!pn__m)
#line 16 "concurrency.c"
        return NULL;
#line 16 "concurrency.c"
    work__init(pn__m, pn__a1);
#line 16 "concurrency.c"
    return pn__task_start(pn__t);
#line 16 "concurrency.c"
}

#line 9 "concurrency.c"

#line 153 "@OUTPUT@"

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
#line 10 "concurrency.c"
    pn__self->pn__hdr.pn__state = 0;
#line 10 "concurrency.c"
    pn__self->pn__hdr.pn__pin = 0;
#line 10 "concurrency.c"
}
#line 184 "@OUTPUT@"

__attribute__((unused)) static pn_poll both__poll(pn_future *pn__fut, pn_context *pn__cx)
{
#line 10 "concurrency.c"
    struct both__frame *pn__self = (struct both__frame *)pn__fut;
#line 10 "concurrency.c"
    pn__pin_check_here(pn__fut, "both");
#line 10 "concurrency.c"
    int pn__t1;
#line 10 "concurrency.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 10 "concurrency.c"
    case 0:
#line 10 "concurrency.c"
        break;
#line 10 "concurrency.c"
    case 1:
#line 10 "concurrency.c"
        goto pn__resume_1;
#line 10 "concurrency.c"
    case 2:
#line 10 "concurrency.c"
        goto pn__resume_2;
#line 10 "concurrency.c"
    case 3:
#line 10 "concurrency.c"
        goto pn__resume_3;
#line 10 "concurrency.c"
    default:
#line 10 "concurrency.c"
        pn__bad_state("both", pn__self->pn__hdr.pn__state);
#line 10 "concurrency.c"
        return PN_PENDING;
#line 10 "concurrency.c"
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
#line 13 "concurrency.c"
    pn__self->pn__aw.pn__a1.pn__live = 0x3u;
#line 13 "concurrency.c"
    pn__self->pn__hdr.pn__state = 1;
#line 13 "concurrency.c"
pn__resume_1:
#line 13 "concurrency.c"
    if ((pn__self->pn__aw.pn__a1.pn__live & 0x1u) && work__poll(&pn__self->pn__aw.pn__a1.pn__b0.pn__hdr, pn__cx) == PN_READY) {
#line 13 "concurrency.c"
        pn__self->pn__aw.pn__a1.pn__live &= ~0x1u;
#line 13 "concurrency.c"
        pn__self->a = pn__self->pn__aw.pn__a1.pn__b0.pn__ret;
#line 13 "concurrency.c"
    }
#line 13 "concurrency.c"
    if ((pn__self->pn__aw.pn__a1.pn__live & 0x2u) && work__poll(&pn__self->pn__aw.pn__a1.pn__b1.pn__hdr, pn__cx) == PN_READY) {
#line 13 "concurrency.c"
        pn__self->pn__aw.pn__a1.pn__live &= ~0x2u;
#line 13 "concurrency.c"
        pn__self->b = pn__self->pn__aw.pn__a1.pn__b1.pn__ret;
#line 13 "concurrency.c"
    }
#line 13 "concurrency.c"
    if (pn__self->pn__aw.pn__a1.pn__live) return PN_PENDING;
    pn__self->first = -1;
    /* line 15: pn_race(first = await(work(3)), await(pn_sleep_ms(1000))) */
#line 15 "concurrency.c"
    work__init(&pn__self->pn__aw.pn__a2.pn__b0, 3);
#line 15 "concurrency.c"
    pn_sleep_ms__init(&pn__self->pn__aw.pn__a2.pn__b1, 1000);
#line 15 "concurrency.c"
    pn__self->pn__hdr.pn__state = 2;
#line 15 "concurrency.c"
pn__resume_2:
#line 15 "concurrency.c"
    if (work__poll(&pn__self->pn__aw.pn__a2.pn__b0.pn__hdr, pn__cx) == PN_READY) {
#line 15 "concurrency.c"
        pn__t1 = 0;
#line 15 "concurrency.c"
        pn__self->first = pn__self->pn__aw.pn__a2.pn__b0.pn__ret;
#line 15 "concurrency.c"
        pn_sleep_ms__drop(&pn__self->pn__aw.pn__a2.pn__b1.pn__hdr);
#line 15 "concurrency.c"
    } else if (pn_sleep_ms__poll(&pn__self->pn__aw.pn__a2.pn__b1.pn__hdr, pn__cx) == PN_READY) {
#line 15 "concurrency.c"
        pn__t1 = 1;
#line 15 "concurrency.c"
        work__drop(&pn__self->pn__aw.pn__a2.pn__b0.pn__hdr);
#line 15 "concurrency.c"
    } else {
#line 15 "concurrency.c"
        return PN_PENDING;
#line 15 "concurrency.c"
    }
#line 15 "concurrency.c"
    pn__self->winner = pn__t1;
    pn_task *t = work__spawn(4);
    /* line 17: await(pn_join(t)) */
#line 17 "concurrency.c"
    pn_join__init(&pn__self->pn__aw.pn__a3, t);
#line 17 "concurrency.c"
    pn__self->pn__hdr.pn__state = 3;
#line 17 "concurrency.c"
pn__resume_3:
#line 17 "concurrency.c"
    if (pn_join__poll(&pn__self->pn__aw.pn__a3.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
    return (pn__self->pn__ret = (pn__self->a + pn__self->b + pn__self->first + pn__self->winner), pn__self->pn__hdr.pn__state = PN__STATE_DONE, PN_READY);
}
#line 297 "@OUTPUT@"

__attribute__((unused)) static void both__drop(pn_future *pn__fut)
{
#line 10 "concurrency.c"
    struct both__frame *pn__self = (struct both__frame *)pn__fut;
#line 10 "concurrency.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 10 "concurrency.c"
    case 1:
#line 10 "concurrency.c"
        if (pn__self->pn__aw.pn__a1.pn__live & 0x1u)
#line 10 "concurrency.c"
            work__drop(&pn__self->pn__aw.pn__a1.pn__b0.pn__hdr);
#line 10 "concurrency.c"
        if (pn__self->pn__aw.pn__a1.pn__live & 0x2u)
#line 10 "concurrency.c"
            work__drop(&pn__self->pn__aw.pn__a1.pn__b1.pn__hdr);
#line 10 "concurrency.c"
        break;
#line 10 "concurrency.c"
    case 2:
#line 10 "concurrency.c"
        work__drop(&pn__self->pn__aw.pn__a2.pn__b0.pn__hdr);
#line 10 "concurrency.c"
        pn_sleep_ms__drop(&pn__self->pn__aw.pn__a2.pn__b1.pn__hdr);
#line 10 "concurrency.c"
        break;
#line 10 "concurrency.c"
    case 3:
#line 10 "concurrency.c"
        pn_join__drop(&pn__self->pn__aw.pn__a3.pn__hdr);
#line 10 "concurrency.c"
        break;
#line 10 "concurrency.c"
    default:
#line 10 "concurrency.c"
        break;
#line 10 "concurrency.c"
    }
#line 10 "concurrency.c"
    pn__fut->pn__state = PN__STATE_DONE;
#line 10 "concurrency.c"
}
#line 10 "concurrency.c"

#line 10 "concurrency.c"
static const pn_future_vtable both__vtable __attribute__((unused)) = {
#line 10 "concurrency.c"
    .poll = both__poll,
#line 10 "concurrency.c"
    .drop = both__drop,
#line 10 "concurrency.c"
    .name = "both",
#line 10 "concurrency.c"
    .size = sizeof(struct both__frame),
#line 10 "concurrency.c"
    .align = _Alignof(struct both__frame),
#line 10 "concurrency.c"
    .result_offset = offsetof(struct both__frame, pn__ret),
#line 10 "concurrency.c"
    .result_size = sizeof(((struct both__frame *)0)->pn__ret),
#line 10 "concurrency.c"
};
#line 10 "concurrency.c"

#line 10 "concurrency.c"
static const unsigned both__state_lines[4] __attribute__((used)) = { 0, 13, 15, 17 };
#line 10 "concurrency.c"
static const char *const both__state_exprs[4] __attribute__((used)) = { 0, "pn_all(a = await(work(1)), b = await(work(2)))", "pn_race(first = await(work(3)), await(pn_sleep_ms(1000)))", "await(pn_join(t))" };

#line 368 "@OUTPUT@"
static const pn__await_child both__children[] = {
    { offsetof(struct both__frame, pn__aw.pn__a1.pn__b0), 0, &work__vtable },
    { offsetof(struct both__frame, pn__aw.pn__a1.pn__b1), 0, &work__vtable },
    { offsetof(struct both__frame, pn__aw.pn__a2.pn__b0), 0, &work__vtable },
    { offsetof(struct both__frame, pn__aw.pn__a2.pn__b1), 0, &pn_sleep_ms__vtable },
    { offsetof(struct both__frame, pn__aw.pn__a3), 0, &pn_join__vtable },
};
static const pn__await_site both__sites[4] = {
    { 0, 0, 0, -1 },
    { 13, 0, 2, (int32_t)offsetof(struct both__frame, pn__aw.pn__a1.pn__live) },
    { 15, 2, 2, -1 },
    { 17, 4, 1, -1 },
};
static pn__func_info both__info = { 0, &both__vtable, "concurrency.c", 10, 3, both__sites, both__children };
__attribute__((constructor)) static void both__info_register(void)
{
    pn__func_register(&both__info);
}
__attribute__((destructor)) static void both__info_unregister(void)
{
    pn__func_unregister(&both__info);
}

static int both__block_on(void)
{
#line 23 "concurrency.c"
    struct both__frame pn__fr;
#line 23 "concurrency.c"
    both__init(&pn__fr);
#line 23 "concurrency.c"
    pn__block_on(&pn__fr.pn__hdr, &both__vtable);
#line 23 "concurrency.c"
    return pn__fr.pn__ret;
#line 23 "concurrency.c"
}

#line 20 "concurrency.c"

int main(void)
{
    return both__block_on() == 0;
}
