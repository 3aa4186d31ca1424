/*
 * alloc.c — the injectable allocator, the task slab, and the small
 * pointer map the executor uses for its side tables.
 *
 * Every byte the runtime uses comes from the allocator of the thread's
 * runtime (malloc unless pn_set_allocator chose another), and a failed
 * allocation is reported to the caller, never turned into an abort.  The
 * allocator is per runtime, i.e. per thread, like everything else here:
 * memory is always freed on the thread that allocated it (a wake from
 * another thread hands the task back to its own thread first).
 *
 * Tasks come from a slab so that spawning is a free-list pop.  There is
 * one slab class per async function (per vtable), not per size: the
 * tasks of a chunk then share their vtable, their frame offset and their
 * runtime, which the chunk header holds once, and the task header shrinks
 * to a queue link and a reference count (16 bytes).  A slot is exactly
 * the header plus the frame, rounded to the frame's alignment (8 bytes at
 * least), so nothing is lost to size-class rounding.  Chunks are about
 * 16 KiB; freed slots are reused most recent first, from the chunk that
 * was freed into last, so a spawn/complete cycle stays in warm cache.
 * A chunk whose last slot is freed goes back to the allocator unless it
 * is the only one of its class with room, so a steady cycle does not
 * thrash; frames beyond PN__SLAB_SMALL_MAX get a chunk each, returned as
 * soon as the task's memory is released.
 *
 * The classes are found through a pointer map keyed by vtable, behind a
 * one-entry cache of the last class used (spawns come in runs).  The
 * first few classes and map entries live in the runtime itself, so a
 * small program allocates nothing but its chunks.
 */
#include "core.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PN__CHUNK_TARGET 16384u
#define PN__CHUNK_MIN_SLOTS 8u
#define PN__SLAB_SMALL_MAX 4096u /* larger slots get a chunk of their own */

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

/* ---- the pointer map ---------------------------------------------- */

/* Linear probing, at most three quarters full, deletion by shifting the
 * rest of the cluster back (no tombstones). */

void pn__ptrmap_init(pn__ptrmap *m)
{
    memset(m->inline_entries, 0, sizeof m->inline_entries);
    m->entries = m->inline_entries;
    m->cap = PN__PTRMAP_INLINE;
    m->count = 0;
}

void pn__ptrmap_fini(pn__ptrmap *m)
{
    if (m->entries != m->inline_entries)
        pn__free(m->entries, m->cap * sizeof *m->entries);
    pn__ptrmap_init(m);
}

static size_t ptrmap_home(const pn__ptrmap *m, const void *key)
{
    uint64_t h = (uint64_t)(uintptr_t)key * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 32) & (m->cap - 1);
}

static pn__ptrmap_entry *ptrmap_find(const pn__ptrmap *m, const void *key)
{
    for (size_t i = ptrmap_home(m, key);; i = (i + 1) & (m->cap - 1)) {
        pn__ptrmap_entry *e = &m->entries[i];
        if (e->key == key || e->key == NULL)
            return e;
    }
}

void *pn__ptrmap_get(const pn__ptrmap *m, const void *key)
{
    pn__ptrmap_entry *e = ptrmap_find(m, key);
    return e->key != NULL ? e->value : NULL;
}

static int ptrmap_resize(pn__ptrmap *m, size_t cap)
{
    pn__ptrmap_entry *fresh = pn__alloc(cap * sizeof *fresh);
    if (fresh == NULL)
        return -ENOMEM;
    memset(fresh, 0, cap * sizeof *fresh);
    pn__ptrmap_entry *old = m->entries;
    size_t old_cap = m->cap;
    m->entries = fresh;
    m->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key != NULL)
            *ptrmap_find(m, old[i].key) = old[i];
    if (old != m->inline_entries)
        pn__free(old, old_cap * sizeof *old);
    return 0;
}

int pn__ptrmap_put(pn__ptrmap *m, const void *key, void *value)
{
    pn__ptrmap_entry *e = ptrmap_find(m, key);
    if (e->key == NULL) {
        /* A map that cannot grow fills up to one free entry, which keeps
         * every probe finite. */
        if ((m->count + 1) * 4 > m->cap * 3 && ptrmap_resize(m, m->cap * 2) == 0)
            e = ptrmap_find(m, key);
        else if (m->count + 2 > m->cap)
            return -ENOMEM;
        e->key = key;
        m->count++;
    }
    e->value = value;
    return 0;
}

