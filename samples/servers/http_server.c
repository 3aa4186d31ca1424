/*
 * http_server.c — an HTTP/1.1 server in the async dialect.
 *
 *     http_server [--port N] [--host ADDR] [--root DIR] [--max-conns N]
 *                 [--header-timeout-ms N] [--body-timeout-ms N] [--idle-timeout-ms N]
 *                 [--grace-ms N] [--busy-poll-us N] [--threads N]
 *                 [--tls-cert FILE --tls-key FILE]
 *
 * With --tls-cert and --tls-key (a build with pinion_tls), connections
 * speak TLS: the handshake must end within --header-timeout-ms, like a
 * request head, or the connection is closed; file bodies are then read
 * with pn_pread (sendfile cannot encrypt) and written through the stream.
 *
 * `GET /` answers a small fixed body; with --root, other paths are files
 * under DIR (a directory means its index.html), never anything outside it.
 * Requests are routed through a table of async handlers (`routes`).
 * Connections are kept alive and requests may be pipelined: every request
 * that has arrived is answered into one buffer, written with one send.
 *
 * One task per connection, plus two: the acceptor and the main task,
 * which waits for SIGINT or SIGTERM on a signalfd like any other input.
 * Every wait of a connection task has a deadline: a request head must be
 * complete within --header-timeout-ms of its first byte, its body (read
 * and dropped: nothing here takes uploads) within --body-timeout-ms of
 * the head's end, an idle keep-alive connection is closed after
 * --idle-timeout-ms, and so is a client that stops reading our response.
 * Both request deadlines are absolute, so a client that trickles a byte
 * at a time gains nothing; a connection past either is closed without a
 * 408, the answer to the request having already gone out for a body.  Each deadline is a race
 * (read_by, flush_out, send_file): the I/O against pn_sleep_ms, the loser
 * dropped, so that a timed-out read simply returns -ETIMEDOUT and the
 * connection task closes the connection as after any other error.
 *
 * Every core: --threads N runs N copies of the server, shared nothing, one
 * per thread, each with a single-thread runtime of its own and its own
 * listener on the same port (SO_REUSEPORT: the kernel spreads the
 * connections over them) and its own connection table; a connection
 * stays on the thread that accepted it.  docs/servers.md has the
 * measurements behind this choice (against one pool of workers with a
 * single acceptor handing connections out).  The first thread reads the
 * signals and passes the shutdown on to the others through a pn_sem.
 *
 * Shutdown: stop accepting, close the listener, drop idle connections at
 * once, let busy ones finish their response (sent with Connection: close)
 * for up to --grace-ms, cancel what is left, exit 0.
 */
#include <pinion.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "conns.h"
#include "http_parse.h"
#include "net.h"
#ifdef HTTP_TLS
#include <pinion_tls.h>
#endif

#define HTTP_IN_SIZE 8192
/* Bodies of requests we do not want (POST to a static server) are read
 * and dropped when small; larger ones end the connection instead. */
#define HTTP_MAX_DISCARD 65536
#define HELLO_BODY "Hello, World!\n"

struct http_conn {
    struct srv_conn base; /* first: the table's part */
    struct srv_buf out;   /* response bytes not yet written */
    int file_fd;          /* a file body to send after `out`, or -1 */
    off_t file_off;
    uint64_t file_left;
    struct pn_tls *tls;   /* the TLS stream, or NULL in the clear */
};

struct http_server {
    int lfd;
    int sigfd;            /* -1 on the threads after the first: they wait on stop */
    pn_sem *stop;         /* --threads: the first thread's shutdown, passed on */
    unsigned others;      /* the first thread: how many threads to pass it to */
    int root_fd;          /* -1 without --root */
    struct pn_tls_config *tls; /* with --tls-cert: every connection speaks TLS */
    struct srv_conns conns;
    uint64_t header_timeout_ms;
    uint64_t body_timeout_ms;
    uint64_t idle_timeout_ms;
    uint64_t grace_ms;
    int stopping;
    int failed;
    time_t date_sec;
    char date[30];
};

