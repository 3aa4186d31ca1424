/*
 * netlib.h — a line-oriented key-value protocol over a socket.
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
 * Lines are at most NL_LINE_MAX - 1 bytes, without the '\n'.
 */
#ifndef NETLIB_H
#define NETLIB_H

#include <stddef.h>

#define NL_LINE_MAX 128

/* Receives each reply, in request order.  Both strings are borrowed for
 * the duration of the call. */
typedef void (*nl_reply_fn)(size_t index, const char *request, const char *reply, void *ud);

/* Runs one session: a server task on one end of a socket pair, a client
 * on the other that pipelines `requests` (all are sent before the first
 * reply is read) and hands every reply to on_reply.  Returns how many
 * requests the server handled, or a negative errno.
 *
 * Synchronous: it drives this thread's Pinion runtime with pn_block_on,
 * so it is called from plain code, never from inside an async function. */
int nl_run_session(const char *const *requests, size_t n, nl_reply_fn on_reply, void *ud);

#endif
