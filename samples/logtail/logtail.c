/*
 * logtail.c — follows a log file and keeps a timestamped copy of it,
 * optionally forwarding every line to a TCP collector; stops cleanly on
 * SIGINT or SIGTERM.  The operating-system services in one program:
 *
 *     logtail [--interval-ms N] [--forward HOST:PORT] INPUT OUTPUT
 *
 *   - the input is opened with pn_open and read with pn_pread (regular
 *     files: never blocking the thread, the pool when the disk is needed),
 *     from its end as it was at start (like tail -f -n 0), checked every
 *     --interval-ms (100) on a fixed schedule (pn_sleep_until_ms);
 *   - each complete line is appended to OUTPUT ("[ms since start] line")
 *     with pn_pwrite, and OUTPUT is synced (pn_fsync) at most once per
 *     second and at the end;
 *   - with --forward, HOST is resolved with pn_getaddrinfo and every line
 *     is also written to that TCP connection (pn_connect, pn_write_all);
 *   - a third task waits for SIGINT or SIGTERM (pn_signal_wait), and on
 *     either the follower is cancelled (wherever it waits: a sleep, a
 *     read or write in the pool), what was copied is synced, and logtail
 *     prints "logtail: N lines" and exits 0.
 *
 * Lines longer than 4096 bytes are cut there.  A file that shrinks
 * (truncated, rotated in place) is followed from its new end.
 */
#include <pinion.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE_MAX_BYTES 4096

struct tail {
    int in, out, sock;  /* sock -1 without --forward */
    off_t in_off;       /* next byte of the input to read */
    off_t out_off;      /* end of the output */
    uint64_t interval_ms;
    uint64_t start_ms, synced_ms;
    long lines;
    size_t have;        /* bytes of an unfinished line in `line` */
    char line[LINE_MAX_BYTES];
    int error;          /* a negative errno value that ended the follower */
};

/* Appends one finished line (without its newline) to the output, and to
 * the collector. */
static async int emit(struct tail *t, const char *text, size_t len)
{
    char rec[LINE_MAX_BYTES + 32];
    int head = snprintf(rec, sizeof rec, "[%llu] ",
                        (unsigned long long)(pn_now_ms() - t->start_ms));
    memcpy(rec + head, text, len);
    size_t n = (size_t)head + len;
    rec[n++] = '\n';
    for (size_t done = 0; done < n;) {
        ssize_t k = await(pn_pwrite(t->out, rec + done, n - done, t->out_off));
        if (k < 0)
            return (int)k;
        done += (size_t)k;
        t->out_off += k;
    }
    if (t->sock >= 0 && await(pn_write_all(t->sock, rec, n)) < 0) {
        close(t->sock); /* the collector went away: keep the file going */
        t->sock = -1;
    }
    t->lines++;
    return 0;
}

/* Reads what was appended since the last look and emits its lines. */
static async int drain(struct tail *t)
{
    char buf[16384];
    for (;;) {
        struct stat st;
        if (fstat(t->in, &st) == 0 && st.st_size < t->in_off)
            t->in_off = st.st_size; /* truncated: follow from the new end */
        ssize_t k = await(pn_pread(t->in, buf, sizeof buf, t->in_off));
        if (k <= 0)
            return (int)k;
        t->in_off += k;
        for (ssize_t i = 0; i < k; i++) {
            if (buf[i] != '\n') {
                if (t->have < sizeof t->line)
                    t->line[t->have++] = buf[i];
                continue;
            }
            int rc = await(emit(t, t->line, t->have));
            t->have = 0;
            if (rc < 0)
                return rc;
        }
    }
}

static async void follow(struct tail *t)
{
    uint64_t next = pn_now_ms();
    for (;;) {
        int rc = await(drain(t));
        if (rc < 0) {
            t->error = rc;
            return;
        }
        if (pn_now_ms() - t->synced_ms >= 1000) {
            await(pn_fsync(t->out));
            t->synced_ms = pn_now_ms();
        }
        next += t->interval_ms;
        await(pn_sleep_until_ms(next)); /* a fixed schedule: no drift */
    }
}