static void http_conn_release(struct srv_conn *c)
{
    struct http_conn *hc = (struct http_conn *)c;
    srv_buf_free(&hc->out);
    if (hc->file_fd >= 0)
        close(hc->file_fd);
    hc->file_fd = -1;
#ifdef HTTP_TLS
    pn_tls_free(hc->tls);
#endif
    hc->tls = NULL;
}

/* ---- answering one request (synchronous) -------------------------- */

static const char *server_date(struct http_server *srv)
{
    time_t now = time(NULL);
    if (now != srv->date_sec) {
        srv->date_sec = now;
        http_format_date(now, srv->date);
    }
    return srv->date;
}

static void put_error(struct http_server *srv, struct http_conn *hc, int status, int minor,
                      int keep_alive, int head, const char *extra)
{
    char body[64];
    int n = snprintf(body, sizeof body, "%d %s\n", status, http_reason(status));
    http_put_head(&hc->out, status, minor, keep_alive, server_date(srv),
                  "text/plain; charset=utf-8", (uint64_t)n, extra);
    if (!head)
        srv_buf_append(&hc->out, body, (size_t)n);
}

/* Opens path below the root, refusing every way out of it (.., absolute
 * symlinks, symlinks that climb).  fd or -errno. */
static int open_beneath(int dirfd, const char *path)
{
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    return fd < 0 ? -errno : (int)fd;
}

/* The regular file for a path under the root (a directory gives its
 * index.html): fd and size, or an HTTP status. */
static int open_file(struct http_server *srv, const char *path, struct stat *st, int *fd_out)
{
    int fd = open_beneath(srv->root_fd, path[0] != '\0' ? path : ".");
    if (fd < 0)
        return fd == -EACCES ? 403 : 404;
    if (fstat(fd, st) < 0) {
        close(fd);
        return 404;
    }
    if (S_ISDIR(st->st_mode)) {
        int index = open_beneath(fd, "index.html");
        close(fd);
        if (index < 0)
            return index == -EACCES ? 403 : 404;
        fd = index;
        if (fstat(fd, st) < 0) {
            close(fd);
            return 404;
        }
    }
    if (!S_ISREG(st->st_mode)) {
        close(fd);
        return 404;
    }
    /* The read end of a FIFO or a device would block the whole server;
     * O_NONBLOCK guards the open, S_ISREG the rest. */
    *fd_out = fd;
    return 200;
}

/* Appends the head of a 200 for the file fd (size st) and leaves its body
 * in hc->file_* for send_file. */
static void put_file(struct http_server *srv, struct http_conn *hc, const struct http_request *req,
                     const char *path, int keep_alive, int fd, const struct stat *st)
{
    int head = req->method == HTTP_HEAD;
    http_put_head(&hc->out, 200, req->minor, keep_alive, server_date(srv),
                  http_mime_type(path[0] != '\0' ? path : "index.html"), (uint64_t)st->st_size,
                  NULL);
    if (head || st->st_size == 0) {
        close(fd);
        return;
    }
    hc->file_fd = fd;
    hc->file_off = 0;
    hc->file_left = (uint64_t)st->st_size;
}

/* ---- routes ------------------------------------------------------- */

/*
 * A request goes to the first route of its method whose path matches:
 * the request's path decoded and normalised by http_target_to_path
 * (without its leading '/', so "/" is ""), or any path for a route
 * without one.  A handler appends its answer to hc->out, a file body left
 * in hc->file_* for send_file.  Handlers are async, awaited through the
 * table's pointers, so that one may wait (on a backend, a lock, a timer)
 * before answering; the two here answer at once, so their locals (a
 * decoded path of PATH_MAX bytes) stay on the stack, out of the
 * connection's frame.
 */
typedef async void (*http_handler)(struct http_server *srv, struct http_conn *hc,
                                   const struct http_request *req, int keep_alive);

/* "/": the root's index.html with --root when there is one, else a
 * fixed greeting. */
