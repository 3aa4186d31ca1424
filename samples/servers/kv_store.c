/*
 * kv_store.c — the hash table of kv_store.h.
 *
 * Separate chaining with a power-of-two table that doubles when the load
 * reaches one entry per bucket.  Rehashing happens all at once: Redis
 * spreads it over many operations to bound latency on tables of millions
 * of keys, which a sample does not need.  Each entry is one allocation
 * holding key and value, and a SET that replaces a value swaps in a new
 * entry, so a reader never sees a half-written value.
 */
#include "kv_store.h"

#include <stdlib.h>
#include <string.h>

#define KV_MIN_BUCKETS 64

static uint64_t kv_hash(const char *k, size_t n)
{
    /* FNV-1a: short keys dominate, and it needs no alignment. */
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)k[i];
        h *= 1099511628211ull;
    }
    return h;
}

int kv_init(struct kv_store *s)
{
    s->buckets = calloc(KV_MIN_BUCKETS, sizeof *s->buckets);
    s->nbuckets = s->buckets != NULL ? KV_MIN_BUCKETS : 0;
    s->count = 0;
    s->sweep_cursor = 0;
    return s->buckets != NULL ? 0 : -1;
}

void kv_clear(struct kv_store *s)
{
    for (size_t i = 0; i < s->nbuckets; i++) {
        struct kv_entry *e = s->buckets[i];
        while (e != NULL) {
            struct kv_entry *next = e->next;
            free(e);
            e = next;
        }
        s->buckets[i] = NULL;
    }
    s->count = 0;
}

void kv_fini(struct kv_store *s)
{
    kv_clear(s);
    free(s->buckets);
    s->buckets = NULL;
    s->nbuckets = 0;
}

static int expired(const struct kv_entry *e, uint64_t now)
{
    return e->expire_at != 0 && e->expire_at <= now;
}

/* The link that points at the key's entry (or the chain's NULL end). */
static struct kv_entry **find_link(struct kv_store *s, const char *k, size_t kn, uint64_t h)
{
    struct kv_entry **link = &s->buckets[h & (s->nbuckets - 1)];
    while (*link != NULL) {
        struct kv_entry *e = *link;
        if (e->hash == h && e->klen == kn && memcmp(e->data, k, kn) == 0)
            break;
        link = &e->next;
    }
    return link;
}

static void unlink_entry(struct kv_store *s, struct kv_entry **link)
{
    struct kv_entry *e = *link;
    *link = e->next;
    free(e);
    s->count--;
}

/* The link of the key's live entry; an expired one is removed on the way. */
static struct kv_entry **find_live(struct kv_store *s, const char *k, size_t kn, uint64_t now)
{
    struct kv_entry **link = find_link(s, k, kn, kv_hash(k, kn));
    if (*link != NULL && expired(*link, now)) {
        unlink_entry(s, link);
        return NULL;
    }
    return *link != NULL ? link : NULL;
}

static void grow(struct kv_store *s)
{
    size_t n = s->nbuckets * 2;
    struct kv_entry **b = calloc(n, sizeof *b);
    if (b == NULL)
        return; /* longer chains, still correct */
    for (size_t i = 0; i < s->nbuckets; i++) {
        struct kv_entry *e = s->buckets[i];
        while (e != NULL) {
            struct kv_entry *next = e->next;
            size_t j = e->hash & (n - 1);
            e->next = b[j];
            b[j] = e;
            e = next;
        }
    }
    free(s->buckets);
    s->buckets = b;
    s->nbuckets = n;
    s->sweep_cursor = 0;
}

const struct kv_entry *kv_get(struct kv_store *s, const char *k, size_t kn, uint64_t now)
{
    struct kv_entry **link = find_live(s, k, kn, now);
    return link != NULL ? *link : NULL;
}

int kv_set(struct kv_store *s, const char *k, size_t kn, const char *v, size_t vn,
           uint64_t expire_at, int keep_ttl, uint64_t now)
{
    uint64_t h = kv_hash(k, kn);
    struct kv_entry **link = find_link(s, k, kn, h);
    struct kv_entry *old = *link;
    if (old != NULL && expired(old, now)) {
        unlink_entry(s, link);
        old = NULL;
        link = find_link(s, k, kn, h);
    }
    if (kn > SIZE_MAX / 2 || vn > SIZE_MAX / 2 - kn - sizeof(struct kv_entry))
        return -1;
    struct kv_entry *e = malloc(sizeof *e + kn + vn);
    if (e == NULL)
        return -1;
    e->hash = h;
    e->klen = kn;
    e->vlen = vn;
    e->expire_at = (keep_ttl && old != NULL) ? old->expire_at : expire_at;
    memcpy(e->data, k, kn);
    if (vn > 0)
        memcpy(e->data + kn, v, vn);
    if (old != NULL) {
        e->next = old->next;
        *link = e;
        free(old);
        return 0;
    }
    e->next = NULL;
    *link = e;
    s->count++;
    if (s->count > s->nbuckets)
        grow(s);
    return 0;
}

int kv_del(struct kv_store *s, const char *k, size_t kn, uint64_t now)
{
    struct kv_entry **link = find_live(s, k, kn, now);
    if (link == NULL)
        return 0;
    unlink_entry(s, link);
    return 1;
}

int kv_set_expiry(struct kv_store *s, const char *k, size_t kn, uint64_t at, uint64_t now)
{
    struct kv_entry **link = find_live(s, k, kn, now);
    if (link == NULL)
        return 0;
    (*link)->expire_at = at;
    return 1;
}

int64_t kv_pttl(struct kv_store *s, const char *k, size_t kn, uint64_t now)
{
    struct kv_entry **link = find_live(s, k, kn, now);
    if (link == NULL)
        return -2;
    if ((*link)->expire_at == 0)
        return -1;
    return (int64_t)((*link)->expire_at - now);
}

size_t kv_sweep(struct kv_store *s, uint64_t now, size_t buckets)
{
    size_t removed = 0;
    for (size_t n = 0; n < buckets && n < s->nbuckets; n++) {
        size_t i = s->sweep_cursor;
        s->sweep_cursor = (i + 1) & (s->nbuckets - 1);
        struct kv_entry **link = &s->buckets[i];
        while (*link != NULL) {
            if (expired(*link, now)) {
                unlink_entry(s, link);
                removed++;
            } else {
                link = &(*link)->next;
            }
        }
    }
    return removed;
}
