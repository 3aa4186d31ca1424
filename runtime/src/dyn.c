/*
 * dyn.c — awaiting and spawning through pointers to async functions.
 *
 * A pointer declared async points to NAME__ptr, which has NAME's own
 * signature (pinion.h says why).  The caller opens a request on its
 * thread's runtime, calls through the pointer, and closes the request:
 * NAME__ptr claims it with NAME's vtable, gets storage for NAME's frame
 * and initialises the frame there.  The caller never needs to know NAME's
 * frame type: the vtable gives its size, alignment, poll, drop and where
 * its result is.
 *
 * The storage of an awaited frame comes from free lists by size class
 * (16-byte steps up to 256 bytes, then powers of two up to 64 KiB), kept
 * per runtime like every other allocation (alloc.c): an await through a
 * pointer in a loop takes the block the previous one gave back, so a
 * steady state allocates nothing.  A class keeps at most PN__DYN_KEEP
 * free blocks; what is beyond goes back to the allocator, and pn_shutdown
 * returns them all.  Larger frames, and frames aligned beyond what the
 * allocator guarantees, get a block of their own each time.
 */
#include "core.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define PN__DYN_KEEP 64u
#define PN__DYN_ALIGN _Alignof(max_align_t)

/* The class of a frame of `size` bytes, or -1 for one too large. */
static int dyn_class(size_t size)
{
    if (size <= 256)
        return size == 0 ? 0 : (int)((size + 15) / 16) - 1;
    int c = 16;
    for (size_t cap = 512; cap <= 65536; cap *= 2, c++)
        if (size <= cap)
            return c;
    return -1;
}

static size_t dyn_class_size(int c)
{
    return c < 16 ? (size_t)(c + 1) * 16 : (size_t)512 << (c - 16);
}

/* Storage for a frame of vt; aborts when memory runs out (the await's
 * value has the callee's type and no room for an error, as for a boxed
 * frame). */
static void *dyn_alloc(pn__runtime *rt, const pn_future_vtable *vt)
{
    if (vt->align > PN__DYN_ALIGN) {
        /* Over-aligned: a block of its own, the offset of the frame in it
         * stored just before the frame. */
        size_t total = vt->size + vt->align + sizeof(size_t);
        char *raw = pn__alloc(total);
        if (raw == NULL)
            pn__die("pinion: out of memory for the %zu-byte frame of %s, awaited through a "
                    "pointer",
                    vt->size, vt->name);
        uintptr_t at = ((uintptr_t)raw + sizeof(size_t) + vt->align - 1) & ~(vt->align - 1);
        size_t off = at - (uintptr_t)raw;
        memcpy((char *)at - sizeof(size_t), &off, sizeof off);
        return (void *)at;
    }
    int c = dyn_class(vt->size);
    if (c >= 0 && rt->dyn_free[c] != NULL) {
        void *p = rt->dyn_free[c];
        memcpy(&rt->dyn_free[c], p, sizeof(void *));
        rt->dyn_nfree[c]--;
        return p;
    }
    void *p = pn__alloc(c >= 0 ? dyn_class_size(c) : vt->size);
    if (p == NULL)
        pn__die("pinion: out of memory for the %zu-byte frame of %s, awaited through a pointer",
                vt->size, vt->name);
    return p;
}

static void dyn_free(pn__runtime *rt, void *p, const pn_future_vtable *vt)
{
    if (vt->align > PN__DYN_ALIGN) {
        size_t off;
        memcpy(&off, (char *)p - sizeof(size_t), sizeof off);
        pn__free((char *)p - off, vt->size + vt->align + sizeof(size_t));
        return;
    }
    int c = dyn_class(vt->size);
    if (c < 0) {
        pn__free(p, vt->size);
    } else if (rt->dyn_nfree[c] >= PN__DYN_KEEP) {
        pn__free(p, dyn_class_size(c));
    } else {
        memcpy(p, &rt->dyn_free[c], sizeof(void *));
        rt->dyn_free[c] = p;
        rt->dyn_nfree[c]++;
    }
}

void pn__dyn_release_all(pn__runtime *rt)
{
    for (int c = 0; c < PN__DYN_CLASSES; c++) {
        while (rt->dyn_free[c] != NULL) {
            void *p = rt->dyn_free[c];
            memcpy(&rt->dyn_free[c], p, sizeof(void *));
            pn__free(p, dyn_class_size(c));
        }
        rt->dyn_nfree[c] = 0;
    }
}

static void dyn_open(pn__runtime *rt, const char *what)
{
    if (pn__unlikely(rt->dyn_await != NULL || rt->dyn_spawn))
        pn__die("pinion: %s while another call through a pointer to an async function was "
                "being set up",
                what);
    rt->dyn_claimed = false;
}

void pn__dyn_begin(struct pn__dyn__frame *d, void *out)
{
    pn__runtime *rt = pn__rt_here();
    dyn_open(rt, "an await through a pointer began");
    d->pn__hdr.pn__state = 0;
    d->pn__hdr.pn__pin = 0;
    d->pn__frame = NULL;
    d->pn__vt = NULL;
    d->pn__out = out;
    rt->dyn_await = d;
}

