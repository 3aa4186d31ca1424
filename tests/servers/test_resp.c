/*
 * test_resp.c — the RESP2 parser and reply builders of
 * samples/servers/resp.c: multibulk and inline commands, every prefix of
 * a command being incomplete, pipelined commands one after another,
 * binary-safe arguments, Redis' protocol errors with Redis' texts, and
 * error replies that never carry a raw CR, LF or NUL.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "resp.h"
#include "servers_check.h"

static int arg_eq(const struct resp_arg *a, const char *s)
{
    return a->n == strlen(s) && memcmp(a->p, s, a->n) == 0;
}

START_TEST(multibulk_command_parsed)
{
    const char *s = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n";
    struct resp_cmd cmd = {0};
    const char *err;
    ck_assert_int_eq(resp_parse(s, strlen(s), &cmd, &err), (long)strlen(s));
    ck_assert_int_eq((int)cmd.argc, 3);
    ck_assert(arg_eq(&cmd.argv[0], "SET"));
    ck_assert(arg_eq(&cmd.argv[1], "key"));
    ck_assert(arg_eq(&cmd.argv[2], "va\r\nl")); /* binary safe */
    resp_cmd_free(&cmd);
}
END_TEST

START_TEST(every_prefix_needs_more)
{
    const char *s = "*2\r\n$4\r\nECHO\r\n$11\r\nhello world\r\n";
    struct resp_cmd cmd = {0};
    const char *err;
    for (size_t i = 0; i < strlen(s); i++)
        ck_assert_int_eq(resp_parse(s, i, &cmd, &err), RESP_NEED_MORE);
    resp_cmd_free(&cmd);
}
END_TEST

START_TEST(pipelined_commands_parsed_in_turn)
{
    const char *s = "*1\r\n$4\r\nPING\r\nGET  k1\r\n\r\n*2\r\n$3\r\nDEL\r\n$0\r\n\r\n";
    struct resp_cmd cmd = {0};
    const char *err;
    size_t at = 0;
    long n = resp_parse(s + at, strlen(s) - at, &cmd, &err);
    ck_assert_int_eq(n, 14);
    ck_assert(arg_eq(&cmd.argv[0], "PING"));
    at += (size_t)n;
    n = resp_parse(s + at, strlen(s) - at, &cmd, &err);
    ck_assert_int_eq((int)cmd.argc, 2); /* inline, two spaces collapse */
    ck_assert(arg_eq(&cmd.argv[1], "k1"));
    at += (size_t)n;
    n = resp_parse(s + at, strlen(s) - at, &cmd, &err);
    ck_assert_int_eq(n, 2); /* an empty line: nothing to run */
    ck_assert_int_eq((int)cmd.argc, 0);
    at += (size_t)n;
    n = resp_parse(s + at, strlen(s) - at, &cmd, &err);
    ck_assert_int_eq((int)cmd.argc, 2);
    ck_assert_int_eq((int)cmd.argv[1].n, 0);
    at += (size_t)n;
    ck_assert_int_eq((int)at, (int)strlen(s));
    resp_cmd_free(&cmd);
}
END_TEST

START_TEST(many_arguments_grow_the_vector)
{
    char buf[8192];
    size_t n = (size_t)snprintf(buf, sizeof buf, "*300\r\n");
    for (int i = 0; i < 300; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "$1\r\n%c\r\n", 'a' + i % 26);
    struct resp_cmd cmd = {0};
    const char *err;
    ck_assert_int_eq(resp_parse(buf, n, &cmd, &err), (long)n);
    ck_assert_int_eq((int)cmd.argc, 300);
    ck_assert(arg_eq(&cmd.argv[299], "n"));
    resp_cmd_free(&cmd);
}
END_TEST

