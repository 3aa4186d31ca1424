#line 1 "locals.c"
/* Locals of several kinds across an await: an initialised array, a string,
 * a struct declared in the body, a shadowed name, a static local. */
#include <pinion.h>
#include <string.h>

#line 8 "@OUTPUT@"

struct count__frame {
    pn_future pn__hdr;
    int pn__ret;
    const char *s;
    union {
        struct pn_yield__frame pn__a1; /* line 8 */
    } pn__aw;
};

__attribute__((unused)) static void count__init(struct count__frame *pn__self, const char *s)
{
#line 6 "locals.c"
    pn__self->pn__hdr.pn__state = 0;
#line 6 "locals.c"
    pn__self->pn__hdr.pn__pin = 0;
#line 6 "locals.c"
    pn__self->s = s;
#line 6 "locals.c"
}
#line 29 "@OUTPUT@"

__attribute__((unused)) static pn_poll count__poll(pn_future *pn__fut, pn_context *pn__cx)
{
#line 6 "locals.c"
    struct count__frame *pn__self = (struct count__frame *)pn__fut;
#line 6 "locals.c"
    pn__pin_check_here(pn__fut, "count");
#line 6 "locals.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 6 "locals.c"
    case 0:
#line 6 "locals.c"
        break;
#line 6 "locals.c"
    case 1:
#line 6 "locals.c"
        goto pn__resume_1;
#line 6 "locals.c"
    default:
#line 6 "locals.c"
        pn__bad_state("count", pn__self->pn__hdr.pn__state);
#line 6 "locals.c"
        return PN_PENDING;
#line 6 "locals.c"
    }
#line 6 "locals.c"
    /* line 8: await(pn_yield()) */
#line 8 "locals.c"
    pn_yield__init(&pn__self->pn__aw.pn__a1);
#line 8 "locals.c"
    pn__self->pn__hdr.pn__state = 1;
#line 8 "locals.c"
pn__resume_1:
#line 8 "locals.c"
    if (pn_yield__poll(&pn__self->pn__aw.pn__a1.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
    return (pn__self->pn__ret = ((int)strlen(pn__self->s)), pn__self->pn__hdr.pn__state = PN__STATE_DONE, PN_READY);
}
#line 67 "@OUTPUT@"

__attribute__((unused)) static void count__drop(pn_future *pn__fut)
{
#line 6 "locals.c"
    struct count__frame *pn__self = (struct count__frame *)pn__fut;
#line 6 "locals.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 6 "locals.c"
    case 1:
#line 6 "locals.c"
        pn_yield__drop(&pn__self->pn__aw.pn__a1.pn__hdr);
#line 6 "locals.c"
        break;
#line 6 "locals.c"
    default:
#line 6 "locals.c"
        break;
#line 6 "locals.c"
    }
#line 6 "locals.c"
    pn__fut->pn__state = PN__STATE_DONE;
#line 6 "locals.c"
}
#line 6 "locals.c"

#line 6 "locals.c"
static const pn_future_vtable count__vtable __attribute__((unused)) = {
#line 6 "locals.c"
    .poll = count__poll,
#line 6 "locals.c"
    .drop = count__drop,
#line 6 "locals.c"
    .name = "count",
#line 6 "locals.c"
    .size = sizeof(struct count__frame),
#line 6 "locals.c"
    .align = _Alignof(struct count__frame),
#line 6 "locals.c"
    .result_offset = offsetof(struct count__frame, pn__ret),
#line 6 "locals.c"
    .result_size = sizeof(((struct count__frame *)0)->pn__ret),
#line 6 "locals.c"
};
#line 6 "locals.c"

#line 6 "locals.c"
static const unsigned count__state_lines[2] __attribute__((used)) = { 0, 8 };
#line 6 "locals.c"
static const char *const count__state_exprs[2] __attribute__((used)) = { 0, "await(pn_yield())" };

#line 118 "@OUTPUT@"
static const pn__await_child count__children[] = {
    { offsetof(struct count__frame, pn__aw.pn__a1), 0, &pn_yield__vtable },
};
static const pn__await_site count__sites[2] = {
    { 0, 0, 0, -1 },
    { 8, 0, 1, -1 },
};
static pn__func_info count__info = { 0, &count__vtable, "locals.c", 6, 1, count__sites, count__children };
__attribute__((constructor)) static void count__info_register(void)
{
    pn__func_register(&count__info);
}
__attribute__((destructor)) static void count__info_unregister(void)
{
    pn__func_unregister(&count__info);
}

#line 11 "locals.c"

#line 14 "locals.c"
struct locals__point {
        int x, y;
    };
#line 142 "@OUTPUT@"

struct locals__frame {
    pn_future pn__hdr;
    int pn__ret;
    int n;
    struct locals__point p;
    int squares[3];
    char name[7];
    union {
        struct count__frame pn__a1; /* line 21 */
    } pn__aw;
};

__attribute__((unused)) static void locals__init(struct locals__frame *pn__self, int n)
{
#line 12 "locals.c"
    pn__self->pn__hdr.pn__state = 0;
#line 12 "locals.c"
    pn__self->pn__hdr.pn__pin = 0;
#line 12 "locals.c"
    pn__self->n = n;
#line 12 "locals.c"
}
#line 166 "@OUTPUT@"

