/*
 * inspect.c — seeing inside a running program: the registry of what the
 * transformer says about each async function, the walk from a task's
 * root frame down to the leaf it waits in, and pn_dump_tasks.
 *
 * Every generated file registers, from a constructor, one pn__func_info
 * per async function (pinion.h): its vtable, its file and line, and per
 * state the line of the await and where that await's child frames sit in
 * the frame, with their vtables.  That is all a walk needs: the root
 * frame's vtable comes from the task's chunk, its pn__state picks the
 * site, the site gives the child's address and vtable, and so on down to
 * a frame whose vtable the registry does not know, which is the runtime's
 * leaf (described here from its public frame layout) or a hand-written
 * one (named, with its state).
 *
 * The live tasks are found where they already are, in the slab (the walk
 * pn_shutdown uses), and the pn_block_on root: keeping them listed costs
 * spawn and completion nothing.  The registry is a list under a mutex;
 * it changes when objects are loaded or unloaded, and is read by dumps
 * and, through pn__func_lookup, by the tracer (trace.c), which caches
 * what it found.
 */
#include "core.h"
#include "inspect.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>

/* ---- the registry --------------------------------------------------- */

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static pn__func_info *registry;
/* Bumped at every change, so caches of lookups know to start over. */
static _Atomic unsigned registry_gen;

void pn__func_register(pn__func_info *info)
{
    pthread_mutex_lock(&registry_lock);
    info->pn__next = registry;
    registry = info;
    atomic_fetch_add_explicit(&registry_gen, 1, memory_order_release);
    pthread_mutex_unlock(&registry_lock);
}

void pn__func_unregister(pn__func_info *info)
{
    pthread_mutex_lock(&registry_lock);
    for (pn__func_info **p = &registry; *p != NULL; p = &(*p)->pn__next) {
        if (*p == info) {
            *p = info->pn__next;
            break;
        }
    }
    atomic_fetch_add_explicit(&registry_gen, 1, memory_order_release);
    pthread_mutex_unlock(&registry_lock);
}

const pn__func_info *pn__func_lookup(const pn_future_vtable *vt)
{
    const pn__func_info *found = NULL;
    pthread_mutex_lock(&registry_lock);
    for (const pn__func_info *i = registry; i != NULL; i = i->pn__next) {
        if (i->pn__vt == vt) {
            found = i;
            break;
        }
    }
    pthread_mutex_unlock(&registry_lock);
    return found;
}

unsigned pn__func_registry_gen(void)
{
    return atomic_load_explicit(&registry_gen, memory_order_acquire);
}

/* ---- walking frames -------------------------------------------------- */

const pn_future *pn__site_child(const pn__func_info *info, const pn_future *frame,
                                const pn__await_site *site, unsigned b, const pn_future_vtable **vt)
{
    const pn__await_child *c = &info->pn__children[site->pn__first + b];
    const char *at = (const char *)frame + c->pn__offset;
    *vt = c->pn__vt;
    if (c->pn__boxed) {
        const pn_future *boxed;
        memcpy(&boxed, at, sizeof boxed);
        return boxed;
    }
    if (c->pn__vt == &pn__dyn__vtable) {
        /* An await through a pointer: the callee's frame is in the pools. */
        const struct pn__dyn__frame *d = (const struct pn__dyn__frame *)(const void *)at;
        if (d->pn__frame != NULL) {
            *vt = d->pn__vt;
            return (const pn_future *)d->pn__frame;
        }
    }
    return (const pn_future *)(const void *)at;
}

bool pn__site_branch_live(const pn_future *frame, const pn__await_site *site, unsigned b)
{
    if (site->pn__live < 0)
        return true;
    unsigned live;
    memcpy(&live, (const char *)frame + site->pn__live, sizeof live);
    return b < 32 && (live >> b) & 1u;
}

const pn__await_site *pn__frame_site(const pn__func_info *info, const pn_future *frame)
{
    uint32_t state = frame->pn__state;
    if (state == 0 || state == PN__STATE_DONE || state > info->pn__nstates ||
        info->pn__sites == NULL)
        return NULL;
    return &info->pn__sites[state];
}

/* ---- what the runtime's leaves wait on -------------------------------- */

static const char *io_event(uint32_t events)
{
    if ((events & EPOLLIN) && (events & EPOLLOUT))
        return "readable or writable";
    return (events & EPOLLOUT) ? "writable" : "readable";
}

