/*
 * hello_lowered.c — hello.c after transformation, written by hand.
 *
 * This is the shape the transformer gives an async program, spelled out so
 * that the runtime can be demonstrated and tested without it.  For every
 * async function NAME there is:
 *
 *   struct NAME__frame  the function's state: the pn_future header first,
 *                       the result, the arguments, the locals that live
 *                       across an await, and a union of the frames of the
 *                       children it awaits (inline: an await allocates
 *                       nothing; children awaited at different points share
 *                       the storage);
 *   NAME__init          creates the frame, unpolled (state 0);
 *   NAME__poll          runs the body from where it last suspended: one
 *                       label per await point, state N resumes at await N;
 *   NAME__drop          cancels the frame in flight by dropping the child
 *                       it is waiting on (which releases that leaf's timer);
 *   NAME__vtable        what the runtime needs to own a frame it did not
 *                       create itself (a spawned task, a block_on root).
 *
 * The calls in main() and hello() show the three places a frame lives once
 * polled: on the caller's stack (pn__block_on), inline in the awaiting
 * parent's frame (the pn__child union), and on the heap as a task
 * (pn__task_reserve + pn__task_start).
 */
#include <pinion.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- async int tick(char *buf, size_t size, const char *who, int i, uint64_t ms) */

struct tick__frame {
    pn_future pn__hdr;
    int pn__ret;
    char *buf;
    size_t size;
    const char *who;
    int i;
    uint64_t ms;
    union {
        struct pn_sleep_ms__frame a1; /* await(pn_sleep_ms(ms)) */
    } pn__child;
};

static void tick__init(struct tick__frame *f, char *buf, size_t size, const char *who, int i,
                       uint64_t ms)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->buf = buf;
    f->size = size;
    f->who = who;
    f->i = i;
    f->ms = ms;
}

static pn_poll tick__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct tick__frame *f = (struct tick__frame *)pn__self;
    pn__pin_check(pn__self, "tick");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("tick", f->pn__hdr.pn__state);
    }
