/*
 * buf.c — the growable byte buffer of buf.h.
 *
 * Growth doubles the capacity, so building a response of n bytes costs
 * O(n) amortised copies; consume moves the tail to the front, which is
 * cheap because servers consume whole batches and the tail is usually
 * empty or one partial request.
 */
#include "buf.h"

#include <stdlib.h>
#include <string.h>

void srv_buf_init(struct srv_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->oom = 0;
}

void srv_buf_free(struct srv_buf *b)
{
    free(b->data);
    srv_buf_init(b);
}

int srv_buf_reserve(struct srv_buf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (b->cap - b->len >= extra)
        return 0;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->oom = 1;
        return -1;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < extra)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (p == NULL) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void srv_buf_append(struct srv_buf *b, const void *p, size_t n)
{
    if (n == 0 || srv_buf_reserve(b, n) < 0)
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void srv_buf_puts(struct srv_buf *b, const char *s)
{
    srv_buf_append(b, s, strlen(s));
}

void srv_buf_putc(struct srv_buf *b, char c)
{
    srv_buf_append(b, &c, 1);
}

void srv_buf_put_u64(struct srv_buf *b, uint64_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    srv_buf_append(b, tmp + i, sizeof tmp - i);
}

void srv_buf_put_i64(struct srv_buf *b, int64_t v)
{
    if (v < 0) {
        srv_buf_putc(b, '-');
        /* -(INT64_MIN) overflows; its magnitude fits in uint64_t. */
        srv_buf_put_u64(b, (uint64_t)0 - (uint64_t)v);
    } else {
        srv_buf_put_u64(b, (uint64_t)v);
    }
}

void srv_buf_consume(struct srv_buf *b, size_t n)
{
    if (n >= b->len) {
        b->len = 0;
        return;
    }
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
}

void srv_buf_reset(struct srv_buf *b)
{
    b->len = 0;
    b->oom = 0;
}
