/*
 * buf.h — a growable byte buffer, the output queue of every server here.
 *
 * Responses are built into a buffer and written with one write per batch
 * of requests: that is what makes pipelining cheap (sixteen pipelined
 * GETs cost one send, not sixteen).  The buffer owns its memory; a
 * failed allocation is reported once through `oom` and makes later
 * appends no-ops, so a request handler can append freely and check once.
 */
#ifndef SRV_BUF_H
#define SRV_BUF_H

#include <stddef.h>
#include <stdint.h>

struct srv_buf {
    char *data;   /* owned; NULL until the first append */
    size_t len;   /* bytes in use */
    size_t cap;   /* bytes allocated */
    int oom;      /* an append failed: the contents are incomplete */
};

/* An empty buffer needs no allocation: `struct srv_buf b = {0};` works too. */
void srv_buf_init(struct srv_buf *b);
void srv_buf_free(struct srv_buf *b);

/* Room for `extra` more bytes.  0, or -1 (and b->oom set). */
int srv_buf_reserve(struct srv_buf *b, size_t extra);

void srv_buf_append(struct srv_buf *b, const void *p, size_t n);
void srv_buf_puts(struct srv_buf *b, const char *s);
void srv_buf_putc(struct srv_buf *b, char c);
/* Decimal text of v. */
void srv_buf_put_i64(struct srv_buf *b, int64_t v);
void srv_buf_put_u64(struct srv_buf *b, uint64_t v);

/* Drops the first n bytes (n <= len), keeping the rest. */
void srv_buf_consume(struct srv_buf *b, size_t n);
/* Empties the buffer and clears oom, keeping the allocation. */
void srv_buf_reset(struct srv_buf *b);

#endif