static void describe_io(FILE *out, int fd, const pn__io_wait *w, uint32_t natural)
{
    bool registered = w->pn__waker != NULL;
    fprintf(out, "fd %d, %s%s", fd, io_event(registered ? w->pn__events : natural),
            registered ? "" : " (not registered: about to retry)");
}

static void describe_chan(FILE *out, const pn_chan *c, const char *dir)
{
    size_t count, capacity;
    bool closed;
    pn__chan_stats(c, &count, &capacity, &closed);
    fprintf(out, "channel %p, %s, %zu of %zu buffered%s", (const void *)c, dir, count, capacity,
            closed ? ", closed" : "");
}

/* One line for a leaf of the runtime; false when vt is none of them. */
static bool describe_leaf(FILE *out, const pn_future_vtable *vt, const pn_future *f)
{
#define LEAF(NAME) (vt == &NAME##__vtable)
#define AS(NAME) ((const struct NAME##__frame *)(const void *)f)
    if (f->pn__state == PN__STATE_DONE) {
        fprintf(out, "%s: done", vt->name);
        return true;
    }
    if (LEAF(pn_sleep_ms)) {
        const struct pn_sleep_ms__frame *s = AS(pn_sleep_ms);
        if (f->pn__state == 0) {
            fprintf(out, "pn_sleep_ms: timer not armed yet (%" PRIu64 " ms)",
                    s->timer.pn__deadline_ms);
        } else {
            uint64_t now = pn_now_ms();
            uint64_t d = s->timer.pn__deadline_ms;
            fprintf(out, "pn_sleep_ms: timer, deadline %" PRIu64 " ms", d);
            if (s->timer.pn__waker == NULL)
                fputs(" (fired)", out);
            else if (d >= now)
                fprintf(out, " (in %" PRIu64 " ms)", d - now);
            else
                fprintf(out, " (due %" PRIu64 " ms ago)", now - d);
        }
    } else if (LEAF(pn_yield)) {
        fputs("pn_yield: yielded", out);
    } else if (LEAF(pn_join) || LEAF(pn_join_result)) {
        const pn_task *t = LEAF(pn_join) ? AS(pn_join)->task : AS(pn_join_result)->task;
        if (t == NULL)
            fprintf(out, "%s: no task", vt->name);
        else
            fprintf(out, "%s: join of task %p (%s)", vt->name, (void *)pn__handle_of(t),
                    pn__task_vt(t)->name);
    } else if (LEAF(pn_read)) {
        fputs("pn_read: ", out);
        describe_io(out, AS(pn_read)->fd, &AS(pn_read)->wait, EPOLLIN);
    } else if (LEAF(pn_write)) {
        fputs("pn_write: ", out);
        describe_io(out, AS(pn_write)->fd, &AS(pn_write)->wait, EPOLLOUT);
    } else if (LEAF(pn_write_all)) {
        fprintf(out, "pn_write_all: %zu of %zu bytes written, ", AS(pn_write_all)->done,
                AS(pn_write_all)->n);
        describe_io(out, AS(pn_write_all)->fd, &AS(pn_write_all)->wait, EPOLLOUT);
    } else if (LEAF(pn_accept)) {
        fputs("pn_accept: ", out);
        describe_io(out, AS(pn_accept)->fd, &AS(pn_accept)->wait, EPOLLIN);
    } else if (LEAF(pn_connect)) {
        fputs("pn_connect: ", out);
        describe_io(out, AS(pn_connect)->fd, &AS(pn_connect)->wait, EPOLLOUT);
    } else if (LEAF(pn_wait_readable)) {
        fputs("pn_wait_readable: ", out);
        describe_io(out, AS(pn_wait_readable)->fd, &AS(pn_wait_readable)->wait, EPOLLIN);
    } else if (LEAF(pn_wait_writable)) {
        fputs("pn_wait_writable: ", out);
        describe_io(out, AS(pn_wait_writable)->fd, &AS(pn_wait_writable)->wait, EPOLLOUT);
    } else if (LEAF(pn_chan_send)) {
        fputs("pn_chan_send: ", out);
        describe_chan(out, AS(pn_chan_send)->c, "send");
    } else if (LEAF(pn_chan_recv)) {
        fputs("pn_chan_recv: ", out);
        describe_chan(out, AS(pn_chan_recv)->c, "receive");
    } else if (LEAF(pn_mutex_lock)) {
        fprintf(out, "pn_mutex_lock: mutex %p", (const void *)AS(pn_mutex_lock)->s);
    } else if (LEAF(pn_sem_acquire)) {
        fprintf(out, "pn_sem_acquire: semaphore %p", (const void *)AS(pn_sem_acquire)->s);
    } else if (LEAF(pn_notify_wait)) {
        fprintf(out, "pn_notify_wait: notification %p", (const void *)AS(pn_notify_wait)->s);
    } else {
        return false;
    }
    return true;
#undef LEAF
#undef AS
}

