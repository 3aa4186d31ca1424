/*
 * test_kv.c — the key-value store (kv_store.c) and the command table
 * (kv_cmd.c) of kv_server, with a clock the test moves: lazy and active
 * expiry, growth, replacement, and each command's replies and errors
 * compared byte for byte with what Redis sends.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "kv_cmd.h"
#include "kv_store.h"
#include "servers_check.h"

START_TEST(store_set_get_replace_delete)
{
    struct kv_store s;
    ck_assert_int_eq(kv_init(&s), 0);
    ck_assert_int_eq(kv_set(&s, "k", 1, "v1", 2, 0, 0, 0), 0);
    const struct kv_entry *e = kv_get(&s, "k", 1, 0);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq((int)e->vlen, 2);
    ck_assert(memcmp(kv_entry_value(e), "v1", 2) == 0);
    ck_assert_int_eq(kv_set(&s, "k", 1, "", 0, 0, 0, 0), 0);
    ck_assert_int_eq((int)kv_get(&s, "k", 1, 0)->vlen, 0);
    ck_assert_int_eq((int)s.count, 1);
    ck_assert_int_eq(kv_del(&s, "k", 1, 0), 1);
    ck_assert_int_eq(kv_del(&s, "k", 1, 0), 0);
    ck_assert_ptr_null(kv_get(&s, "k", 1, 0));
    kv_fini(&s);
}
END_TEST

START_TEST(store_grows_and_keeps_every_key)
{
    struct kv_store s;
    ck_assert_int_eq(kv_init(&s), 0);
    char k[32];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(k, sizeof k, "key:%d", i);
        ck_assert_int_eq(kv_set(&s, k, (size_t)n, k, (size_t)n, 0, 0, 0), 0);
    }
    ck_assert_int_eq((int)s.count, 20000);
    ck_assert(s.nbuckets >= 16384);
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(k, sizeof k, "key:%d", i);
        const struct kv_entry *e = kv_get(&s, k, (size_t)n, 0);
        ck_assert_ptr_nonnull(e);
        ck_assert(memcmp(kv_entry_value(e), k, (size_t)n) == 0);
    }
    kv_fini(&s);
}
END_TEST

START_TEST(store_expiry_lazy_and_swept)
{
    struct kv_store s;
    ck_assert_int_eq(kv_init(&s), 0);
    kv_set(&s, "a", 1, "1", 1, 1000, 0, 0);
    kv_set(&s, "b", 1, "2", 1, 1000, 0, 0);
    kv_set(&s, "c", 1, "3", 1, 0, 0, 0);
    ck_assert_int_eq((int)kv_pttl(&s, "a", 1, 400), 600);
    ck_assert_int_eq((int)kv_pttl(&s, "c", 1, 400), -1);
    ck_assert_ptr_nonnull(kv_get(&s, "a", 1, 999));
    ck_assert_ptr_null(kv_get(&s, "a", 1, 1000)); /* removed on lookup */
    ck_assert_int_eq((int)s.count, 2);
    ck_assert_int_eq((int)kv_sweep(&s, 1000, s.nbuckets), 1); /* "b", never read */
    ck_assert_int_eq((int)s.count, 1);
    ck_assert_int_eq((int)kv_pttl(&s, "b", 1, 1000), -2);
    /* keep_ttl carries the old deadline over; a plain set clears it. */
    kv_set(&s, "c", 1, "x", 1, 5000, 0, 1000);
    kv_set(&s, "c", 1, "y", 1, 0, 1, 1000);
    ck_assert_int_eq((int)kv_pttl(&s, "c", 1, 1000), 4000);
    kv_set(&s, "c", 1, "z", 1, 0, 0, 1000);
    ck_assert_int_eq((int)kv_pttl(&s, "c", 1, 1000), -1);
    kv_fini(&s);
}
END_TEST

/* Runs one command given as words, returns the reply (static buffer). */
static const char *run(struct kv_store *s, uint64_t now, const char *line)
{
    static char reply[512];
    static char words[512];
    struct resp_arg argv[16];
    size_t argc = 0;
    snprintf(words, sizeof words, "%s", line);
    for (char *w = strtok(words, " "); w != NULL && argc < 16; w = strtok(NULL, " ")) {
        argv[argc].p = w;
        argv[argc].n = strlen(w);
        argc++;
    }
    struct srv_buf out = {0};
    kv_execute(s, argv, argc, now, &out);
    size_t n = out.len < sizeof reply - 1 ? out.len : sizeof reply - 1;
    memcpy(reply, out.data, n);
    reply[n] = '\0';
    srv_buf_free(&out);
    return reply;
}

