/*
 * fetch.c — downloads many http:// URLs at once, in the async dialect.
 *
 *     fetch [--concurrency N] [--timeout-ms N] [--deadline-ms N] [--cacert FILE] URL...
 *
 * URLs are http:// or, when built with pinion_tls, https:// (port 443 by
 * default): the certificate is verified against the system's trusted
 * certificates, or those in --cacert FILE, and must name the host.
 * Up to N downloads run at the same time, each as its own task.  Every
 * download has its own time limit (--timeout-ms, counted from its start)
 * and the whole run has one (--deadline-ms, from program start): when a
 * limit passes, the download is abandoned where it stands (connecting,
 * sending or reading), its socket is closed and it is reported as timed
 * out; at the overall deadline every download still running is
 * cancelled and those not yet started are skipped.  For each
 * URL, in the order given, fetch prints the status and body size or what
 * went wrong.  Exits 0 when every URL got a complete response.
 *
 * Structure: one task per download, and the main task, which starts
 * downloads and sleeps on a channel until one reports that it finished.
 * Both time limits are races.  A download races fetch_url against
 * pn_sleep_ms(--timeout-ms): when the sleep wins, fetch_url's frame is
 * dropped wherever it was waiting (its fd interest unregistered) and the
 * download reports "timed out".  The main task races its whole loop
 * against the overall deadline: when that wins, it cancels the downloads
 * still running with pn_cancel.  Nothing a dropped frame held needs
 * freeing: the socket belongs to the job, which closes it.
 */
#include <pinion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "http_parse.h"
#include "net.h"
#ifdef FETCH_TLS
#include <pinion_tls.h>
#endif

enum job_state { JOB_WAITING, JOB_RUNNING, JOB_DONE };

struct job {
    const char *url;
    char *http_url;      /* an https:// URL rewritten as http:// for the parser */
    int https;
    char host[256];
    struct http_url u;
    struct sockaddr_in addr;
    enum job_state state;
    int fd;              /* owned by the job, so that a cancelled task's socket is closed */
    pn_task *task;       /* the download; NULL once joined or cancelled */
    uint64_t started_ms;
    uint64_t elapsed_ms;
    int status;          /* HTTP status, 0 if none */
    uint64_t bytes;      /* body bytes received */
    const char *error;   /* NULL on success */
    char *error_text;    /* an error message made for this job, owned */
#ifdef FETCH_TLS
    pn_tls *tls;         /* owned by the job, like fd */
#endif
};

struct fetcher {
    struct job *jobs;
    size_t njobs;
    size_t next;         /* first job not started */
    size_t running;
    uint64_t concurrency;
    uint64_t timeout_ms;
    uint64_t deadline;   /* absolute, pn_now_ms() */
    pn_chan *finished;   /* indices of jobs that are done */
#ifdef FETCH_TLS
    pn_tls_config *tls;  /* for https:// URLs; NULL when there are none */
#endif
};

static void job_close(struct job *j)
{
#ifdef FETCH_TLS
    pn_tls_free(j->tls);
    j->tls = NULL;
#endif
    if (j->fd >= 0)
        close(j->fd);
    j->fd = -1;
}

/* Marks a job finished.  Returns its index, to send on the channel. */
static size_t job_finish(struct fetcher *f, struct job *j, const char *error)
{
    j->state = JOB_DONE;
    j->error = error;
    j->elapsed_ms = pn_now_ms() - j->started_ms;
    job_close(j);
    return (size_t)(j - f->jobs);
}

/* The connection's bytes, in the clear or through TLS. */
static async ssize_t conn_read(struct job *j, void *buf, size_t n)
{
#ifdef FETCH_TLS
    if (j->tls != NULL)
        return await(pn_tls_read(j->tls, buf, n));
#endif
    return await(pn_read(j->fd, buf, n));
}

static async ssize_t conn_write_all(struct job *j, const void *buf, size_t n)
{
#ifdef FETCH_TLS
    if (j->tls != NULL)
        return await(pn_tls_write_all(j->tls, buf, n));
#endif
    return await(pn_write_all(j->fd, buf, n));
}

/* The request, the response head, then the body by whatever framing the
 * head announced.  Returns NULL or what went wrong. */
