/*
 * resp.c — the RESP2 request parser and reply builders of resp.h.
 *
 * The limits and error texts are Redis' (networking.c), so that clients
 * written against Redis see the same replies: a count that does not
 * parse is "invalid multibulk length", a '*' array whose element does not
 * start with '$' is "expected '$', got 'X'", and so on.  The parser
 * scans from the start of the command each time it is called; a command
 * arrives whole in one read in the common case, so keeping partial state
 * would buy nothing but complexity.
 */
#include "resp.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A CRLF-terminated line from `at`.  Returns the index of its CR, or -1
 * when the LF is not there yet. */
static long find_crlf(const char *buf, size_t len, size_t at)
{
    const char *cr = at < len ? memchr(buf + at, '\r', len - at) : NULL;
    while (cr != NULL) {
        size_t i = (size_t)(cr - buf);
        if (i + 1 >= len)
            return -1;
        if (buf[i + 1] == '\n')
            return (long)i;
        cr = memchr(cr + 1, '\r', len - i - 1);
    }
    return -1;
}

/* Redis' string2ll for the counts: optional '-', digits, no spaces. */
static int parse_count(const char *p, size_t n, long long *out)
{
    if (n == 0 || n > 20)
        return -1;
    size_t i = 0;
    int neg = 0;
    if (p[0] == '-') {
        neg = 1;
        i = 1;
        if (n == 1)
            return -1;
    }
    long long v = 0;
    for (; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        if (v > (LLONG_MAX - (p[i] - '0')) / 10)
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    *out = neg ? -v : v;
    return 0;
}

static int cmd_push(struct resp_cmd *cmd, const char *p, size_t n)
{
    if (cmd->argc == cmd->cap) {
        size_t cap = cmd->cap ? cmd->cap * 2 : 8;
        struct resp_arg *a = realloc(cmd->argv, cap * sizeof *a);
        if (a == NULL)
            return -1;
        cmd->argv = a;
        cmd->cap = cap;
    }
    cmd->argv[cmd->argc].p = p;
    cmd->argv[cmd->argc].n = n;
    cmd->argc++;
    return 0;
}

static long parse_inline(const char *buf, size_t len, struct resp_cmd *cmd, const char **err)
{
    const char *lf = memchr(buf, '\n', len);
    if (lf == NULL) {
        if (len > RESP_MAX_INLINE) {
            *err = "ERR Protocol error: too big inline request";
            return RESP_ERROR;
        }
        return RESP_NEED_MORE;
    }
    size_t end = (size_t)(lf - buf);
    size_t consumed = end + 1;
    if (end > 0 && buf[end - 1] == '\r')
        end--;
    size_t i = 0;
    while (i < end) {
        while (i < end && (buf[i] == ' ' || buf[i] == '\t'))
            i++;
        size_t s = i;
        while (i < end && buf[i] != ' ' && buf[i] != '\t')
            i++;
        if (i > s && cmd_push(cmd, buf + s, i - s) < 0)
            return RESP_NOMEM;
    }
    return (long)consumed;
}

static long parse_multibulk(const char *buf, size_t len, struct resp_cmd *cmd, const char **err)
{
    long cr = find_crlf(buf, len, 0);
    if (cr < 0) {
        if (len > RESP_MAX_INLINE) {
            *err = "ERR Protocol error: too big mbulk count string";
            return RESP_ERROR;
        }
        return RESP_NEED_MORE;
    }
    long long count;
    if (parse_count(buf + 1, (size_t)cr - 1, &count) < 0 || count > RESP_MAX_MULTIBULK) {
        *err = "ERR Protocol error: invalid multibulk length";
        return RESP_ERROR;
    }
    size_t at = (size_t)cr + 2;
    for (long long k = 0; k < count; k++) {
        if (at >= len)
            return RESP_NEED_MORE;
        if (buf[at] != '$') {
            int n = snprintf(cmd->err, sizeof cmd->err,
                             "ERR Protocol error: expected '$', got '%c'", buf[at]);
            /* A NUL (or CR, LF) there must neither cut the message short
             * nor reach the client raw. */
            resp_sanitize(cmd->err, (size_t)n < sizeof cmd->err ? (size_t)n : sizeof cmd->err - 1);
            *err = cmd->err;
            return RESP_ERROR;
        }
        long bcr = find_crlf(buf, len, at);
        if (bcr < 0) {
            if (len - at > RESP_MAX_INLINE) {
                *err = "ERR Protocol error: too big bulk count string";
                return RESP_ERROR;
            }
            return RESP_NEED_MORE;
        }
        long long blen;
        long long max = cmd->max_bulk != 0 && cmd->max_bulk < (size_t)RESP_MAX_BULK
                            ? (long long)cmd->max_bulk
                            : RESP_MAX_BULK;
        if (parse_count(buf + at + 1, (size_t)bcr - at - 1, &blen) < 0 || blen < 0 ||
            blen > max) {
            *err = "ERR Protocol error: invalid bulk length";
            return RESP_ERROR;
        }
        size_t data = (size_t)bcr + 2;
        if (len - data < (size_t)blen + 2)
            return RESP_NEED_MORE;
        if (buf[data + (size_t)blen] != '\r' || buf[data + (size_t)blen + 1] != '\n') {
            *err = "ERR Protocol error: bulk string not terminated by CRLF";
            return RESP_ERROR;
        }
        if (cmd_push(cmd, buf + data, (size_t)blen) < 0)
            return RESP_NOMEM;
        at = data + (size_t)blen + 2;
    }
    return (long)at;
}

long resp_parse(const char *buf, size_t len, struct resp_cmd *cmd, const char **err)
{
    cmd->argc = 0;
    *err = NULL;
    if (len == 0)
        return RESP_NEED_MORE;
    if (buf[0] == '*')
        return parse_multibulk(buf, len, cmd, err);
    return parse_inline(buf, len, cmd, err);
}

void resp_cmd_free(struct resp_cmd *cmd)
{
    free(cmd->argv);
    cmd->argv = NULL;
    cmd->argc = 0;
    cmd->cap = 0;
}

void resp_put_simple(struct srv_buf *out, const char *s)
{
    srv_buf_putc(out, '+');
    srv_buf_puts(out, s);
    srv_buf_append(out, "\r\n", 2);
}

void resp_sanitize(char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] == '\r' || p[i] == '\n' || p[i] == '\0')
            p[i] = ' ';
}

