#line 1 "macros.c"
/* Macros in an async body: one naming a local, one expanding an argument
 * that awaits twice, and an assert from the C library. */
#include <pinion.h>
#include <assert.h>

#define BUMP() (count++)
#define TWICE(e) ((e) + (e))

#line 11 "@OUTPUT@"

struct one__frame {
    pn_future pn__hdr;
    int pn__ret;
    union {
        struct pn_yield__frame pn__a1; /* line 11 */
    } pn__aw;
};

__attribute__((unused)) static void one__init(struct one__frame *pn__self)
{
#line 9 "macros.c"
    pn__self->pn__hdr.pn__state = 0;
#line 9 "macros.c"
    pn__self->pn__hdr.pn__pin = 0;
#line 9 "macros.c"
}
#line 29 "@OUTPUT@"

__attribute__((unused)) static pn_poll one__poll(pn_future *pn__fut, pn_context *pn__cx)
{
#line 9 "macros.c"
    struct one__frame *pn__self = (struct one__frame *)pn__fut;
#line 9 "macros.c"
    pn__pin_check_here(pn__fut, "one");
#line 9 "macros.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 9 "macros.c"
    case 0:
#line 9 "macros.c"
        break;
#line 9 "macros.c"
    case 1:
#line 9 "macros.c"
        goto pn__resume_1;
#line 9 "macros.c"
    default:
#line 9 "macros.c"
        pn__bad_state("one", pn__self->pn__hdr.pn__state);
#line 9 "macros.c"
        return PN_PENDING;
#line 9 "macros.c"
    }
#line 9 "macros.c"
    /* line 11: await(pn_yield()) */
#line 11 "macros.c"
    pn_yield__init(&pn__self->pn__aw.pn__a1);
#line 11 "macros.c"
    pn__self->pn__hdr.pn__state = 1;
#line 11 "macros.c"
pn__resume_1:
#line 11 "macros.c"
    if (pn_yield__poll(&pn__self->pn__aw.pn__a1.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
    return (pn__self->pn__ret = (1), pn__self->pn__hdr.pn__state = PN__STATE_DONE, PN_READY);
}
#line 67 "@OUTPUT@"

__attribute__((unused)) static void one__drop(pn_future *pn__fut)
{
#line 9 "macros.c"
    struct one__frame *pn__self = (struct one__frame *)pn__fut;
#line 9 "macros.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 9 "macros.c"
    case 1:
#line 9 "macros.c"
        pn_yield__drop(&pn__self->pn__aw.pn__a1.pn__hdr);
#line 9 "macros.c"
        break;
#line 9 "macros.c"
    default:
#line 9 "macros.c"
        break;
#line 9 "macros.c"
    }
#line 9 "macros.c"
    pn__fut->pn__state = PN__STATE_DONE;
#line 9 "macros.c"
}
#line 9 "macros.c"

#line 9 "macros.c"
static const pn_future_vtable one__vtable __attribute__((unused)) = {
#line 9 "macros.c"
    .poll = one__poll,
#line 9 "macros.c"
    .drop = one__drop,
#line 9 "macros.c"
    .name = "one",
#line 9 "macros.c"
    .size = sizeof(struct one__frame),
#line 9 "macros.c"
    .align = _Alignof(struct one__frame),
#line 9 "macros.c"
    .result_offset = offsetof(struct one__frame, pn__ret),
#line 9 "macros.c"
    .result_size = sizeof(((struct one__frame *)0)->pn__ret),
#line 9 "macros.c"
};
#line 9 "macros.c"

#line 9 "macros.c"
static const unsigned one__state_lines[2] __attribute__((used)) = { 0, 11 };
#line 9 "macros.c"
static const char *const one__state_exprs[2] __attribute__((used)) = { 0, "await(pn_yield())" };

#line 118 "@OUTPUT@"
static const pn__await_child one__children[] = {
    { offsetof(struct one__frame, pn__aw.pn__a1), 0, &pn_yield__vtable },
};
static const pn__await_site one__sites[2] = {
    { 0, 0, 0, -1 },
    { 11, 0, 1, -1 },
};
static pn__func_info one__info = { 0, &one__vtable, "macros.c", 9, 1, one__sites, one__children };
__attribute__((constructor)) static void one__info_register(void)
{
    pn__func_register(&one__info);
}
__attribute__((destructor)) static void one__info_unregister(void)
{
    pn__func_unregister(&one__info);
}

#line 14 "macros.c"

#line 138 "@OUTPUT@"

struct use_macros__frame {
    pn_future pn__hdr;
    int pn__ret;
    int count;
    int pn__t1;
    union {
        struct one__frame pn__a1; /* line 19 */
        struct one__frame pn__a2; /* line 19 */
    } pn__aw;
};

__attribute__((unused)) static void use_macros__init(struct use_macros__frame *pn__self)
{
#line 15 "macros.c"
    pn__self->pn__hdr.pn__state = 0;
#line 15 "macros.c"
    pn__self->pn__hdr.pn__pin = 0;
#line 15 "macros.c"
}
#line 159 "@OUTPUT@"

