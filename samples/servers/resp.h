/*
 * resp.h — the Redis serialization protocol (RESP2), without I/O.
 *
 * kv_server reads bytes in async code and hands them here.  A request is
 * either a multibulk array of bulk strings ("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n",
 * what redis-cli and redis-benchmark send) or an inline command, a line
 * of space-separated words ("PING\r\n", what a person types into nc).
 * The parser is stateless: it is given everything received so far and
 * answers "complete, this long", "need more" or "protocol error", exactly
 * as Redis itself decides (same limits, same messages).
 *
 * Arguments point into the caller's buffer.  Replies are appended to a
 * srv_buf.
 */
#ifndef SRV_RESP_H
#define SRV_RESP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Redis' own limits: a multibulk of at most 1024*1024 elements, a bulk
 * string of at most 512 MB, an inline command of at most 64 KB. */
#define RESP_MAX_MULTIBULK (1024L * 1024)
#define RESP_MAX_BULK (512L * 1024 * 1024)
#define RESP_MAX_INLINE (64L * 1024)

struct resp_arg {
    const char *p;
    size_t n;
};

/* A command being parsed.  argv grows as needed (the caller owns it:
 * resp_cmd_free); zero-initialise before first use. */
struct resp_cmd {
    struct resp_arg *argv;
    size_t argc;
    size_t cap;
    /* The longest bulk string accepted, when less than RESP_MAX_BULK (0:
     * RESP_MAX_BULK): a server whose buffer limit is lower refuses a
     * bulk that could never fit as soon as its length arrives. */
    size_t max_bulk;
    char err[64]; /* room for an error message that quotes the input */
};

enum {
    RESP_NEED_MORE = 0,
    RESP_ERROR = -1, /* protocol error: *err says which, the connection must close */
    RESP_NOMEM = -2,
};

/* Parses one command at buf[0..len).  Returns the bytes it spans (> 0;
 * cmd->argc may be 0 for an empty inline line, which is to be skipped),
 * RESP_NEED_MORE, RESP_ERROR with *err set to the error reply Redis
 * sends ("ERR Protocol error: ...", for resp_put_error), or RESP_NOMEM. */
long resp_parse(const char *buf, size_t len, struct resp_cmd *cmd, const char **err);
void resp_cmd_free(struct resp_cmd *cmd);

/* Reply builders.  Every error reply goes through resp_put_error_n,
 * which blanks CR, LF and NUL (resp_sanitize): an error may quote what
 * the client sent, and a raw CR or LF would end the line early and
 * desynchronise the client, as Redis avoids by mapping them to spaces. */
void resp_put_simple(struct srv_buf *out, const char *s);      /* +s */
void resp_put_error(struct srv_buf *out, const char *msg);     /* -msg */
void resp_put_error_n(struct srv_buf *out, const char *msg, size_t n);
void resp_put_int(struct srv_buf *out, int64_t v);             /* :v */
void resp_put_bulk(struct srv_buf *out, const void *p, size_t n); /* $n p */
void resp_put_null(struct srv_buf *out);                       /* $-1 */
void resp_put_array(struct srv_buf *out, size_t n);            /* *n, elements follow */

/* Replaces every CR, LF and NUL in p[0..n) with a space. */
void resp_sanitize(char *p, size_t n);

#endif
