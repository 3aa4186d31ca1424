/*
 * server.h — netlib's server side, private to the library.
 */
#ifndef NETLIB_SERVER_H
#define NETLIB_SERVER_H

#include "netlib.h"
#include "store.h"

/* Answers requests on fd from `store` until QUIT or the end of the
 * stream, counting them in *handled.  0 or a negative errno. */
async int nl_serve(int fd, struct nl_store *store, int *handled);

#endif
