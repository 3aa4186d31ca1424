/*
 * server.c — netlib's server loop: a request line in, the store's answer
 * out, through conn.c's line I/O (awaited across files: this frame embeds
 * the reader's and the writer's frames, laid out from conn.c).
 */
#include <pinion.h>

#include "server.h"

async int nl_serve(int fd, struct nl_store *store, int *handled)
{
    struct nl_conn in;
    nl_conn_init(&in, fd);
    char request[NL_LINE_MAX];
    char reply[NL_LINE_MAX];
    int r;
    while ((r = await(nl_read_line(&in, request, sizeof request))) > 0) {
        ++*handled;
        int quit = nl_store_answer(store, request, reply, sizeof reply);
        r = await(nl_write_line(fd, reply));
        if (r < 0 || quit)
            break;
    }
    return r < 0 ? r : 0;
}
