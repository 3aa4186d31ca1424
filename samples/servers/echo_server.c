/*
 * echo_server.c — sends back whatever each client sends, in the async
 * dialect.
 *
 *     echo_server [--port N] [--host ADDR] [--max-conns N] [--idle-timeout-ms N]
 *
 * The smallest complete server: one task per connection that reads into
 * a buffer in its own frame and writes it back (each wait racing
 * --idle-timeout-ms), an acceptor, and a main task that waits for
 * SIGINT/SIGTERM, then cancels everything and exits 0.
 * The buffer lives in the frame across both awaits: the task owns no
 * heap memory, so cancelling it leaves nothing to free but the socket,
 * which the connection table closes.
 */
#include <pinion.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "conns.h"
#include "net.h"

struct echo_server {
    int lfd;
    int sigfd;
    struct srv_conns conns;
    uint64_t idle_timeout_ms;
    int failed;
};

static async void serve(struct echo_server *srv, struct srv_conn *c)
{
    char buf[16384];
    for (;;) {
        /* Each wait races the idle timeout: the sleep winning drops the
         * I/O and leaves the -ETIMEDOUT the variable started with. */
        ssize_t n = -ETIMEDOUT;
        c->idle = 1;
        pn_race(n = await(pn_read(c->fd, buf, sizeof buf)), await(pn_sleep_ms(srv->idle_timeout_ms)));
        c->idle = 0;
        if (n <= 0)
            break;
        ssize_t w = -ETIMEDOUT;
        pn_race(w = await(pn_write_all(c->fd, buf, (size_t)n)),
                await(pn_sleep_ms(srv->idle_timeout_ms)));
        if (w < 0)
            break;
    }
    srv_conn_finish(&srv->conns, c);
}

static async void accept_loop(struct echo_server *srv)
{
    for (;;) {
        int fd = await(pn_accept(srv->lfd, NULL, NULL));
        if (fd < 0) {
            if (fd == -EMFILE || fd == -ENFILE || fd == -ENOBUFS || fd == -ENOMEM) {
                await(pn_sleep_ms(50));
                continue;
            }
            fprintf(stderr, "echo_server: accept: %s\n", strerror(-fd));
            srv->failed = 1;
            kill(getpid(), SIGTERM);
            return;
        }
        srv_tune_socket(fd);
        struct srv_conn *c = srv_conns_open(&srv->conns, fd);
        if (c == NULL) {
            close(fd); /* over the limit */
            continue;
        }
        pn_task *t = pn_spawn(serve(srv, c));
        if (t != NULL)
            c->task = t;
        else if (c->fd == fd)
            srv_conn_finish(&srv->conns, c);
    }
}

static async int run(struct echo_server *srv)
{
    pn_task *acceptor = pn_spawn(accept_loop(srv));

    /* SIGUSR1 dumps every task to stderr (docs/debugging.md); SIGINT or
     * SIGTERM stops the server. */
    struct signalfd_siginfo si;
    ssize_t n;
    while ((n = await(pn_read(srv->sigfd, &si, sizeof si))) == (ssize_t)sizeof si &&
           si.ssi_signo == SIGUSR1)
        pn_dump_tasks(stderr);

    pn_cancel(acceptor);
    srv_conns_cancel_idle(&srv->conns, 1);
    return n == (ssize_t)sizeof si && !srv->failed ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    uint64_t port = 7777, max_conns = 10000;
    struct echo_server srv;
    memset(&srv, 0, sizeof srv);
    srv.idle_timeout_ms = 60000;
    for (int i = 1; i < argc; i++) {
        if (srv_opt_u64(argc, argv, &i, "--port", 65535, &port) ||
            srv_opt_str(argc, argv, &i, "--host", &host) ||
            srv_opt_u64(argc, argv, &i, "--max-conns", 1000000, &max_conns) ||
            srv_opt_u64(argc, argv, &i, "--idle-timeout-ms", 86400000, &srv.idle_timeout_ms))
            continue;
        fprintf(stderr, "usage: %s [--port N] [--host ADDR] [--max-conns N] "
                        "[--idle-timeout-ms N]\n", argv[0]);
        return 2;
    }
    if (max_conns == 0 || srv.idle_timeout_ms == 0) {
        fprintf(stderr, "%s: --max-conns and --idle-timeout-ms must be positive\n", argv[0]);
        return 2;
    }
    srv.sigfd = srv_signals_open();
    if (srv.sigfd < 0) {
        fprintf(stderr, "echo_server: signalfd: %s\n", strerror(-srv.sigfd));
        return 1;
    }
    srv_raise_nofile(max_conns + 64);
    unsigned bound = 0;
    srv.lfd = srv_listen(host, (unsigned)port, 4096, &bound);
    if (srv.lfd < 0) {
        fprintf(stderr, "echo_server: listen on %s:%llu: %s\n", host, (unsigned long long)port,
                strerror(-srv.lfd));
        return 1;
    }
    if (srv_conns_init(&srv.conns, (unsigned)max_conns, sizeof(struct srv_conn), NULL) < 0) {
        fprintf(stderr, "echo_server: out of memory\n");
        return 1;
    }
    printf("echo_server listening on %s:%u\n", host, bound);
    fflush(stdout);

    int rc = pn_block_on(run(&srv));

    srv_conns_fini(&srv.conns);
    close(srv.lfd);
    close(srv.sigfd);
    pn_shutdown();
    return rc;
}
