/*
 * echo_client.c — drives an echo server and checks every byte it gets
 * back, in the async dialect.
 *
 *     echo_client --port N [--host ADDR] [--conns C] [--messages M] [--size S]
 *
 * Opens C connections at once; on each, sends M messages of S bytes and
 * reads back M*S bytes, comparing them with what was sent.  Sending and
 * receiving on a connection run concurrently: a client that wrote
 * everything before reading would deadlock as soon as the data in flight
 * exceeded the socket buffers on both sides (pn_all runs both halves in
 * the connection's task).  Exits 0 only if every
 * connection got exactly its own bytes back.
 */
#include <pinion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"

struct session {
    int id;
    int fd;
    uint64_t sent;
    uint64_t received;
    const char *error; /* NULL while all is well */
};

struct config {
    struct sockaddr_in addr;
    uint64_t messages;
    uint64_t size;
};

/* Byte k of connection `id`'s stream: distinct per connection, so bytes
 * delivered to the wrong connection are caught too. */
static unsigned char pattern(int id, uint64_t k)
{
    return (unsigned char)((uint64_t)id * 131u + k * 7u + k / 251u);
}

static void fill(int id, uint64_t from, unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = pattern(id, from + i);
}

/* The sending half: M messages of S bytes.  Returns the bytes sent or
 * -errno. */
static async int64_t send_messages(struct session *s, const struct config *cfg)
{
    unsigned char msg[65536];
    uint64_t k = 0;
    for (uint64_t m = 0; m < cfg->messages; m++) {
        for (uint64_t off = 0; off < cfg->size;) {
            size_t n = cfg->size - off < sizeof msg ? (size_t)(cfg->size - off) : sizeof msg;
            fill(s->id, k, msg, n);
            ssize_t w = await(pn_write_all(s->fd, msg, n));
            if (w < 0)
                return w;
            k += n;
            off += n;
        }
    }
    s->sent = k;
    return (int64_t)k;
}

/* The receiving half: reads `total` bytes and checks each one. */
static async int recv_and_check(struct session *s, uint64_t total)
{
    unsigned char buf[65536];
    while (s->received < total) {
        size_t want = total - s->received < sizeof buf ? (size_t)(total - s->received)
                                                       : sizeof buf;
        ssize_t n = await(pn_read(s->fd, buf, want));
        if (n <= 0) {
            s->error = n == 0 ? "connection closed early" : strerror((int)-n);
            break;
        }
        for (ssize_t i = 0; i < n && s->error == NULL; i++)
            if (buf[i] != pattern(s->id, s->received + (uint64_t)i))
                s->error = "echoed bytes differ from the bytes sent";
        if (s->error != NULL)
            break;
        s->received += (uint64_t)n;
    }
    if (s->error == NULL)
        return 0;
    /* The sender may be stuck waiting for room the server will never
     * make; shutting the socket down fails its write, so that the pn_all
     * in exchange() can complete. */
    shutdown(s->fd, SHUT_RDWR);
    return -1;
}

/* Both halves at once, inside this task: pn_all polls the sender and the
 * receiver side by side and completes when both have. */
static async int exchange(struct session *s, const struct config *cfg)
{
    int64_t sent = -1;
    int ok = -1;
    pn_all(sent = await(send_messages(s, cfg)),
           ok = await(recv_and_check(s, cfg->messages * cfg->size)));
    if (ok == 0 && sent < 0)
        s->error = "sending failed";
    return ok == 0 && sent >= 0 ? 0 : -1;
}

static async void session(struct session *s, const struct config *cfg)
{
    s->fd = srv_socket();
    if (s->fd < 0) {
        s->error = strerror(-s->fd);
        return;
    }
    int rc = await(pn_connect(s->fd, (const struct sockaddr *)&cfg->addr, sizeof cfg->addr));
    if (rc < 0)
        s->error = strerror(-rc);
    else
        await(exchange(s, cfg));
    close(s->fd);
    s->fd = -1;
}

static async int run(struct session *sessions, uint64_t n, const struct config *cfg)
{
    pn_task **tasks = calloc(n, sizeof(pn_task *));
    if (tasks == NULL)
        return -1;
    for (uint64_t i = 0; i < n; i++)
        tasks[i] = pn_spawn(session(&sessions[i], cfg));
    for (uint64_t i = 0; i < n; i++)
        await(pn_join(tasks[i]));
    free(tasks);
    return 0;
}

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    uint64_t port = 0, conns = 1;
    struct config cfg = {.messages = 100, .size = 1000};
    for (int i = 1; i < argc; i++) {
        if (srv_opt_u64(argc, argv, &i, "--port", 65535, &port) ||
            srv_opt_str(argc, argv, &i, "--host", &host) ||
            srv_opt_u64(argc, argv, &i, "--conns", 100000, &conns) ||
            srv_opt_u64(argc, argv, &i, "--messages", 1000000000, &cfg.messages) ||
            srv_opt_u64(argc, argv, &i, "--size", 1u << 30, &cfg.size))
            continue;
        fprintf(stderr, "usage: %s --port N [--host ADDR] [--conns C] [--messages M] "
                        "[--size S]\n", argv[0]);
        return 2;
    }
    if (port == 0 || conns == 0) {
        fprintf(stderr, "%s: --port and --conns must be positive\n", argv[0]);
        return 2;
    }
    if (srv_resolve(host, (unsigned)port, &cfg.addr) < 0)
        return 1;
    srv_raise_nofile(conns + 64);
    struct session *sessions = calloc(conns, sizeof *sessions);
    if (sessions == NULL)
        return 1;
    for (uint64_t i = 0; i < conns; i++) {
        sessions[i].id = (int)i;
        sessions[i].fd = -1;
    }

    uint64_t t0 = pn_now_ns();
    int rc = pn_block_on(run(sessions, conns, &cfg));
    double secs = (double)(pn_now_ns() - t0) / 1e9;

    uint64_t failed = 0, bytes = 0;
    for (uint64_t i = 0; i < conns; i++) {
        bytes += sessions[i].received;
        if (sessions[i].error != NULL || sessions[i].received != cfg.messages * cfg.size) {
            if (failed++ < 10)
                fprintf(stderr, "echo_client: connection %llu: %s\n", (unsigned long long)i,
                        sessions[i].error ? sessions[i].error : "incomplete");
        }
    }
    printf("echo_client: %llu connections, %llu bytes echoed in %.3f s (%.1f MB/s), %llu failed\n",
           (unsigned long long)conns, (unsigned long long)bytes, secs,
           secs > 0 ? (double)bytes / secs / 1e6 : 0.0, (unsigned long long)failed);
    free(sessions);
    pn_shutdown();
    return rc == 0 && failed == 0 ? 0 : 1;
}