static async void handle_root(struct http_server *srv, struct http_conn *hc,
                              const struct http_request *req, int keep_alive)
{
    struct stat st;
    int fd = -1;
    if (srv->root_fd >= 0 && open_file(srv, "", &st, &fd) == 200) {
        put_file(srv, hc, req, "", keep_alive, fd, &st);
        return;
    }
    http_put_head(&hc->out, 200, req->minor, keep_alive, server_date(srv),
                  "text/plain; charset=utf-8", sizeof HELLO_BODY - 1, NULL);
    if (req->method != HTTP_HEAD)
        srv_buf_append(&hc->out, HELLO_BODY, sizeof HELLO_BODY - 1);
}

/* Any other path: a file under --root, or the error that says why not. */
static async void handle_file(struct http_server *srv, struct http_conn *hc,
                              const struct http_request *req, int keep_alive)
{
    int head = req->method == HTTP_HEAD;
    char path[PATH_MAX];
    if (http_target_to_path(req->target, req->target_len, path, sizeof path) < 0) {
        /* route() decoded it already: not reached */
        put_error(srv, hc, 400, req->minor, keep_alive, head, NULL);
        return;
    }
    struct stat st;
    int fd = -1;
    int status = srv->root_fd >= 0 ? open_file(srv, path, &st, &fd) : 404;
    if (status != 200) {
        put_error(srv, hc, status, req->minor, keep_alive, head, NULL);
        return;
    }
    put_file(srv, hc, req, path, keep_alive, fd, &st);
}

static const struct http_route {
    enum http_method method;
    const char *path; /* NULL: any path */
    http_handler handler;
} routes[] = {
    { HTTP_GET, "", handle_root },
    { HTTP_HEAD, "", handle_root },
    { HTTP_GET, NULL, handle_file },
    { HTTP_HEAD, NULL, handle_file },
};

/* The route of a request, or NULL with the answer already in hc->out: 405
 * for a method no route takes, 400 for a target that is no path, 404 when
 * no route matches. */
static const struct http_route *route(struct http_server *srv, struct http_conn *hc,
                                      const struct http_request *req, int keep_alive)
{
    int head = req->method == HTTP_HEAD;
    int known = 0;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
        known |= routes[i].method == req->method;
    if (!known) {
        put_error(srv, hc, 405, req->minor, keep_alive, 0, "Allow: GET, HEAD\r\n");
        return NULL;
    }
    char path[PATH_MAX];
    if (http_target_to_path(req->target, req->target_len, path, sizeof path) < 0) {
        put_error(srv, hc, 400, req->minor, keep_alive, head, NULL);
        return NULL;
    }
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
        const struct http_route *r = &routes[i];
        if (r->method == req->method && (r->path == NULL || strcmp(r->path, path) == 0))
            return r;
    }
    put_error(srv, hc, 404, req->minor, keep_alive, head, NULL);
    return NULL;
}

