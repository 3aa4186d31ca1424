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
 * per thread and allocated from its runtime's allocator like every other
 * allocation (alloc.c): an await through a pointer in a loop takes the
 * block the previous one gave back, so a steady state allocates nothing.
 * A class keeps at most PN__DYN_KEEP free blocks; what is beyond goes back
 * to the allocator, and pn_shutdown returns them all.  Larger frames, and
 * frames aligned beyond what the allocator guarantees, get a block of
 * their own each time.
 *
 * The request and the free lists live in pn__dyn_cache, a thread-local
 * object pinion.h declares, so that the common case of each step (begin,
 * claim from a free list, end, completion) is inlined where the
 * transformer generates the call or the NAME__ptr thunk; the functions
 * here are the rest, and the same steps for whoever calls them by name.
 */
#include "core.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* This thread's request and free blocks (pinion.h, which inlines the
 * common cases).  Not part of the runtime: the generated code reaches it
 * without knowing the runtime's layout. */
PN__THREAD_LOCAL struct pn__dyn_cache pn__dyn_cache;

/* What pn__req holds while a spawn through a pointer is being set up:
 * claimed as far as the inline claim can tell, so it goes to
 * pn__dyn_claim, which looks at the runtime's spawn request. */
static struct pn__dyn__frame dyn_spawning = {.pn__vt = &pn__dyn__vtable};