/* Resolves HOST:PORT and connects; the socket or a negative value. */
static async int dial(const char *spec)
{
    char host[256];
    const char *colon = strrchr(spec, ':');
    if (colon == NULL || (size_t)(colon - spec) >= sizeof host)
        return -EINVAL;
    memcpy(host, spec, (size_t)(colon - spec));
    host[colon - spec] = '\0';
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int gai = await(pn_getaddrinfo(host, colon + 1, &hints, &res));
    if (gai != 0) {
        fprintf(stderr, "logtail: %s: %s\n", host, gai_strerror(gai));
        return -ENOENT;
    }
    int fd = -ECONNREFUSED;
    for (struct addrinfo *a = res; a != NULL; a = a->ai_next) {
        int s = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                       a->ai_protocol);
        if (s < 0)
            continue;
        /* The list is ours until freeaddrinfo, so it may live across this
         * await; only a cancelled dial would leave it, and none is. */
        if (await(pn_connect(s, a->ai_addr, a->ai_addrlen)) == 0) {
            fd = s;
            break;
        }
        close(s);
    }
    freeaddrinfo(res);
    return fd;
}

static async int stop_signal(void)
{
    int got = 0;
    pn_race(got = await(pn_signal_wait(SIGINT)), got = await(pn_signal_wait(SIGTERM)));
    return got;
}

static async int run(struct tail *t, const char *forward)
{
    if (forward != NULL) {
        t->sock = await(dial(forward));
        if (t->sock < 0) {
            fprintf(stderr, "logtail: cannot reach %s\n", forward);
            return 1;
        }
    }
    printf("logtail: following\n");
    fflush(stdout);
    int which = pn_race(await(follow(t)), await(stop_signal()));
    if (which == 0 && t->error < 0)
        fprintf(stderr, "logtail: %s\n", strerror(-t->error));
    /* The follower is dropped wherever it was; what it wrote is kept. */
    int rc = await(pn_fsync(t->out));
    printf("logtail: %ld lines\n", t->lines);
    return rc == 0 && t->error == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    struct tail *t = calloc(1, sizeof *t);
    const char *forward = NULL;
    t->interval_ms = 100;
    t->sock = -1;
    int i = 1;
    for (; i < argc - 2; i++) {
        if (strcmp(argv[i], "--interval-ms") == 0 && i + 1 < argc - 2)
            t->interval_ms = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--forward") == 0 && i + 1 < argc - 2)
            forward = argv[++i];
        else
            break;
    }
    if (i != argc - 2 || t->interval_ms == 0) {
        fprintf(stderr, "usage: %s [--interval-ms N] [--forward HOST:PORT] INPUT OUTPUT\n",
                argv[0]);
        return 2;
    }
    /* Before any thread exists (the blocking pool's start on first use),
     * so that no thread takes these signals through their default action. */
    signal(SIGPIPE, SIG_IGN);
    if (pn_signal_watch(SIGINT) < 0 || pn_signal_watch(SIGTERM) < 0)
        return 1;
    t->in = open(argv[i], O_RDONLY | O_CLOEXEC);
    t->out = open(argv[i + 1], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (t->in < 0 || t->out < 0) {
        perror("logtail: open");
        return 1;
    }
    struct stat st;
    t->in_off = fstat(t->in, &st) == 0 ? st.st_size : 0;
    t->out_off = fstat(t->out, &st) == 0 ? st.st_size : 0;
    t->start_ms = t->synced_ms = pn_now_ms();
    int rc = pn_block_on(run(t, forward));
    close(t->in);
    close(t->out);
    if (t->sock >= 0)
        close(t->sock);
    free(t);
    pn_shutdown();
    return rc;
}
