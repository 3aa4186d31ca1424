/*
 * pinion_tls.h — TLS streams over connected sockets, on OpenSSL, for
 * programs written with Pinion (library pinion_tls, target
 * Pinion::tls; built when OpenSSL's development files are found).
 *
 * A configuration (pn_tls_config) holds what many connections share:
 * for a client, the trusted certificates; for a server, its certificate
 * and key.  A stream (pn_tls) is one connection: it drives OpenSSL over
 * the non-blocking socket it was given, and each operation is a leaf
 * that waits for readability or writability when OpenSSL asks to
 * (handshake, read, write and shutdown alike), so a TLS connection costs
 * its task nothing while it waits.
 *
 * Verification is on by default: a client checks the server's chain
 * against the trusted certificates and the certificate's name against
 * the server name it was given; the handshake fails otherwise.
 *
 * Errors: every operation returns a negative errno value on failure:
 * -EPROTO when TLS itself failed (a bad certificate, a protocol error;
 * pn_tls_error names the reason), -ECONNRESET when the peer closed the
 * connection without a TLS close (which could be a truncation), or what
 * the socket reported.  A handshake has no time limit of its own: race
 * it against pn_sleep_ms, as for any read (the samples do).
 *
 * Ownership: the caller owns configurations and streams and frees them
 * (pn_tls_config_free after every stream made from it is freed); a
 * stream never closes its socket.  One task at a time may use a stream.
 * A dropped read or handshake leaves the stream usable; a dropped write
 * leaves it unusable for writing (TLS requires an interrupted write to be
 * retried with the same bytes): close the connection.
 */
#ifndef PINION_TLS_H
#define PINION_TLS_H

#include <pinion.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pn_tls_config pn_tls_config;
typedef struct pn_tls pn_tls;

/* A client configuration trusting the certificates in ca_file (PEM), or
 * the system's store when ca_file is NULL.  NULL on failure, with the
 * reason in *why (a static string) when why is not NULL. */
PN_EXPORT pn_tls_config *pn_tls_client_config(const char *ca_file, const char **why);
/* A server configuration presenting cert_file (PEM chain) with key_file. */
PN_EXPORT pn_tls_config *pn_tls_server_config(const char *cert_file, const char *key_file,
                                              const char **why);
PN_EXPORT void pn_tls_config_free(pn_tls_config *c);

/* A stream over fd (connected, non-blocking).  server_name: for a client
 * the name sent (SNI) and checked against the certificate (NULL skips
 * the name check, not the chain's); ignored for a server.  NULL when
 * memory runs out. */
PN_EXPORT pn_tls *pn_tls_new(pn_tls_config *c, int fd, const char *server_name);
PN_EXPORT void pn_tls_free(pn_tls *t);
/* What the last failure of t was, for a message; "" if none.  Borrowed,
 * valid until t's next operation. */
PN_EXPORT const char *pn_tls_error(const pn_tls *t);

/* The wait inside each TLS leaf's frame: readability or writability of
 * the socket, whichever OpenSSL asked for. */
typedef struct pn__tls_wait {
    int pn__active; /* 0 none, 1 readable, 2 writable */
    union {
        struct pn_wait_readable__frame rd;
        struct pn_wait_writable__frame wr;
    } pn__u;
} pn__tls_wait;

/* await(pn_tls_handshake(t)): 0, or a negative errno value. */
pn_async PN_EXPORT int pn_tls_handshake(pn_tls *t);
struct pn_tls_handshake__frame {
    pn_future pn__hdr;
    int pn__ret;
    pn_tls *t;
    pn__tls_wait wait;
};
PN_EXPORT void pn_tls_handshake__init(struct pn_tls_handshake__frame *f, pn_tls *t);
PN__DECLARE_IO_LEAF(pn_tls_handshake, int);

/* await(pn_tls_read(t, buf, n)): bytes read (1..n), 0 once the peer
 * closed the TLS session, or a negative errno value. */
pn_async PN_EXPORT ssize_t pn_tls_read(pn_tls *t, void *buf, size_t n);
struct pn_tls_read__frame {
    pn_future pn__hdr;
    ssize_t pn__ret;
    pn_tls *t;
    void *buf;
    size_t n;
    pn__tls_wait wait;
};
PN_EXPORT void pn_tls_read__init(struct pn_tls_read__frame *f, pn_tls *t, void *buf, size_t n);
PN__DECLARE_IO_LEAF(pn_tls_read, ssize_t);

/* await(pn_tls_write_all(t, buf, n)): n once all of it is written, or a
 * negative errno value. */
pn_async PN_EXPORT ssize_t pn_tls_write_all(pn_tls *t, const void *buf, size_t n);
struct pn_tls_write_all__frame {
    pn_future pn__hdr;
    ssize_t pn__ret;
    pn_tls *t;
    const void *buf;
    size_t n;
    size_t done;
    pn__tls_wait wait;
};
PN_EXPORT void pn_tls_write_all__init(struct pn_tls_write_all__frame *f, pn_tls *t, const void *buf,
                                      size_t n);
PN__DECLARE_IO_LEAF(pn_tls_write_all, ssize_t);

/* await(pn_tls_shutdown(t)): sends the TLS close (close_notify) and
 * returns 0 without waiting for the peer's, or a negative errno value. */
pn_async PN_EXPORT int pn_tls_shutdown(pn_tls *t);
struct pn_tls_shutdown__frame {
    pn_future pn__hdr;
    int pn__ret;
    pn_tls *t;
    pn__tls_wait wait;
};
PN_EXPORT void pn_tls_shutdown__init(struct pn_tls_shutdown__frame *f, pn_tls *t);
PN__DECLARE_IO_LEAF(pn_tls_shutdown, int);

#ifdef __cplusplus
}
#endif
#endif /* PINION_TLS_H */
