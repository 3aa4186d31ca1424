/*
 * trace.c — PINION_TRACE=FILE: a timeline of what the tasks did, as
 * Chrome trace-event JSON (chrome://tracing, Perfetto, tools/pinion-trace).
 *
 * When the variable is set at the first use of a runtime, every runtime
 * of the process writes to FILE: each task is a row (its "thread" in the
 * trace format, named "ID function"), each poll a complete event ("X")
 * with the await it returned at (the deepest async function's line and
 * the leaf it waits in), each wake a flow arrow from the task that woke
 * it to its next poll (or an instant event when a timer or I/O woke it;
 * a wake from another thread shows as the poll it leads to), and spawns, completions and cancellations instant
 * events.  Timestamps are microseconds since the trace began.
 *
 * The file is one JSON array, one event per line, closed at exit; a
 * program that dies leaves it unclosed, which the viewers accept too.
 * When the variable is unset the runtime pays one predictable branch per
 * poll, spawn, local wake and cancel (rt->trace is NULL), and none of this
 * file runs.
 *
 * Each runtime keeps, in memory it gets from malloc (not from its
 * pn_allocator, whose accounting it would disturb), the trace id of each
 * live task (a map from task address to id, entries removed when the task
 * finishes), and a cache of the registry lookups the walk to the leaf
 * does (inspect.c).  Both are linear in what they hold.
 */
#include "core.h"
#include "inspect.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the process-wide file ------------------------------------------- */

static pthread_once_t trace_once = PTHREAD_ONCE_INIT;
static FILE *trace_file;
static uint64_t trace_t0;
static int trace_pid;
static _Atomic uint64_t trace_next_id = 1; /* task ids and flow ids */

static void trace_close(void)
{
    /* The last event closes the array: a finished program leaves JSON.
     * Events after this one (a task polled by a later exit handler) are
     * not written. */
    FILE *f = trace_file;
    flockfile(f);
    trace_file = NULL;
    fprintf(f,
            "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,\"args\":{\"name\":\"pinion\"}}"
            "]\n",
            trace_pid);
    funlockfile(f);
    fclose(f);
}

static void trace_open(void)
{
    const char *path = getenv("PINION_TRACE");
    if (path == NULL || *path == '\0')
        return;
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "pinion: PINION_TRACE=%s: cannot open the file: %m; not tracing\n",
                path);
        return;
    }
    setvbuf(f, NULL, _IOFBF, 1u << 20);
    trace_t0 = pn_now_ns();
    trace_pid = (int)getpid();
    fputs("[\n", f);
    trace_file = f;
    atexit(trace_close);
}

/* Microseconds since the start, as the format wants them. */
static void put_ts(FILE *f, uint64_t ns)
{
    uint64_t d = ns - trace_t0;
    fprintf(f, "%" PRIu64 ".%03u", d / 1000u, (unsigned)(d % 1000u));
}

/* A JSON string's body. */
static void put_str(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
}

/* ---- per-runtime state ---------------------------------------------- */

typedef struct trace_slot {
    const void *key;
    uint64_t id;         /* task map: the task's trace id */
    const void *value;   /* vtable cache: its pn__func_info, NULL when none */
} trace_slot;

typedef struct trace_map {
    trace_slot *slots;
    size_t cap, count; /* cap a power of two, count <= cap / 2 */
} trace_map;

struct pn__trace {
    trace_map tasks;  /* pn_task * -> id */
    trace_map funcs;  /* pn_future_vtable * -> pn__func_info * */
    unsigned funcs_gen;
    uint64_t polling; /* id of the task being polled, 0 between polls */
};

static size_t map_hash(const void *key, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15u;
    return (size_t)(h >> 17) & (cap - 1);
}

static trace_slot *map_find(trace_map *m, const void *key)
{
    if (m->cap == 0)
        return NULL;
    for (size_t i = map_hash(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->slots[i].key == key)
            return &m->slots[i];
        if (m->slots[i].key == NULL)
            return NULL;
    }
}

/* The slot for key, added if missing; NULL when memory runs out. */
static trace_slot *map_put(trace_map *m, const void *key)
{
    trace_slot *s = map_find(m, key);
    if (s != NULL)
        return s;
    if (2 * (m->count + 1) > m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        trace_slot *slots = calloc(cap, sizeof *slots);
        if (slots == NULL)
            return NULL;
        for (size_t i = 0; i < m->cap; i++) {
            if (m->slots[i].key == NULL)
                continue;
            size_t j = map_hash(m->slots[i].key, cap);
            while (slots[j].key != NULL)
                j = (j + 1) & (cap - 1);
            slots[j] = m->slots[i];
        }
        free(m->slots);
        m->slots = slots;
        m->cap = cap;
    }
    size_t i = map_hash(key, m->cap);
    while (m->slots[i].key != NULL)
        i = (i + 1) & (m->cap - 1);
    m->slots[i] = (trace_slot){.key = key};
    m->count++;
    return &m->slots[i];
}

