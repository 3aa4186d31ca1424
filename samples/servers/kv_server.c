/*
 * kv_server.c — a key-value server speaking RESP, in the async dialect.
 *
 *     kv_server [--port N] [--host ADDR] [--max-conns N] [--idle-timeout-ms N]
 *               [--max-query-buffer N] [--max-clients-memory N]
 *               [--grace-ms N] [--busy-poll-us N] [--threads N]
 *
 * Works with redis-cli and redis-benchmark: PING, ECHO, SET (EX/PX/NX/XX),
 * GET, DEL, EXISTS, INCR, EXPIRE, TTL and a few more (kv_cmd.h).  Clients
 * may pipeline: every command that has arrived is executed and the
 * replies leave in one write.  A protocol error gets Redis' error reply
 * and the connection is closed, as Redis does; nothing a client sends can
 * crash the server.
 *
 * Memory a client can make us hold.  A connection may buffer at most
 * --max-query-buffer bytes (64 MiB) of commands not yet complete; past
 * that it is closed without a reply, as Redis closes a client over its
 * client-query-buffer-limit.  A bulk string whose announced length is
 * over that limit could never fit, so it is refused as soon as the length
 * arrives, with the reply Redis gives for one over proto-max-bulk-len
 * ("-ERR Protocol error: invalid bulk length").  Redis' 1 GiB default is
 * sized for replication streams and 512 MB values; 64 MiB admits any
 * value up to that size and lets 16 clients at the limit fit in the
 * total.  The total, the input buffers of all connections together (as
 * allocated), is capped by --max-clients-memory (1 GiB; 0: no cap): a
 * read that needs more evicts the connections holding the most, largest
 * first, as Redis' maxmemory-clients does, the reader itself included
 * when it is the largest.  Evicted clients get no reply either.
 *
 * Tasks: one per connection, the acceptor, the expiry sweeper (which
 * removes keys nobody reads after their time is up) and the main task,
 * which waits for SIGINT or SIGTERM and then shuts down as http_server
 * does.  A connection idle for longer than --idle-timeout-ms (off by
 * default, as in Redis) is closed: its reads race a sleep.
 *
 * Every core: --threads N runs N copies of the connection side, shared
 * nothing but the store, one per thread, each with a single-thread
 * runtime, its own listener on the same port (SO_REUSEPORT: the kernel
 * spreads the connections) and its own connection table (--max-conns and
 * --max-clients-memory apply to each).  The one store is guarded by a
 * mutex, taken once per batch of received commands (every command that
 * has arrived on a connection runs under one lock; none awaits), so
 * commands stay atomic and a key set on one connection is seen by every
 * other at once.  The first thread reads the signals, sweeps expired
 * keys, and passes the shutdown on through a pn_sem.
 *
 * Busy polling.  A client with many connections sends to them in turn,
 * so the next request often arrives a few microseconds after the loop
 * ran out of work.  Sleeping in epoll_wait for such a gap is dear on a
 * virtual machine whose idle vCPUs halt at once: the client's send must
 * then wake the halted vCPU with an interrupt from its own, and that
 * cost is paid inside the client's send, which slows down a client that
 * is the bottleneck.  So the executor keeps looking for work for
 * --busy-poll-us (default 20) before it sleeps (pn_set_busy_poll_us).
 * The price is at most that much CPU per idle period; 0 turns it off.
 */
#include <pinion.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "conns.h"
#include "kv_cmd.h"
#include "kv_store.h"
#include "net.h"
#include "resp.h"

#define KV_READ_CHUNK 16384
/* Replies are flushed once this much is queued, so a long pipeline of
 * large GETs does not buffer without bound. */
#define KV_OUT_FLUSH (256 * 1024)
#define KV_MAX_QUERY (64u * 1024 * 1024)
#define KV_MAX_CLIENTS_MEMORY (1024u * 1024 * 1024)
/* An input buffer grown past this for a large command is freed once the
 * command has run, rather than held for the life of the connection. */
#define KV_KEEP_IN (4 * KV_READ_CHUNK)
#define KV_SWEEP_MS 100
#define KV_SWEEP_BUCKETS 256
#define KV_BUSY_POLL_US 20

struct kv_conn {
    struct srv_conn base; /* first: the table's part */
    struct srv_buf in;    /* received, not yet executed */
    struct srv_buf out;   /* replies not yet written */
    struct resp_cmd cmd;  /* argument vector, reused */
    size_t *clients_mem;  /* the server's total of counted bytes */
    size_t counted;       /* what this connection adds to it: in.cap */
};

