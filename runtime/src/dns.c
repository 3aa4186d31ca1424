/*
 * dns.c — pn_getaddrinfo: name resolution on the blocking pool.
 *
 * getaddrinfo(3) may block for seconds (a DNS server that does not
 * answer), and the C library offers no fd to wait on, so the look-up runs
 * on a pool thread (blocking.c).  The job carries copies of node, service
 * and the four fields of hints getaddrinfo reads, so the caller's strings
 * need only live until the first poll.  The list comes back in the job;
 * the poll that completes hands it to the caller, and a look-up whose
 * frame was dropped meanwhile frees it on the pool thread.
 */
#include "blocking.h"

#include <netdb.h>
#include <stdlib.h>
#include <string.h>

enum { GAI_SUBMITTED = 1 };

typedef struct gai_job {
    pn__job base;
    struct addrinfo hints;
    bool has_hints;
    const char *node;    /* into text, or NULL */
    const char *service; /* likewise */
    struct addrinfo *res;
    char text[];
} gai_job;

static long gai_run(pn__job *j)
{
    gai_job *g = (gai_job *)(void *)j;
    g->res = NULL;
    return getaddrinfo(g->node, g->service, g->has_hints ? &g->hints : NULL, &g->res);
}

static void gai_release(pn__job *j, bool unclaimed)
{
    gai_job *g = (gai_job *)(void *)j;
    if (unclaimed && j->result == 0 && g->res != NULL)
        freeaddrinfo(g->res); /* the caller is gone */
    free(g);
}

/* The job, with copies of everything getaddrinfo reads; NULL when out of
 * memory. */
static gai_job *gai_job_new(const char *node, const char *service, const struct addrinfo *hints)
{
    size_t nl = node != NULL ? strlen(node) + 1 : 0;
    size_t sl = service != NULL ? strlen(service) + 1 : 0;
    gai_job *g = malloc(sizeof *g + nl + sl);
    if (g == NULL)
        return NULL;
    g->base.run = gai_run;
    g->base.release = gai_release;
    memset(&g->hints, 0, sizeof g->hints);
    g->has_hints = hints != NULL;
    if (hints != NULL) {
        g->hints.ai_flags = hints->ai_flags;
        g->hints.ai_family = hints->ai_family;
        g->hints.ai_socktype = hints->ai_socktype;
        g->hints.ai_protocol = hints->ai_protocol;
    }
    g->node = NULL;
    g->service = NULL;
    if (node != NULL) {
        memcpy(g->text, node, nl);
        g->node = g->text;
    }
    if (service != NULL) {
        memcpy(g->text + nl, service, sl);
        g->service = g->text + nl;
    }
    g->res = NULL;
    return g;
}

void pn_getaddrinfo__init(struct pn_getaddrinfo__frame *f, const char *node, const char *service,
                          const struct addrinfo *hints, struct addrinfo **res)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->node = node;
    f->service = service;
    f->hints = hints;
    f->res = res;
    f->job = NULL;
}

pn_poll pn_getaddrinfo__poll(pn_future *self, pn_context *cx)
{
    struct pn_getaddrinfo__frame *f = (struct pn_getaddrinfo__frame *)self;
    pn__pin_check(self, "pn_getaddrinfo");
    switch (self->pn__state) {
    case 0: {
        if (f->res == NULL || (f->node == NULL && f->service == NULL)) {
            f->pn__ret = EAI_NONAME; /* what getaddrinfo says to both */
            break;
        }
        gai_job *g = gai_job_new(f->node, f->service, f->hints);
        if (g == NULL) {
            f->pn__ret = EAI_MEMORY;
            break;
        }
        f->job = &g->base;
        self->pn__state = GAI_SUBMITTED;
        pn__job_submit(f->job, cx);
    }
        /* fallthrough */
    case GAI_SUBMITTED: {
        if (pn__job_check(f->job, cx) == PN_PENDING)
            return PN_PENDING;
        gai_job *g = (gai_job *)(void *)f->job;
        f->pn__ret = (int)g->base.result;
        if (f->pn__ret == 0)
            *f->res = g->res; /* the caller's now */
        g->base.release(&g->base, false);
        f->job = NULL;
        break;
    }
    default:
        pn__bad_state("pn_getaddrinfo", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

void pn_getaddrinfo__drop(pn_future *self)
{
    struct pn_getaddrinfo__frame *f = (struct pn_getaddrinfo__frame *)self;
    if (self->pn__state == GAI_SUBMITTED && f->job != NULL)
        pn__job_cancel(f->job);
    f->job = NULL;
}

const pn_future_vtable pn_getaddrinfo__vtable = {
    pn_getaddrinfo__poll,
    pn_getaddrinfo__drop,
    "pn_getaddrinfo",
    sizeof(struct pn_getaddrinfo__frame),
    _Alignof(struct pn_getaddrinfo__frame),
    offsetof(struct pn_getaddrinfo__frame, pn__ret),
    sizeof(int),
};

/* The erased reading: the call itself. */
int pn_getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                   struct addrinfo **res)
{
    if (res == NULL)
        return EAI_NONAME;
    return getaddrinfo(node, service, hints, res);
}