/* ---- the dump ------------------------------------------------------ */

/* Chains deeper than this are cut (only memory that is not a frame of
 * the function it claims to be could make one). */
#define DUMP_DEPTH_MAX 256

static void indent(FILE *out, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        fputs("    ", out);
}

static void dump_frame(FILE *out, const pn_future_vtable *vt, const pn_future *f, unsigned level,
                       unsigned depth)
{
    for (;;) {
        indent(out, level);
        if (f == NULL || vt == NULL) {
            fputs("(no frame)\n", out);
            return;
        }
        if (depth++ > DUMP_DEPTH_MAX) {
            fputs("... (chain cut)\n", out);
            return;
        }
        const pn__func_info *info = pn__func_lookup(vt);
        if (info == NULL) {
            if (!describe_leaf(out, vt, f))
                fprintf(out, "%s: state %" PRIu32, vt->name, f->pn__state);
            fputc('\n', out);
            return;
        }
        const pn__await_site *site = pn__frame_site(info, f);
        if (site == NULL) {
            const char *what = f->pn__state == 0                ? "not started"
                               : f->pn__state == PN__STATE_DONE ? "done"
                                                                : "in an unknown state";
            fprintf(out, "%s (%s:%" PRIu32 ") %s\n", vt->name, info->pn__file, info->pn__line,
                    what);
            return;
        }
        fprintf(out, "%s (%s:%" PRIu32 ")", vt->name, info->pn__file, site->pn__line);
        if (site->pn__count == 1 && site->pn__live < 0) {
            fputc('\n', out);
            f = pn__site_child(info, f, site, 0, &vt);
            continue;
        }
        fprintf(out, " %s of %u\n", site->pn__live < 0 ? "pn_race" : "pn_all",
                (unsigned)site->pn__count);
        for (unsigned b = 0; b < site->pn__count; b++) {
            indent(out, level + 1);
            const pn_future_vtable *cvt;
            const pn_future *child = pn__site_child(info, f, site, b, &cvt);
            if (!pn__site_branch_live(f, site, b)) {
                fprintf(out, "[%u] %s: done\n", b, cvt->name);
                continue;
            }
            fprintf(out, "[%u]\n", b);
            dump_frame(out, cvt, child, level + 2, depth);
        }
        return;
    }
}

static bool is_pool_task(const pn__runtime *rt, const pn_task *t)
{
    const pn__runtime *owner = pn__task_chunk(t)->rt;
    return owner != rt && pn__pool_is_home(owner);
}

static void dump_task(FILE *out, pn__runtime *rt, pn_task *t)
{
    const pn_future_vtable *vt = pn__task_vt(t);
    uint32_t refs = atomic_load_explicit(&t->pn__refs, memory_order_relaxed);
    /* A pool task's flags and handle change under its home's lock, on
     * any worker. */
    pn_task *handle;
    uint8_t flags;
    if (is_pool_task(rt, t)) {
        flags = pn__pool_task_peek(t, &handle);
    } else {
        flags = t->pn__flags;
        handle = pn__handle_of(t);
    }
    const char *what;
    bool chain = true;
    if (flags & PN__TASK_DONE) {
        what = (flags & PN__TASK_CANCELLED) ? "cancelled, not yet joined"
                                            : "finished, not yet joined";
        chain = false;
    } else if (t == (pn_task *)rt->cx.pn__waker) {
        what = "running";
        chain = false;
    } else if (refs & PN__TASK_QUEUED) {
        what = "ready";
    } else {
        what = "parked";
    }
    fprintf(out, "task %p: %s%s, %s\n", (void *)handle, vt->name,
            (flags & PN__TASK_ROOT) ? " (pn_block_on)" : "", what);
    if (chain)
        dump_frame(out, vt, pn__task_frame(t), 1, 0);
}

