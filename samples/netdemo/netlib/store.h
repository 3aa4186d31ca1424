/*
 * store.h — the key-value store behind the netlib server (plain C).
 *
 * Kept apart from the async code on purpose: conn.c and server.c only
 * move lines in and out of a socket, and everything the protocol means is
 * decided here, synchronously, where it can be read and tested without a
 * runtime.
 */
#ifndef NETLIB_STORE_H
#define NETLIB_STORE_H

#include <stddef.h>

#define NL_STORE_SLOTS 16
#define NL_KEY_MAX 32
#define NL_VALUE_MAX 64

struct nl_store {
    size_t count;
    struct {
        char key[NL_KEY_MAX];
        char value[NL_VALUE_MAX];
    } slot[NL_STORE_SLOTS];
};

void nl_store_init(struct nl_store *s);

/* Writes the reply to one request line into reply (NUL-terminated,
 * truncated to size).  Returns 1 when the request ends the session. */
int nl_store_answer(struct nl_store *s, const char *request, char *reply, size_t size);

#endif
