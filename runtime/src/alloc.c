/*
 * alloc.c — the injectable allocator and the task slab.
 *
 * Every byte the runtime uses comes from the allocator of the thread's
 * runtime (malloc unless pn_set_allocator chose another), and a failed
 * allocation is reported to the caller, never turned into an abort.  The
 * allocator is per runtime, i.e. per thread, like everything else here:
 * memory is always freed on the thread that allocated it (a wake from
 * another thread hands the task back to its own thread first).
 *
 * Tasks come from a slab so that spawning is a free-list pop.  Slots are
 * grouped in size classes (16-byte steps up to 128, then four steps per
 * power of two up to 4096) and carved from chunks of about 16 KiB.  A
 * slot carries no allocator header: the task header records how far back
 * its chunk starts, and the chunk header names the runtime, which is how
 * a wake from another thread finds the right injection queue.  A chunk
 * whose last slot is freed goes back to the allocator unless it is the
 * only one of its class with room, so a steady spawn/complete cycle does
 * not thrash.  Frames larger than the largest class get a chunk of their
 * own.
 */
#include "core.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PN__CHUNK_TARGET 16384u
#define PN__CHUNK_MIN_SLOTS 8u

static void *pn__malloc_alloc(size_t size, void *ud)
{
    (void)ud;
    return malloc(size);
}

static void pn__malloc_free(void *p, size_t size, void *ud)
{
    (void)size;
    (void)ud;
    free(p);
}

int pn_set_allocator(const pn_allocator *a)
{
    pn__runtime *rt = &pn__tls_runtime;
    if (rt->bytes_in_use != 0)
        return -EBUSY;
    if (a != NULL && (a->alloc == NULL || a->free == NULL))
        return -EINVAL;
    rt->allocator_set = a != NULL;
    if (a != NULL)
        rt->allocator = *a;
    return 0;
}

void *pn__alloc(size_t size)
{
    pn__runtime *rt = &pn__tls_runtime;
    void *p = rt->allocator_set ? rt->allocator.alloc(size, rt->allocator.ud)
                                : pn__malloc_alloc(size, NULL);
    if (p != NULL)
        rt->bytes_in_use += size;
    return p;
}

void pn__free(void *p, size_t size)
{
    if (p == NULL)
        return;
    pn__runtime *rt = &pn__tls_runtime;
    rt->bytes_in_use -= size;
    if (rt->allocator_set)
        rt->allocator.free(p, size, rt->allocator.ud);
    else
        pn__malloc_free(p, size, NULL);
}

/* ---- size classes ------------------------------------------------ */

static const uint16_t pn__class_size[PN__SLAB_CLASSES] = {
    48,   64,   80,   96,   112,  128,                     /* 16-byte steps */
    160,  192,  224,  256,  320,  384,  448,  512,         /* then 4 per power of two */
    640,  768,  896,  1024, 1280, 1536, 1792, 2048,
    2560, 3072, 3584, 4096,
};

/* The smallest class holding size bytes, or PN__SLAB_LARGE. */
static unsigned pn__class_of(size_t size)
{
    if (size <= 128)
        return size <= 48 ? 0 : (unsigned)((size + 15) / 16 - 3);
    for (unsigned c = 6; c < PN__SLAB_CLASSES; c++)
        if (size <= pn__class_size[c])
            return c;
    return PN__SLAB_LARGE;
}

/* ---- chunk lists ------------------------------------------------- */

static void chunk_unlink(pn__chunk **list, pn__chunk *c)
{
    if (c->prev != NULL)
        c->prev->next = c->next;
    else
        *list = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
    c->prev = c->next = NULL;
}

static void chunk_push(pn__chunk **list, pn__chunk *c)
{
    c->prev = NULL;
    c->next = *list;
    if (*list != NULL)
        (*list)->prev = c;
    *list = c;
}

static pn_task *chunk_slot(pn__chunk *c, uint32_t i)
{
    return (pn_task *)(void *)((char *)c + sizeof(pn__chunk) + (size_t)i * c->slot_size);
}

static pn__chunk *chunk_new(pn__runtime *rt, uint32_t slot_size, uint32_t nslots)
{
    size_t bytes = sizeof(pn__chunk) + (size_t)slot_size * nslots;
    pn__chunk *c = pn__alloc(bytes);
    if (c == NULL)
        return NULL;
    memset(c, 0, sizeof *c);
    c->rt = rt;
    c->bytes = bytes;
    c->slot_size = slot_size;
    c->nslots = nslots;
    return c;
}