void *pn__ptrmap_remove(pn__ptrmap *m, const void *key)
{
    pn__ptrmap_entry *e = ptrmap_find(m, key);
    if (e->key == NULL)
        return NULL;
    void *value = e->value;
    size_t mask = m->cap - 1;
    size_t hole = (size_t)(e - m->entries);
    for (size_t i = (hole + 1) & mask; m->entries[i].key != NULL; i = (i + 1) & mask) {
        /* An entry may fill the hole if its home is not in (hole, i]. */
        size_t home = ptrmap_home(m, m->entries[i].key);
        if (((i - home) & mask) >= ((i - hole) & mask)) {
            m->entries[hole] = m->entries[i];
            hole = i;
        }
    }
    m->entries[hole].key = NULL;
    m->entries[hole].value = NULL;
    m->count--;
    /* Give a grown table back once it empties (joins come in waves). */
    if (m->count == 0 && m->entries != m->inline_entries)
        pn__ptrmap_fini(m);
    return value;
}

/* ---- classes ------------------------------------------------------ */

static bool class_is_inline(const pn__runtime *rt, const pn__slab_class *k)
{
    return k >= rt->inline_classes && k < rt->inline_classes + PN__INLINE_CLASSES;
}

/* Where a frame of alignment a sits after the header: the offset is a
 * multiple of the alignment, so an aligned slot gives an aligned frame.
 * A pool home's slots also keep the task's pn__placed there (core.h):
 * the header rounded up to the alignment (a power of two, at least 8). */
static size_t frame_offset(const pn__runtime *rt, size_t a)
{
    size_t min = sizeof(pn_task) + (rt->home == rt ? sizeof(pn__placed) : 0);
    return (min + a - 1) & ~(a - 1);
}

static size_t slot_align(const pn_future_vtable *vt)
{
    size_t a = vt->align != 0 ? vt->align : 1;
    return a < 8 ? 8 : a;
}

/* pn__chunk_off reaches back 512 KiB; a slot sits at most this far from
 * its chunk header. */
#define PN__MAX_FRAME_ALIGN 65536u

static pn__slab_class *class_new(pn__runtime *rt, const pn_future_vtable *vt)
{
    if (vt->align & (vt->align - 1))
        pn__die("pinion: pn_spawn(%s): frame alignment %zu is not a power of two", vt->name,
                vt->align);
    if (vt->align > PN__MAX_FRAME_ALIGN)
        pn__die("pinion: pn_spawn(%s): frame alignment %zu is over the %u bytes a task "
                "frame may ask for",
                vt->name, vt->align, PN__MAX_FRAME_ALIGN);
    size_t a = slot_align(vt);
    size_t off = frame_offset(rt, a);
    if (vt->size > UINT32_MAX / 2 - off - a)
        return NULL;
    uint32_t stride = (uint32_t)((off + vt->size + a - 1) & ~(a - 1));
    pn__slab_class *k;
    if (rt->ninline_classes < PN__INLINE_CLASSES) {
        k = &rt->inline_classes[rt->ninline_classes++];
    } else if ((k = pn__alloc(sizeof *k)) == NULL) {
        return NULL;
    }
    *k = (pn__slab_class){.vt = vt, .stride = stride};
    if (stride > PN__SLAB_SMALL_MAX) {
        k->nslots = 1;
        k->keep_one = false;
    } else {
        uint32_t n = (uint32_t)((PN__CHUNK_TARGET - sizeof(pn__chunk) - (a > 16 ? a : 0)) / stride);
        k->nslots = n < PN__CHUNK_MIN_SLOTS ? PN__CHUNK_MIN_SLOTS : n;
        k->keep_one = true;
    }
    if (pn__ptrmap_put(&rt->classes, vt, k) < 0) {
        if (class_is_inline(rt, k))
            rt->ninline_classes--;
        else
            pn__free(k, sizeof *k);
        return NULL;
    }
    return k;
}