START_TEST(commands_reply_like_redis)
{
    struct kv_store s;
    ck_assert_int_eq(kv_init(&s), 0);
    ck_assert_str_eq(run(&s, 0, "PING"), "+PONG\r\n");
    ck_assert_str_eq(run(&s, 0, "ping hi"), "$2\r\nhi\r\n");
    ck_assert_str_eq(run(&s, 0, "ECHO x"), "$1\r\nx\r\n");
    ck_assert_str_eq(run(&s, 0, "SET k v"), "+OK\r\n");
    ck_assert_str_eq(run(&s, 0, "GET k"), "$1\r\nv\r\n");
    ck_assert_str_eq(run(&s, 0, "GET none"), "$-1\r\n");
    ck_assert_str_eq(run(&s, 0, "SET k w NX"), "$-1\r\n");
    ck_assert_str_eq(run(&s, 0, "SET other w XX"), "$-1\r\n");
    ck_assert_str_eq(run(&s, 0, "SET k w XX GET"), "$1\r\nv\r\n");
    ck_assert_str_eq(run(&s, 0, "EXISTS k k none"), ":2\r\n");
    ck_assert_str_eq(run(&s, 0, "DEL k none"), ":1\r\n");
    ck_assert_str_eq(run(&s, 0, "DBSIZE"), ":0\r\n");
    ck_assert_str_eq(run(&s, 0, "SELECT 0"), "+OK\r\n");
    ck_assert_str_eq(run(&s, 0, "SELECT 1"), "-ERR DB index is out of range\r\n");
    ck_assert_str_eq(run(&s, 0, "COMMAND DOCS"), "*0\r\n");
    ck_assert_str_eq(run(&s, 0, "CONFIG GET save"), "*2\r\n$4\r\nsave\r\n$0\r\n\r\n");
    kv_fini(&s);
}
END_TEST

START_TEST(counters_and_their_errors)
{
    struct kv_store s;
    ck_assert_int_eq(kv_init(&s), 0);
    ck_assert_str_eq(run(&s, 0, "INCR n"), ":1\r\n");
    ck_assert_str_eq(run(&s, 0, "INCRBY n 41"), ":42\r\n");
    ck_assert_str_eq(run(&s, 0, "DECR n"), ":41\r\n");
    ck_assert_str_eq(run(&s, 0, "DECRBY n -9"), ":50\r\n");
    ck_assert_str_eq(run(&s, 0, "GET n"), "$2\r\n50\r\n");
    run(&s, 0, "SET t abc");
    ck_assert_str_eq(run(&s, 0, "INCR t"), "-ERR value is not an integer or out of range\r\n");
    run(&s, 0, "SET t 007");
    ck_assert_str_eq(run(&s, 0, "INCR t"), "-ERR value is not an integer or out of range\r\n");
    run(&s, 0, "SET t 9223372036854775807");
    ck_assert_str_eq(run(&s, 0, "INCR t"), "-ERR increment or decrement would overflow\r\n");
    run(&s, 0, "SET t -9223372036854775808");
    ck_assert_str_eq(run(&s, 0, "DECR t"), "-ERR increment or decrement would overflow\r\n");
    ck_assert_str_eq(run(&s, 0, "INCRBY t x"), "-ERR value is not an integer or out of range\r\n");
    kv_fini(&s);
}
END_TEST

START_TEST(expiry_commands_follow_the_clock)
{
    struct kv_store s;
    ck_assert_int_eq(kv_init(&s), 0);
    ck_assert_str_eq(run(&s, 1000, "SET a 1 EX 10"), "+OK\r\n");
    ck_assert_str_eq(run(&s, 1000, "SET b 1 PX 1500"), "+OK\r\n");
    ck_assert_str_eq(run(&s, 1000, "TTL a"), ":10\r\n");
    ck_assert_str_eq(run(&s, 1000, "PTTL b"), ":1500\r\n");
    ck_assert_str_eq(run(&s, 2499, "GET b"), "$1\r\n1\r\n");
    ck_assert_str_eq(run(&s, 2500, "GET b"), "$-1\r\n");
    ck_assert_str_eq(run(&s, 2500, "INCR a"), ":2\r\n"); /* keeps its TTL */
    ck_assert_str_eq(run(&s, 2500, "TTL a"), ":9\r\n");  /* 8.5 s rounds to 9 */
    ck_assert_str_eq(run(&s, 2500, "PERSIST a"), ":1\r\n");
    ck_assert_str_eq(run(&s, 2500, "TTL a"), ":-1\r\n");
    ck_assert_str_eq(run(&s, 2500, "EXPIRE a 5"), ":1\r\n");
    ck_assert_str_eq(run(&s, 2500, "EXPIRE none 5"), ":0\r\n");
    ck_assert_str_eq(run(&s, 2500, "TTL none"), ":-2\r\n");
    ck_assert_str_eq(run(&s, 2500, "EXPIRE a 0"), ":1\r\n"); /* deletes */
    ck_assert_str_eq(run(&s, 2500, "EXISTS a"), ":0\r\n");
    ck_assert_str_eq(run(&s, 0, "SET c 1 EX 0"), "-ERR invalid expire time in 'set' command\r\n");
    ck_assert_str_eq(run(&s, 0, "SET c 1 EX x"),
                     "-ERR value is not an integer or out of range\r\n");
    ck_assert_str_eq(run(&s, 0, "SET c 1 EX 1 PX 1"), "-ERR syntax error\r\n");
    ck_assert_str_eq(run(&s, 0, "SET c 1 NX XX"), "-ERR syntax error\r\n");
    ck_assert_str_eq(run(&s, 0, "SET c 1 EX"), "-ERR syntax error\r\n");
    kv_fini(&s);
}
END_TEST