/* Over the connection limit: a best-effort 503 and close, never a wait. */
static void refuse(int fd)
{
    static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                               "Connection: close\r\n\r\n";
    ssize_t n = send(fd, busy, sizeof busy - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    (void)n;
    close(fd);
}

/* ---- I/O with deadlines ------------------------------------------- */

/*
 * Every wait of a connection task goes through these three.  Each races
 * its I/O against a sleep; if the sleep wins, the I/O's frame is dropped
 * (its fd interest unregistered) and the result is -ETIMEDOUT.  `idle`
 * marks a wait between requests, which shutdown may cut at once.
 */
/* The connection's bytes, in the clear or through TLS. */
static async ssize_t conn_read(struct http_conn *hc, void *buf, size_t n)
{
#ifdef HTTP_TLS
    if (hc->tls != NULL)
        return await(pn_tls_read(hc->tls, buf, n));
#endif
    return await(pn_read(hc->base.fd, buf, n));
}

static async ssize_t conn_write_all(struct http_conn *hc, const void *buf, size_t n)
{
#ifdef HTTP_TLS
    if (hc->tls != NULL)
        return await(pn_tls_write_all(hc->tls, buf, n));
#endif
    return await(pn_write_all(hc->base.fd, buf, n));
}

static async ssize_t read_by(struct http_conn *hc, void *buf, size_t n, uint64_t timeout_ms,
                             int idle)
{
    ssize_t got = -ETIMEDOUT;
    hc->base.idle = idle;
    pn_race(got = await(conn_read(hc, buf, n)), await(pn_sleep_ms(timeout_ms)));
    hc->base.idle = 0;
    return got;
}

static async int flush_out(struct http_server *srv, struct http_conn *hc)
{
    if (hc->out.oom)
        return -1;
    ssize_t n = -ETIMEDOUT;
    pn_race(n = await(conn_write_all(hc, hc->out.data, hc->out.len)),
            await(pn_sleep_ms(srv->idle_timeout_ms)));
    srv_buf_reset(&hc->out);
    return n < 0 ? -1 : 0;
}

/* A file body through TLS: the file is read with pn_pread (never blocking
 * the thread, even when it is not cached) and written through the stream.
 * The buffer is on the heap, freed on every way out, a drop included: in
 * the frame it would make every connection's frame 16 KiB larger. */
enum { TLS_FILE_CHUNK = 16384 };
static async int send_file_tls(struct http_server *srv, struct http_conn *hc)
{
    pn_autofree char *chunk = malloc(TLS_FILE_CHUNK);
    if (chunk == NULL)
        return -1;
    while (hc->file_left > 0) {
        size_t want = hc->file_left < TLS_FILE_CHUNK ? (size_t)hc->file_left : TLS_FILE_CHUNK;
        ssize_t k = await(pn_pread(hc->file_fd, chunk, want, hc->file_off));
        if (k <= 0)
            return -1; /* a read error, or the file shrank */
        ssize_t w = -ETIMEDOUT;
        pn_race(w = await(conn_write_all(hc, chunk, (size_t)k)),
                await(pn_sleep_ms(srv->idle_timeout_ms)));
        if (w < 0)
            return -1;
        hc->file_off += k;
        hc->file_left -= (uint64_t)k;
    }
    return 0;
}

/* Sends hc's file body with sendfile(2), waiting for room as needed.  0,
 * or -1 when the connection must close. */
static async int send_file(struct http_server *srv, struct http_conn *hc)
{
    int rc = 0;
    if (hc->tls != NULL) {
        rc = await(send_file_tls(srv, hc));
        hc->file_left = 0;
    }
    while (hc->file_left > 0) {
        size_t chunk = hc->file_left > (1u << 20) ? (1u << 20) : (size_t)hc->file_left;
        ssize_t k = sendfile(hc->base.fd, hc->file_fd, &hc->file_off, chunk);
        if (k > 0) {
            hc->file_left -= (uint64_t)k;
            continue;
        }
        if (k == 0) {
            rc = -1; /* the file shrank: the response cannot be completed */
            break;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN) {
            rc = -1;
            break;
        }
        int w = -ETIMEDOUT;
        pn_race(w = await(pn_wait_writable(hc->base.fd)), await(pn_sleep_ms(srv->idle_timeout_ms)));
        if (w < 0) {
            rc = -1;
            break;
        }
    }
    close(hc->file_fd);
    hc->file_fd = -1;
    hc->file_left = 0;
    return rc;
}

/* ---- tasks -------------------------------------------------------- */

static async void serve(struct http_server *srv, struct http_conn *hc)
{
    /* The slot (socket, output buffer, file, TLS session) is released on
     * every way out, a cancel or pn_shutdown included. */
    SRV_CONN_HELD struct srv_conn *held = srv_conn_hold(&hc->base);
    char in[HTTP_IN_SIZE];
    size_t have = 0;        /* bytes in `in` */
    uint64_t discard = 0;   /* body bytes of the last request still to skip */
    uint64_t head_deadline = 0;
    uint64_t body_deadline = 0; /* for the `discard` bytes still to come */
    int open = 1;
    int tls_up = 0; /* the handshake succeeded: close the session properly */

#ifdef HTTP_TLS
    if (srv->tls != NULL) {
        /* The handshake has the time a request head has. */
        int hs = -ETIMEDOUT;
        hc->tls = pn_tls_new(srv->tls, hc->base.fd, NULL);
        if (hc->tls != NULL)
            pn_race(hs = await(pn_tls_handshake(hc->tls)),
                    await(pn_sleep_ms(srv->header_timeout_ms)));
        if (hs < 0)
            open = 0;
        tls_up = hs == 0;
    }
#endif

    while (open) {
        /* Answer every complete request received so far. */
        size_t used = 0;
        while (open && used < have && hc->file_fd < 0) {
            if (discard > 0) {
                size_t take = have - used < discard ? have - used : (size_t)discard;
                used += take;
                discard -= take;
                continue;
            }
            struct http_request req;
            long n = http_parse_request(in + used, have - used, &req);
            if (n == HTTP_NEED_MORE) {
                if (used == 0 && have == sizeof in) {
                    put_error(srv, hc, 431, 1, 0, 0, NULL);
                    open = 0;
                }
                break;
            }
            if (n < 0) {
                put_error(srv, hc, (int)-n, 1, 0, 0, NULL);
                open = 0;
                break;
            }
            used += (size_t)n;
            head_deadline = 0; /* the next head gets a full header timeout */
            int keep = req.keep_alive && !srv->stopping && req.content_length <= HTTP_MAX_DISCARD;
            discard = req.content_length;
            if (discard > 0)
                body_deadline = pn_now_ms() + srv->body_timeout_ms;
            const struct http_route *r = route(srv, hc, &req, keep);
            if (r != NULL)
                await(r->handler(srv, hc, &req, keep));
            if (!keep)
                open = 0;
        }
        memmove(in, in + used, have - used);
        have -= used;

        if (hc->out.len > 0 && await(flush_out(srv, hc)) < 0)
            break;
        if (hc->file_fd >= 0) {
            if (await(send_file(srv, hc)) < 0)
                break;
            continue; /* pipelined requests may wait behind the file */
        }
        if (!open || (srv->stopping && have == 0))
            break;

        /* Wait for more.  A request head has until its deadline, counted
         * from its first byte, and a body until its own, counted from the
         * end of its head; between requests the idle timeout runs. */
        uint64_t now = pn_now_ms();
        int idle = have == 0 && discard == 0;
        if (idle || discard > 0)
            head_deadline = 0;
        else if (head_deadline == 0)
            head_deadline = now + srv->header_timeout_ms;
        uint64_t deadline = discard > 0          ? body_deadline
                            : head_deadline != 0 ? head_deadline
                                                 : now + srv->idle_timeout_ms;
        uint64_t wait_ms = deadline > now ? deadline - now : 0;
        ssize_t got = await(read_by(hc, in + have, sizeof in - have, wait_ms, idle));
        if (got <= 0)
            break;
        have += (size_t)got;
    }
#ifdef HTTP_TLS
    if (tls_up)
        pn_race(await(pn_tls_shutdown(hc->tls)), await(pn_sleep_ms(100))); /* best effort */
#endif
    (void)held;
}

static async void accept_loop(struct http_server *srv)
{
    for (;;) {
        int fd = await(pn_accept(srv->lfd, NULL, NULL));
        if (fd < 0) {
            if (fd == -EMFILE || fd == -ENFILE || fd == -ENOBUFS || fd == -ENOMEM) {
                /* Out of descriptors: let connections close, then go on. */
                await(pn_sleep_ms(50));
                continue;
            }
            fprintf(stderr, "http_server: accept: %s\n", strerror(-fd));
            srv->failed = 1;
            /* Ask the main task to shut down, through the same door a
             * user's Ctrl-C comes in by. */
            kill(getpid(), SIGTERM);
            return;
        }
        srv_tune_socket(fd);
        struct http_conn *hc = (struct http_conn *)srv_conns_open(&srv->conns, fd);
        if (hc == NULL) {
            refuse(fd);
            continue;
        }
        hc->file_fd = -1;
        hc->tls = NULL;
        pn_task *t = pn_spawn(serve(srv, hc));
        if (t != NULL)
            hc->base.task = t;
        else if (hc->base.fd == fd)
            srv_conn_finish(&srv->conns, &hc->base); /* out of memory: drop it */
    }
}

static async int run(struct http_server *srv)
{
    pn_task *acceptor = pn_spawn(accept_loop(srv));

    /* SIGUSR1 dumps every task to stderr (docs/debugging.md); SIGINT or
     * SIGTERM stops the server. */
    struct signalfd_siginfo si;
    ssize_t n = (ssize_t)sizeof si;
    if (srv->sigfd >= 0) {
        while ((n = await(pn_read(srv->sigfd, &si, sizeof si))) == (ssize_t)sizeof si &&
               si.ssi_signo == SIGUSR1)
            pn_dump_tasks(stderr);
        for (unsigned i = 0; i < srv->others; i++)
            pn_sem_release(srv->stop);
    } else {
        await(pn_sem_acquire(srv->stop));
    }

    pn_cancel(acceptor); /* before the close: it waits on the listener */
    close(srv->lfd);
    srv->lfd = -1;
    srv->stopping = 1;
    uint64_t end = pn_now_ms() + srv->grace_ms;
    while (srv->conns.live > 0 && pn_now_ms() < end) {
        srv_conns_cancel_idle(&srv->conns, 0);
        if (srv->conns.live > 0)
            await(pn_sleep_ms(5));
    }
    srv_conns_cancel_idle(&srv->conns, 1);
    return n == (ssize_t)sizeof si && !srv->failed ? 0 : 1;
}

static void usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s [--port N] [--host ADDR] [--root DIR] [--max-conns N]\n"
            "          [--header-timeout-ms N] [--body-timeout-ms N] [--idle-timeout-ms N]\n"
            "          [--grace-ms N] [--busy-poll-us N] [--threads N]\n"
            "          [--tls-cert FILE --tls-key FILE]\n"
            "timeouts: a request head within 10000 ms of its first byte, its body\n"
            "within 30000 ms of the head's end, 60000 ms idle between requests\n",
            argv0);
    exit(2);
}