/* The class of a frame of `size` bytes, or -1 for one too large. */
static int dyn_class(size_t size)
{
    if (size <= PN__DYN_SMALL_MAX)
        return (int)pn__dyn_small_class(size);
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
static void *dyn_alloc(const pn_future_vtable *vt)
{
    struct pn__dyn_cache *h = &pn__dyn_cache;
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
    if (c >= 0 && h->pn__free[c] != NULL) {
        void *p = h->pn__free[c];
        memcpy(&h->pn__free[c], p, sizeof(void *));
        h->pn__nfree[c]--;
        return p;
    }
    void *p = pn__alloc(c >= 0 ? dyn_class_size(c) : vt->size);
    if (p == NULL)
        pn__die("pinion: out of memory for the %zu-byte frame of %s, awaited through a pointer",
                vt->size, vt->name);
    return p;
}

void(pn__dyn_free)(void *p, const pn_future_vtable *vt)
{
    struct pn__dyn_cache *h = &pn__dyn_cache;
    if (vt->align > PN__DYN_ALIGN) {
        size_t off;
        memcpy(&off, (char *)p - sizeof(size_t), sizeof off);
        pn__free((char *)p - off, vt->size + vt->align + sizeof(size_t));
        return;
    }
    int c = dyn_class(vt->size);
    if (c < 0) {
        pn__free(p, vt->size);
    } else if (h->pn__nfree[c] >= PN__DYN_KEEP) {
        pn__free(p, dyn_class_size(c));
    } else {
        memcpy(p, &h->pn__free[c], sizeof(void *));
        h->pn__free[c] = p;
        h->pn__nfree[c]++;
    }
}

void pn__dyn_release_all(pn__runtime *rt)
{
    struct pn__dyn_cache *h = &pn__dyn_cache;
    (void)rt; /* the cache is this thread's, as rt is */
    for (int c = 0; c < PN__DYN_CLASSES; c++) {
        while (h->pn__free[c] != NULL) {
            void *p = h->pn__free[c];
            memcpy(&h->pn__free[c], p, sizeof(void *));
            pn__free(p, dyn_class_size(c));
        }
        h->pn__nfree[c] = 0;
    }
}

void(pn__dyn_busy)(void)
{
    pn__die("pinion: an await through a pointer began while another call through a pointer "
            "to an async function was being set up");
}

static void dyn_open(const char *what)
{
    if (pn__unlikely(pn__dyn_cache.pn__req != NULL))
        pn__die("pinion: %s while another call through a pointer to an async function was "
                "being set up",
                what);
}

void(pn__dyn_begin)(struct pn__dyn__frame *d, void *out, size_t out_size, pn_context *cx)
{
    dyn_open("an await through a pointer began");
    d->pn__hdr.pn__state = 0;
    d->pn__hdr.pn__pin = 0;
    d->pn__frame = NULL;
    d->pn__vt = NULL;
    d->pn__out = out;
    pn__dyn_cache.pn__req = d;
    pn__dyn_cache.pn__size = out_size;
    pn__dyn_cache.pn__cx = cx;
}

void(pn__dyn_end)(struct pn__dyn__frame *d)
{
    pn__dyn_cache.pn__req = NULL;
    if (pn__unlikely(d->pn__vt == NULL))
        pn__die("pinion: awaited through a pointer declared async whose target is not an "
                "async function (a plain function converted to it by a cast?)");
}

void pn__dyn_spawn_begin(void)
{
    pn__runtime *rt = pn__rt_here();
    dyn_open("a spawn through a pointer began");
    pn__dyn_cache.pn__req = &dyn_spawning;
    rt->dyn_claimed = false;
    rt->dyn_task = NULL;
}

pn_task *pn__dyn_spawn_end(void)
{
    pn__runtime *rt = &pn__tls_runtime;
    bool claimed = rt->dyn_claimed;
    pn_task *t = rt->dyn_task;
    pn__dyn_cache.pn__req = NULL;
    rt->dyn_claimed = false;
    rt->dyn_task = NULL;
    if (pn__unlikely(!claimed))
        pn__die("pinion: spawned through a pointer declared async whose target is not an "
                "async function (a plain function converted to it by a cast?)");
    return t != NULL ? pn__task_start(t) : NULL;
}

/* Everything the inline claim (pinion.h) leaves: no request, a spawn, a
 * second claim, an empty free list, a large or over-aligned frame. */
int(pn__dyn_claim)(const pn_future_vtable *vt, void **mem)
{
    struct pn__dyn__frame *d = pn__dyn_cache.pn__req;
    if (d == NULL)
        return PN__DYN_NONE;
    if (d == &dyn_spawning) {
        pn__runtime *rt = &pn__tls_runtime;
        if (pn__unlikely(rt->dyn_claimed))
            pn__die("pinion: %s was called through a pointer while another call through a "
                    "pointer to an async function was being set up (a call in its arguments?)",
                    vt->name);
        rt->dyn_claimed = true;
        *mem = pn__task_reserve(vt, &rt->dyn_task);
        return PN__DYN_SPAWN;
    }
    if (pn__unlikely(d->pn__vt != NULL))
        pn__die("pinion: %s was called through a pointer while another call through a "
                "pointer to an async function was being set up (a call in its arguments?)",
                vt->name);
    if (pn__unlikely(pn__dyn_cache.pn__size != vt->result_size))
        pn__die("pinion: awaited %s through a pointer whose result type has %zu bytes, but "
                "%s returns %zu (a pointer converted between async function types)",
                vt->name, pn__dyn_cache.pn__size, vt->name, vt->result_size);
    d->pn__frame = dyn_alloc(vt);
    d->pn__vt = vt;
    *mem = d->pn__frame;
    return PN__DYN_AWAIT;
}

pn_poll(pn__dyn__poll)(pn_future *f, pn_context *cx)
{
    return pn__dyn_poll_inline(f, cx);
}

void pn__dyn__drop(pn_future *f)
{
    struct pn__dyn__frame *d = (struct pn__dyn__frame *)(void *)f;
    if (d->pn__frame == NULL)
        return;
    d->pn__vt->drop((pn_future *)d->pn__frame);
    (pn__dyn_free)(d->pn__frame, d->pn__vt);
    d->pn__frame = NULL;
}

const pn_future_vtable pn__dyn__vtable = {
    pn__dyn__poll, pn__dyn__drop, "through a pointer", sizeof(struct pn__dyn__frame),
    _Alignof(struct pn__dyn__frame), 0, 0,
};
