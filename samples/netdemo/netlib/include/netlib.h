/*
 * netlib.h — a line-oriented key-value protocol over a socket, as async
 * functions.
 *
 * The server keeps string values under short keys and answers one request
 * line with one reply line:
 *
 *     SET key value  ->  OK
 *     GET key        ->  VALUE value  |  NOT_FOUND
 *     DEL key        ->  DELETED      |  NOT_FOUND
 *     QUIT           ->  BYE          (and the session ends)
 *     anything else  ->  ERROR what went wrong
 *
 * Lines are at most NL_LINE_MAX - 1 bytes, without the '\n'.  The async
 * functions below are awaited from other files and from the program that
 * links netlib: their frames come from pinion_frames/netlib.frames.h,
 * which pinion_target_sources() puts on the include path of every target
 * linking netlib.
 */
#ifndef NETLIB_H
#define NETLIB_H

#include <pinion.h>
#include <stddef.h>

#define NL_LINE_MAX 128

/* One end of a connection, and the bytes read past the last line. */
struct nl_conn {
    int fd;
    size_t len;
    char buf[256];
};

void nl_conn_init(struct nl_conn *c, int fd);

/* Reads the next line into `line` without its '\n'.  Returns 1 for a line,
 * 0 at the end of the stream, or a negative errno (-EMSGSIZE when the line
 * does not fit). */
async int nl_read_line(struct nl_conn *c, char *line, size_t size);

/* Writes `text` and a '\n' in one piece.  0 or a negative errno. */
async int nl_write_line(int fd, const char *text);

/* Receives each reply, in request order.  Both strings are borrowed for
 * the duration of the call. */
typedef void (*nl_reply_fn)(size_t index, const char *request, const char *reply, void *ud);

/* Runs one session over a socket pair: the client end sends every request
 * (pipelining: all of them before the first reply is read), the server
 * answers them from a fresh store, and each reply goes to on_reply.
 * Returns how many requests the server handled, or a negative errno. */
async int nl_session(const char *const *requests, size_t n, nl_reply_fn on_reply, void *ud);

#endif