struct kv_server {
    int lfd;
    int sigfd;
    struct srv_conns conns;
    struct kv_store *store;
    pthread_mutex_t *store_lock; /* --threads > 1: the store is shared */
    pn_sem *stop;                /* --threads: the first thread's shutdown, passed on */
    unsigned others;             /* the first thread: how many to pass it to */
    uint64_t idle_timeout_ms; /* 0: never */
    uint64_t max_query;       /* bytes of unfinished commands per connection */
    uint64_t max_clients_mem; /* input buffers of all connections; 0: no cap */
    size_t clients_mem;       /* their allocated size now */
    uint64_t grace_ms;
    int stopping;
    int failed;
};

static void kv_conn_release(struct srv_conn *c)
{
    struct kv_conn *kc = (struct kv_conn *)c;
    *kc->clients_mem -= kc->counted;
    kc->counted = 0;
    srv_buf_free(&kc->in);
    srv_buf_free(&kc->out);
    resp_cmd_free(&kc->cmd);
}

static void refuse(int fd)
{
    static const char busy[] = "-ERR max number of clients reached\r\n";
    ssize_t n = send(fd, busy, sizeof busy - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    (void)n;
    close(fd);
}

/* Executes the complete commands at the front of kc->in, appending the
 * replies to kc->out.  Returns 1 to keep the connection, 0 to close it
 * after the replies are written; *more says commands are left over
 * because the output reached KV_OUT_FLUSH. */
static int execute_received(struct kv_server *srv, struct kv_conn *kc, int *more)
{
    size_t used = 0;
    int keep = 1;
    uint64_t now = pn_now_ms();
    *more = 0;
    if (srv->store_lock != NULL)
        pthread_mutex_lock(srv->store_lock);
    while (used < kc->in.len) {
        if (kc->out.len >= KV_OUT_FLUSH) {
            *more = 1;
            break;
        }
        const char *err = NULL;
        long n = resp_parse(kc->in.data + used, kc->in.len - used, &kc->cmd, &err);
        if (n == RESP_NEED_MORE)
            break;
        if (n < 0) {
            resp_put_error(&kc->out, n == RESP_NOMEM ? "ERR out of memory" : err);
            keep = 0;
            break;
        }
        used += (size_t)n;
        if (kc->cmd.argc == 0)
            continue; /* an empty inline line */
        if (kv_execute(srv->store, kc->cmd.argv, kc->cmd.argc, now, &kc->out) == KV_CLOSE) {
            keep = 0;
            break;
        }
    }
    if (srv->store_lock != NULL)
        pthread_mutex_unlock(srv->store_lock);
    srv_buf_consume(&kc->in, used);
    if (kc->in.len > srv->max_query) {
        fprintf(stderr, "kv_server: closing a client whose unfinished command passed %llu bytes"
                        " (--max-query-buffer)\n", (unsigned long long)srv->max_query);
        keep = 0;
    }
    if (kc->in.len == 0 && kc->in.cap > KV_KEEP_IN)
        srv_buf_free(&kc->in);
    return keep;
}

/* Brings the server's total up to date with kc's input buffer. */
static void count_input(struct kv_server *srv, struct kv_conn *kc)
{
    srv->clients_mem = srv->clients_mem - kc->counted + kc->in.cap;
    kc->counted = kc->in.cap;
}

/* Over --max-clients-memory: evicts the connections whose input buffers
 * are largest until the total fits.  Returns 1 when `self` (which is
 * running, and cannot be cancelled) is among them and must close. */
static int evict_over_limit(struct kv_server *srv, struct kv_conn *self)
{
    int self_out = 0;
    while (srv->max_clients_mem != 0 &&
           srv->clients_mem - (self_out ? self->counted : 0) > srv->max_clients_mem) {
        struct kv_conn *big = NULL;
        for (unsigned i = 0; i < srv->conns.high; i++) {
            struct kv_conn *kc = (struct kv_conn *)srv_conns_at(&srv->conns, i);
            if (kc != NULL && !(kc == self && self_out) &&
                (big == NULL || kc->counted > big->counted))
                big = kc;
        }
        if (big == NULL || big->counted == 0)
            break;
        fprintf(stderr, "kv_server: evicting a client holding %zu bytes (--max-clients-memory)\n",
                big->counted);
        if (big == self)
            self_out = 1;
        else
            srv_conn_cancel(&srv->conns, &big->base);
    }
    return self_out;
}

/*
 * The connection's waits.  With an idle timeout each races its I/O
 * against a sleep; the sleep winning drops the I/O and gives -ETIMEDOUT,
 * which ends the connection like any other error.
 */
static async ssize_t read_by(struct srv_conn *c, void *buf, size_t n, uint64_t timeout_ms, int idle)
{
    ssize_t got = -ETIMEDOUT;
    c->idle = idle;
    if (timeout_ms == 0)
        got = await(pn_read(c->fd, buf, n));
    else
        pn_race(got = await(pn_read(c->fd, buf, n)), await(pn_sleep_ms(timeout_ms)));
    c->idle = 0;
    return got;
}

static async int flush_out(struct kv_server *srv, struct kv_conn *kc)
{
    if (kc->out.oom)
        return -1;
    ssize_t n = -ETIMEDOUT;
    if (srv->idle_timeout_ms == 0)
        n = await(pn_write_all(kc->base.fd, kc->out.data, kc->out.len));
    else
        pn_race(n = await(pn_write_all(kc->base.fd, kc->out.data, kc->out.len)),
                await(pn_sleep_ms(srv->idle_timeout_ms)));
    srv_buf_reset(&kc->out);
    return n < 0 ? -1 : 0;
}

static async void serve(struct kv_server *srv, struct kv_conn *kc)
{
    /* The slot (socket, buffers) is released on every way out, a cancel
     * or pn_shutdown included. */
    SRV_CONN_HELD struct srv_conn *held = srv_conn_hold(&kc->base);
    for (;;) {
        int more = 0;
        int keep = execute_received(srv, kc, &more);
        if (kc->out.len > 0 && await(flush_out(srv, kc)) < 0)
            break;
        if (!keep || (srv->stopping && kc->in.len == 0))
            break;
        if (more)
            continue;
        int grown = srv_buf_reserve(&kc->in, KV_READ_CHUNK);
        count_input(srv, kc);
        if (grown < 0 || evict_over_limit(srv, kc))
            break;
        /* Never read far past the limit: it holds after execute_received,
         * so there is room for at least one byte. */
        size_t room = kc->in.cap - kc->in.len;
        if (room > srv->max_query + 1 - kc->in.len)
            room = (size_t)(srv->max_query + 1 - kc->in.len);
        ssize_t got = await(read_by(&kc->base, kc->in.data + kc->in.len, room,
                                    srv->idle_timeout_ms, kc->in.len == 0));
        if (got <= 0)
            break;
        kc->in.len += (size_t)got;
    }
    (void)held;
}

static async void accept_loop(struct kv_server *srv)
{
    for (;;) {
        int fd = await(pn_accept(srv->lfd, NULL, NULL));
        if (fd < 0) {
            if (fd == -EMFILE || fd == -ENFILE || fd == -ENOBUFS || fd == -ENOMEM) {
                await(pn_sleep_ms(50));
                continue;
            }
            fprintf(stderr, "kv_server: accept: %s\n", strerror(-fd));
            srv->failed = 1;
            kill(getpid(), SIGTERM); /* shut down the way Ctrl-C does */
            return;
        }
        srv_tune_socket(fd);
        struct kv_conn *kc = (struct kv_conn *)srv_conns_open(&srv->conns, fd);
        if (kc == NULL) {
            refuse(fd);
            continue;
        }
        kc->clients_mem = &srv->clients_mem;
        kc->cmd.max_bulk = (size_t)srv->max_query;
        pn_task *t = pn_spawn(serve(srv, kc));
        if (t != NULL)
            kc->base.task = t;
        else if (kc->base.fd == fd)
            srv_conn_finish(&srv->conns, &kc->base); /* out of memory: drop it */
    }
}

/* Active expiry: keys that are never read again still go away. */
static async void sweeper(struct kv_server *srv)
{
    for (;;) {
        await(pn_sleep_ms(KV_SWEEP_MS));
        if (srv->store_lock != NULL)
            pthread_mutex_lock(srv->store_lock);
        kv_sweep(srv->store, pn_now_ms(), KV_SWEEP_BUCKETS);
        if (srv->store_lock != NULL)
            pthread_mutex_unlock(srv->store_lock);
    }
}

static async int run(struct kv_server *srv)
{
    pn_task *acceptor = pn_spawn(accept_loop(srv));
    pn_task *sweep = srv->sigfd >= 0 ? pn_spawn(sweeper(srv)) : NULL; /* one sweeper */

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
    pn_cancel(sweep);
    return n == (ssize_t)sizeof si && !srv->failed ? 0 : 1;
}

static void usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s [--port N] [--host ADDR] [--max-conns N] [--idle-timeout-ms N]\n"
            "          [--max-query-buffer N] [--max-clients-memory N]\n"
            "          [--grace-ms N] [--busy-poll-us N] [--threads N]\n"
            "limits: %u bytes of unfinished commands per connection, %u bytes of\n"
            "input buffers over all connections (0: no limit); idle timeout off\n",
            argv0, KV_MAX_QUERY, KV_MAX_CLIENTS_MEMORY);
    exit(2);
}