/* pn__slab_each takes no closure: the dump under way, for its callbacks.
 * The runtime is this thread's, so the dump is too. */
static _Thread_local FILE *dump_out;

/* A slot holds a task worth showing once it started, and until it is
 * finished and nothing refers to it (it then only waits to leave a run
 * queue, where a cancel left it). */
static bool dump_is_task(const pn_task *t)
{
    if (!(t->pn__flags & PN__TASK_STARTED))
        return false;
    return !(t->pn__flags & PN__TASK_DONE) ||
           atomic_load_explicit(&t->pn__refs, memory_order_relaxed) >= PN__TASK_REF;
}

static bool count_one(pn__runtime *rt, pn_task *t)
{
    (void)rt;
    return dump_is_task(t);
}

static bool dump_one(pn__runtime *rt, pn_task *t)
{
    if (!dump_is_task(t))
        return false;
    dump_task(dump_out, rt, t);
    return true;
}

/* A pool task in rt's ready lists that no worker polled yet (placed
 * ones are in the worker's placed list). */
static bool unplaced(const pn__runtime *rt, const pn_task *t)
{
    return is_pool_task(rt, t) && pn__task_placed(t)->prev == NULL;
}

static size_t unplaced_list(FILE *out, pn__runtime *rt, pn_task *head)
{
    size_t n = 0;
    for (pn_task *t = head; t != NULL; t = t->pn__next) {
        if (!unplaced(rt, t))
            continue;
        n++;
        if (out != NULL)
            dump_task(out, rt, t);
    }
    return n;
}

/* The unplaced pool tasks of rt's ready lists, and the task being polled
 * when this is its first poll (it joins the placed list after it, pool.c),
 * written to out (or only counted, out NULL). */
static size_t unplaced_each(FILE *out, pn__runtime *rt)
{
    size_t n = 0;
    pn_task *running = (pn_task *)rt->cx.pn__waker;
    if (running != NULL && unplaced(rt, running)) {
        n++;
        if (out != NULL)
            dump_task(out, rt, running);
    }
    return n + unplaced_list(out, rt, rt->next_head) + unplaced_list(out, rt, rt->runq_head) +
           unplaced_list(out, rt, rt->yield_head);
}

static bool placed_one(pn__runtime *rt, pn_task *t)
{
    if (dump_out != NULL)
        dump_task(dump_out, rt, t);
    return true;
}

/* One worker's part of a pool's dump, on that worker's thread: its own
 * runtime's tasks (the pn_block_on root, pn_spawn_local tasks), the pool
 * tasks placed on it, and those in its ready lists not placed yet. */
size_t pn__dump_worker(FILE *out, pn__runtime *rt)
{
    bool root = rt->running && !(rt->root.pn__flags & PN__TASK_DONE);
    FILE *saved = dump_out;
    dump_out = NULL;
    size_t n = root + pn__slab_each(rt, count_one) + pn__pool_placed_each(rt, placed_one) +
               unplaced_each(NULL, rt);
    fprintf(out, "worker %u: %zu task%s\n", rt->worker, n, n == 1 ? "" : "s");
    if (root)
        dump_task(out, rt, &rt->root);
    dump_out = out;
    pn__slab_each(rt, dump_one);
    pn__pool_placed_each(rt, placed_one);
    unplaced_each(out, rt);
    dump_out = saved;
    return n;
}

int pn_dump_tasks(FILE *out)
{
    pn__runtime *rt = &pn__tls_runtime;
    if (out == NULL)
        return -EINVAL;
    if (rt->pool != NULL) {
        size_t n = pn__pool_dump(rt, out);
        fprintf(out, "pinion: %zu task%s in all\n", n, n == 1 ? "" : "s");
        if (fflush(out) != 0 || ferror(out))
            return -EIO;
        return (int)n;
    }
    bool root = rt->initialised && rt->running && !(rt->root.pn__flags & PN__TASK_DONE);
    size_t n = rt->initialised ? pn__slab_each(rt, count_one) : 0;
    n += root;
    fprintf(out, "pinion: %zu task%s\n", n, n == 1 ? "" : "s");
    if (root)
        dump_task(out, rt, &rt->root);
    if (rt->initialised) {
        FILE *saved = dump_out;
        dump_out = out;
        pn__slab_each(rt, dump_one);
        dump_out = saved;
    }
    if (fflush(out) != 0 || ferror(out))
        return -EIO;
    return (int)n;
}
