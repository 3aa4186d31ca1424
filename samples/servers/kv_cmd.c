/*
 * kv_cmd.c — the command table of kv_server.
 *
 * One function per command, found by a case-insensitive name lookup;
 * argument counts are checked from the table before the handler runs,
 * with Redis' message ("wrong number of arguments for 'get' command").
 * Integers follow Redis' string2ll: optional '-', no '+', no spaces, no
 * leading zeros, within int64.
 */
#include "kv_cmd.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

struct ctx {
    struct kv_store *s;
    const struct resp_arg *argv;
    size_t argc;
    uint64_t now;
    struct srv_buf *out;
};

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int arg_is(const struct resp_arg *a, const char *lit)
{
    size_t n = strlen(lit);
    if (a->n != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)a->p[i]) != lit[i])
            return 0;
    return 1;
}

/* Redis' string2ll.  0, or -1 when the argument is not such an integer. */
static int arg_i64(const struct resp_arg *a, int64_t *out)
{
    const char *p = a->p;
    size_t n = a->n;
    if (n == 0 || n > 20)
        return -1;
    if (n == 1 && p[0] == '0') {
        *out = 0;
        return 0;
    }
    size_t i = 0;
    int neg = 0;
    if (p[0] == '-') {
        neg = 1;
        i = 1;
    }
    if (i == n || p[i] < '1' || p[i] > '9')
        return -1;
    uint64_t v = 0;
    for (; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        if (v > (UINT64_MAX - (uint64_t)(p[i] - '0')) / 10)
            return -1;
        v = v * 10 + (uint64_t)(p[i] - '0');
    }
    if (neg) {
        if (v > (uint64_t)INT64_MAX + 1)
            return -1;
        *out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
    } else {
        if (v > (uint64_t)INT64_MAX)
            return -1;
        *out = (int64_t)v;
    }
    return 0;
}

static void reply_not_integer(struct ctx *c)
{
    resp_put_error(c->out, "ERR value is not an integer or out of range");
}

/* An absolute expiry `amount` units (1000 for seconds) from now: 0, or -1
 * with the error already replied when it is not a positive integer that
 * fits. */
static int expiry_from(struct ctx *c, const struct resp_arg *a, int64_t unit, const char *cmd,
                       uint64_t *at)
{
    int64_t v;
    if (arg_i64(a, &v) < 0) {
        reply_not_integer(c);
        return -1;
    }
    if (v <= 0 || v > (INT64_MAX - (int64_t)c->now) / unit) {
        char msg[80];
        snprintf(msg, sizeof msg, "ERR invalid expire time in '%s' command", cmd);
        resp_put_error(c->out, msg);
        return -1;
    }
    *at = c->now + (uint64_t)(v * unit);
    return 0;
}

static void reply_oom(struct ctx *c)
{
    resp_put_error(c->out, "OOM command not allowed when used memory > 'maxmemory'.");
}

static int cmd_ping(struct ctx *c)
{
    if (c->argc > 2)
        resp_put_error(c->out, "ERR wrong number of arguments for 'ping' command");
    else if (c->argc == 1)
        resp_put_simple(c->out, "PONG");
    else
        resp_put_bulk(c->out, c->argv[1].p, c->argv[1].n);
    return KV_CONTINUE;
}

static int cmd_echo(struct ctx *c)
{
    resp_put_bulk(c->out, c->argv[1].p, c->argv[1].n);
    return KV_CONTINUE;
}

static int cmd_set(struct ctx *c)
{
    int nx = 0, xx = 0, keep = 0, get = 0, has_expiry = 0;
    uint64_t at = 0;
    for (size_t i = 3; i < c->argc; i++) {
        const struct resp_arg *a = &c->argv[i];
        if (arg_is(a, "nx") && !xx) {
            nx = 1;
        } else if (arg_is(a, "xx") && !nx) {
            xx = 1;
        } else if (arg_is(a, "get")) {
            get = 1;
        } else if (arg_is(a, "keepttl") && !has_expiry) {
            keep = 1;
        } else if ((arg_is(a, "ex") || arg_is(a, "px")) && !keep && !has_expiry &&
                   i + 1 < c->argc) {
            if (expiry_from(c, &c->argv[i + 1], arg_is(a, "ex") ? 1000 : 1, "set", &at) < 0)
                return KV_CONTINUE;
            has_expiry = 1;
            i++;
        } else {
            resp_put_error(c->out, "ERR syntax error");
            return KV_CONTINUE;
        }
    }
    const struct resp_arg *k = &c->argv[1], *v = &c->argv[2];
    const struct kv_entry *old = kv_get(c->s, k->p, k->n, c->now);
    if (get) {
        if (old != NULL)
            resp_put_bulk(c->out, kv_entry_value(old), old->vlen);
        else
            resp_put_null(c->out);
    }
    if ((nx && old != NULL) || (xx && old == NULL)) {
        if (!get)
            resp_put_null(c->out);
        return KV_CONTINUE;
    }
    if (kv_set(c->s, k->p, k->n, v->p, v->n, at, keep, c->now) < 0) {
        if (!get)
            reply_oom(c);
        return KV_CONTINUE;
    }
    if (!get)
        resp_put_simple(c->out, "OK");
    return KV_CONTINUE;
}