static const char use_macros__func_name[] __attribute__((unused)) = "use_macros";
#define __func__ use_macros__func_name
#define __FUNCTION__ use_macros__func_name
#if defined(__clang__)
static const char use_macros__pretty_function[] __attribute__((unused)) = "int use_macros(void)";
#define __PRETTY_FUNCTION__ use_macros__pretty_function
#else
#define __PRETTY_FUNCTION__ use_macros__func_name
#endif
__attribute__((unused)) static pn_poll use_macros__poll(pn_future *pn__fut, pn_context *pn__cx)
{
#line 15 "macros.c"
    struct use_macros__frame *pn__self = (struct use_macros__frame *)pn__fut;
#line 15 "macros.c"
    pn__pin_check_here(pn__fut, "use_macros");
#line 15 "macros.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 15 "macros.c"
    case 0:
#line 15 "macros.c"
        break;
#line 15 "macros.c"
    case 1:
#line 15 "macros.c"
        goto pn__resume_1;
#line 15 "macros.c"
    case 2:
#line 15 "macros.c"
        goto pn__resume_2;
#line 15 "macros.c"
    default:
#line 15 "macros.c"
        pn__bad_state("use_macros", pn__self->pn__hdr.pn__state);
#line 15 "macros.c"
        return PN_PENDING;
#line 15 "macros.c"
    }
#line 17 "macros.c"
    pn__self->count = 0;
    (pn__self->count++);
    /* line 19: await(one()) */
#line 19 "macros.c"
    one__init(&pn__self->pn__aw.pn__a1);
#line 19 "macros.c"
    pn__self->pn__hdr.pn__state = 1;
#line 19 "macros.c"
pn__resume_1:
#line 19 "macros.c"
    if (one__poll(&pn__self->pn__aw.pn__a1.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
#line 19 "macros.c"
    pn__self->pn__t1 = pn__self->pn__aw.pn__a1.pn__ret;
    /* line 19: await(one()) */
#line 19 "macros.c"
    one__init(&pn__self->pn__aw.pn__a2);
#line 19 "macros.c"
    pn__self->pn__hdr.pn__state = 2;
#line 19 "macros.c"
pn__resume_2:
#line 19 "macros.c"
    if (one__poll(&pn__self->pn__aw.pn__a2.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
#line 19 "macros.c"
    int two = ((pn__self->pn__t1) + (pn__self->pn__aw.pn__a2.pn__ret));
    assert(two == 2);
    (pn__self->count++);
    return (pn__self->pn__ret = (pn__self->count + two), pn__self->pn__hdr.pn__state = PN__STATE_DONE, PN_READY);
}
#line 23 "macros.c"
#undef __func__
#line 23 "macros.c"
#undef __FUNCTION__
#line 23 "macros.c"
#undef __PRETTY_FUNCTION__
#line 233 "@OUTPUT@"

__attribute__((unused)) static void use_macros__drop(pn_future *pn__fut)
{
#line 15 "macros.c"
    struct use_macros__frame *pn__self = (struct use_macros__frame *)pn__fut;
#line 15 "macros.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 15 "macros.c"
    case 1:
#line 15 "macros.c"
        one__drop(&pn__self->pn__aw.pn__a1.pn__hdr);
#line 15 "macros.c"
        break;
#line 15 "macros.c"
    case 2:
#line 15 "macros.c"
        one__drop(&pn__self->pn__aw.pn__a2.pn__hdr);
#line 15 "macros.c"
        break;
#line 15 "macros.c"
    default:
#line 15 "macros.c"
        break;
#line 15 "macros.c"
    }
#line 15 "macros.c"
    pn__fut->pn__state = PN__STATE_DONE;
#line 15 "macros.c"
}
#line 15 "macros.c"

#line 15 "macros.c"
static const pn_future_vtable use_macros__vtable __attribute__((unused)) = {
#line 15 "macros.c"
    .poll = use_macros__poll,
#line 15 "macros.c"
    .drop = use_macros__drop,
#line 15 "macros.c"
    .name = "use_macros",
#line 15 "macros.c"
    .size = sizeof(struct use_macros__frame),
#line 15 "macros.c"
    .align = _Alignof(struct use_macros__frame),
#line 15 "macros.c"
    .result_offset = offsetof(struct use_macros__frame, pn__ret),
#line 15 "macros.c"
    .result_size = sizeof(((struct use_macros__frame *)0)->pn__ret),
#line 15 "macros.c"
};
#line 15 "macros.c"

#line 15 "macros.c"
static const unsigned use_macros__state_lines[3] __attribute__((used)) = { 0, 19, 19 };
#line 15 "macros.c"
static const char *const use_macros__state_exprs[3] __attribute__((used)) = { 0, "await(one())", "await(one())" };

#line 290 "@OUTPUT@"
static const pn__await_child use_macros__children[] = {
    { offsetof(struct use_macros__frame, pn__aw.pn__a1), 0, &one__vtable },
    { offsetof(struct use_macros__frame, pn__aw.pn__a2), 0, &one__vtable },
};
static const pn__await_site use_macros__sites[3] = {
    { 0, 0, 0, -1 },
    { 19, 0, 1, -1 },
    { 19, 1, 1, -1 },
};
static pn__func_info use_macros__info = { 0, &use_macros__vtable, "macros.c", 15, 2, use_macros__sites, use_macros__children };
__attribute__((constructor)) static void use_macros__info_register(void)
{
    pn__func_register(&use_macros__info);
}
__attribute__((destructor)) static void use_macros__info_unregister(void)
{
    pn__func_unregister(&use_macros__info);
}

static int use_macros__block_on(void)
{
#line 27 "macros.c"
    struct use_macros__frame pn__fr;
#line 27 "macros.c"
    use_macros__init(&pn__fr);
#line 27 "macros.c"
    pn__block_on(&pn__fr.pn__hdr, &use_macros__vtable);
#line 27 "macros.c"
    return pn__fr.pn__ret;
#line 27 "macros.c"
}

#line 24 "macros.c"

int main(void)
{
    return use_macros__block_on() == 4 ? 0 : 1;
}