pn__start:
    /* await(pn_sleep_ms(ms)) */
    pn_sleep_ms__init(&f->pn__child.a1, f->ms);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (pn_sleep_ms__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    /* return snprintf(buf, size, "%s: %d", who, i); */
    f->pn__ret = snprintf(f->buf, f->size, "%s: %d", f->who, f->i);
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void tick__drop(pn_future *pn__self)
{
    struct tick__frame *f = (struct tick__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        pn_sleep_ms__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

/* ---- async int countdown(const char *who, int from, uint64_t ms) ----- */

struct countdown__frame {
    pn_future pn__hdr;
    int pn__ret;
    const char *who;
    int from;
    uint64_t ms;
    /* Lent to tick() across the await: the frame holds a pointer into
     * itself from here on, which is why it must not move. */
    char line[64];
    int i;
    union {
        struct tick__frame a1; /* await(tick(line, sizeof line, who, i, ms)) */
    } pn__child;
};

static void countdown__init(struct countdown__frame *f, const char *who, int from, uint64_t ms)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->who = who;
    f->from = from;
    f->ms = ms;
}

static pn_poll countdown__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct countdown__frame *f = (struct countdown__frame *)pn__self;
    pn__pin_check(pn__self, "countdown");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    default: pn__bad_state("countdown", f->pn__hdr.pn__state);
    }
pn__start:
    /* for (int i = from; i > 0; i--) { */
    f->i = f->from;
pn__for_cond:
    if (!(f->i > 0))
        goto pn__for_end;
    /* await(tick(line, sizeof line, who, i, ms)); */
    tick__init(&f->pn__child.a1, f->line, sizeof f->line, f->who, f->i, f->ms);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (tick__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    /* puts(line); */
    puts(f->line);
    f->i--;
    goto pn__for_cond;
pn__for_end:
    /* printf("%s: liftoff\n", who); return from; */
    printf("%s: liftoff\n", f->who);
    f->pn__ret = f->from;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void countdown__drop(pn_future *pn__self)
{
    struct countdown__frame *f = (struct countdown__frame *)pn__self;
    if (f->pn__hdr.pn__state == 1)
        tick__drop(&f->pn__child.a1.pn__hdr);
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

static const pn_future_vtable countdown__vtable = {
    .poll = countdown__poll,
    .drop = countdown__drop,
    .name = "countdown",
    .size = sizeof(struct countdown__frame),
    .align = _Alignof(struct countdown__frame),
    .result_offset = offsetof(struct countdown__frame, pn__ret),
    .result_size = sizeof(int),
};

/* ---- async int hello(void) ------------------------------------------ */

struct hello__frame {
    pn_future pn__hdr;
    int pn__ret;
    pn_task *t;
    int mine;
    int theirs;
    union {
        struct countdown__frame a1;     /* await(countdown("awaited", 2, 50)) */
        struct pn_join_result__frame a2; /* await(pn_join_result(t, &theirs, ...)) */
    } pn__child;
};

static void hello__init(struct hello__frame *f)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
}

static pn_poll hello__poll(pn_future *pn__self, pn_context *pn__cx)
{
    struct hello__frame *f = (struct hello__frame *)pn__self;
    pn__pin_check(pn__self, "hello");
    switch (f->pn__hdr.pn__state) {
    case 0: goto pn__start;
    case 1: goto pn__await1;
    case 2: goto pn__await2;
    default: pn__bad_state("hello", f->pn__hdr.pn__state);
    }
pn__start:
    /* pn_task *t = pn_spawn(countdown("spawned", 3, 30)); — the new task's
     * frame is initialised in place, in heap storage the runtime owns. */
    {
        pn_task *pn__task;
        struct countdown__frame *pn__root = pn__task_reserve(&countdown__vtable, &pn__task);
        if (pn__root) {
            countdown__init(pn__root, "spawned", 3, 30);
            f->t = pn__task_start(pn__task);
        } else {
            f->t = NULL;
        }
    }
    /* int mine = await(countdown("awaited", 2, 50)); */
    countdown__init(&f->pn__child.a1, "awaited", 2, 50);
    f->pn__hdr.pn__state = 1;
pn__await1:
    if (countdown__poll(&f->pn__child.a1.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    f->mine = f->pn__child.a1.pn__ret;
    /* int theirs = 0; */
    f->theirs = 0;
    /* if (await(pn_join_result(t, &theirs, sizeof theirs)) != 0) */
    pn_join_result__init(&f->pn__child.a2, f->t, &f->theirs, sizeof f->theirs);
    f->pn__hdr.pn__state = 2;
pn__await2:
    if (pn_join_result__poll(&f->pn__child.a2.pn__hdr, pn__cx) == PN_PENDING)
        return PN_PENDING;
    if (f->pn__child.a2.pn__ret != 0) {
        /* return -1; */
        f->pn__ret = -1;
        f->pn__hdr.pn__state = PN__STATE_DONE;
        return PN_READY;
    }
    /* return mine + theirs; */
    f->pn__ret = f->mine + f->theirs;
    f->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void hello__drop(pn_future *pn__self)
{
    struct hello__frame *f = (struct hello__frame *)pn__self;
    switch (f->pn__hdr.pn__state) {
    case 1: countdown__drop(&f->pn__child.a1.pn__hdr); break;
    case 2: pn_join_result__drop(&f->pn__child.a2.pn__hdr); break;
    default: break;
    }
    f->pn__hdr.pn__state = PN__STATE_DONE;
}

static const pn_future_vtable hello__vtable = {
    .poll = hello__poll,
    .drop = hello__drop,
    .name = "hello",
    .size = sizeof(struct hello__frame),
    .align = _Alignof(struct hello__frame),
    .result_offset = offsetof(struct hello__frame, pn__ret),
    .result_size = sizeof(int),
};

/* ---- int main(void) -------------------------------------------------- */

int main(void)
{
    /* int total = pn_block_on(hello()); — the root frame lives on this
     * stack and is polled in place until it completes. */
    struct hello__frame root;
    hello__init(&root);
    pn__block_on(&root.pn__hdr, &hello__vtable);
    int total = root.pn__ret;

    printf("total: %d\n", total);
    pn_shutdown();
    return total == 5 ? EXIT_SUCCESS : EXIT_FAILURE;
}
