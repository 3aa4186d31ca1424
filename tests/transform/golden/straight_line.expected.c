#line 1 "straight_line.c"
/* Straight-line awaits, a result, and pn_block_on from main. */
#include <pinion.h>
#include <stdio.h>

#line 7 "@OUTPUT@"

struct add_slowly__frame {
    pn_future pn__hdr;
    int pn__ret;
    int a;
    int b;
    int sum;
    union {
        struct pn_yield__frame pn__a1; /* line 7 */
        struct pn_sleep_ms__frame pn__a2; /* line 9 */
    } pn__aw;
};

__attribute__((unused)) static void add_slowly__init(struct add_slowly__frame *pn__self, int a, int b)
{
#line 5 "straight_line.c"
    pn__self->pn__hdr.pn__state = 0;
#line 5 "straight_line.c"
    pn__self->pn__hdr.pn__pin = 0;
#line 5 "straight_line.c"
    pn__self->a = a;
#line 5 "straight_line.c"
    pn__self->b = b;
#line 5 "straight_line.c"
}
#line 33 "@OUTPUT@"

__attribute__((unused)) static pn_poll add_slowly__poll(pn_future *pn__fut, pn_context *pn__cx)
{
#line 5 "straight_line.c"
    struct add_slowly__frame *pn__self = (struct add_slowly__frame *)pn__fut;
#line 5 "straight_line.c"
    pn__pin_check_here(pn__fut, "add_slowly");
#line 5 "straight_line.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 5 "straight_line.c"
    case 0:
#line 5 "straight_line.c"
        break;
#line 5 "straight_line.c"
    case 1:
#line 5 "straight_line.c"
        goto pn__resume_1;
#line 5 "straight_line.c"
    case 2:
#line 5 "straight_line.c"
        goto pn__resume_2;
#line 5 "straight_line.c"
    default:
#line 5 "straight_line.c"
        pn__bad_state("add_slowly", pn__self->pn__hdr.pn__state);
#line 5 "straight_line.c"
        return PN_PENDING;
#line 5 "straight_line.c"
    }
#line 5 "straight_line.c"
    /* line 7: await(pn_yield()) */
#line 7 "straight_line.c"
    pn_yield__init(&pn__self->pn__aw.pn__a1);
#line 7 "straight_line.c"
    pn__self->pn__hdr.pn__state = 1;
#line 7 "straight_line.c"
pn__resume_1:
#line 7 "straight_line.c"
    if (pn_yield__poll(&pn__self->pn__aw.pn__a1.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
    pn__self->sum = pn__self->a + pn__self->b;
    /* line 9: await(pn_sleep_ms(1)) */
#line 9 "straight_line.c"
    pn_sleep_ms__init(&pn__self->pn__aw.pn__a2, 1);
#line 9 "straight_line.c"
    pn__self->pn__hdr.pn__state = 2;
#line 9 "straight_line.c"
pn__resume_2:
#line 9 "straight_line.c"
    if (pn_sleep_ms__poll(&pn__self->pn__aw.pn__a2.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
    return (pn__self->pn__ret = (pn__self->sum), pn__self->pn__hdr.pn__state = PN__STATE_DONE, PN_READY);
}
#line 85 "@OUTPUT@"

__attribute__((unused)) static void add_slowly__drop(pn_future *pn__fut)
{
#line 5 "straight_line.c"
    struct add_slowly__frame *pn__self = (struct add_slowly__frame *)pn__fut;
#line 5 "straight_line.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 5 "straight_line.c"
    case 1:
#line 5 "straight_line.c"
        pn_yield__drop(&pn__self->pn__aw.pn__a1.pn__hdr);
#line 5 "straight_line.c"
        break;
#line 5 "straight_line.c"
    case 2:
#line 5 "straight_line.c"
        pn_sleep_ms__drop(&pn__self->pn__aw.pn__a2.pn__hdr);
#line 5 "straight_line.c"
        break;
#line 5 "straight_line.c"
    default:
#line 5 "straight_line.c"
        break;
#line 5 "straight_line.c"
    }
#line 5 "straight_line.c"
    pn__fut->pn__state = PN__STATE_DONE;
#line 5 "straight_line.c"
}
#line 5 "straight_line.c"

#line 5 "straight_line.c"
static const pn_future_vtable add_slowly__vtable __attribute__((unused)) = {
#line 5 "straight_line.c"
    .poll = add_slowly__poll,
#line 5 "straight_line.c"
    .drop = add_slowly__drop,
#line 5 "straight_line.c"
    .name = "add_slowly",
#line 5 "straight_line.c"
    .size = sizeof(struct add_slowly__frame),
#line 5 "straight_line.c"
    .align = _Alignof(struct add_slowly__frame),
#line 5 "straight_line.c"
    .result_offset = offsetof(struct add_slowly__frame, pn__ret),
#line 5 "straight_line.c"
    .result_size = sizeof(((struct add_slowly__frame *)0)->pn__ret),
#line 5 "straight_line.c"
};
#line 5 "straight_line.c"

#line 5 "straight_line.c"
static const unsigned add_slowly__state_lines[3] __attribute__((used)) = { 0, 7, 9 };
#line 5 "straight_line.c"
static const char *const add_slowly__state_exprs[3] __attribute__((used)) = { 0, "await(pn_yield())", "await(pn_sleep_ms(1))" };

#line 142 "@OUTPUT@"
static const pn__await_child add_slowly__children[] = {
    { offsetof(struct add_slowly__frame, pn__aw.pn__a1), 0, &pn_yield__vtable },
    { offsetof(struct add_slowly__frame, pn__aw.pn__a2), 0, &pn_sleep_ms__vtable },
};
static const pn__await_site add_slowly__sites[3] = {
    { 0, 0, 0, -1 },
    { 7, 0, 1, -1 },
    { 9, 1, 1, -1 },
};
static pn__func_info add_slowly__info = { 0, &add_slowly__vtable, "straight_line.c", 5, 2, add_slowly__sites, add_slowly__children };
__attribute__((constructor)) static void add_slowly__info_register(void)
{
    pn__func_register(&add_slowly__info);
}
__attribute__((destructor)) static void add_slowly__info_unregister(void)
{
    pn__func_unregister(&add_slowly__info);
}

static int add_slowly__block_on(int pn__a1, int pn__a2)
{
#line 15 "straight_line.c"
    struct add_slowly__frame pn__fr;
#line 15 "straight_line.c"
    add_slowly__init(&pn__fr, pn__a1, pn__a2);
#line 15 "straight_line.c"
    pn__block_on(&pn__fr.pn__hdr, &add_slowly__vtable);
#line 15 "straight_line.c"
    return pn__fr.pn__ret;
#line 15 "straight_line.c"
}

#line 12 "straight_line.c"

int main(void)
{
    printf("%d\n", add_slowly__block_on(2, 3));
    return 0;
}
