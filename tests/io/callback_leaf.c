/*
 * callback_leaf.c — the worked example of docs/leaf-futures.md: a leaf
 * future, written by hand, that wraps a callback API whose callback fires
 * on another thread.
 *
 * The file has three parts.  `sq_*` stands in for a third-party library:
 * a worker thread squares numbers, slowly, and reports each result
 * through a callback on that thread; the caller owns the request struct
 * (as with libuv's uv_work_t) and may cancel it.  `square_later` is the
 * leaf future over it, in the ABI of <pinion.h>.  `demo` is an async
 * function that awaits the leaf, lowered by hand the way the transformer
 * lowers it, and main runs it.  The test suite runs this program and
 * checks its output.
 */
#include <pinion.h>

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* ------------------------------------------------------------------ */
/* A callback library (stand-in)                                        */
/* ------------------------------------------------------------------ */

struct sq_request {
    struct sq_request *next;
    int x;
    void (*done)(struct sq_request *req, int result);
};

struct sq_service {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct sq_request *head, **tail;
    struct sq_request *running; /* the request whose callback is in progress */
    int stop;
    pthread_t thread;
};

static void *sq_worker(void *arg)
{
    struct sq_service *s = arg;
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!s->stop && s->head == NULL)
            pthread_cond_wait(&s->cond, &s->lock);
        if (s->stop)
            break;
        struct sq_request *req = s->head;
        s->head = req->next;
        if (s->head == NULL)
            s->tail = &s->head;
        s->running = req;
        pthread_mutex_unlock(&s->lock);

        nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL); /* "slow" */
        req->done(req, req->x * req->x);                          /* last use of req */

        pthread_mutex_lock(&s->lock);
        s->running = NULL;
        pthread_cond_broadcast(&s->cond);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

static int sq_start(struct sq_service *s)
{
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cond, NULL);
    s->head = NULL;
    s->tail = &s->head;
    s->running = NULL;
    s->stop = 0;
    return pthread_create(&s->thread, NULL, sq_worker, s);
}

static void sq_stop(struct sq_service *s)
{
    pthread_mutex_lock(&s->lock);
    s->stop = 1;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL);
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->lock);
}