static async const char *fetch_url(struct fetcher *f, struct job *j)
{
    char buf[16384];
    struct srv_buf req = {0};
    j->fd = srv_socket();
    if (j->fd < 0)
        return "cannot create a socket";
    int rc = await(pn_connect(j->fd, (const struct sockaddr *)&j->addr, sizeof j->addr));
    if (rc < 0)
        return strerror(-rc);
#ifdef FETCH_TLS
    if (j->https) {
        j->tls = pn_tls_new(f->tls, j->fd, j->host);
        if (j->tls == NULL)
            return "out of memory";
        rc = await(pn_tls_handshake(j->tls));
        if (rc < 0) {
            snprintf(buf, sizeof buf, "TLS handshake failed: %s", pn_tls_error(j->tls));
            j->error_text = strdup(buf);
            return j->error_text != NULL ? j->error_text : "TLS handshake failed";
        }
    }
#else
    (void)f;
#endif

    srv_buf_puts(&req, "GET ");
    srv_buf_append(&req, j->u.path, j->u.path_len);
    srv_buf_puts(&req, " HTTP/1.1\r\nHost: ");
    srv_buf_append(&req, j->u.host, j->u.host_len);
    if (j->u.port != (j->https ? 443u : 80u)) {
        srv_buf_putc(&req, ':');
        srv_buf_put_u64(&req, j->u.port);
    }
    srv_buf_puts(&req, "\r\nUser-Agent: pinion-fetch\r\nAccept: */*\r\nConnection: close\r\n\r\n");
    if (req.oom) {
        srv_buf_free(&req);
        return "out of memory";
    }
    /* The request is copied into the frame's buffer so that no heap
     * memory is held across an await: a cancelled task cannot free it. */
    size_t len = req.len < sizeof buf ? req.len : sizeof buf;
    memcpy(buf, req.data, len);
    srv_buf_free(&req);
    if (len == sizeof buf)
        return "URL too long";
    if (await(conn_write_all(j, buf, len)) < 0)
        return "cannot send the request";

    size_t have = 0;
    struct http_response res;
    long head = HTTP_NEED_MORE;
    while (head == HTTP_NEED_MORE) {
        if (have == sizeof buf)
            return "response head too large";
        ssize_t n = await(conn_read(j, buf + have, sizeof buf - have));
        if (n <= 0)
            return n == 0 ? "connection closed before the response" : strerror((int)-n);
        have += (size_t)n;
        head = http_parse_response(buf, have, 0, &res);
    }
    if (head < 0)
        return "malformed response";
    j->status = res.status;

    struct http_chunked chunked;
    http_chunked_init(&chunked);
    int done = 0;
    size_t at = (size_t)head;
    for (;;) {
        size_t avail = have - at;
        if (res.chunked) {
            uint64_t payload = 0;
            if (http_chunked_feed(&chunked, buf + at, avail, &payload, &done) < 0)
                return "malformed chunked body";
            j->bytes += payload;
        } else {
            j->bytes += avail;
            done = res.has_length && j->bytes >= res.content_length;
        }
        if (done)
            break;
        at = 0;
        ssize_t n = await(conn_read(j, buf, sizeof buf));
        if (n < 0)
            return strerror((int)-n);
        if (n == 0) {
            if (res.chunked || res.has_length)
                return "connection closed before the end of the body";
            break; /* the body ran to the end of the connection */
        }
        have = (size_t)n;
    }
    if (res.has_length && j->bytes != res.content_length)
        return "body longer than its Content-Length";
    return NULL;
}

static async void download(struct fetcher *f, struct job *j)
{
    const char *error = "timed out";
    pn_race(error = await(fetch_url(f, j)), await(pn_sleep_ms(f->timeout_ms)));
    size_t index = job_finish(f, j, error);
    await(pn_chan_send(f->finished, &index));
}

static void start_more(struct fetcher *f)
{
    while (f->running < f->concurrency && f->next < f->njobs && pn_now_ms() < f->deadline) {
        struct job *j = &f->jobs[f->next++];
        if (j->state == JOB_DONE)
            continue; /* a bad URL, reported already */
        j->state = JOB_RUNNING;
        j->started_ms = pn_now_ms();
        f->running++;
        j->task = pn_spawn(download(f, j));
    }
}

/* Starts downloads as others finish, until none is left running. */
static async void run_all(struct fetcher *f)
{
    start_more(f);
    while (f->running > 0) {
        size_t index = 0;
        if (await(pn_chan_recv(f->finished, &index)) < 0)
            break;
        struct job *j = &f->jobs[index];
        /* The handle goes to the join before it is awaited: if the
         * deadline drops this frame mid-join, the join releases it. */
        pn_task *t = j->task;
        j->task = NULL;
        await(pn_join(t)); /* it has finished: this only frees the handle */
        f->running--;
        start_more(f);
    }
}

/* Runs the downloads for at most `left_ms`, then cancels what is still
 * running. */
