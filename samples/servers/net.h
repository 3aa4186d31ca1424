/*
 * net.h — the synchronous plumbing every sample shares: listening and
 * client sockets, the shutdown signals as a file descriptor, the file
 * descriptor limit, and command-line numbers.
 *
 * All descriptors returned here are non-blocking and close-on-exec, as
 * the runtime's I/O leaves require.  Errors are negative errno values,
 * like the runtime's.
 */
#ifndef SRV_NET_H
#define SRV_NET_H

#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>

/* A TCP listener on host:port (host an IPv4 address or "localhost"; port
 * 0 picks a free one).  *bound_port receives the port actually bound.
 * Returns the fd or -errno. */
int srv_listen(const char *host, unsigned port, int backlog, unsigned *bound_port);
/* The same with SO_REUSEPORT when reuseport is set: several listeners on
 * one port, among which the kernel spreads incoming connections (one per
 * thread of a server's --threads). */
int srv_listen_shared(const char *host, unsigned port, int backlog, unsigned *bound_port,
                      int reuseport);

/* Resolves an IPv4 host name or address.  0, or -1 (with a message on
 * stderr). */
int srv_resolve(const char *host, unsigned port, struct sockaddr_in *out);

/* A non-blocking TCP socket for pn_connect.  fd or -errno. */
int srv_socket(void);

/* Low latency for request/response traffic (TCP_NODELAY). */
void srv_tune_socket(int fd);

/* Blocks SIGINT, SIGTERM and SIGUSR1 and returns a signalfd that reports
 * them, so that a task can await a shutdown request (or, SIGUSR1, a
 * request for a task dump) like any other input.  Also
 * ignores SIGPIPE.  fd or -errno.  Call before creating threads. */
int srv_signals_open(void);

/* Raises the soft RLIMIT_NOFILE to at least `want` (up to the hard
 * limit).  Returns the soft limit now in force. */
unsigned long srv_raise_nofile(unsigned long want);

/* Parses a decimal number no larger than max.  0, or -1. */
int srv_parse_u64(const char *s, uint64_t max, uint64_t *out);

/* Command-line helper: if argv[*i] is `name`, parses argv[*i + 1] into
 * *out (or exits with a usage message when it is missing or bad), steps
 * *i past it and returns 1; otherwise returns 0. */
int srv_opt_u64(int argc, char **argv, int *i, const char *name, uint64_t max, uint64_t *out);
int srv_opt_str(int argc, char **argv, int *i, const char *name, const char **out);

#endif
