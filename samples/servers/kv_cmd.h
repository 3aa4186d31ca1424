/*
 * kv_cmd.h — executes one parsed RESP command against a kv_store.
 *
 * The commands and their replies follow Redis (same argument rules, same
 * error texts), so redis-cli and redis-benchmark work unchanged: PING,
 * ECHO, SET (EX, PX, NX, XX, KEEPTTL, GET), GET, DEL, EXISTS, INCR, DECR,
 * INCRBY, DECRBY, EXPIRE, PEXPIRE, PERSIST, TTL, PTTL, DBSIZE, FLUSHDB,
 * FLUSHALL, SELECT 0, QUIT, and empty answers to the COMMAND and CONFIG
 * GET that clients send to discover the server.  Synchronous and
 * side-effect free beyond the store and the reply buffer.
 */
#ifndef SRV_KV_CMD_H
#define SRV_KV_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "kv_store.h"
#include "resp.h"

enum {
    KV_CONTINUE = 0, /* reply appended; read the next command */
    KV_CLOSE = 1,    /* reply appended; close after sending it (QUIT) */
};

/* Appends the reply to argv[0..argc) (argc > 0) to out.  `now` is the
 * store's clock in milliseconds. */
int kv_execute(struct kv_store *s, const struct resp_arg *argv, size_t argc, uint64_t now,
               struct srv_buf *out);

#endif