static async void run(struct fetcher *f, uint64_t left_ms)
{
    if (pn_race(await(run_all(f)), await(pn_sleep_ms(left_ms))) == 1) {
        for (size_t i = 0; i < f->njobs; i++) {
            struct job *j = &f->jobs[i];
            if (j->state != JOB_RUNNING)
                continue;
            pn_cancel(j->task); /* drops its frame: nothing of it runs again */
            j->task = NULL;
            job_finish(f, j, "cancelled at the deadline");
        }
    }
    for (size_t i = 0; i < f->njobs; i++) {
        struct job *j = &f->jobs[i];
        pn_cancel(j->task); /* finished, not yet joined: give the handle up */
        j->task = NULL;
        if (j->state == JOB_WAITING)
            j->error = "not started before the deadline";
    }
}

int main(int argc, char **argv)
{
    struct fetcher f;
    memset(&f, 0, sizeof f);
    f.concurrency = 16;
    f.timeout_ms = 10000;
    uint64_t deadline_ms = 60000;
    const char *cacert = NULL;
    int first_url = argc;
    for (int i = 1; i < argc; i++) {
        if (srv_opt_u64(argc, argv, &i, "--concurrency", 100000, &f.concurrency) ||
            srv_opt_u64(argc, argv, &i, "--timeout-ms", 86400000, &f.timeout_ms) ||
            srv_opt_u64(argc, argv, &i, "--deadline-ms", 86400000, &deadline_ms) ||
            srv_opt_str(argc, argv, &i, "--cacert", &cacert))
            continue;
        if (argv[i][0] == '-') {
            fprintf(stderr, "usage: %s [--concurrency N] [--timeout-ms N] [--deadline-ms N] "
                            "[--cacert FILE] URL...\n", argv[0]);
            return 2;
        }
        first_url = i;
        break;
    }
    if (first_url >= argc || f.concurrency == 0) {
        fprintf(stderr, "%s: no URL given\n", argv[0]);
        return 2;
    }
    f.njobs = (size_t)(argc - first_url);
    f.jobs = calloc(f.njobs, sizeof *f.jobs);
    f.finished = pn_chan_new(sizeof(size_t), f.njobs);
    if (f.jobs == NULL || f.finished == NULL)
        return 1;
    srv_raise_nofile(f.concurrency + 64);
    f.deadline = pn_now_ms() + deadline_ms;

    for (size_t i = 0; i < f.njobs; i++) {
        struct job *j = &f.jobs[i];
        j->url = argv[first_url + (int)i];
        j->fd = -1;
        const char *parse = j->url;
        if (strncmp(j->url, "https://", 8) == 0) {
            /* The parser knows http:// only: hand it the same URL so. */
            j->https = 1;
            j->http_url = malloc(strlen(j->url));
            if (j->http_url == NULL)
                return 1;
            memcpy(j->http_url, "http://", 7);
            strcpy(j->http_url + 7, j->url + 8);
            parse = j->http_url;
        }
        if (http_parse_url(parse, &j->u) < 0) {
            j->state = JOB_DONE;
            j->error = "not an http:// or https:// URL";
            continue;
        }
        if (j->https && j->u.host[j->u.host_len] != ':')
            j->u.port = 443; /* no explicit port */
        if (j->u.host_len >= sizeof j->host) {
            j->state = JOB_DONE;
            j->error = "host name too long";
            continue;
        }
        memcpy(j->host, j->u.host, j->u.host_len);
        j->host[j->u.host_len] = '\0';
        if (j->https) {
#ifdef FETCH_TLS
            const char *why = NULL;
            if (f.tls == NULL && (f.tls = pn_tls_client_config(cacert, &why)) == NULL) {
                fprintf(stderr, "%s: %s\n", argv[0], why);
                return 1;
            }
#else
            j->state = JOB_DONE;
            j->error = "https:// needs a build with TLS";
            continue;
#endif
        }
        if (srv_resolve(j->host, j->u.port, &j->addr) < 0) {
            j->state = JOB_DONE;
            j->error = "cannot resolve the host";
        }
    }

    uint64_t now = pn_now_ms();
    pn_block_on(run(&f, f.deadline > now ? f.deadline - now : 0));

    int ok = 1;
    for (size_t i = 0; i < f.njobs; i++) {
        struct job *j = &f.jobs[i];
        if (j->error == NULL)
            printf("%s: status %d, %llu bytes, %llu ms\n", j->url, j->status,
                   (unsigned long long)j->bytes, (unsigned long long)j->elapsed_ms);
        else
            printf("%s: %s after %llu ms\n", j->url, j->error, (unsigned long long)j->elapsed_ms);
        ok &= j->error == NULL;
        job_close(j);
        free(j->error_text);
        free(j->http_url);
    }
    pn_chan_free(f.finished);
    free(f.jobs);
#ifdef FETCH_TLS
    pn_tls_config_free(f.tls);
#endif
    pn_shutdown();
    return ok ? 0 : 1;
}
