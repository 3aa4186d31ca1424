/*
 * conn.c — netlib's line I/O and the session that drives a server.
 *
 * nl_session() awaits nl_serve() from server.c, which awaits this file's
 * nl_read_line() and nl_write_line(): the two files await each other,
 * and every frame is embedded in its caller's (the session's frame holds
 * the server's, which holds a line reader's).  The server is awaited in
 * the session's own task; the protocol is the same between two
 * processes, where the server would be a task of its own.
 */
#include <pinion.h>

#include "netlib.h"
#include "server.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void nl_conn_init(struct nl_conn *c, int fd)
{
    c->fd = fd;
    c->len = 0;
}

async int nl_read_line(struct nl_conn *c, char *line, size_t size)
{
    for (;;) {
        char *end = memchr(c->buf, '\n', c->len);
        if (end) {
            size_t n = (size_t)(end - c->buf);
            if (n >= size)
                return -EMSGSIZE;
            memcpy(line, c->buf, n);
            line[n] = '\0';
            c->len -= n + 1;
            memmove(c->buf, end + 1, c->len);
            return 1;
        }
        if (c->len == sizeof c->buf)
            return -EMSGSIZE;
        ssize_t got = await(pn_read(c->fd, c->buf + c->len, sizeof c->buf - c->len));
        if (got <= 0)
            return (int)got;
        c->len += (size_t)got;
    }
}

async int nl_write_line(int fd, const char *text)
{
    char out[NL_LINE_MAX];
    size_t n = strlen(text);
    if (n + 1 > sizeof out)
        return -EMSGSIZE;
    memcpy(out, text, n);
    out[n] = '\n';
    /* `out` is lent to the write across its await: this frame is pinned. */
    ssize_t put = await(pn_write_all(fd, out, n + 1));
    return put < 0 ? (int)put : 0;
}

async int nl_session(const char *const *requests, size_t n, nl_reply_fn on_reply, void *ud)
{
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0)
        return -errno;
    /* The store lives in this frame and is lent to the server. */
    struct nl_store store;
    nl_store_init(&store);

    /* Every request first (they fit in the socket's buffer), then the
     * server's turn, then the replies, which wait in the socket. */
    int status = 0;
    for (size_t i = 0; i < n && status == 0; i++)
        status = await(nl_write_line(fds[0], requests[i]));
    shutdown(fds[0], SHUT_WR);
    int handled = 0;
    if (status == 0)
        status = await(nl_serve(fds[1], &store, &handled));
    close(fds[1]);

    struct nl_conn in;
    nl_conn_init(&in, fds[0]);
    char reply[NL_LINE_MAX];
    for (size_t i = 0; i < n && status == 0; i++) {
        int r = await(nl_read_line(&in, reply, sizeof reply));
        if (r <= 0) {
            status = r < 0 ? r : -ECONNRESET;
            break;
        }
        on_reply(i, requests[i], reply, ud);
    }
    close(fds[0]);
    return status < 0 ? status : handled;
}