START_TEST(protocol_errors_use_redis_messages)
{
    static const struct {
        const char *in;
        const char *err;
    } cases[] = {
        {"*x\r\n", "ERR Protocol error: invalid multibulk length"},
        {"*99999999\r\n", "ERR Protocol error: invalid multibulk length"},
        {"*1\r\n+OK\r\n", "ERR Protocol error: expected '$', got '+'"},
        {"*1\r\n$-2\r\n", "ERR Protocol error: invalid bulk length"},
        {"*1\r\n$abc\r\n", "ERR Protocol error: invalid bulk length"},
        {"*1\r\n$999999999999\r\n", "ERR Protocol error: invalid bulk length"},
        {"*1\r\n$2\r\nabcd\r\n", "ERR Protocol error: bulk string not terminated by CRLF"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct resp_cmd cmd = {0};
        const char *err = NULL;
        ck_assert_int_eq(resp_parse(cases[i].in, strlen(cases[i].in), &cmd, &err), RESP_ERROR);
        ck_assert_str_eq(err, cases[i].err);
        resp_cmd_free(&cmd);
    }
}
END_TEST

START_TEST(inline_without_newline_has_a_limit)
{
    static char buf[RESP_MAX_INLINE + 10];
    memset(buf, 'a', sizeof buf);
    struct resp_cmd cmd = {0};
    const char *err;
    ck_assert_int_eq(resp_parse(buf, 100, &cmd, &err), RESP_NEED_MORE);
    ck_assert_int_eq(resp_parse(buf, sizeof buf, &cmd, &err), RESP_ERROR);
    ck_assert_str_eq(err, "ERR Protocol error: too big inline request");
    resp_cmd_free(&cmd);
}
END_TEST

START_TEST(replies_are_encoded)
{
    struct srv_buf b = {0};
    resp_put_simple(&b, "OK");
    resp_put_error(&b, "ERR no");
    resp_put_int(&b, -42);
    resp_put_int(&b, INT64_MIN);
    resp_put_bulk(&b, "a\0b", 3);
    resp_put_null(&b);
    resp_put_array(&b, 2);
    const char want[] = "+OK\r\n-ERR no\r\n:-42\r\n:-9223372036854775808\r\n$3\r\na\0b\r\n$-1\r\n*2\r\n";
    ck_assert_int_eq((int)b.len, (int)sizeof want - 1);
    ck_assert(memcmp(b.data, want, b.len) == 0);
    srv_buf_free(&b);
}
END_TEST

/* The byte after a '*' header is quoted in the error: a NUL must not cut
 * the message short, a CR or LF must not end the reply line. */
START_TEST(protocol_error_quotes_no_raw_control_bytes)
{
    static const char *const inputs[] = {"*1\r\n\0", "*1\r\n\r", "*1\r\n\n"};
    for (size_t i = 0; i < 3; i++) {
        struct resp_cmd cmd = {0};
        const char *err = NULL;
        ck_assert_int_eq(resp_parse(inputs[i], 5, &cmd, &err), RESP_ERROR);
        ck_assert_str_eq(err, "ERR Protocol error: expected '$', got ' '");
        resp_cmd_free(&cmd);
    }
}
END_TEST

START_TEST(error_replies_are_sanitized)
{
    struct srv_buf b = {0};
    resp_put_error_n(&b, "ERR a\r\nb\0c", 10);
    resp_put_error(&b, "ERR x\ry\nz");
    const char want[] = "-ERR a  b c\r\n-ERR x y z\r\n";
    ck_assert_int_eq((int)b.len, (int)sizeof want - 1);
    ck_assert(memcmp(b.data, want, b.len) == 0);
    srv_buf_free(&b);
}
END_TEST

/* A lower bulk limit refuses a longer bulk when its length arrives, with
 * the reply Redis gives for a bulk over proto-max-bulk-len. */
START_TEST(bulk_over_the_callers_limit_refused_early)
{
    struct resp_cmd cmd = {0};
    cmd.max_bulk = 100;
    const char *err = NULL;
    const char *fits = "*1\r\n$100\r\n";
    ck_assert_int_eq(resp_parse(fits, strlen(fits), &cmd, &err), RESP_NEED_MORE);
    const char *over = "*1\r\n$101\r\n";
    ck_assert_int_eq(resp_parse(over, strlen(over), &cmd, &err), RESP_ERROR);
    ck_assert_str_eq(err, "ERR Protocol error: invalid bulk length");
    resp_cmd_free(&cmd);
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
    Suite *s = suite_create("servers_resp");
    SERVERS_CASE(s, multibulk_command_parsed);
    SERVERS_CASE(s, every_prefix_needs_more);
    SERVERS_CASE(s, pipelined_commands_parsed_in_turn);
    SERVERS_CASE(s, many_arguments_grow_the_vector);
    SERVERS_CASE(s, protocol_errors_use_redis_messages);
    SERVERS_CASE(s, inline_without_newline_has_a_limit);
    SERVERS_CASE(s, replies_are_encoded);
    SERVERS_CASE(s, protocol_error_quotes_no_raw_control_bytes);
    SERVERS_CASE(s, error_replies_are_sanitized);
    SERVERS_CASE(s, bulk_over_the_callers_limit_refused_early);
    return s;
}