static pn_task *chunk_take(pn__chunk *c)
{
    pn_task *t;
    if (c->free != NULL) {
        t = c->free;
        c->free = t->pn__next;
    } else {
        t = chunk_slot(c, c->bump++);
    }
    c->used++;
    size_t off = (size_t)((char *)t - (char *)c);
    t->pn__chunk_off = (uint16_t)(off / 16);
    return t;
}

/* ---- the slab ---------------------------------------------------- */

pn_task *pn__slab_alloc(pn__runtime *rt, size_t size)
{
    unsigned cls = pn__class_of(size);
    pn_task *t;
    if (cls == PN__SLAB_LARGE) {
        if (size > UINT32_MAX - 16)
            return NULL;
        pn__chunk *c = chunk_new(rt, (uint32_t)((size + 15) & ~(size_t)15), 1);
        if (c == NULL)
            return NULL;
        chunk_push(&rt->large, c);
        t = chunk_take(c);
    } else {
        pn__slab_class *k = &rt->classes[cls];
        pn__chunk *c = k->partial;
        if (c == NULL) {
            uint32_t slot = pn__class_size[cls];
            uint32_t n = (uint32_t)((PN__CHUNK_TARGET - sizeof(pn__chunk)) / slot);
            if (n < PN__CHUNK_MIN_SLOTS)
                n = PN__CHUNK_MIN_SLOTS;
            c = chunk_new(rt, slot, n);
            if (c == NULL)
                return NULL;
            chunk_push(&k->partial, c);
        }
        t = chunk_take(c);
        if (c->used == c->nslots) {
            chunk_unlink(&k->partial, c);
            chunk_push(&k->full, c);
        }
    }
    t->pn__class = (uint8_t)cls;
    return t;
}

void pn__slab_free(pn__runtime *rt, pn_task *t)
{
    pn__chunk *c = (pn__chunk *)(void *)((char *)t - (size_t)t->pn__chunk_off * 16);
    unsigned cls = t->pn__class;
    t->pn__vt = NULL; /* marks the slot free for pn__slab_each */
    t->pn__flags = 0;
    /* During shutdown pn__slab_each is walking the lists: leave them be,
     * pn__slab_release_all frees every chunk afterwards. */
    if (rt->shutting_down)
        return;
    if (cls == PN__SLAB_LARGE) {
        chunk_unlink(&rt->large, c);
        pn__free(c, c->bytes);
        return;
    }
    pn__slab_class *k = &rt->classes[cls];
    if (c->used == c->nslots) {
        chunk_unlink(&k->full, c);
        chunk_push(&k->partial, c);
    }
    t->pn__next = c->free;
    c->free = t;
    c->used--;
    /* Keep the last chunk with room; release the others once empty. */
    if (c->used == 0 && (c->prev != NULL || c->next != NULL)) {
        chunk_unlink(&k->partial, c);
        pn__free(c, c->bytes);
    }
}

static size_t chunk_each(pn__runtime *rt, pn__chunk *c, bool (*fn)(pn__runtime *, pn_task *))
{
    size_t n = 0;
    for (uint32_t i = 0; i < c->bump; i++) {
        pn_task *t = chunk_slot(c, i);
        if (t->pn__vt != NULL && fn(rt, t))
            n++;
    }
    return n;
}

size_t pn__slab_each(pn__runtime *rt, bool (*fn)(pn__runtime *, pn_task *))
{
    size_t n = 0;
    /* Only called with shutting_down set: slots may be freed under our
     * feet (a dropped frame releasing another task) but no chunk moves
     * or goes away, and nothing new is allocated. */
    for (unsigned cls = 0; cls < PN__SLAB_CLASSES; cls++) {
        for (pn__chunk *c = rt->classes[cls].partial; c != NULL; c = c->next)
            n += chunk_each(rt, c, fn);
        for (pn__chunk *c = rt->classes[cls].full; c != NULL; c = c->next)
            n += chunk_each(rt, c, fn);
    }
    for (pn__chunk *c = rt->large; c != NULL; c = c->next)
        n += chunk_each(rt, c, fn);
    return n;
}

static void release_list(pn__chunk **list)
{
    while (*list != NULL) {
        pn__chunk *c = *list;
        *list = c->next;
        pn__free(c, c->bytes);
    }
}

void pn__slab_release_all(pn__runtime *rt)
{
    for (unsigned cls = 0; cls < PN__SLAB_CLASSES; cls++) {
        release_list(&rt->classes[cls].partial);
        release_list(&rt->classes[cls].full);
    }
    release_list(&rt->large);
}
