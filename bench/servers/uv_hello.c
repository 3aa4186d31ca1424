/*
 * uv_hello.c — the libuv baseline for bench/servers/run.sh: an HTTP
 * server that answers every request with the same small body as
 * http_server's `GET /`, with keep-alive and pipelining.
 *
 *     uv_hello PORT
 *
 * It does only what the benchmark needs: a request ends at its empty
 * line and is answered without looking at it, so this is the cost of
 * libuv's loop plus the least HTTP a server can do, a floor rather than
 * a competitor with the same features.  Responses to one read are
 * gathered into one write, as http_server does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#define BODY "Hello, World!\n"

struct conn {
    uv_tcp_t tcp;
    int matched;            /* bytes of "\r\n\r\n" matched at the end of the last read */
};

struct reply {
    uv_write_t req;
    size_t len;
    char data[];
};

static char head[256];
static size_t head_len;
static time_t head_time;

/* The response with a Date that changes once a second, like nginx's. */
static void refresh_head(void)
{
    time_t now = time(NULL);
    if (now == head_time)
        return;
    head_time = now;
    char date[64];
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    head_len = (size_t)snprintf(head, sizeof head,
                                "HTTP/1.1 200 OK\r\nServer: uv_hello\r\nDate: %s\r\n"
                                "Content-Type: text/plain; charset=utf-8\r\n"
                                "Content-Length: %zu\r\n\r\n%s",
                                date, sizeof BODY - 1, BODY);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    static char slab[65536]; /* one read at a time on one thread */
    (void)h;
    (void)suggested;
    *buf = uv_buf_init(slab, sizeof slab);
}

static void on_close(uv_handle_t *h)
{
    free(h);
}

static void on_write(uv_write_t *req, int status)
{
    (void)status;
    free(req);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
    struct conn *c = (struct conn *)s;
    if (n < 0) {
        uv_close((uv_handle_t *)s, on_close);
        return;
    }
    static const char end[] = "\r\n\r\n";
    int requests = 0;
    for (ssize_t i = 0; i < n; i++) {
        char ch = buf->base[i];
        if (ch == end[c->matched]) {
            if (++c->matched == 4) {
                requests++;
                c->matched = 0;
            }
        } else {
            c->matched = ch == '\r' ? 1 : 0;
        }
    }
    if (requests == 0)
        return;
    refresh_head();
    struct reply *r = malloc(sizeof *r + head_len * (size_t)requests);
    if (r == NULL) {
        uv_close((uv_handle_t *)s, on_close);
        return;
    }
    for (int i = 0; i < requests; i++)
        memcpy(r->data + head_len * (size_t)i, head, head_len);
    uv_buf_t out = uv_buf_init(r->data, (unsigned)(head_len * (size_t)requests));
    if (uv_write(&r->req, s, &out, 1, on_write) != 0)
        free(r);
}

static void on_connection(uv_stream_t *server, int status)
{
    if (status < 0)
        return;
    struct conn *c = calloc(1, sizeof *c);
    if (c == NULL)
        return;
    uv_tcp_init(server->loop, &c->tcp);
    if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0) {
        uv_close((uv_handle_t *)&c->tcp, on_close);
        return;
    }
    uv_tcp_nodelay(&c->tcp, 1);
    uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    uv_loop_t *loop = uv_default_loop();
    uv_tcp_t server;
    struct sockaddr_in addr;
    uv_tcp_init(loop, &server);
    uv_ip4_addr("127.0.0.1", atoi(argv[1]), &addr);
    int rc = uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)&server, 4096, on_connection);
    if (rc != 0) {
        fprintf(stderr, "uv_hello: %s\n", uv_strerror(rc));
        return 1;
    }
    return uv_run(loop, UV_RUN_DEFAULT);
}
