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
 * a wake from another thread shows as the poll it leads to), and spawns,
 * completions and cancellations instant events.  Timestamps are
 * microseconds since the trace began.
 *
 * The file is one JSON array, one event per line, closed at exit; a
 * program that dies leaves it unclosed, which the viewers accept too.
 * Each runtime formats its events into a buffer of its own (64 KiB) and
 * writes it to the file when it is full, at pn_shutdown and at exit (the
 * exiting thread's), so the last events of a program that dies, or of a
 * thread still running at exit, are lost.  When the variable is unset
 * the executor runs a copy of its loop without tracing, and a spawn, a
 * local wake and a cancel test rt->trace (NULL); none of this file runs.
 *
 * Each runtime keeps, in memory it gets from malloc (not from its
 * pn_allocator, whose accounting it would disturb), that buffer, the
 * trace id of each live task (a map from task address to id, entries
 * removed when the task finishes), and a cache of the registry lookups
 * the walk to the leaf does (inspect.c).  Both maps are linear in what
 * they hold.
 */
#include "core.h"
#include "inspect.h"

#include <stddef.h>
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

static void trace_flush(pn__trace *tr);
/* This thread's runtime's trace: trace_close writes its buffer. */
static _Thread_local pn__trace *trace_mine;

static void trace_close(void)
{
    /* The last event closes the array: a finished program leaves JSON.
     * Events after this one (a task polled by a later exit handler) are
     * not written, nor those still in the buffers of other threads that
     * are running. */
    if (trace_mine != NULL)
        trace_flush(trace_mine);
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
        fprintf(stderr, "pinion: PINION_TRACE=%s: cannot open the file: %m; not tracing\n", path);
        return;
    }
    setvbuf(f, NULL, _IOFBF, 1u << 20);
    trace_t0 = pn_now_ns();
    trace_pid = (int)getpid();
    fputs("[\n", f);
    trace_file = f;
    atexit(trace_close);
}

/* ---- per-runtime state ---------------------------------------------- */

typedef struct trace_slot {
    const void *key;
    uint64_t id;       /* task map: the task's trace id */
    const void *value; /* vtable cache: its pn__func_info, NULL when none */
} trace_slot;

typedef struct trace_map {
    trace_slot *slots;
    size_t cap, count; /* cap a power of two, count <= cap / 2 */
} trace_map;

/* Events are formatted into the runtime's own buffer and written to the
 * file a buffer at a time (stdio's formatting would cost more than the
 * poll it records). */
#define TRACE_BUF 65536
#define TRACE_EVENT_MAX 4096 /* room one event needs at most (strings are cut) */

struct pn__trace {
    trace_map tasks; /* pn_task * -> id */
    trace_map funcs; /* pn_future_vtable * -> pn__func_info * */
    unsigned funcs_gen;
    uint64_t polling; /* id of the task being polled, 0 between polls */
    size_t len;
    char buf[TRACE_BUF];
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
    pn__trace *tr = malloc(sizeof *tr);
    if (tr == NULL) {
        fputs("pinion: PINION_TRACE: out of memory; this thread is not traced\n", stderr);
        return NULL;
    }
    memset(tr, 0, offsetof(pn__trace, buf));
    trace_mine = tr;
    return tr;
}

void pn__trace_detach(pn__trace *tr)
{
    if (tr == NULL)
        return;
    trace_flush(tr);
    if (trace_mine == tr)
        trace_mine = NULL;
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

/* ---- formatting ---------------------------------------------------- */

static void trace_flush(pn__trace *tr)
{
    if (tr->len > 0 && trace_file != NULL)
        fwrite(tr->buf, 1, tr->len, trace_file);
    tr->len = 0;
}

/* Room for one more event. */
static void ev_begin(pn__trace *tr)
{
    if (tr->len > TRACE_BUF - TRACE_EVENT_MAX)
        trace_flush(tr);
}

static void put_s(pn__trace *tr, const char *s)
{
    size_t n = strlen(s);
    memcpy(tr->buf + tr->len, s, n);
    tr->len += n;
}

static void put_u(pn__trace *tr, uint64_t v)
{
    char d[20];
    unsigned n = 0;
    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        tr->buf[tr->len++] = d[--n];
}

/* A duration or a time since the start in ns, as microseconds. */
static void put_us(pn__trace *tr, uint64_t ns)
{
    put_u(tr, ns / 1000u);
    unsigned frac = (unsigned)(ns % 1000u);
    tr->buf[tr->len++] = '.';
    tr->buf[tr->len++] = (char)('0' + frac / 100);
    tr->buf[tr->len++] = (char)('0' + frac / 10 % 10);
    tr->buf[tr->len++] = (char)('0' + frac % 10);
}

/* A JSON string's body, cut after 600 bytes (names and paths), so that
 * an event, which has four strings at most, fits TRACE_EVENT_MAX. */
static void put_str(pn__trace *tr, const char *s)
{
    size_t stop = tr->len + 600;
    for (unsigned i = 0; s[i] && tr->len < stop; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            tr->buf[tr->len++] = '\\';
            tr->buf[tr->len++] = (char)c;
        } else if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            put_s(tr, "\\u00");
            tr->buf[tr->len++] = hex[c >> 4];
            tr->buf[tr->len++] = hex[c & 15];
        } else {
            tr->buf[tr->len++] = (char)c;
        }
    }
}