void pn__dyn_end(struct pn__dyn__frame *d, size_t out_size)
{
    pn__runtime *rt = &pn__tls_runtime;
    bool claimed = rt->dyn_claimed;
    rt->dyn_await = NULL;
    rt->dyn_claimed = false;
    if (pn__unlikely(!claimed || d->pn__frame == NULL))
        pn__die("pinion: awaited through a pointer declared async whose target is not an "
                "async function (a plain function converted to it by a cast?)");
    if (pn__unlikely(d->pn__vt->result_size != out_size))
        pn__die("pinion: awaited %s through a pointer whose result type has %zu bytes, but "
                "%s returns %zu (a pointer converted between async function types)",
                d->pn__vt->name, out_size, d->pn__vt->name, d->pn__vt->result_size);
}

void pn__dyn_spawn_begin(void)
{
    pn__runtime *rt = pn__rt_here();
    dyn_open(rt, "a spawn through a pointer began");
    rt->dyn_spawn = true;
    rt->dyn_task = NULL;
}

pn_task *pn__dyn_spawn_end(void)
{
    pn__runtime *rt = &pn__tls_runtime;
    bool claimed = rt->dyn_claimed;
    pn_task *t = rt->dyn_task;
    rt->dyn_spawn = false;
    rt->dyn_claimed = false;
    rt->dyn_task = NULL;
    if (pn__unlikely(!claimed))
        pn__die("pinion: spawned through a pointer declared async whose target is not an "
                "async function (a plain function converted to it by a cast?)");
    return t != NULL ? pn__task_start(t) : NULL;
}

/* Everything pn__dyn_claim does but take a pooled block for an await: no
 * request, a spawn, a second claim, an empty pool, an unusual frame.  Out
 * of line, so that the common path needs no saved registers. */
static __attribute__((noinline)) int dyn_claim_slow(const pn_future_vtable *vt, void **mem)
{
    pn__runtime *rt = &pn__tls_runtime;
    if (!rt->initialised || (rt->dyn_await == NULL && !rt->dyn_spawn))
        return 0;
    if (pn__unlikely(rt->dyn_claimed))
        pn__die("pinion: %s was called through a pointer while another call through a "
                "pointer to an async function was being set up (a call in its arguments?)",
                vt->name);
    rt->dyn_claimed = true;
    if (rt->dyn_spawn) {
        *mem = pn__task_reserve(vt, &rt->dyn_task);
        return 1;
    }
    struct pn__dyn__frame *d = rt->dyn_await;
    d->pn__frame = dyn_alloc(rt, vt);
    d->pn__vt = vt;
    *mem = d->pn__frame;
    return 1;
}

int pn__dyn_claim(const pn_future_vtable *vt, void **mem)
{
    /* The common case: an await's request (dyn_await is set only on an
     * initialised runtime), and a free block of the frame's class. */
    pn__runtime *rt = &pn__tls_runtime;
    struct pn__dyn__frame *d = rt->dyn_await;
    size_t size = vt->size;
    if (pn__likely(d != NULL && !rt->dyn_claimed && vt->align <= PN__DYN_ALIGN && size <= 256)) {
        size_t c = size == 0 ? 0 : (size + 15) / 16 - 1; /* dyn_class() of a small frame */
        void **head = &rt->dyn_free[c];
        void *p = *head;
        if (pn__likely(p != NULL)) {
            memcpy(head, p, sizeof(void *));
            rt->dyn_nfree[c]--;
            rt->dyn_claimed = true;
            d->pn__frame = p;
            d->pn__vt = vt;
            *mem = p;
            return 1;
        }
    }
    return dyn_claim_slow(vt, mem);
}

pn_poll pn__dyn__poll(pn_future *f, pn_context *cx)
{
    struct pn__dyn__frame *d = (struct pn__dyn__frame *)(void *)f;
    if (d->pn__vt->poll((pn_future *)d->pn__frame, cx) == PN_PENDING)
        return PN_PENDING;
    if (d->pn__out != NULL) {
        const char *from = (const char *)d->pn__frame + d->pn__vt->result_offset;
        /* The usual results, an int or a pointer, copied without a call. */
        switch (d->pn__vt->result_size) {
        case 4:
            memcpy(d->pn__out, from, 4);
            break;
        case 8:
            memcpy(d->pn__out, from, 8);
            break;
        default:
            memcpy(d->pn__out, from, d->pn__vt->result_size);
            break;
        }
    }
    dyn_free(&pn__tls_runtime, d->pn__frame, d->pn__vt);
    d->pn__frame = NULL;
    d->pn__hdr.pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn__dyn__drop(pn_future *f)
{
    struct pn__dyn__frame *d = (struct pn__dyn__frame *)(void *)f;
    if (d->pn__frame == NULL)
        return;
    d->pn__vt->drop((pn_future *)d->pn__frame);
    dyn_free(&pn__tls_runtime, d->pn__frame, d->pn__vt);
    d->pn__frame = NULL;
}

const pn_future_vtable pn__dyn__vtable = {
    pn__dyn__poll, pn__dyn__drop, "through a pointer", sizeof(struct pn__dyn__frame),
    _Alignof(struct pn__dyn__frame), 0, 0,
};