static int cmd_get(struct ctx *c)
{
    const struct kv_entry *e = kv_get(c->s, c->argv[1].p, c->argv[1].n, c->now);
    if (e != NULL)
        resp_put_bulk(c->out, kv_entry_value(e), e->vlen);
    else
        resp_put_null(c->out);
    return KV_CONTINUE;
}

static int cmd_del(struct ctx *c)
{
    int64_t n = 0;
    for (size_t i = 1; i < c->argc; i++)
        n += kv_del(c->s, c->argv[i].p, c->argv[i].n, c->now);
    resp_put_int(c->out, n);
    return KV_CONTINUE;
}

static int cmd_exists(struct ctx *c)
{
    int64_t n = 0;
    for (size_t i = 1; i < c->argc; i++)
        n += kv_get(c->s, c->argv[i].p, c->argv[i].n, c->now) != NULL;
    resp_put_int(c->out, n);
    return KV_CONTINUE;
}

/* INCR, DECR, INCRBY, DECRBY: add `by` to the integer stored at argv[1]. */
static int incr_by(struct ctx *c, int64_t by)
{
    const struct resp_arg *k = &c->argv[1];
    const struct kv_entry *e = kv_get(c->s, k->p, k->n, c->now);
    int64_t v = 0;
    if (e != NULL) {
        struct resp_arg cur = {kv_entry_value(e), e->vlen};
        if (arg_i64(&cur, &v) < 0) {
            reply_not_integer(c);
            return KV_CONTINUE;
        }
    }
    if ((by > 0 && v > INT64_MAX - by) || (by < 0 && v < INT64_MIN - by)) {
        resp_put_error(c->out, "ERR increment or decrement would overflow");
        return KV_CONTINUE;
    }
    v += by;
    char text[24];
    int n = snprintf(text, sizeof text, "%lld", (long long)v);
    /* INCR keeps the key's time to live, as Redis does. */
    if (kv_set(c->s, k->p, k->n, text, (size_t)n, 0, 1, c->now) < 0) {
        reply_oom(c);
        return KV_CONTINUE;
    }
    resp_put_int(c->out, v);
    return KV_CONTINUE;
}

static int cmd_incr(struct ctx *c)
{
    return incr_by(c, 1);
}

static int cmd_decr(struct ctx *c)
{
    return incr_by(c, -1);
}

static int cmd_incrby(struct ctx *c)
{
    int64_t by;
    if (arg_i64(&c->argv[2], &by) < 0) {
        reply_not_integer(c);
        return KV_CONTINUE;
    }
    return incr_by(c, by);
}

static int cmd_decrby(struct ctx *c)
{
    int64_t by;
    if (arg_i64(&c->argv[2], &by) < 0 || by == INT64_MIN) {
        reply_not_integer(c);
        return KV_CONTINUE;
    }
    return incr_by(c, -by);
}

/* EXPIRE and PEXPIRE.  A deadline that is not in the future deletes the
 * key, as in Redis. */
static int expire_in(struct ctx *c, int64_t unit, const char *name)
{
    int64_t v;
    if (arg_i64(&c->argv[2], &v) < 0) {
        reply_not_integer(c);
        return KV_CONTINUE;
    }
    if (v > (INT64_MAX - (int64_t)c->now) / unit) {
        char msg[80];
        snprintf(msg, sizeof msg, "ERR invalid expire time in '%s' command", name);
        resp_put_error(c->out, msg);
        return KV_CONTINUE;
    }
    const struct resp_arg *k = &c->argv[1];
    if (v <= 0) {
        resp_put_int(c->out, kv_del(c->s, k->p, k->n, c->now));
        return KV_CONTINUE;
    }
    resp_put_int(c->out, kv_set_expiry(c->s, k->p, k->n, c->now + (uint64_t)(v * unit), c->now));
    return KV_CONTINUE;
}

static int cmd_expire(struct ctx *c)
{
    return expire_in(c, 1000, "expire");
}

static int cmd_pexpire(struct ctx *c)
{
    return expire_in(c, 1, "pexpire");
}

static int cmd_persist(struct ctx *c)
{
    const struct resp_arg *k = &c->argv[1];
    int had = kv_pttl(c->s, k->p, k->n, c->now) >= 0;
    if (had)
        kv_set_expiry(c->s, k->p, k->n, 0, c->now);
    resp_put_int(c->out, had);
    return KV_CONTINUE;
}

static int cmd_ttl(struct ctx *c)
{
    int64_t ms = kv_pttl(c->s, c->argv[1].p, c->argv[1].n, c->now);
    /* Redis rounds to the nearest second, as (ms + 500) / 1000; written
     * so, a deadline within 500 ms of INT64_MAX overflows (PX near
     * INT64_MAX while the clock reads under 500): this form cannot. */
    resp_put_int(c->out, ms < 0 ? ms : ms / 1000 + (ms % 1000 + 500) / 1000);
    return KV_CONTINUE;
}