/* Queue req; done(req, x * x) is called later on the worker thread. */
static void sq_submit(struct sq_service *s, struct sq_request *req, int x,
                      void (*done)(struct sq_request *, int))
{
    req->next = NULL;
    req->x = x;
    req->done = done;
    pthread_mutex_lock(&s->lock);
    *s->tail = req;
    s->tail = &req->next;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

/* When sq_cancel returns, req's callback is not running and never will:
 * 1 if req was still queued (the callback never ran), 0 if it had run. */
static int sq_cancel(struct sq_service *s, struct sq_request *req)
{
    int removed = 0;
    pthread_mutex_lock(&s->lock);
    for (struct sq_request **link = &s->head; *link != NULL; link = &(*link)->next) {
        if (*link == req) {
            *link = req->next;
            if (*link == NULL)
                s->tail = link;
            removed = 1;
            break;
        }
    }
    while (s->running == req)
        pthread_cond_wait(&s->cond, &s->lock);
    pthread_mutex_unlock(&s->lock);
    return removed;
}

/* ------------------------------------------------------------------ */
/* The leaf future                                                      */
/* ------------------------------------------------------------------ */

/* What untransformed callers type-check against: await(square_later(s, 3)). */
pn_async int square_later(struct sq_service *svc, int x);

struct square_later__frame {
    pn_future pn__hdr; /* first, always */
    int pn__ret;       /* the result */
    struct sq_service *svc;
    int x;
    /* Set up at the first poll, when the frame is pinned: the library
     * keeps &req, and the callback finds the frame from it. */
    struct sq_request req;
    pthread_mutex_t lock; /* the callback runs on the worker thread */
    int done;             /* under lock */
    int result;           /* under lock */
    pn_waker *waker;      /* under lock; owned; NULL once used */
};

enum { SQ_UNPOLLED = 0, SQ_SUBMITTED = 1 };

static void square_later__init(struct square_later__frame *f, struct sq_service *svc, int x)
{
    /* No side effects: the frame may still be moved before its first poll. */
    f->pn__hdr.pn__state = SQ_UNPOLLED;
    f->pn__hdr.pn__pin = 0;
    f->pn__ret = 0;
    f->svc = svc;
    f->x = x;
}

/* On the worker thread. */
static void square_later_done(struct sq_request *req, int result)
{
    struct square_later__frame *f =
        (struct square_later__frame *)((char *)req - offsetof(struct square_later__frame, req));
    pthread_mutex_lock(&f->lock);
    f->result = result;
    f->done = 1;
    pn_waker *w = f->waker;
    f->waker = NULL;
    pthread_mutex_unlock(&f->lock);
    /* The frame may be finished and reused from here on: only w is used. */
    if (w != NULL)
        pn_waker_wake(w);
}

static pn_poll square_later__poll(pn_future *self, pn_context *cx)
{
    struct square_later__frame *f = (struct square_later__frame *)self;
    pn__pin_check(self, "square_later");
    switch (self->pn__state) {
    case SQ_UNPOLLED:
        pthread_mutex_init(&f->lock, NULL);
        f->done = 0;
        f->waker = pn_waker_clone(cx);
        self->pn__state = SQ_SUBMITTED;
        sq_submit(f->svc, &f->req, f->x, square_later_done);
        return PN_PENDING;
    case SQ_SUBMITTED: {
        pthread_mutex_lock(&f->lock);
        if (!f->done) {
            /* Polled although our callback has not fired (the task was
             * woken for another reason): keep waiting, with this poll's
             * waker. */
            pn_waker *old = f->waker;
            f->waker = pn_waker_clone(cx);
            pthread_mutex_unlock(&f->lock);
            if (old != NULL)
                pn_waker_drop(old);
            return PN_PENDING;
        }
        f->pn__ret = f->result;
        pthread_mutex_unlock(&f->lock);
        /* The callback may still be on its way out; the parent reuses this
         * memory as soon as we return READY.  Let it finish first. */
        sq_cancel(f->svc, &f->req);
        pthread_mutex_destroy(&f->lock);
        self->pn__state = PN__STATE_DONE;
        return PN_READY;
    }
    default: /* PN__STATE_DONE included: never polled after READY */
        pn__bad_state("square_later", self->pn__state);
    }
}

static void square_later__drop(pn_future *self)
{
    struct square_later__frame *f = (struct square_later__frame *)self;
    if (self->pn__state != SQ_SUBMITTED)
        return; /* never started, or finished: nothing is held */
    sq_cancel(f->svc, &f->req); /* afterwards no callback can touch f */
    if (f->waker != NULL)
        pn_waker_drop(f->waker);
    f->waker = NULL;
    pthread_mutex_destroy(&f->lock);
}

static const pn_future_vtable square_later__vtable = {
    square_later__poll,
    square_later__drop,
    "square_later",
    sizeof(struct square_later__frame),
    _Alignof(struct square_later__frame),
    offsetof(struct square_later__frame, pn__ret),
    sizeof(int),
};

/* The blocking definition, for programs read with PINION_ERASE. */
struct square_blocking {
    struct sq_request req;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int done, result;
};

static void square_blocking_done(struct sq_request *req, int result)
{
    struct square_blocking *b = (struct square_blocking *)req; /* req is first */
    pthread_mutex_lock(&b->lock);
    b->result = result;
    b->done = 1;
    pthread_cond_signal(&b->cond);
    pthread_mutex_unlock(&b->lock);
}

int square_later(struct sq_service *svc, int x)
{
    struct square_blocking b = {.done = 0};
    pthread_mutex_init(&b.lock, NULL);
    pthread_cond_init(&b.cond, NULL);
    sq_submit(svc, &b.req, x, square_blocking_done);
    pthread_mutex_lock(&b.lock);
    while (!b.done)
        pthread_cond_wait(&b.cond, &b.lock);
    pthread_mutex_unlock(&b.lock);
    sq_cancel(svc, &b.req); /* wait for the callback to return */
    pthread_cond_destroy(&b.cond);
    pthread_mutex_destroy(&b.lock);
    return b.result;
}

/* ------------------------------------------------------------------ */
/* A caller, lowered by hand                                            */
/* ------------------------------------------------------------------ */

/*
 * async int demo(struct sq_service *svc, int n)
 * {
 *     pn_task *t = pn_spawn(square_later(svc, 1000));
 *     await(pn_yield());          -- t runs and submits its request
 *     pn_cancel(t);               -- square_later__drop cancels it
 *     int sum = 0;
 *     for (int i = 1; i <= n; i++)
 *         sum += await(square_later(svc, i));
 *     return sum;
 * }
 */
struct demo__frame {
    pn_future pn__hdr;
    int pn__ret;
    struct sq_service *svc;
    int n;
    pn_task *victim;
    int sum, i;
    union {
        struct pn_yield__frame yield;
        struct square_later__frame square;
    } child;
};

static void demo__init(struct demo__frame *f, struct sq_service *svc, int n)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
    f->svc = svc;
    f->n = n;
}