__attribute__((unused)) static pn_poll locals__poll(pn_future *pn__fut, pn_context *pn__cx)
{
#line 12 "locals.c"
    struct locals__frame *pn__self = (struct locals__frame *)pn__fut;
#line 12 "locals.c"
    pn__pin_check_here(pn__fut, "locals");
#line 12 "locals.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 12 "locals.c"
    case 0:
#line 12 "locals.c"
        break;
#line 12 "locals.c"
    case 1:
#line 12 "locals.c"
        goto pn__resume_1;
#line 12 "locals.c"
    default:
#line 12 "locals.c"
        pn__bad_state("locals", pn__self->pn__hdr.pn__state);
#line 12 "locals.c"
        return PN_PENDING;
#line 12 "locals.c"
    }
#line 16 "locals.c"
    pn__self->p = (struct locals__point){ pn__self->n, pn__self->n + 1 };
    {
#line 17 "locals.c"
        int pn__init[3] = { 1, 4, 9 };
#line 17 "locals.c"
        __builtin_memcpy((void *)&pn__self->squares, &pn__init, sizeof pn__init);
#line 17 "locals.c"
    }
    {
#line 18 "locals.c"
        char pn__init[7] = "pinion";
#line 18 "locals.c"
        __builtin_memcpy((void *)&pn__self->name, &pn__init, sizeof pn__init);
#line 18 "locals.c"
    }
    static int calls;
    calls++;
    /* line 21: await(count(name)) */
#line 21 "locals.c"
    count__init(&pn__self->pn__aw.pn__a1, pn__self->name);
#line 21 "locals.c"
    pn__self->pn__hdr.pn__state = 1;
#line 21 "locals.c"
pn__resume_1:
#line 21 "locals.c"
    if (count__poll(&pn__self->pn__aw.pn__a1.pn__hdr, pn__cx) == PN_PENDING) return PN_PENDING;
#line 21 "locals.c"
    int len = pn__self->pn__aw.pn__a1.pn__ret;
    {
        int n = len * 2;
        pn__self->p.x += n;
    }
    return (pn__self->pn__ret = (pn__self->p.x + pn__self->p.y + pn__self->squares[pn__self->n % 3] + calls), pn__self->pn__hdr.pn__state = PN__STATE_DONE, PN_READY);
}
#line 227 "@OUTPUT@"

__attribute__((unused)) static void locals__drop(pn_future *pn__fut)
{
#line 12 "locals.c"
    struct locals__frame *pn__self = (struct locals__frame *)pn__fut;
#line 12 "locals.c"
    switch (pn__self->pn__hdr.pn__state) {
#line 12 "locals.c"
    case 1:
#line 12 "locals.c"
        count__drop(&pn__self->pn__aw.pn__a1.pn__hdr);
#line 12 "locals.c"
        break;
#line 12 "locals.c"
    default:
#line 12 "locals.c"
        break;
#line 12 "locals.c"
    }
#line 12 "locals.c"
    pn__fut->pn__state = PN__STATE_DONE;
#line 12 "locals.c"
}
#line 12 "locals.c"

#line 12 "locals.c"
static const pn_future_vtable locals__vtable __attribute__((unused)) = {
#line 12 "locals.c"
    .poll = locals__poll,
#line 12 "locals.c"
    .drop = locals__drop,
#line 12 "locals.c"
    .name = "locals",
#line 12 "locals.c"
    .size = sizeof(struct locals__frame),
#line 12 "locals.c"
    .align = _Alignof(struct locals__frame),
#line 12 "locals.c"
    .result_offset = offsetof(struct locals__frame, pn__ret),
#line 12 "locals.c"
    .result_size = sizeof(((struct locals__frame *)0)->pn__ret),
#line 12 "locals.c"
};
#line 12 "locals.c"

#line 12 "locals.c"
static const unsigned locals__state_lines[2] __attribute__((used)) = { 0, 21 };
#line 12 "locals.c"
static const char *const locals__state_exprs[2] __attribute__((used)) = { 0, "await(count(name))" };

#line 278 "@OUTPUT@"
static const pn__await_child locals__children[] = {
    { offsetof(struct locals__frame, pn__aw.pn__a1), 0, &count__vtable },
};
static const pn__await_site locals__sites[2] = {
    { 0, 0, 0, -1 },
    { 21, 0, 1, -1 },
};
static pn__func_info locals__info = { 0, &locals__vtable, "locals.c", 12, 1, locals__sites, locals__children };
__attribute__((constructor)) static void locals__info_register(void)
{
    pn__func_register(&locals__info);
}
__attribute__((destructor)) static void locals__info_unregister(void)
{
    pn__func_unregister(&locals__info);
}

static int locals__block_on(int pn__a1)
{
#line 31 "locals.c"
    struct locals__frame pn__fr;
#line 31 "locals.c"
    locals__init(&pn__fr, pn__a1);
#line 31 "locals.c"
    pn__block_on(&pn__fr.pn__hdr, &locals__vtable);
#line 31 "locals.c"
    return pn__fr.pn__ret;
#line 31 "locals.c"
}

#line 28 "locals.c"

int main(void)
{
    return locals__block_on(1) == 0;
}