static pn__slab_class *class_of(pn__runtime *rt, const pn_future_vtable *vt)
{
    pn__slab_class *k = pn__ptrmap_get(&rt->classes, vt);
    if (k == NULL)
        k = class_new(rt, vt);
    return k;
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

static pn_task *chunk_slot(const pn__chunk *c, uint32_t i)
{
    return (pn_task *)(void *)(c->slots + (size_t)i * c->stride);
}

static pn__chunk *chunk_new(pn__runtime *rt, pn__slab_class *k)
{
    const pn_future_vtable *vt = k->vt;
    size_t a = slot_align(vt);
    /* The allocator aligns to 16; stricter frames need room to align. */
    size_t slack = a > 16 ? a - 16 : 0;
    size_t bytes = sizeof(pn__chunk) + slack + (size_t)k->stride * k->nslots;
    pn__chunk *c = pn__alloc(bytes);
    if (c == NULL)
        return NULL;
    /* A task handle carries its generation in address bits that user
     * space never has set (core.h); memory up there cannot hold tasks. */
    if ((((uintptr_t)c | ((uintptr_t)c + bytes - 1)) & PN__HANDLE_GEN_MASK & ~(uintptr_t)7) != 0)
        pn__die("pinion: pn_spawn(%s): the allocator returned %p, above the 48-bit address "
                "space that task handles assume",
                vt->name, (void *)c);
    memset(c, 0, sizeof *c);
    uintptr_t first = (uintptr_t)(c + 1);
    first = (first + a - 1) & ~(uintptr_t)(a - 1);
    c->poll = vt->poll;
    c->frame_off = (intptr_t)frame_offset(rt, a);
    c->rt = rt;
    c->vt = vt;
    c->cls = k;
    c->slots = (char *)(void *)first;
    c->bytes = bytes;
    c->stride = k->stride;
    c->nslots = k->nslots;
    c->gen_seed = rt->gen_seed;
    rt->gen_seed = (uint8_t)(rt->gen_seed + 97u); /* far from the last chunk's start */
    return c;
}

/* ---- the slab ---------------------------------------------------- */

/* A slot from chunk c of class k, which has one free. */
static pn_task *chunk_take(pn__chunk *c)
{
    pn_task *t = c->free;
    if (t != NULL) {
        c->free = t->pn__next; /* pn__chunk_off survives in a free slot */
    } else {
        t = chunk_slot(c, c->bump++);
        t->pn__chunk_off = (uint16_t)(((uintptr_t)t - (uintptr_t)c) >> 3);
        t->pn__gen = c->gen_seed; /* pn__gen survives in a free slot too */
    }
    c->used++;
    t->pn__next = NULL;
    atomic_store_explicit(&t->pn__refs, 0, memory_order_relaxed);
    t->pn__flags = PN__TASK_SLOT;
    return t;
}

/* Everything but a spawn of the same function as the last one from a
 * chunk that stays partial: finding the class, a new chunk, a chunk
 * that fills up. */
static PN__NOINLINE pn_task *slab_alloc_slow(pn__runtime *rt, const pn_future_vtable *vt)
{
    pn__slab_class *k = rt->last_class;
    if (k == NULL || k->vt != vt) {
        k = class_of(rt, vt);
        if (k == NULL)
            return NULL;
        rt->last_class = k;
    }
    pn__chunk *c = k->partial;
    if (c == NULL) {
        c = chunk_new(rt, k);
        if (c == NULL)
            return NULL;
        chunk_push(&k->partial, c);
    }
    pn_task *t = chunk_take(c);
    if (c->used == c->nslots) {
        chunk_unlink(&k->partial, c);
        chunk_push(&k->full, c);
    }
    return t;
}

pn_task *pn__slab_alloc(pn__runtime *rt, const pn_future_vtable *vt)
{
    pn__slab_class *k = rt->last_class;
    pn__chunk *c;
    if (pn__likely(k != NULL && k->vt == vt && (c = k->partial) != NULL &&
                   c->used + 1 < c->nslots))
        return chunk_take(c);
    return slab_alloc_slow(rt, vt);
}

/* Every free but one into the chunk allocated from, which keeps room. */
static PN__NOINLINE void slab_free_slow(pn__runtime *rt, pn__chunk *c, pn_task *t)
{
    pn__slab_class *k = c->cls;
    if (c->used == c->nslots) {
        chunk_unlink(&k->full, c);
        chunk_push(&k->partial, c);
    } else if (k->partial != c) {
        /* Allocate from here next: this slot is the warmest. */
        chunk_unlink(&k->partial, c);
        chunk_push(&k->partial, c);
    }
    t->pn__next = c->free;
    c->free = t;
    c->used--;
    /* Keep the last chunk with room; release the others once empty. */
    if (c->used == 0 && (!k->keep_one || c->next != NULL)) {
        chunk_unlink(&k->partial, c);
        pn__free(c, c->bytes);
    }
    (void)rt;
}

void pn__slab_free(pn__runtime *rt, pn_task *t)
{
    pn__chunk *c = pn__task_chunk(t);
    t->pn__flags = 0; /* marks the slot free for pn__slab_each */
    /* During shutdown pn__slab_each is walking the lists: leave them be,
     * pn__slab_release_all frees every chunk afterwards. */
    if (pn__unlikely(rt->shutting_down))
        return;
    if (pn__likely(c->used > 1 && c->used < c->nslots && c->cls->partial == c)) {
        t->pn__next = c->free;
        c->free = t;
        c->used--;
        return;
    }
    slab_free_slow(rt, c, t);
}

/* Another thread frees t, a slot of rt's slab, which only rt's own thread
 * changes: t goes onto rt's remote list (a push that only ever races with
 * other pushes and with the owner taking the whole list at once, so no
 * node is popped alone and none can come back in between). */
void pn__slab_free_remote(pn__runtime *rt, pn_task *t)
{
    t->pn__flags = 0; /* marks the slot free for pn__slab_each */
    pn_task *head = atomic_load_explicit(&rt->remote_free, memory_order_relaxed);
    do
        t->pn__next = head;
    while (!atomic_compare_exchange_weak_explicit(&rt->remote_free, &head, t, memory_order_release,
                                                  memory_order_relaxed));
}

/* rt's thread takes back what other threads freed; returns how many. */
size_t pn__slab_take_remote(pn__runtime *rt)
{
    if (atomic_load_explicit(&rt->remote_free, memory_order_relaxed) == NULL)
        return 0;
    pn_task *t = atomic_exchange_explicit(&rt->remote_free, NULL, memory_order_acquire);
    size_t n = 0;
    while (t != NULL) {
        pn_task *next = t->pn__next;
        pn__slab_free(rt, t);
        t = next;
        n++;
    }
    return n;
}

static size_t chunk_each(pn__runtime *rt, pn__chunk *c, bool (*fn)(pn__runtime *, pn_task *))
{
    size_t n = 0;
    for (uint32_t i = 0; i < c->bump; i++) {
        pn_task *t = chunk_slot(c, i);
        if ((t->pn__flags & PN__TASK_SLOT) && fn(rt, t))
            n++;
    }
    return n;
}

size_t pn__slab_each(pn__runtime *rt, bool (*fn)(pn__runtime *, pn_task *))
{
    size_t n = 0;
    /* Called with shutting_down set (slots may be freed under our feet,
     * a dropped frame releasing another task, but no chunk moves or goes
     * away, and nothing new is allocated), or by pn_dump_tasks, whose fn
     * only reads. */
    for (size_t i = 0; i < rt->classes.cap; i++) {
        pn__slab_class *k = rt->classes.entries[i].value;
        if (rt->classes.entries[i].key == NULL)
            continue;
        for (pn__chunk *c = k->partial; c != NULL; c = c->next)
            n += chunk_each(rt, c, fn);
        for (pn__chunk *c = k->full; c != NULL; c = c->next)
            n += chunk_each(rt, c, fn);
    }
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
    for (size_t i = 0; i < rt->classes.cap; i++) {
        pn__slab_class *k = rt->classes.entries[i].value;
        if (rt->classes.entries[i].key == NULL)
            continue;
        release_list(&k->partial);
        release_list(&k->full);
        if (!class_is_inline(rt, k))
            pn__free(k, sizeof *k);
    }
    pn__ptrmap_fini(&rt->classes);
    rt->ninline_classes = 0;
    rt->last_class = NULL;
}

void *pn__box_alloc(size_t size, size_t align)
{
    /* Allocators return memory aligned for any standard type; a frame that
     * asks for more (an over-aligned local) cannot be boxed safely. */
    if (align > _Alignof(max_align_t)) {
        fprintf(stderr, "pinion: cannot box a frame aligned to %zu bytes\n", align);
        abort();
    }
    void *p = pn__alloc(size);
    if (p == NULL) {
        fprintf(stderr, "pinion: out of memory boxing a %zu-byte frame\n", size);
        abort();
    }
    return p;
}

void pn__box_free(void *p, size_t size)
{
    pn__free(p, size);
}
