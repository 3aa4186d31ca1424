/*
 * test_dns.c — pn_getaddrinfo.
 *
 * What is pinned down: "localhost" resolves and the caller owns the
 * list; errors are getaddrinfo's codes; look-ups dropped at every stage
 * (queued, under way, finished but not yet polled) free their lists
 * (LeakSanitizer checks at exit in the sanitizer build); a timer of
 * another task keeps firing while look-ups run.
 */
#include "os_util.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <string.h>
#include <unistd.h>

static async int resolve(const char *node, const char *service, int flags,
                         struct addrinfo **res)
{
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = flags;
    return await(pn_getaddrinfo(node, service, &hints, res));
}

static void getaddrinfo_resolves_localhost__body(void)
{
    struct addrinfo *res = NULL;
    ck_assert_int_eq(pn_block_on(resolve("localhost", "80", 0, &res)), 0);
    ck_assert_ptr_nonnull(res);
    const struct sockaddr_in *sin = (const struct sockaddr_in *)res->ai_addr;
    ck_assert_int_eq(res->ai_family, AF_INET);
    ck_assert_uint_eq(ntohl(sin->sin_addr.s_addr), INADDR_LOOPBACK);
    ck_assert_uint_eq(ntohs(sin->sin_port), 80);
    freeaddrinfo(res); /* the caller's */
    pn_shutdown();
}

START_TEST(getaddrinfo_resolves_localhost)
{
    getaddrinfo_resolves_localhost__body();
}
END_TEST

static void getaddrinfo_reports_its_error_codes__body(void)
{
    struct addrinfo *res = (struct addrinfo *)&res; /* untouched on failure */
    struct addrinfo *before = res;
    ck_assert_int_eq(pn_block_on(resolve("not-a-number", "80", AI_NUMERICHOST, &res)),
                     EAI_NONAME);
    ck_assert_int_eq(pn_block_on(resolve("127.0.0.1", "no-such-port", AI_NUMERICSERV, &res)),
                     EAI_NONAME);
    ck_assert_int_eq(pn_block_on(resolve(NULL, NULL, 0, &res)), EAI_NONAME);
    ck_assert_ptr_eq(res, before);
    pn_shutdown();
}

START_TEST(getaddrinfo_reports_its_error_codes)
{
    getaddrinfo_reports_its_error_codes__body();
}
END_TEST

static async int resolve_and_free(const char *node)
{
    struct addrinfo *res = NULL;
    int rc = await(resolve(node, "443", 0, &res));
    if (rc == 0)
        freeaddrinfo(res);
    return rc;
}

static async int cancel_lookups(int n)
{
    for (int i = 0; i < n; i++) {
        pn_task *t = pn_spawn(resolve_and_free("localhost"));
        if (i % 3 != 0)
            await(pn_sleep_ms((uint64_t)(i % 3))); /* queued, under way or done */
        pn_cancel(t);
    }
    return 0;
}

static void cancelled_lookups_free_their_results__body(void)
{
    pn_block_on(cancel_lookups(30));
    usleep(200000); /* the pool finishes the ones under way and frees them */
    pn_shutdown();
}

START_TEST(cancelled_lookups_free_their_results)
{
    cancelled_lookups_free_their_results__body();
}
END_TEST

static async int lookups_beside_ticker(struct ticker *t, int n)
{
    pn_task *tk = pn_spawn(ticker_run(t));
    pn_task *tasks[32];
    for (int i = 0; i < n; i++)
        tasks[i] = pn_spawn(resolve_and_free("localhost"));
    int failed = 0;
    for (int i = 0; i < n; i++) {
        int rc = 0;
        await(pn_join_result(tasks[i], &rc, sizeof rc));
        failed += rc != 0;
    }
    await(pn_sleep_ms(30));
    t->stop = 1;
    await(pn_join(tk));
    return failed;
}

static void lookups_keep_timers_on_time__body(void)
{
    struct ticker t = {.period_ms = 5};
    ck_assert_int_eq(pn_block_on(lookups_beside_ticker(&t, 32)), 0);
    ck_assert_int_ge(t.ticks, 3);
    ck_assert_uint_lt(t.max_late_ms, 60);
    pn_shutdown();
}

START_TEST(lookups_keep_timers_on_time)
{
    lookups_keep_timers_on_time__body();
}
END_TEST

void add_dns_cases(Suite *s)
{
    TEST_ADD(s, getaddrinfo_resolves_localhost);
    TEST_ADD(s, getaddrinfo_reports_its_error_codes);
    TEST_ADD(s, cancelled_lookups_free_their_results);
    TEST_ADD(s, lookups_keep_timers_on_time);
}