START_TEST(bad_commands_get_errors)
{
    struct kv_store s;
    ck_assert_int_eq(kv_init(&s), 0);
    ck_assert_str_eq(run(&s, 0, "GET"), "-ERR wrong number of arguments for 'get' command\r\n");
    ck_assert_str_eq(run(&s, 0, "get a b"), "-ERR wrong number of arguments for 'get' command\r\n");
    ck_assert_str_eq(run(&s, 0, "PING a b"), "-ERR wrong number of arguments for 'ping' command\r\n");
    ck_assert_str_eq(run(&s, 0, "FROB a b"),
                     "-ERR unknown command 'FROB', with args beginning with: 'a' 'b' \r\n");
    /* A CR, LF or NUL inside an echoed word must not reach the client raw:
     * each becomes a space, in the command's name and in its arguments. */
    struct resp_arg argv[2] = {{"x\r\ny", 4}, {"a\0b\nc", 5}};
    struct srv_buf out = {0};
    kv_execute(&s, argv, 2, 0, &out);
    const char want[] = "-ERR unknown command 'x  y', with args beginning with: 'a b c' \r\n";
    ck_assert_int_eq((int)out.len, (int)sizeof want - 1);
    ck_assert(memcmp(out.data, want, out.len) == 0);
    srv_buf_free(&out);
    struct resp_arg quit[1] = {{"quit", 4}};
    ck_assert_int_eq(kv_execute(&s, quit, 1, 0, &out), KV_CLOSE);
    srv_buf_free(&out);
    kv_fini(&s);
}
END_TEST

/* Deadlines near INT64_MAX: TTL's rounding to seconds must not overflow
 * (it gave :-9223372036854775 with the clock under 500 ms), and a
 * deadline past INT64_MAX is refused with Redis' error. */
START_TEST(expiry_near_int64_max_never_overflows)
{
    struct kv_store s;
    ck_assert_int_eq(kv_init(&s), 0);
    /* INT64_MAX - 100 ms from now = 100: the deadline is INT64_MAX. */
    ck_assert_str_eq(run(&s, 100, "SET p v PX 9223372036854775707"), "+OK\r\n");
    ck_assert_str_eq(run(&s, 100, "PTTL p"), ":9223372036854775707\r\n");
    ck_assert_str_eq(run(&s, 100, "TTL p"), ":9223372036854776\r\n");
    ck_assert_str_eq(run(&s, 0, "SET p v PX 9223372036854775807"), "+OK\r\n");
    ck_assert_str_eq(run(&s, 0, "TTL p"), ":9223372036854776\r\n");
    ck_assert_str_eq(run(&s, 499, "PEXPIRE p 9223372036854775308"), ":1\r\n");
    ck_assert_str_eq(run(&s, 499, "TTL p"), ":9223372036854775\r\n");
    ck_assert_str_eq(run(&s, 100, "SET p v PX 9223372036854775708"),
                     "-ERR invalid expire time in 'set' command\r\n");
    ck_assert_str_eq(run(&s, 100, "PEXPIRE p 9223372036854775708"),
                     "-ERR invalid expire time in 'pexpire' command\r\n");
    /* EX: INT64_MAX / 1000 seconds fits while the clock reads under 808 ms. */
    ck_assert_str_eq(run(&s, 100, "SET e v EX 9223372036854775"), "+OK\r\n");
    ck_assert_str_eq(run(&s, 100, "TTL e"), ":9223372036854775\r\n");
    ck_assert_str_eq(run(&s, 100, "PTTL e"), ":9223372036854775000\r\n");
    ck_assert_str_eq(run(&s, 900, "SET e v EX 9223372036854775"),
                     "-ERR invalid expire time in 'set' command\r\n");
    ck_assert_str_eq(run(&s, 100, "SET e v EX 9223372036854776"),
                     "-ERR invalid expire time in 'set' command\r\n");
    ck_assert_str_eq(run(&s, 100, "SET e v EX 9223372036854775807"),
                     "-ERR invalid expire time in 'set' command\r\n");
    ck_assert_str_eq(run(&s, 100, "EXPIRE e 9223372036854776"),
                     "-ERR invalid expire time in 'expire' command\r\n");
    /* The refused SETs left the key as it was. */
    ck_assert_str_eq(run(&s, 100, "TTL e"), ":9223372036854775\r\n");
    kv_fini(&s);
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
    Suite *s = suite_create("servers_kv");
    SERVERS_CASE(s, store_set_get_replace_delete);
    SERVERS_CASE(s, store_grows_and_keeps_every_key);
    SERVERS_CASE(s, store_expiry_lazy_and_swept);
    SERVERS_CASE(s, commands_reply_like_redis);
    SERVERS_CASE(s, counters_and_their_errors);
    SERVERS_CASE(s, expiry_commands_follow_the_clock);
    SERVERS_CASE(s, bad_commands_get_errors);
    SERVERS_CASE(s, expiry_near_int64_max_never_overflows);
    return s;
}
