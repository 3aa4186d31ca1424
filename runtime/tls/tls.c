/*
 * tls.c — TLS streams on OpenSSL, driven by readiness (pinion_tls.h).
 *
 * OpenSSL is given the non-blocking socket itself (SSL_set_fd).  Each
 * leaf calls its OpenSSL function; when that says SSL_ERROR_WANT_READ or
 * SSL_ERROR_WANT_WRITE, the leaf waits for that readiness through a
 * pn_wait_readable / pn_wait_writable child in its frame and calls again
 * when woken.  Note that any operation may want either direction (a read
 * may have to write during a renegotiation or a key update, a handshake
 * alternates), which is why the wait is chosen per attempt.
 *
 * OpenSSL's error queue is per thread and every stream belongs to the
 * thread of its task, so each attempt clears the queue first and a
 * failure's reason is copied into the stream (pn_tls_error) before
 * anything else can run on the thread.
 */
#define PINION_NO_KEYWORDS
#include "pinion_tls.h"

#include <errno.h>
#include <poll.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pn_tls_config {
    SSL_CTX *ctx;
    int server;
};

struct pn_tls {
    SSL *ssl;
    int fd;
    char error[256];
};

#define PN__TLS_VTABLE(NAME, RET_TYPE)                                                             \
    const pn_future_vtable NAME##__vtable = {                                                      \
        NAME##__poll,                                                                              \
        NAME##__drop,                                                                              \
        #NAME,                                                                                     \
        sizeof(struct NAME##__frame),                                                              \
        _Alignof(struct NAME##__frame),                                                            \
        offsetof(struct NAME##__frame, pn__ret),                                                   \
        sizeof(RET_TYPE),                                                                          \
    }

/* ---- configurations and streams ------------------------------------ */

static SSL_CTX *tls_ctx(const SSL_METHOD *m)
{
    SSL_CTX *ctx = SSL_CTX_new(m);
    if (ctx == NULL)
        return NULL;
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    /* write_all may continue a partial write from a buffer that moved on
     * (its frame advanced), and partial writes are reported as such. */
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    return ctx;
}

pn_tls_config *pn_tls_client_config(const char *ca_file, const char **why)
{
    const char *dummy;
    if (why == NULL)
        why = &dummy;
    pn_tls_config *c = calloc(1, sizeof *c);
    if (c == NULL) {
        *why = "out of memory";
        return NULL;
    }
    c->ctx = tls_ctx(TLS_client_method());
    if (c->ctx == NULL) {
        *why = "cannot create an OpenSSL context";
        free(c);
        return NULL;
    }
    SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
    int ok = ca_file != NULL ? SSL_CTX_load_verify_locations(c->ctx, ca_file, NULL)
                             : SSL_CTX_set_default_verify_paths(c->ctx);
    if (ok != 1) {
        *why = "cannot load the trusted certificates";
        pn_tls_config_free(c);
        return NULL;
    }
    return c;
}

pn_tls_config *pn_tls_server_config(const char *cert_file, const char *key_file, const char **why)
{
    const char *dummy;
    if (why == NULL)
        why = &dummy;
    pn_tls_config *c = calloc(1, sizeof *c);
    if (c == NULL) {
        *why = "out of memory";
        return NULL;
    }
    c->server = 1;
    c->ctx = tls_ctx(TLS_server_method());
    if (c->ctx == NULL) {
        *why = "cannot create an OpenSSL context";
        free(c);
        return NULL;
    }
    if (SSL_CTX_use_certificate_chain_file(c->ctx, cert_file) != 1) {
        *why = "cannot load the certificate";
    } else if (SSL_CTX_use_PrivateKey_file(c->ctx, key_file, SSL_FILETYPE_PEM) != 1) {
        *why = "cannot load the private key";
    } else if (SSL_CTX_check_private_key(c->ctx) != 1) {
        *why = "the private key does not match the certificate";
    } else {
        return c;
    }
    pn_tls_config_free(c);
    return NULL;
}

void pn_tls_config_free(pn_tls_config *c)
{
    if (c == NULL)
        return;
    SSL_CTX_free(c->ctx);
    free(c);
}

pn_tls *pn_tls_new(pn_tls_config *c, int fd, const char *server_name)
{
    pn_tls *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->fd = fd;
    t->ssl = SSL_new(c->ctx);
    if (t->ssl == NULL || SSL_set_fd(t->ssl, fd) != 1) {
        SSL_free(t->ssl);
        free(t);
        return NULL;
    }
    if (c->server) {
        SSL_set_accept_state(t->ssl);
    } else {
        SSL_set_connect_state(t->ssl);
        if (server_name != NULL) {
            SSL_set_tlsext_host_name(t->ssl, server_name);
            if (SSL_set1_host(t->ssl, server_name) != 1) {
                SSL_free(t->ssl);
                free(t);
                return NULL;
            }
        }
    }
    return t;
}

void pn_tls_free(pn_tls *t)
{
    if (t == NULL)
        return;
    SSL_free(t->ssl);
    free(t);
}

const char *pn_tls_error(const pn_tls *t)
{
    return t->error;
}

/* ---- driving OpenSSL ------------------------------------------------- */

/* After an OpenSSL call on t returned r <= 0: 1 (READ) or 2 (WRITE) when
 * it has to wait for that readiness, 0 for a clean TLS close, or a
 * negative errno value (the reason noted in t). */
static int tls_outcome(pn_tls *t, int r)
{
    int err = SSL_get_error(t->ssl, r);
    switch (err) {
    case SSL_ERROR_WANT_READ:
        return 1;
    case SSL_ERROR_WANT_WRITE:
        return 2;
    case SSL_ERROR_ZERO_RETURN:
        return 0;
    case SSL_ERROR_SYSCALL: {
        int e = errno;
        unsigned long code = ERR_peek_error();
        if (code != 0) {
            ERR_error_string_n(code, t->error, sizeof t->error);
            return -EPROTO;
        }
        snprintf(t->error, sizeof t->error, "%s",
                 e != 0 ? strerror(e) : "connection closed without a TLS close");
        return e != 0 && e != EAGAIN ? -e : -ECONNRESET;
    }
    default: {
        unsigned long code = ERR_peek_error();
        long verify = SSL_get_verify_result(t->ssl);
        if (verify != X509_V_OK)
            snprintf(t->error, sizeof t->error, "certificate verification failed: %s",
                     X509_verify_cert_error_string(verify));
        else if (code != 0)
            ERR_error_string_n(code, t->error, sizeof t->error);
        else
            snprintf(t->error, sizeof t->error, "TLS error %d", err);
        /* An unexpected EOF is a reset of the session, not bad data. */
        if (ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
            return -ECONNRESET;
        return -EPROTO;
    }
    }
}

/* Start waiting for what tls_outcome asked (1 read, 2 write).  PN_READY
 * when the fd is ready already (call OpenSSL again), with *failed set if
 * the wait itself failed. */
static pn_poll tls_wait_start(pn__tls_wait *w, int fd, int dir, pn_context *cx, int *failed)
{
    w->pn__active = dir;
    pn_poll p;
    int rc;
    if (dir == 1) {
        pn_wait_readable__init(&w->pn__u.rd, fd);
        p = pn_wait_readable__poll(&w->pn__u.rd.pn__hdr, cx);
        rc = w->pn__u.rd.pn__ret;
    } else {
        pn_wait_writable__init(&w->pn__u.wr, fd);
        p = pn_wait_writable__poll(&w->pn__u.wr.pn__hdr, cx);
        rc = w->pn__u.wr.pn__ret;
    }
    if (p == PN_READY) {
        w->pn__active = 0;
        *failed = rc;
    }
    return p;
}

/* Poll the wait in flight, if any: PN_PENDING while it lasts. */
static pn_poll tls_wait_poll(pn__tls_wait *w, pn_context *cx, int *failed)
{
    pn_poll p = PN_READY;
    if (w->pn__active == 1) {
        p = pn_wait_readable__poll(&w->pn__u.rd.pn__hdr, cx);
        if (p == PN_READY)
            *failed = w->pn__u.rd.pn__ret;
    } else if (w->pn__active == 2) {
        p = pn_wait_writable__poll(&w->pn__u.wr.pn__hdr, cx);
        if (p == PN_READY)
            *failed = w->pn__u.wr.pn__ret;
    }
    if (p == PN_READY)
        w->pn__active = 0;
    return p;
}

static void tls_wait_drop(pn__tls_wait *w)
{
    if (w->pn__active == 1)
        pn_wait_readable__drop(&w->pn__u.rd.pn__hdr);
    else if (w->pn__active == 2)
        pn_wait_writable__drop(&w->pn__u.wr.pn__hdr);
    w->pn__active = 0;
}

/*
 * The loop every leaf runs: attempt, and while OpenSSL wants readiness,
 * wait for it and attempt again.  attempt returns OpenSSL's result r (> 0
 * done, the leaf's value derived from it by the leaf) and the loop
 * returns PN_READY with *out = r when done, or *out = the outcome (0 for
 * a TLS close, negative errno) when it failed.
 */
typedef int (*tls_attempt_fn)(pn_future *self);

/* What tls_drive gives for a clean TLS close (no errno value is this). */
#define TLS_CLOSED INT32_MIN

static pn_poll tls_drive(pn_future *self, pn_tls *t, pn__tls_wait *w, pn_context *cx,
                         tls_attempt_fn attempt, int *out)
{
    for (;;) {
        int failed = 0;
        if (tls_wait_poll(w, cx, &failed) == PN_PENDING)
            return PN_PENDING;
        if (failed < 0) {
            snprintf(t->error, sizeof t->error, "%s", strerror(-failed));
            *out = failed;
            return PN_READY;
        }
        ERR_clear_error();
        errno = 0;
        int r = attempt(self);
        if (r > 0) {
            *out = r;
            return PN_READY;
        }
        int o = tls_outcome(t, r);
        if (o <= 0) {
            *out = o == 0 ? TLS_CLOSED : o;
            return PN_READY;
        }
        if (tls_wait_start(w, t->fd, o, cx, &failed) == PN_PENDING)
            return PN_PENDING;
        if (failed < 0) {
            *out = failed;
            return PN_READY;
        }
    }
}

static void tls_frame_start(pn_future *self, pn__tls_wait *w, const char *name)
{
    pn__pin_check(self, name);
    if (self->pn__state == PN__STATE_DONE)
        pn__bad_state(name, self->pn__state);
    (void)w;
    if (self->pn__state == 0)
        self->pn__state = 1;
}

/* ---- pn_tls_handshake -------------------------------------------------- */

void pn_tls_handshake__init(struct pn_tls_handshake__frame *f, pn_tls *t)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->t = t;
    f->wait.pn__active = 0;
}

static int handshake_attempt(pn_future *self)
{
    return SSL_do_handshake(((struct pn_tls_handshake__frame *)self)->t->ssl);
}

pn_poll pn_tls_handshake__poll(pn_future *self, pn_context *cx)
{
    struct pn_tls_handshake__frame *f = (struct pn_tls_handshake__frame *)self;
    tls_frame_start(self, &f->wait, "pn_tls_handshake");
    int r;
    if (tls_drive(self, f->t, &f->wait, cx, handshake_attempt, &r) == PN_PENDING)
        return PN_PENDING;
    f->pn__ret = r > 0 ? 0 : r == TLS_CLOSED ? -ECONNRESET : r;
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_tls_handshake__drop(pn_future *self)
{
    tls_wait_drop(&((struct pn_tls_handshake__frame *)self)->wait);
}

PN__TLS_VTABLE(pn_tls_handshake, int);

/* ---- pn_tls_read ----------------------------------------------------- */

void pn_tls_read__init(struct pn_tls_read__frame *f, pn_tls *t, void *buf, size_t n)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->t = t;
    f->buf = buf;
    f->n = n;
    f->wait.pn__active = 0;
}

static int read_attempt(pn_future *self)
{
    struct pn_tls_read__frame *f = (struct pn_tls_read__frame *)self;
    int want = f->n > INT32_MAX ? INT32_MAX : (int)f->n;
    return SSL_read(f->t->ssl, f->buf, want);
}

pn_poll pn_tls_read__poll(pn_future *self, pn_context *cx)
{
    struct pn_tls_read__frame *f = (struct pn_tls_read__frame *)self;
    tls_frame_start(self, &f->wait, "pn_tls_read");
    int r;
    if (f->n == 0) {
        r = 0;
    } else if (tls_drive(self, f->t, &f->wait, cx, read_attempt, &r) == PN_PENDING) {
        return PN_PENDING;
    }
    f->pn__ret = r == TLS_CLOSED ? 0 : r;
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_tls_read__drop(pn_future *self)
{
    tls_wait_drop(&((struct pn_tls_read__frame *)self)->wait);
}

PN__TLS_VTABLE(pn_tls_read, ssize_t);

/* ---- pn_tls_write_all ------------------------------------------------ */

void pn_tls_write_all__init(struct pn_tls_write_all__frame *f, pn_tls *t, const void *buf, size_t n)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->t = t;
    f->buf = buf;
    f->n = n;
    f->done = 0;
    f->wait.pn__active = 0;
}

static int write_attempt(pn_future *self)
{
    struct pn_tls_write_all__frame *f = (struct pn_tls_write_all__frame *)self;
    size_t left = f->n - f->done;
    int want = left > INT32_MAX ? INT32_MAX : (int)left;
    return SSL_write(f->t->ssl, (const char *)f->buf + f->done, want);
}

pn_poll pn_tls_write_all__poll(pn_future *self, pn_context *cx)
{
    struct pn_tls_write_all__frame *f = (struct pn_tls_write_all__frame *)self;
    tls_frame_start(self, &f->wait, "pn_tls_write_all");
    while (f->done < f->n) {
        int r;
        if (tls_drive(self, f->t, &f->wait, cx, write_attempt, &r) == PN_PENDING)
            return PN_PENDING;
        if (r <= 0) {
            f->pn__ret = r == TLS_CLOSED ? -EPIPE : r;
            self->pn__state = PN__STATE_DONE;
            return PN_READY;
        }
        f->done += (size_t)r;
    }
    f->pn__ret = (ssize_t)f->n;
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_tls_write_all__drop(pn_future *self)
{
    tls_wait_drop(&((struct pn_tls_write_all__frame *)self)->wait);
}

PN__TLS_VTABLE(pn_tls_write_all, ssize_t);

/* ---- pn_tls_shutdown ------------------------------------------------- */

void pn_tls_shutdown__init(struct pn_tls_shutdown__frame *f, pn_tls *t)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->t = t;
    f->wait.pn__active = 0;
}

static int shutdown_attempt(pn_future *self)
{
    int r = SSL_shutdown(((struct pn_tls_shutdown__frame *)self)->t->ssl);
    /* 0: our close_notify is out, the peer's has not come: enough. */
    return r >= 0 ? 1 : r;
}

pn_poll pn_tls_shutdown__poll(pn_future *self, pn_context *cx)
{
    struct pn_tls_shutdown__frame *f = (struct pn_tls_shutdown__frame *)self;
    tls_frame_start(self, &f->wait, "pn_tls_shutdown");
    int r;
    if (tls_drive(self, f->t, &f->wait, cx, shutdown_attempt, &r) == PN_PENDING)
        return PN_PENDING;
    f->pn__ret = r > 0 || r == TLS_CLOSED ? 0 : r;
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_tls_shutdown__drop(pn_future *self)
{
    tls_wait_drop(&((struct pn_tls_shutdown__frame *)self)->wait);
}

PN__TLS_VTABLE(pn_tls_shutdown, int);

/* ---- the erased reading ------------------------------------------------ */

/* The blocking loop: attempt, and while OpenSSL wants readiness, poll(2)
 * for it.  OpenSSL's result, or what tls_outcome made of a failure. */
static int tls_block(pn_tls *t, tls_attempt_fn attempt, pn_future *frame)
{
    for (;;) {
        ERR_clear_error();
        errno = 0;
        int r = attempt(frame);
        if (r > 0)
            return r;
        int o = tls_outcome(t, r);
        if (o <= 0)
            return o == 0 ? TLS_CLOSED : o;
        struct pollfd p = {.fd = t->fd, .events = o == 1 ? POLLIN : POLLOUT, .revents = 0};
        if (poll(&p, 1, -1) < 0 && errno != EINTR)
            return -errno;
    }
}

int pn_tls_handshake(pn_tls *t)
{
    struct pn_tls_handshake__frame f;
    pn_tls_handshake__init(&f, t);
    int r = tls_block(t, handshake_attempt, &f.pn__hdr);
    return r > 0 ? 0 : r == TLS_CLOSED ? -ECONNRESET : r;
}

ssize_t pn_tls_read(pn_tls *t, void *buf, size_t n)
{
    struct pn_tls_read__frame f;
    pn_tls_read__init(&f, t, buf, n);
    if (n == 0)
        return 0;
    int r = tls_block(t, read_attempt, &f.pn__hdr);
    return r == TLS_CLOSED ? 0 : r;
}

ssize_t pn_tls_write_all(pn_tls *t, const void *buf, size_t n)
{
    struct pn_tls_write_all__frame f;
    pn_tls_write_all__init(&f, t, buf, n);
    while (f.done < n) {
        int r = tls_block(t, write_attempt, &f.pn__hdr);
        if (r <= 0)
            return r == TLS_CLOSED ? -EPIPE : r;
        f.done += (size_t)r;
    }
    return (ssize_t)n;
}

int pn_tls_shutdown(pn_tls *t)
{
    struct pn_tls_shutdown__frame f;
    pn_tls_shutdown__init(&f, t);
    int r = tls_block(t, shutdown_attempt, &f.pn__hdr);
    return r > 0 || r == TLS_CLOSED ? 0 : r;
}