/* One more copy of the connection side, on a thread of its own. */
struct kv_thread {
    struct kv_server srv;
    pthread_t thread;
    uint64_t busy_poll_us;
    int rc;
};

static void *kv_thread_main(void *arg)
{
    struct kv_thread *t = arg;
    pn_set_busy_poll_us((unsigned)t->busy_poll_us);
    t->rc = pn_block_on(run(&t->srv));
    pn_shutdown();
    return NULL;
}

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    uint64_t port = 6379, max_conns = 10000, backlog = 4096, busy_poll_us = KV_BUSY_POLL_US;
    uint64_t threads = 1;
    struct kv_store store;
    pthread_mutex_t store_lock = PTHREAD_MUTEX_INITIALIZER;
    struct kv_server srv;
    memset(&srv, 0, sizeof srv);
    srv.grace_ms = 5000;
    srv.max_query = KV_MAX_QUERY;
    srv.max_clients_mem = KV_MAX_CLIENTS_MEMORY;
    for (int i = 1; i < argc; i++) {
        if (srv_opt_u64(argc, argv, &i, "--port", 65535, &port) ||
            srv_opt_str(argc, argv, &i, "--host", &host) ||
            srv_opt_u64(argc, argv, &i, "--max-conns", 1000000, &max_conns) ||
            srv_opt_u64(argc, argv, &i, "--backlog", 65535, &backlog) ||
            srv_opt_u64(argc, argv, &i, "--idle-timeout-ms", 86400000, &srv.idle_timeout_ms) ||
            srv_opt_u64(argc, argv, &i, "--max-query-buffer", 1ull << 40, &srv.max_query) ||
            srv_opt_u64(argc, argv, &i, "--max-clients-memory", 1ull << 42,
                        &srv.max_clients_mem) ||
            srv_opt_u64(argc, argv, &i, "--grace-ms", 86400000, &srv.grace_ms) ||
            srv_opt_u64(argc, argv, &i, "--busy-poll-us", 1000000, &busy_poll_us) ||
            srv_opt_u64(argc, argv, &i, "--threads", 256, &threads))
            continue;
        usage(argv[0]);
    }
    if (threads == 0 || max_conns == 0 || srv.max_query == 0)
        usage(argv[0]);
    pn_set_busy_poll_us((unsigned)busy_poll_us);

    srv.sigfd = srv_signals_open();
    if (srv.sigfd < 0) {
        fprintf(stderr, "kv_server: signalfd: %s\n", strerror(-srv.sigfd));
        return 1;
    }
    srv_raise_nofile(max_conns + 64);
    unsigned bound = 0;
    srv.lfd = srv_listen_shared(host, (unsigned)port, (int)backlog, &bound, threads > 1);
    if (srv.lfd < 0) {
        fprintf(stderr, "kv_server: listen on %s:%llu: %s\n", host, (unsigned long long)port,
                strerror(-srv.lfd));
        return 1;
    }
    srv.store = &store;
    srv.store_lock = threads > 1 ? &store_lock : NULL;
    if (kv_init(&store) < 0 ||
        srv_conns_init(&srv.conns, (unsigned)max_conns, sizeof(struct kv_conn),
                       kv_conn_release) < 0) {
        fprintf(stderr, "kv_server: out of memory\n");
        return 1;
    }
    pn_sem stop;
    pn_sem_init(&stop, 0);
    struct kv_thread *more = NULL;
    unsigned started = 0;
    if (threads > 1) {
        more = calloc(threads - 1, sizeof *more);
        if (more == NULL) {
            fprintf(stderr, "kv_server: out of memory\n");
            return 1;
        }
    }
    for (unsigned t = 0; t + 1 < threads; t++) {
        struct kv_thread *k = &more[t];
        k->srv = srv;
        k->srv.sigfd = -1;
        k->srv.stop = &stop;
        k->srv.clients_mem = 0;
        k->busy_poll_us = busy_poll_us;
        unsigned again = 0;
        k->srv.lfd = srv_listen_shared(host, bound, (int)backlog, &again, 1);
        if (k->srv.lfd < 0 ||
            srv_conns_init(&k->srv.conns, (unsigned)max_conns, sizeof(struct kv_conn),
                           kv_conn_release) < 0 ||
            pthread_create(&k->thread, NULL, kv_thread_main, k) != 0) {
            fprintf(stderr, "kv_server: cannot start thread %u\n", t + 1);
            return 1;
        }
        started++;
    }
    srv.stop = &stop;
    srv.others = started;
    printf("kv_server listening on %s:%u\n", host, bound);
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
    kv_fini(&store);
    if (srv.lfd >= 0)
        close(srv.lfd);
    close(srv.sigfd);
    pn_shutdown();
    return rc;
}