static pn_poll demo__poll(pn_future *self, pn_context *cx)
{
    struct demo__frame *f = (struct demo__frame *)self;
    pn__pin_check(self, "demo");
    switch (self->pn__state) {
    case 0: {
        struct square_later__frame *tf = pn__task_reserve(&square_later__vtable, &f->victim);
        if (tf == NULL) {
            f->pn__ret = -ENOMEM;
            break;
        }
        square_later__init(tf, f->svc, 1000);
        f->victim = pn__task_start(f->victim);
        pn_yield__init(&f->child.yield);
        self->pn__state = 1;
    }
        /* fallthrough */
    case 1:
        if (pn_yield__poll(&f->child.yield.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        pn_cancel(f->victim);
        f->sum = 0;
        f->i = 1;
    loop:
        if (!(f->i <= f->n)) {
            f->pn__ret = f->sum;
            break;
        }
        square_later__init(&f->child.square, f->svc, f->i);
        self->pn__state = 2;
        /* fallthrough */
    case 2:
        if (square_later__poll(&f->child.square.pn__hdr, cx) == PN_PENDING)
            return PN_PENDING;
        f->sum += f->child.square.pn__ret;
        f->i++;
        goto loop;
    default:
        pn__bad_state("demo", self->pn__state);
    }
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

static void demo__drop(pn_future *self)
{
    struct demo__frame *f = (struct demo__frame *)self;
    if (self->pn__state == 1)
        pn_yield__drop(&f->child.yield.pn__hdr);
    else if (self->pn__state == 2)
        square_later__drop(&f->child.square.pn__hdr);
}

static const pn_future_vtable demo__vtable = {
    demo__poll,
    demo__drop,
    "demo",
    sizeof(struct demo__frame),
    _Alignof(struct demo__frame),
    offsetof(struct demo__frame, pn__ret),
    sizeof(int),
};

int main(void)
{
    struct sq_service svc;
    if (sq_start(&svc) != 0)
        return 1;

    struct demo__frame root; /* pn_block_on(demo(&svc, 4)) */
    demo__init(&root, &svc, 4);
    pn__block_on(&root.pn__hdr, &demo__vtable);
    printf("sum of squares 1..4 = %d\n", root.pn__ret);

    int blocking = square_later(&svc, 5);
    printf("blocking square of 5 = %d\n", blocking);

    pn_shutdown();
    sq_stop(&svc);
    return root.pn__ret == 30 && blocking == 25 ? 0 : 1;
}