/* Linear probing's deletion: later entries of the run move back. */
static void map_remove(trace_map *m, const void *key)
{
    trace_slot *s = map_find(m, key);
    if (s == NULL)
        return;
    size_t i = (size_t)(s - m->slots), mask = m->cap - 1;
    for (size_t j = (i + 1) & mask; m->slots[j].key != NULL; j = (j + 1) & mask) {
        size_t home = map_hash(m->slots[j].key, m->cap);
        /* Move j into the hole at i unless its home lies in (i, j]. */
        if (((j - home) & mask) >= ((j - i) & mask)) {
            m->slots[i] = m->slots[j];
            i = j;
        }
    }
    m->slots[i] = (trace_slot){0};
    m->count--;
}

static void map_free(trace_map *m)
{
    free(m->slots);
    *m = (trace_map){0};
}

pn__trace *pn__trace_attach(void)
{
    pthread_once(&trace_once, trace_open);
    if (trace_file == NULL)
        return NULL;
    pn__trace *tr = calloc(1, sizeof *tr);
    if (tr == NULL)
        fputs("pinion: PINION_TRACE: out of memory; this thread is not traced\n", stderr);
    return tr;
}

void pn__trace_detach(pn__trace *tr)
{
    if (tr == NULL)
        return;
    map_free(&tr->tasks);
    map_free(&tr->funcs);
    free(tr);
    if (trace_file != NULL)
        fflush(trace_file);
}

static const pn__func_info *func_of(pn__trace *tr, const pn_future_vtable *vt)
{
    unsigned gen = pn__func_registry_gen();
    if (gen != tr->funcs_gen) {
        map_free(&tr->funcs);
        tr->funcs_gen = gen;
    }
    trace_slot *s = map_find(&tr->funcs, vt);
    if (s != NULL)
        return s->value;
    const pn__func_info *info = pn__func_lookup(vt);
    s = map_put(&tr->funcs, vt);
    if (s != NULL)
        s->value = info;
    return info;
}

/* The trace id of t: the one it was given at spawn (0 if it was spawned
 * before memory for the map ran out). */
static uint64_t id_of(pn__trace *tr, const pn_task *t)
{
    trace_slot *s = map_find(&tr->tasks, t);
    return s != NULL ? s->id : 0;
}

/* ---- events ----------------------------------------------------------- */

void pn__trace_spawn(pn__runtime *rt, pn_task *t)
{
    pn__trace *tr = rt->trace;
    if (trace_file == NULL)
        return;
    trace_slot *s = map_put(&tr->tasks, t);
    if (s == NULL)
        return;
    uint64_t id = atomic_fetch_add_explicit(&trace_next_id, 1, memory_order_relaxed);
    s->id = id;
    const char *name = pn__task_vt(t)->name;
    FILE *f = trace_file;
    flockfile(f);
    fprintf(f, "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%" PRIu64
               ",\"args\":{\"name\":\"%" PRIu64 " ",
            trace_pid, id, id);
    put_str(f, name);
    fputs("\"}},\n", f);
    fprintf(f, "{\"name\":\"spawn\",\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%" PRIu64 ",\"ts\":",
            trace_pid, id);
    put_ts(f, pn_now_ns());
    fputs(",\"args\":{\"function\":\"", f);
    put_str(f, name);
    fprintf(f, "\",\"by\":%" PRIu64 "%s}},\n", tr->polling,
            (t->pn__flags & PN__TASK_ROOT) ? ",\"block_on\":true" : "");
    funlockfile(f);
}

/* Where the task whose root frame is `frame` (of vt) stopped: the
 * deepest async function's name, file and line of its await, and the
 * leaf below it. */