/* One more copy of the server, on a thread of its own. */
struct http_thread {
    struct http_server srv;
    pthread_t thread;
    uint64_t busy_poll_us;
    int rc;
};

static void *http_thread_main(void *arg)
{
    struct http_thread *t = arg;
    pn_set_busy_poll_us((unsigned)t->busy_poll_us);
    t->rc = pn_block_on(run(&t->srv));
    pn_shutdown();
    return NULL;
}

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    const char *root = NULL;
    const char *tls_cert = NULL, *tls_key = NULL;
    uint64_t port = 8080, max_conns = 10000, backlog = 4096, busy_poll_us = 0, threads = 1;
    struct http_server srv;
    memset(&srv, 0, sizeof srv);
    srv.header_timeout_ms = 10000;
    /* The body is only read to be dropped, 64 KiB at most: 30 s allows
     * a client as slow as 2 KiB/s, and a trickle no more than that. */
    srv.body_timeout_ms = 30000;
    srv.idle_timeout_ms = 60000;
    srv.grace_ms = 5000;
    srv.root_fd = -1;
    for (int i = 1; i < argc; i++) {
        if (srv_opt_u64(argc, argv, &i, "--port", 65535, &port) ||
            srv_opt_str(argc, argv, &i, "--host", &host) ||
            srv_opt_str(argc, argv, &i, "--root", &root) ||
            srv_opt_u64(argc, argv, &i, "--max-conns", 1000000, &max_conns) ||
            srv_opt_u64(argc, argv, &i, "--backlog", 65535, &backlog) ||
            srv_opt_u64(argc, argv, &i, "--header-timeout-ms", 86400000, &srv.header_timeout_ms) ||
            srv_opt_u64(argc, argv, &i, "--body-timeout-ms", 86400000, &srv.body_timeout_ms) ||
            srv_opt_u64(argc, argv, &i, "--idle-timeout-ms", 86400000, &srv.idle_timeout_ms) ||
            srv_opt_u64(argc, argv, &i, "--grace-ms", 86400000, &srv.grace_ms) ||
            srv_opt_u64(argc, argv, &i, "--busy-poll-us", 1000000, &busy_poll_us) ||
            srv_opt_str(argc, argv, &i, "--tls-cert", &tls_cert) ||
            srv_opt_str(argc, argv, &i, "--tls-key", &tls_key) ||
            srv_opt_u64(argc, argv, &i, "--threads", 256, &threads))
            continue;
        usage(argv[0]);
    }
    if (threads == 0 || max_conns == 0 || srv.header_timeout_ms == 0 || srv.body_timeout_ms == 0 ||
        srv.idle_timeout_ms == 0)
        usage(argv[0]);
    pn_set_busy_poll_us((unsigned)busy_poll_us);
    if ((tls_cert != NULL) != (tls_key != NULL))
        usage(argv[0]);
    if (tls_cert != NULL) {
#ifdef HTTP_TLS
        const char *why = NULL;
        srv.tls = pn_tls_server_config(tls_cert, tls_key, &why);
        if (srv.tls == NULL) {
            fprintf(stderr, "http_server: %s: %s\n", tls_cert, why);
            return 1;
        }
#else
        fprintf(stderr, "http_server: this build has no TLS\n");
        return 1;
#endif
    }
    if (root != NULL) {
        srv.root_fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (srv.root_fd < 0) {
            fprintf(stderr, "http_server: %s: %s\n", root, strerror(errno));
            return 1;
        }
    }
    srv.sigfd = srv_signals_open();
    if (srv.sigfd < 0) {
        fprintf(stderr, "http_server: signalfd: %s\n", strerror(-srv.sigfd));
        return 1;
    }
    srv_raise_nofile(max_conns + 64);
    unsigned bound = 0;
    srv.lfd = srv_listen_shared(host, (unsigned)port, (int)backlog, &bound, threads > 1);
    if (srv.lfd < 0) {
        fprintf(stderr, "http_server: listen on %s:%llu: %s\n", host, (unsigned long long)port,
                strerror(-srv.lfd));
        return 1;
    }
    if (srv_conns_init(&srv.conns, (unsigned)max_conns, sizeof(struct http_conn),
                       http_conn_release) < 0) {
        fprintf(stderr, "http_server: out of memory\n");
        return 1;
    }
    /* The other threads: the same server on the same port, each with a
     * listener and a connection table of its own (max_conns each). */
    pn_sem stop;
    pn_sem_init(&stop, 0);
    struct http_thread *more = NULL;
    unsigned started = 0;
    if (threads > 1) {
        more = calloc(threads - 1, sizeof *more);
        if (more == NULL) {
            fprintf(stderr, "http_server: out of memory\n");
            return 1;
        }
    }
    for (unsigned t = 0; t + 1 < threads; t++) {
        struct http_thread *h = &more[t];
        h->srv = srv;
        h->srv.sigfd = -1;
        h->srv.stop = &stop;
        h->busy_poll_us = busy_poll_us;
        unsigned again = 0;
        h->srv.lfd = srv_listen_shared(host, bound, (int)backlog, &again, 1);
        if (h->srv.lfd < 0 ||
            srv_conns_init(&h->srv.conns, (unsigned)max_conns, sizeof(struct http_conn),
                           http_conn_release) < 0 ||
            pthread_create(&h->thread, NULL, http_thread_main, h) != 0) {
            fprintf(stderr, "http_server: cannot start thread %u\n", t + 1);
            return 1;
        }
        started++;
    }
    srv.stop = &stop;
    srv.others = started;
    printf("http_server listening on %s:%u\n", host, bound);
    fflush(stdout);

    int rc = pn_block_on(run(&srv));
    for (unsigned t = 0; t < started; t++) {
        pthread_join(more[t].thread, NULL);
        if (more[t].rc != 0)
            rc = 1;
        srv_conns_fini(&more[t].srv.conns);
        if (more[t].srv.conns.unreleased > 0)
            rc = 1;
        if (more[t].srv.lfd >= 0)
            close(more[t].srv.lfd);
    }
    free(more);

    srv_conns_fini(&srv.conns);
    if (srv.conns.unreleased > 0)
        rc = 1;
    if (srv.lfd >= 0)
        close(srv.lfd);
    close(srv.sigfd);
    if (srv.root_fd >= 0)
        close(srv.root_fd);
    pn_shutdown();
#ifdef HTTP_TLS
    pn_tls_config_free(srv.tls);
#endif
    return rc;
}
