/*
 * kv_store.h — the key-value store behind kv_server: a chained hash table
 * of byte-string keys and values with per-key expiry.
 *
 * Time is passed in (`now`, milliseconds on any monotonic clock) rather
 * than read here, so the store is deterministic and the tests can move the
 * clock.  Expiry is lazy, as in Redis: a key past its deadline is removed
 * when it is next looked up, and kv_sweep removes the ones nobody looks
 * up, a bounded slice of the table per call.
 */
#ifndef SRV_KV_STORE_H
#define SRV_KV_STORE_H

#include <stddef.h>
#include <stdint.h>

struct kv_entry {
    struct kv_entry *next; /* bucket chain */
    uint64_t hash;
    uint64_t expire_at;    /* 0: no expiry */
    size_t klen;
    size_t vlen;
    char data[];           /* the key, then the value: one allocation each */
};

static inline const char *kv_entry_value(const struct kv_entry *e)
{
    return e->data + e->klen;
}

struct kv_store {
    struct kv_entry **buckets; /* owned; nbuckets is a power of two */
    size_t nbuckets;
    size_t count;              /* entries, expired or not yet swept */
    size_t sweep_cursor;       /* next bucket kv_sweep examines */
};

/* 0, or -1 when memory runs out. */
int kv_init(struct kv_store *s);
void kv_fini(struct kv_store *s);
void kv_clear(struct kv_store *s);

/* The live entry for the key, or NULL.  Borrowed: valid until the next
 * call that modifies the store. */
const struct kv_entry *kv_get(struct kv_store *s, const char *k, size_t kn, uint64_t now);

/* Stores the value.  expire_at 0 means no expiry, unless keep_ttl asks to
 * keep the expiry of the entry being replaced.  0, or -1 when memory runs
 * out (the old value is kept). */
int kv_set(struct kv_store *s, const char *k, size_t kn, const char *v, size_t vn,
           uint64_t expire_at, int keep_ttl, uint64_t now);

/* 1 if a live key was removed, 0 if there was none. */
int kv_del(struct kv_store *s, const char *k, size_t kn, uint64_t now);

/* Sets (at > 0) or removes (at == 0) the key's expiry: 1, or 0 when there
 * is no such key. */
int kv_set_expiry(struct kv_store *s, const char *k, size_t kn, uint64_t at, uint64_t now);

/* Milliseconds to live: -2 for no such key, -1 for no expiry. */
int64_t kv_pttl(struct kv_store *s, const char *k, size_t kn, uint64_t now);

/* Examines up to `buckets` buckets from where the last call stopped and
 * removes the expired entries there.  Returns how many it removed. */
size_t kv_sweep(struct kv_store *s, uint64_t now, size_t buckets);

#endif
