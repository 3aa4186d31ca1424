/*
 * probe.c — a raw TCP client for the live server tests (live.sh).
 *
 * curl and redis-cli only speak their protocols correctly; the tests
 * also need to misbehave on purpose: send malformed bytes, stop halfway
 * through a request, vanish with a reset, hold thousands of connections
 * open.  Every operation has a hard time limit, so a server that hangs
 * makes the test fail instead of hanging with it.
 *
 *   probe request PORT TIMEOUT_MS     send stdin, print everything the server
 *                                     sends until it closes; stderr gets
 *                                     "closed after N ms"; exit 3 if it had
 *                                     not closed within TIMEOUT_MS
 *   probe abort PORT                  send stdin, then reset the connection
 *   probe dribble PORT MS TIMEOUT_MS [FIRST]
 *                                     send stdin one byte every MS milliseconds
 *                                     (its first FIRST bytes at once) until the
 *                                     server closes; as request
 *   probe stall PORT HOLD_MS          send stdin, then read nothing for HOLD_MS
 *   probe hold PORT N                 open N connections, print "held N",
 *                                     keep them until stdin reaches EOF
 *   probe listen                      a listener that accepts nothing: print
 *                                     its port, keep it until stdin EOF
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int dial(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static size_t read_stdin(char *buf, size_t cap)
{
    size_t n = 0;
    for (;;) {
        ssize_t k = read(0, buf + n, cap - n);
        if (k <= 0 || (n += (size_t)k) == cap)
            return n;
    }
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int cmd_request(int port, long long timeout_ms)
{
    static char req[1 << 20];
    size_t n = read_stdin(req, sizeof req);
    int fd = dial(port);
    if (fd < 0) {
        perror("probe: connect");
        return 1;
    }
    long long start = now_ms();
    if (send_all(fd, req, n) < 0)
        fprintf(stderr, "probe: send failed: %s\n", strerror(errno));
    char buf[65536];
    for (;;) {
        long long left = start + timeout_ms - now_ms();
        if (left <= 0) {
            fprintf(stderr, "probe: still open after %lld ms\n", timeout_ms);
            close(fd);
            return 3;
        }
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, (int)left) <= 0)
            continue;
        ssize_t k = read(fd, buf, sizeof buf);
        if (k <= 0)
            break; /* EOF or reset: the server closed */
        fwrite(buf, 1, (size_t)k, stdout);
    }
    fflush(stdout);
    fprintf(stderr, "closed after %lld ms\n", now_ms() - start);
    close(fd);
    return 0;
}

static int cmd_abort(int port)
{
    static char req[1 << 16];
    size_t n = read_stdin(req, sizeof req);
    int fd = dial(port);
    if (fd < 0) {
        perror("probe: connect");
        return 1;
    }
    if (send_all(fd, req, n) < 0)
        perror("probe: send");
    /* A zero linger turns close into a reset: the peer vanishes. */
    struct linger lg = {.l_onoff = 1, .l_linger = 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(fd);
    return 0;
}

/* True once the peer closed or reset the connection (a read that would
 * block means it is still there). */
static int peer_gone(int fd)
{
    char c[4096];
    for (;;) {
        ssize_t k = recv(fd, c, sizeof c, MSG_DONTWAIT);
        if (k > 0)
            continue; /* discard what it sent */
        if (k == 0)
            return 1;
        return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
    }
}

static int cmd_dribble(int port, long long interval_ms, long long timeout_ms, size_t first)
{
    static char req[1 << 16];
    size_t n = read_stdin(req, sizeof req);
    int fd = dial(port);
    if (fd < 0) {
        perror("probe: connect");
        return 1;
    }
    long long start = now_ms();
    if (first > n)
        first = n;
    if (send_all(fd, req, first) < 0)
        perror("probe: send");
    for (size_t i = first;; i++) {
        if (peer_gone(fd) || (i < n && send(fd, req + i, 1, MSG_NOSIGNAL) < 0)) {
            fprintf(stderr, "closed after %lld ms\n", now_ms() - start);
            close(fd);
            return 0;
        }
        if (now_ms() - start > timeout_ms) {
            fprintf(stderr, "probe: still open after %lld ms\n", timeout_ms);
            close(fd);
            return 3;
        }
        struct timespec ts = {.tv_sec = 0, .tv_nsec = interval_ms * 1000000L};
        nanosleep(&ts, NULL);
    }
}

/* A client that asks and then never reads the answer. */
static int cmd_stall(int port, long long hold_ms)
{
    static char req[1 << 16];
    size_t n = read_stdin(req, sizeof req);
    int fd = dial(port);
    if (fd < 0) {
        perror("probe: connect");
        return 1;
    }
    int small = 4096; /* a small window, so the server's writes fill up soon */
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    if (send_all(fd, req, n) < 0)
        perror("probe: send");
    struct timespec ts = {.tv_sec = hold_ms / 1000, .tv_nsec = (hold_ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    close(fd);
    return 0;
}

static void raise_nofile(rlim_t want)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < want) {
        rl.rlim_cur = want < rl.rlim_max ? want : rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static void wait_stdin_eof(void)
{
    char c[256];
    while (read(0, c, sizeof c) > 0) {
    }
}

static int cmd_hold(int port, int count)
{
    raise_nofile((rlim_t)count + 64);
    int *fds = calloc((size_t)count, sizeof *fds);
    if (fds == NULL)
        return 1;
    for (int i = 0; i < count; i++) {
        fds[i] = dial(port);
        if (fds[i] < 0) {
            fprintf(stderr, "probe: connection %d: %s\n", i, strerror(errno));
            return 1;
        }
    }
    printf("held %d\n", count);
    fflush(stdout);
    wait_stdin_eof();
    for (int i = 0; i < count; i++)
        close(fds[i]);
    free(fds);
    return 0;
}

static int cmd_listen(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sa;
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 64) < 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
        perror("probe: listen");
        return 1;
    }
    printf("%d\n", ntohs(sa.sin_port));
    fflush(stdout);
    wait_stdin_eof();
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "request") == 0)
        return cmd_request(atoi(argv[2]), atoll(argv[3]));
    if (argc == 3 && strcmp(argv[1], "abort") == 0)
        return cmd_abort(atoi(argv[2]));
    if ((argc == 5 || argc == 6) && strcmp(argv[1], "dribble") == 0)
        return cmd_dribble(atoi(argv[2]), atoll(argv[3]), atoll(argv[4]),
                           argc == 6 ? (size_t)atoll(argv[5]) : 0);
    if (argc == 4 && strcmp(argv[1], "stall") == 0)
        return cmd_stall(atoi(argv[2]), atoll(argv[3]));
    if (argc == 4 && strcmp(argv[1], "hold") == 0)
        return cmd_hold(atoi(argv[2]), atoi(argv[3]));
    if (argc == 2 && strcmp(argv[1], "listen") == 0)
        return cmd_listen();
    fprintf(stderr, "usage: probe request PORT TIMEOUT_MS | abort PORT |\n"
                    "             dribble PORT MS TIMEOUT_MS [FIRST] |\n"
                    "             stall PORT HOLD_MS | hold PORT N | listen\n");
    return 2;
}
