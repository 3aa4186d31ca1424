/*
 * main.c — the install test's consumer: a hand-lowered async function run
 * through pn__block_on, built only from an installed Pinion.
 *
 * The frame below is what the transformer makes of
 *
 *     async int answer(int base) {
 *         await(pn_yield());
 *         await(pn_sleep_ms(1));
 *         return base + 2;
 *     }
 *
 * so a run exercises the installed header's ABI (frame header, leaf frames,
 * vtable) and the installed library's executor, timers and wakers.
 */
#include <pinion.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct answer__frame {
    pn_future pn__hdr;
    int pn__ret;
    int base;
    union {
        struct pn_yield__frame a1;
        struct pn_sleep_ms__frame a2;
    } pn__child;
};

static void answer__init(struct answer__frame *f, int base)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->base = base;
}

static pn_poll answer__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct answer__frame *f = (struct answer__frame *)pn__self;
    pn__pin_check(pn__self, "answer");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    case 2: goto pn__await2;
    default: pn__bad_state("answer", f->pn__hdr.pn__state);
    }
pn__start:
    pn_yield__init(&f->pn__child.a1);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_yield__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    pn_sleep_ms__init(&f->pn__child.a2, 1);
    f->pn__hdr.pn__state = 2;
pn__await2:
    if (pn_sleep_ms__poll(&f->pn__child.a2.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->pn__ret = f->base + 2;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void answer__drop(pn_future *pn__self)
{
    struct answer__frame *f = (struct answer__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_yield__drop(&f->pn__child.a1.pn__hdr);
    else if (f->pn__hdr.pn__state == 2)
        pn_sleep_ms__drop(&f->pn__child.a2.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

static const pn_future_vtable answer__vtable = {
    .poll = answer__poll,
    .drop = answer__drop,
    .name = "answer",
    .size = sizeof(struct answer__frame),
    .align = _Alignof(struct answer__frame),
    .result_offset = offsetof(struct answer__frame, pn__ret),
    .result_size = sizeof(int),
};

int main(void)
{
    struct answer__frame root;
    answer__init(&root, 40);
    uint64_t start = pn_now_ms();
    pn__block_on(&root.pn__hdr, &answer__vtable);
    uint64_t elapsed = pn_now_ms() - start;
    pn_shutdown();

    if (root.pn__hdr.pn__state != PN__STATE_DONE || root.pn__ret != 42) {
        fprintf(stderr, "consumer: block_on gave state %u, result %d; expected done, 42\n",
                (unsigned)root.pn__hdr.pn__state, root.pn__ret);
        return EXIT_FAILURE;
    }
    if (elapsed < 1) {
        fprintf(stderr, "consumer: a 1 ms sleep completed after %llu ms\n",
                (unsigned long long)elapsed);
        return EXIT_FAILURE;
    }
    printf("consumer: answer = %d (pinion %s)\n", root.pn__ret, PINION_VERSION_STRING);
    return EXIT_SUCCESS;
}