/* `{"name":"NAME","ph":"PH",` and pid, tid, ts of an event. */
static void ev_head(pn__trace *tr, const char *name, const char *ph, uint64_t tid, uint64_t ns)
{
    ev_begin(tr);
    put_s(tr, "{\"name\":\"");
    put_str(tr, name);
    put_s(tr, "\",\"ph\":\"");
    put_s(tr, ph);
    put_s(tr, "\",\"pid\":");
    put_u(tr, (uint64_t)trace_pid);
    put_s(tr, ",\"tid\":");
    put_u(tr, tid);
    put_s(tr, ",\"ts\":");
    put_us(tr, ns - trace_t0);
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
    uint64_t now = pn_now_ns();
    /* The row's name: metadata, which the viewers take from any time. */
    ev_head(tr, "thread_name", "M", id, now);
    put_s(tr, ",\"args\":{\"name\":\"");
    put_u(tr, id);
    put_s(tr, " ");
    put_str(tr, name);
    put_s(tr, "\"}},\n");
    ev_head(tr, "spawn", "i", id, now);
    put_s(tr, ",\"s\":\"t\",\"args\":{\"function\":\"");
    put_str(tr, name);
    put_s(tr, "\",\"by\":");
    put_u(tr, tr->polling);
    if (t->pn__flags & PN__TASK_ROOT)
        put_s(tr, ",\"block_on\":true");
    put_s(tr, "}},\n");
}

/* Where the task whose root frame is `frame` (of vt) stopped: the
 * deepest async function's name, file and line of its await, and the
 * leaf below it. */
static void put_await(pn__trace *tr, const pn_future_vtable *vt, const pn_future *frame)
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
        put_s(tr, ",\"await\":\"");
        put_str(tr, last->pn__vt->name);
        put_s(tr, " (");
        put_str(tr, last->pn__file);
        put_s(tr, ":");
        put_u(tr, last_site->pn__line);
        put_s(tr, ")\"");
    }
    if (leaf != NULL) {
        put_s(tr, ",\"leaf\":\"");
        put_str(tr, leaf);
        put_s(tr, "\"");
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
    ev_head(tr, vt->name, "X", id, start);
    put_s(tr, ",\"cat\":\"poll\",\"dur\":");
    put_us(tr, end - start);
    put_s(tr, ",\"args\":{\"result\":\"");
    put_s(tr, r == PN_READY ? "ready" : (rt->cx.pn__woken & PN__WOKEN) ? "yield" : "pending");
    put_s(tr, "\"");
    if (r == PN_PENDING)
        put_await(tr, vt, frame);
    put_s(tr, "}},\n");
    if (r == PN_READY) {
        ev_head(tr, "done", "i", id, end);
        put_s(tr, ",\"s\":\"t\"},\n");
        map_remove(&tr->tasks, t);
    }
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
    if (tr->polling != 0) {
        uint64_t flow = atomic_fetch_add_explicit(&trace_next_id, 1, memory_order_relaxed);
        ev_head(tr, "wake", "s", tr->polling, now);
        put_s(tr, ",\"cat\":\"wake\",\"id\":");
        put_u(tr, flow);
        put_s(tr, ",\"args\":{\"woke\":");
        put_u(tr, id);
        put_s(tr, "}},\n");
        ev_head(tr, "wake", "f", id, now);
        put_s(tr, ",\"cat\":\"wake\",\"id\":");
        put_u(tr, flow);
        put_s(tr, "},\n");
    } else {
        ev_head(tr, "wake", "i", id, now);
        put_s(tr, ",\"s\":\"t\",\"args\":{\"by\":\"timer or I/O\"}},\n");
    }
}

void pn__trace_cancel(pn__runtime *rt, pn_task *t)
{
    pn__trace *tr = rt->trace;
    if (trace_file == NULL)
        return;
    uint64_t id = id_of(tr, t);
    ev_head(tr, "cancelled", "i", id, pn_now_ns());
    put_s(tr, ",\"s\":\"t\"},\n");
    map_remove(&tr->tasks, t);
}