static int cmd_pttl(struct ctx *c)
{
    resp_put_int(c->out, kv_pttl(c->s, c->argv[1].p, c->argv[1].n, c->now));
    return KV_CONTINUE;
}

static int cmd_dbsize(struct ctx *c)
{
    resp_put_int(c->out, (int64_t)c->s->count);
    return KV_CONTINUE;
}

static int cmd_flush(struct ctx *c)
{
    kv_clear(c->s);
    resp_put_simple(c->out, "OK");
    return KV_CONTINUE;
}

static int cmd_select(struct ctx *c)
{
    int64_t db;
    if (arg_i64(&c->argv[1], &db) < 0)
        reply_not_integer(c);
    else if (db != 0)
        resp_put_error(c->out, "ERR DB index is out of range");
    else
        resp_put_simple(c->out, "OK");
    return KV_CONTINUE;
}

/* COMMAND [...]: clients probe with it; an empty answer says "nothing to
 * report" without failing them. */
static int cmd_empty_array(struct ctx *c)
{
    resp_put_array(c->out, 0);
    return KV_CONTINUE;
}

/* CONFIG GET name: the two settings redis-benchmark asks about (it warns
 * when they are missing), an empty list for anything else. */
static int cmd_config(struct ctx *c)
{
    static const char *const settings[][2] = {{"save", ""}, {"appendonly", "no"}};
    if (!arg_is(&c->argv[1], "get") || c->argc != 3) {
        resp_put_error(c->out, "ERR CONFIG subcommand not supported");
        return KV_CONTINUE;
    }
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        if (arg_is(&c->argv[2], settings[i][0])) {
            resp_put_array(c->out, 2);
            resp_put_bulk(c->out, settings[i][0], strlen(settings[i][0]));
            resp_put_bulk(c->out, settings[i][1], strlen(settings[i][1]));
            return KV_CONTINUE;
        }
    }
    return cmd_empty_array(c);
}

static int cmd_quit(struct ctx *c)
{
    resp_put_simple(c->out, "OK");
    return KV_CLOSE;
}

struct command {
    const char *name;
    int (*run)(struct ctx *c);
    int arity; /* > 0: exactly this many words; < 0: at least -arity */
};

/* In lookup order: the commands a benchmark hammers come first. */
static const struct command commands[] = {
    {"get", cmd_get, 2},         {"set", cmd_set, -3},        {"ping", cmd_ping, -1},
    {"echo", cmd_echo, 2},       {"del", cmd_del, -2},        {"exists", cmd_exists, -2},
    {"incr", cmd_incr, 2},       {"decr", cmd_decr, 2},       {"incrby", cmd_incrby, 3},
    {"decrby", cmd_decrby, 3},   {"expire", cmd_expire, 3},   {"pexpire", cmd_pexpire, 3},
    {"persist", cmd_persist, 2}, {"ttl", cmd_ttl, 2},         {"pttl", cmd_pttl, 2},
    {"dbsize", cmd_dbsize, 1},   {"flushdb", cmd_flush, -1},  {"flushall", cmd_flush, -1},
    {"select", cmd_select, 2},   {"command", cmd_empty_array, -1},
    {"config", cmd_config, -2},  {"quit", cmd_quit, -1},
};

static void reply_unknown(struct ctx *c)
{
    /* Redis 7: ERR unknown command 'x', with args beginning with: 'a' 'b'
     * The words are the client's bytes: built aside, then sent through
     * resp_put_error_n, which blanks any CR, LF or NUL in them. */
    struct srv_buf m = {0};
    srv_buf_puts(&m, "ERR unknown command '");
    srv_buf_append(&m, c->argv[0].p, c->argv[0].n < 128 ? c->argv[0].n : 128);
    srv_buf_puts(&m, "', with args beginning with: ");
    for (size_t i = 1; i < c->argc && m.len < 1024; i++) {
        srv_buf_putc(&m, '\'');
        srv_buf_append(&m, c->argv[i].p, c->argv[i].n < 128 ? c->argv[i].n : 128);
        srv_buf_puts(&m, "' ");
    }
    if (m.oom)
        c->out->oom = 1;
    else
        resp_put_error_n(c->out, m.data, m.len);
    srv_buf_free(&m);
}

int kv_execute(struct kv_store *s, const struct resp_arg *argv, size_t argc, uint64_t now,
               struct srv_buf *out)
{
    struct ctx c = {s, argv, argc, now, out};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const struct command *cmd = &commands[i];
        if (!arg_is(&argv[0], cmd->name))
            continue;
        if ((cmd->arity > 0 && argc != (size_t)cmd->arity) ||
            (cmd->arity < 0 && argc < (size_t)-cmd->arity)) {
            char msg[96];
            snprintf(msg, sizeof msg, "ERR wrong number of arguments for '%s' command", cmd->name);
            resp_put_error(out, msg);
            return KV_CONTINUE;
        }
        return cmd->run(&c);
    }
    reply_unknown(&c);
    return KV_CONTINUE;
}