void resp_put_error_n(struct srv_buf *out, const char *msg, size_t n)
{
    srv_buf_putc(out, '-');
    size_t at = out->len;
    srv_buf_append(out, msg, n);
    if (out->len > at) /* not if the append failed */
        resp_sanitize(out->data + at, out->len - at);
    srv_buf_append(out, "\r\n", 2);
}

void resp_put_error(struct srv_buf *out, const char *msg)
{
    resp_put_error_n(out, msg, strlen(msg));
}

void resp_put_int(struct srv_buf *out, int64_t v)
{
    srv_buf_putc(out, ':');
    srv_buf_put_i64(out, v);
    srv_buf_append(out, "\r\n", 2);
}

void resp_put_bulk(struct srv_buf *out, const void *p, size_t n)
{
    srv_buf_putc(out, '$');
    srv_buf_put_u64(out, n);
    srv_buf_append(out, "\r\n", 2);
    srv_buf_append(out, p, n);
    srv_buf_append(out, "\r\n", 2);
}

void resp_put_null(struct srv_buf *out)
{
    srv_buf_append(out, "$-1\r\n", 5);
}

void resp_put_array(struct srv_buf *out, size_t n)
{
    srv_buf_putc(out, '*');
    srv_buf_put_u64(out, n);
    srv_buf_append(out, "\r\n", 2);
}
