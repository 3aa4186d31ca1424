/*
 * test_http_parse.c — the HTTP/1.x parsing and formatting of
 * samples/servers/http_parse.c: complete, incomplete and malformed
 * request heads, keep-alive rules, response heads and body framing,
 * chunked bodies fed in pieces, target-to-path mapping (no way out of
 * the root), dates and URLs.
 */
#include <check.h>
#include <string.h>

#include "http_parse.h"
#include "servers_check.h"

static long parse(const char *s, struct http_request *req)
{
    return http_parse_request(s, strlen(s), req);
}

START_TEST(request_complete_head_reports_its_length)
{
    const char *s = "GET /index.html?q=1 HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\nNEXT";
    struct http_request req;
    long n = parse(s, &req);
    ck_assert_int_eq(n, (long)(strlen(s) - 4));
    ck_assert_int_eq(req.method, HTTP_GET);
    ck_assert_int_eq((int)req.target_len, 15);
    ck_assert(memcmp(req.target, "/index.html?q=1", 15) == 0);
    ck_assert_int_eq(req.minor, 1);
    ck_assert_int_eq(req.keep_alive, 1);
    ck_assert_int_eq((int)req.content_length, 0);
}
END_TEST

START_TEST(request_every_prefix_needs_more)
{
    const char *s = "POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n";
    struct http_request req;
    size_t len = strlen(s);
    for (size_t i = 0; i < len; i++)
        ck_assert_int_eq(http_parse_request(s, i, &req), HTTP_NEED_MORE);
    ck_assert_int_eq(http_parse_request(s, len, &req), (long)len);
    ck_assert_int_eq(req.method, HTTP_POST);
    ck_assert_int_eq((int)req.content_length, 5);
}
END_TEST

START_TEST(request_bare_lf_and_leading_empty_lines_accepted)
{
    struct http_request req;
    const char *s = "\r\n\nHEAD / HTTP/1.0\nHost: a\n\n";
    ck_assert_int_eq(parse(s, &req), (long)strlen(s));
    ck_assert_int_eq(req.method, HTTP_HEAD);
    ck_assert_int_eq(req.minor, 0);
}
END_TEST