static void put_await(FILE *f, pn__trace *tr, const pn_future_vtable *vt, const pn_future *frame)
{
    const pn__func_info *last = NULL;
    const pn__await_site *last_site = NULL;
    const char *leaf = NULL;
    for (unsigned depth = 0; frame != NULL && vt != NULL && depth < 256; depth++) {
        const pn__func_info *info = func_of(tr, vt);
        if (info == NULL) {
            leaf = vt->name;
            break;
        }
        const pn__await_site *site = pn__frame_site(info, frame);
        if (site == NULL)
            break;
        last = info;
        last_site = site;
        /* Of pn_all and pn_race, the first branch still running. */
        unsigned b = 0;
        while (b + 1 < site->pn__count && !pn__site_branch_live(frame, site, b))
            b++;
        frame = pn__site_child(info, frame, site, b, &vt);
    }
    if (last != NULL) {
        fputs(",\"await\":\"", f);
        put_str(f, last->pn__vt->name);
        fputs(" (", f);
        put_str(f, last->pn__file);
        fprintf(f, ":%" PRIu32 ")\"", last_site->pn__line);
    }
    if (leaf != NULL) {
        fputs(",\"leaf\":\"", f);
        put_str(f, leaf);
        fputc('"', f);
    }
}

pn_poll pn__trace_poll(pn__runtime *rt, pn_task *t, pn_poll_fn poll, pn_future *frame)
{
    pn__trace *tr = rt->trace;
    if (trace_file == NULL)
        return poll(frame, &rt->cx);
    uint64_t id = id_of(tr, t);
    tr->polling = id;
    uint64_t start = pn_now_ns();
    pn_poll r = poll(frame, &rt->cx);
    uint64_t end = pn_now_ns();
    tr->polling = 0;
    const pn_future_vtable *vt = pn__task_vt(t);
    FILE *f = trace_file;
    flockfile(f);
    fputs("{\"name\":\"", f);
    put_str(f, vt->name);
    fprintf(f, "\",\"cat\":\"poll\",\"ph\":\"X\",\"pid\":%d,\"tid\":%" PRIu64 ",\"ts\":",
            trace_pid, id);
    put_ts(f, start);
    fprintf(f, ",\"dur\":%" PRIu64 ".%03u,\"args\":{\"result\":\"%s\"", (end - start) / 1000u,
            (unsigned)((end - start) % 1000u),
            r == PN_READY ? "ready" : (rt->cx.pn__woken & PN__WOKEN) ? "yield" : "pending");
    if (r == PN_PENDING)
        put_await(f, tr, vt, frame);
    fputs("}},\n", f);
    if (r == PN_READY) {
        fprintf(f, "{\"name\":\"done\",\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%" PRIu64
                   ",\"ts\":",
                trace_pid, id);
        put_ts(f, end);
        fputs("},\n", f);
    }
    funlockfile(f);
    if (r == PN_READY)
        map_remove(&tr->tasks, t);
    return r;
}

void pn__trace_wake(pn__runtime *rt, pn_task *t)
{
    pn__trace *tr = rt->trace;
    if (trace_file == NULL)
        return;
    uint64_t id = id_of(tr, t);
    if (id == 0)
        return; /* the pn_block_on root, queued before its spawn event */
    uint64_t now = pn_now_ns();
    FILE *f = trace_file;
    flockfile(f);
    if (tr->polling != 0) {
        uint64_t flow = atomic_fetch_add_explicit(&trace_next_id, 1, memory_order_relaxed);
        fprintf(f, "{\"name\":\"wake\",\"cat\":\"wake\",\"ph\":\"s\",\"id\":%" PRIu64
                   ",\"pid\":%d,\"tid\":%" PRIu64 ",\"ts\":",
                flow, trace_pid, tr->polling);
        put_ts(f, now);
        fprintf(f, ",\"args\":{\"woke\":%" PRIu64 "}},\n", id);
        fprintf(f, "{\"name\":\"wake\",\"cat\":\"wake\",\"ph\":\"f\",\"id\":%" PRIu64
                   ",\"pid\":%d,\"tid\":%" PRIu64 ",\"ts\":",
                flow, trace_pid, id);
        put_ts(f, now);
        fputs("},\n", f);
    } else {
        fprintf(f, "{\"name\":\"wake\",\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%" PRIu64
                   ",\"ts\":",
                trace_pid, id);
        put_ts(f, now);
        fputs(",\"args\":{\"by\":\"timer or I/O\"}},\n", f);
    }
    funlockfile(f);
}

void pn__trace_cancel(pn__runtime *rt, pn_task *t)
{
    pn__trace *tr = rt->trace;
    if (trace_file == NULL)
        return;
    uint64_t id = id_of(tr, t);
    FILE *f = trace_file;
    flockfile(f);
    fprintf(f, "{\"name\":\"cancelled\",\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%" PRIu64
               ",\"ts\":",
            trace_pid, id);
    put_ts(f, pn_now_ns());
    fputs("},\n", f);
    funlockfile(f);
    map_remove(&tr->tasks, t);
}
