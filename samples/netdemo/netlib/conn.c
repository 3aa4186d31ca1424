/*
 * conn.c — netlib's async code: lines in and out of a non-blocking socket,
 * the server loop, and the session that nl_run_session() runs.
 *
 * Every await here is of a function of this file or of the runtime.  The
 * server is a task of its own (pn_spawn); the client side is the session
 * itself.  Both share one runtime thread and take turns at their awaits:
 * the client waits in pn_read for a reply while the server, woken by the
 * readable socket, reads the request and writes that reply.
 */
#include <pinion.h>

#include "netlib.h"
#include "store.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* One end of a connection with the bytes read past the last line. */
struct conn {
    int fd;
    size_t len;
    char buf[256];
};

/* Reads the next line into `line` without its '\n'.  Returns 1 for a line,
 * 0 at the end of the stream, or a negative errno (-EMSGSIZE when the line
 * does not fit). */
static async int read_line(struct conn *c, char *line, size_t size)
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

/* Writes `text` and a '\n' as one write.  0 or a negative errno. */
static async int write_line(int fd, const char *text)
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

/* Answers requests on fd until QUIT or the end of the stream, counting
 * them in *handled.  0 or a negative errno. */
static async int serve(int fd, struct nl_store *store, int *handled)
{
    struct conn in = {.fd = fd, .len = 0};
    char request[NL_LINE_MAX];
    char reply[NL_LINE_MAX];
    int r;
    while ((r = await(read_line(&in, request, sizeof request))) > 0) {
        ++*handled;
        int quit = nl_store_answer(store, request, reply, sizeof reply);
        r = await(write_line(fd, reply));
        if (r < 0 || quit)
            break;
    }
    return r < 0 ? r : 0;
}

static async int session(const char *const *requests, size_t n, nl_reply_fn on_reply,
                         void *ud, int *handled)
{
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0)
        return -errno;
    /* The store lives in this frame; the server task borrows it and is
     * joined before the frame ends. */
    struct nl_store store;
    nl_store_init(&store);

    /* Pipelining: every request is sent first (they fit in the socket's
     * buffer), and only then does the server start.  The order also keeps
     * the program meaningful as its synchronous reading (-DPINION_ERASE),
     * where pn_spawn runs the server to completion on the spot. */
    int status = 0;
    for (size_t i = 0; i < n && status == 0; i++)
        status = await(write_line(fds[0], requests[i]));
    shutdown(fds[0], SHUT_WR);
    pn_task *server = pn_spawn(serve(fds[1], &store, handled));

    struct conn in = {.fd = fds[0], .len = 0};
    char reply[NL_LINE_MAX];
    for (size_t i = 0; i < n && status == 0; i++) {
        int r = await(read_line(&in, reply, sizeof reply));
        if (r <= 0) {
            status = r < 0 ? r : -ECONNRESET;
            break;
        }
        on_reply(i, requests[i], reply, ud);
    }
    /* Closing our end ends the server's loop if it is still reading. */
    close(fds[0]);
    int joined = await(pn_join(server));
    close(fds[1]);
    if (status == 0 && joined < 0)
        status = joined;
    return status;
}

int nl_run_session(const char *const *requests, size_t n, nl_reply_fn on_reply, void *ud)
{
    int handled = 0;
    int status = pn_block_on(session(requests, n, on_reply, ud, &handled));
    return status < 0 ? status : handled;
}