START_TEST(request_keep_alive_follows_version_and_connection)
{
    struct http_request req;
    ck_assert(parse("GET / HTTP/1.0\r\n\r\n", &req) > 0);
    ck_assert_int_eq(req.keep_alive, 0);
    ck_assert(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", &req) > 0);
    ck_assert_int_eq(req.keep_alive, 1);
    ck_assert(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", &req) > 0);
    ck_assert_int_eq(req.keep_alive, 0);
    ck_assert(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade, CLOSE\r\n\r\n", &req) > 0);
    ck_assert_int_eq(req.keep_alive, 0);
}
END_TEST

START_TEST(request_malformed_heads_are_refused)
{
    static const struct {
        const char *text;
        long want;
    } cases[] = {
        {"GET\r\n\r\n", HTTP_E_BAD_REQUEST},
        {"GET /  HTTP/1.1\r\nHost: a\r\n\r\n", HTTP_E_BAD_REQUEST},
        {"GET / HTTP/1.1 \r\nHost: a\r\n\r\n", HTTP_E_BAD_REQUEST},
        {"G(T / HTTP/1.1\r\nHost: a\r\n\r\n", HTTP_E_BAD_REQUEST},
        {"GET / FTP/1.1\r\nHost: a\r\n\r\n", HTTP_E_BAD_REQUEST},
        {"GET / HTTP/2.0\r\nHost: a\r\n\r\n", HTTP_E_VERSION},
        {"GET / HTTP/1.1\r\n\r\n", HTTP_E_BAD_REQUEST},                       /* no Host */
        {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", HTTP_E_BAD_REQUEST}, /* two */
        {"GET / HTTP/1.1\r\nHost : a\r\n\r\n", HTTP_E_BAD_REQUEST},
        {"GET / HTTP/1.1\r\nHost: a\r\n continued\r\n\r\n", HTTP_E_BAD_REQUEST},
        {"GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", HTTP_E_BAD_REQUEST},
        {"GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", HTTP_E_BAD_REQUEST},
        {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", HTTP_E_BAD_REQUEST},
        {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
         HTTP_E_BAD_REQUEST},
        {"GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", HTTP_E_NOT_IMPLEMENTED},
    };
    struct http_request req;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(parse(cases[i].text, &req) == cases[i].want, "case %zu: %s", i,
                      cases[i].text);
}
END_TEST

START_TEST(request_equal_duplicate_lengths_accepted)
{
    struct http_request req;
    ck_assert(parse("PUT /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\ncontent-length: 3\r\n\r\n",
                    &req) > 0);
    ck_assert_int_eq((int)req.content_length, 3);
}
END_TEST

START_TEST(request_overlong_line_is_too_large)
{
    static char buf[20000];
    memcpy(buf, "GET / HTTP/1.1\r\nX: ", 19);
    memset(buf + 19, 'a', sizeof buf - 19);
    struct http_request req;
    ck_assert_int_eq(http_parse_request(buf, sizeof buf, &req), HTTP_E_TOO_LARGE);
}
END_TEST

START_TEST(response_head_and_framing)
{
    struct http_response res;
    const char *s = "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n";
    ck_assert_int_eq(http_parse_response(s, strlen(s), 0, &res), (long)strlen(s));
    ck_assert_int_eq(res.status, 200);
    ck_assert_int_eq(res.has_length, 1);
    ck_assert_int_eq((int)res.content_length, 12);
    ck_assert_int_eq(res.keep_alive, 1);

    s = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 5\r\n\r\n";
    ck_assert(http_parse_response(s, strlen(s), 0, &res) > 0);
    ck_assert_int_eq(res.chunked, 1);

    s = "HTTP/1.0 404 Not Found\r\n\r\n";
    ck_assert(http_parse_response(s, strlen(s), 0, &res) > 0);
    ck_assert_int_eq(res.status, 404);
    ck_assert_int_eq(res.has_length, 0); /* to the end of the connection */
    ck_assert_int_eq(res.keep_alive, 0);

    s = "HTTP/1.1 204\r\n\r\n";
    ck_assert(http_parse_response(s, strlen(s), 0, &res) > 0);
    ck_assert_int_eq(res.has_length, 1);
    ck_assert_int_eq((int)res.content_length, 0);

    s = "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n";
    ck_assert(http_parse_response(s, strlen(s), 1, &res) > 0);
    ck_assert_int_eq((int)res.content_length, 0); /* answer to HEAD */

    s = "HTTP/1.1 2x0 OK\r\n\r\n";
    ck_assert(http_parse_response(s, strlen(s), 0, &res) < 0);
    s = "HTTP/1.1 200 OK\r\nContent-Length: 1";
    ck_assert_int_eq(http_parse_response(s, strlen(s), 0, &res), HTTP_NEED_MORE);
}
END_TEST

START_TEST(chunked_body_decoded_one_byte_at_a_time)
{
    const char *body = "5\r\nhello\r\n1A;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: x\r\n\r\n";
    struct http_chunked c;
    http_chunked_init(&c);
    uint64_t total = 0, payload = 0;
    int done = 0;
    size_t i = 0;
    for (; body[i] != '\0' && !done; i++) {
        ck_assert_int_eq(http_chunked_feed(&c, body + i, 1, &payload, &done), 1);
        total += payload;
    }
    ck_assert_int_eq(done, 1);
    ck_assert_int_eq(body[i], '\0');
    ck_assert_int_eq((int)total, 5 + 26);
}
END_TEST

START_TEST(chunked_body_stops_at_its_end)
{
    const char *s = "3\r\nabc\r\n0\r\n\r\nEXTRA";
    struct http_chunked c;
    http_chunked_init(&c);
    uint64_t payload = 0;
    int done = 0;
    ck_assert_int_eq(http_chunked_feed(&c, s, strlen(s), &payload, &done), (long)strlen(s) - 5);
    ck_assert_int_eq(done, 1);
    ck_assert_int_eq((int)payload, 3);
}
END_TEST

START_TEST(chunked_body_malformed_framing_refused)
{
    static const char *bad[] = {"x\r\n", "3\r\nabcX", "FFFFFFFFFFFFFFFFF\r\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct http_chunked c;
        http_chunked_init(&c);
        uint64_t payload;
        int done;
        ck_assert_msg(http_chunked_feed(&c, bad[i], strlen(bad[i]), &payload, &done) < 0,
                      "%s", bad[i]);
    }
}
END_TEST

static const char *path_of(const char *target)
{
    static char out[256];
    return http_target_to_path(target, strlen(target), out, sizeof out) < 0 ? NULL : out;
}

START_TEST(target_maps_inside_the_root_only)
{
    ck_assert_str_eq(path_of("/"), "");
    ck_assert_str_eq(path_of("/a/b.txt?x=1#frag"), "a/b.txt");
    ck_assert_str_eq(path_of("//a/./b//c"), "a/b/c");
    ck_assert_str_eq(path_of("/with%20space"), "with space");
    ck_assert_str_eq(path_of("/..foo/bar.."), "..foo/bar..");
    ck_assert_ptr_null(path_of("/../etc/passwd"));
    ck_assert_ptr_null(path_of("/a/../../b"));
    ck_assert_ptr_null(path_of("/a/%2e%2e/%2E%2E/b"));
    ck_assert_ptr_null(path_of("/a%2f..%2fb")); /* an escaped slash still splits */
    ck_assert_ptr_null(path_of("/nul%00byte"));
    ck_assert_ptr_null(path_of("/bad%zz"));
    ck_assert_ptr_null(path_of("/trunc%4"));
    ck_assert_ptr_null(path_of("relative"));
    ck_assert_ptr_null(path_of("*"));
}
END_TEST

START_TEST(mime_types_by_extension)
{
    ck_assert_str_eq(http_mime_type("a/index.html"), "text/html; charset=utf-8");
    ck_assert_str_eq(http_mime_type("x.PNG"), "image/png");
    ck_assert_str_eq(http_mime_type("dir.d/noext"), "application/octet-stream");
}
END_TEST

START_TEST(date_is_imf_fixdate)
{
    char d[30];
    http_format_date(784111777, d); /* RFC 9110's example */
    ck_assert_str_eq(d, "Sun, 06 Nov 1994 08:49:37 GMT");
}
END_TEST

START_TEST(response_head_formatting)
{
    struct srv_buf b = {0};
    http_put_head(&b, 404, 1, 0, "D", "text/plain", 14, "Allow: GET\r\n");
    srv_buf_putc(&b, '\0');
    ck_assert_str_eq(b.data, "HTTP/1.1 404 Not Found\r\nServer: pinion\r\nDate: D\r\n"
                             "Content-Type: text/plain\r\nContent-Length: 14\r\n"
                             "Connection: close\r\nAllow: GET\r\n\r\n");
    srv_buf_reset(&b);
    http_put_head(&b, 200, 0, 1, "D", NULL, 0, NULL);
    srv_buf_putc(&b, '\0');
    ck_assert_str_eq(b.data, "HTTP/1.1 200 OK\r\nServer: pinion\r\nDate: D\r\n"
                             "Content-Length: 0\r\nConnection: keep-alive\r\n\r\n");
    srv_buf_free(&b);
}
END_TEST

START_TEST(urls_parsed_and_refused)
{
    struct http_url u;
    ck_assert_int_eq(http_parse_url("http://127.0.0.1:8080/a/b?c#d", &u), 0);
    ck_assert_int_eq((int)u.host_len, 9);
    ck_assert(memcmp(u.host, "127.0.0.1", 9) == 0);
    ck_assert_uint_eq(u.port, 8080);
    ck_assert_int_eq((int)u.path_len, 6);
    ck_assert(memcmp(u.path, "/a/b?c", 6) == 0);
    ck_assert_int_eq(http_parse_url("http://localhost", &u), 0);
    ck_assert_uint_eq(u.port, 80);
    ck_assert_str_eq(u.path, "/");
    ck_assert_int_eq(http_parse_url("https://x/", &u), -1);
    ck_assert_int_eq(http_parse_url("http://:80/", &u), -1);
    ck_assert_int_eq(http_parse_url("http://x:0/", &u), -1);
    ck_assert_int_eq(http_parse_url("http://x:70000/", &u), -1);
    ck_assert_int_eq(http_parse_url("http://x:12ab/", &u), -1);
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
    Suite *s = suite_create("servers_http");
    SERVERS_CASE(s, request_complete_head_reports_its_length);
    SERVERS_CASE(s, request_every_prefix_needs_more);
    SERVERS_CASE(s, request_bare_lf_and_leading_empty_lines_accepted);
    SERVERS_CASE(s, request_keep_alive_follows_version_and_connection);
    SERVERS_CASE(s, request_malformed_heads_are_refused);
    SERVERS_CASE(s, request_equal_duplicate_lengths_accepted);
    SERVERS_CASE(s, request_overlong_line_is_too_large);
    SERVERS_CASE(s, response_head_and_framing);
    SERVERS_CASE(s, chunked_body_decoded_one_byte_at_a_time);
    SERVERS_CASE(s, chunked_body_stops_at_its_end);
    SERVERS_CASE(s, chunked_body_malformed_framing_refused);
    SERVERS_CASE(s, target_maps_inside_the_root_only);
    SERVERS_CASE(s, mime_types_by_extension);
    SERVERS_CASE(s, date_is_imf_fixdate);
    SERVERS_CASE(s, response_head_formatting);
    SERVERS_CASE(s, urls_parsed_and_refused);
    return s;
}
