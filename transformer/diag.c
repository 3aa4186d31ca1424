/*
 * diag.c — every error the transformer reports goes through here.
 *
 * One rule for the whole program: errors are collected with their
 * position in the original source (clang's presumed location, so a #line
 * in the input is honoured), never printed on the spot, and printed in
 * source order as `file:line:col: error: message` once a phase is done.
 * Any error means exit status 1 and no output file.  Clang's own errors
 * (syntax and type errors in the input) are converted to the same form.
 */
#include "transform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned diag_hash(const Diag *d)
{
    unsigned h = 2166136261u;
    for (const char *s = d->msg; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return (h ^ d->line * 31u ^ d->col) * 16777619u;
}

static bool same_diag(const Diag *a, const Diag *b)
{
    return a->line == b->line && a->col == b->col && strcmp(a->msg, b->msg) == 0 &&
           strcmp(a->file, b->file) == 0;
}

/* Whether the same error is already in the list; if not, d is recorded as
 * the one about to be appended (a hash table: a refused file may bring
 * thousands of errors). */
static bool seen_before(Unit *u, const Diag *d)
{
    Diags *ds = &u->diags;
    if ((ds->list.n + 1) * 2 > ds->seen_cap) {
        unsigned cap = ds->seen_cap ? ds->seen_cap * 2 : 64;
        ds->seen = arena_alloc(&u->arena, cap * sizeof *ds->seen);
        ds->seen_cap = cap;
        for (size_t i = 0; i < ds->list.n; i++) {
            unsigned h = diag_hash(&ds->list.v[i]) & (cap - 1);
            while (ds->seen[h])
                h = (h + 1) & (cap - 1);
            ds->seen[h] = (unsigned)i + 1;
        }
    }
    unsigned h = diag_hash(d) & (ds->seen_cap - 1);
    for (; ds->seen[h]; h = (h + 1) & (ds->seen_cap - 1))
        if (same_diag(&ds->list.v[ds->seen[h] - 1], d))
            return true;
    ds->seen[h] = (unsigned)ds->list.n + 1;
    return false;
}

static void add(Unit *u, CXSourceLocation loc, unsigned order, const char *severity,
                const char *msg)
{
    CXString file;
    unsigned line = 0, col = 0;
    clang_getPresumedLocation(loc, &file, &line, &col);
    Diag d = {
        .file = cx_take(&u->arena, file),
        .line = line,
        .col = col,
        .order = order,
        .severity = severity,
        .msg = arena_strdup(&u->arena, msg),
        .seq = (unsigned)u->diags.list.n,
    };
    if (!*d.file)
        d.file = u->path;
    /* The same misuse seen twice (a macro argument expanded twice) is
     * reported once. */
    if (seen_before(u, &d))
        return;
    vec_push(&u->arena, &u->diags.list, d);
    if (strcmp(severity, "error") == 0)
        u->diags.errors++;
}

static void vadd_at(Unit *u, unsigned offset, const char *fmt, va_list ap)
{
    Buf b = { 0 };
    buf_vprintf(&b, fmt, ap);
    CXSourceLocation loc = clang_getLocationForOffset(u->tu, u->file, offset);
    add(u, loc, offset, "error", b.data);
    buf_free(&b);
}

void diag_at(Unit *u, unsigned offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vadd_at(u, offset, fmt, ap);
    va_end(ap);
}

void diag_unknown_operator(Unit *u, unsigned offset)
{
    diag_at(u, offset,
            "cannot tell the operator of this macro expansion around an await; "
            "parenthesise the macro's parameters or move the await out");
}

void diag_at_cursor(Unit *u, CXCursor c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vadd_at(u, offset_of(u, clang_getCursorLocation(c)), fmt, ap);
    va_end(ap);
}

/* A clang diagnostic is reported where clang's presumed location puts it:
 * out of macro bodies and arguments, at the outermost invocation (as clang
 * itself does).  (Mapping its file location back through
 * clang_getLocationForOffset gives the same position, but that maps every
 * macro argument expansion of the file first, in time and memory growing
 * much faster than the file when arguments nest: await(f(await(f(...)))).)
 */
static void add_clang(Unit *u, CXDiagnostic d, unsigned *seq)
{
    enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
    const char *severity = sev >= CXDiagnostic_Error  ? "error"
                           : sev == CXDiagnostic_Note ? "note"
                                                      : NULL;
    if (severity) {
        CXSourceLocation loc = clang_getDiagnosticLocation(d);
        char *msg = cx_take(&u->arena, clang_getDiagnosticSpelling(d));
        add(u, loc, (*seq)++, severity, msg);
        CXDiagnosticSet kids = clang_getChildDiagnostics(d);
        unsigned n = clang_getNumDiagnosticsInSet(kids);
        for (unsigned i = 0; i < n; i++) {
            CXDiagnostic k = clang_getDiagnosticInSet(kids, i);
            add_clang(u, k, seq);
            clang_disposeDiagnostic(k);
        }
    }
}

/* The n-th type clang's message quotes ('T', or 'T' (aka 'U')): where
 * its spelling begins and ends, and the same for its aka, if any. */
typedef struct Quoted {
    const char *b, *e;         /* 'T' without the quotes */
    const char *aka_b, *aka_e; /* 'U', or NULL */
} Quoted;

static bool quoted(const char *msg, int n, Quoted *q)
{
    const char *p = msg;
    for (int i = 0; i <= n; i++) {
        const char *b = strchr(p, '\'');
        const char *e = b ? strchr(b + 1, '\'') : NULL;
        if (!e)
            return false;
        *q = (Quoted){ b + 1, e, NULL, NULL };
        p = e + 1;
        if (strncmp(p, " (aka '", 7) == 0) {
            const char *ab = p + 7, *ae = strchr(ab, '\'');
            if (!ae)
                return false;
            q->aka_b = ab;
            q->aka_e = ae;
            p = ae + 1;
        }
    }
    return true;
}

static const char pn_cc[] = "preserve_most";

static bool span_has(const char *b, const char *e, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = b; p + n <= e; p++)
        if (strncmp(p, s, n) == 0)
            return true;
    return false;
}

static bool quoted_is_async(const Quoted *q)
{
    return span_has(q->b, q->e, pn_cc) || (q->aka_b && span_has(q->aka_b, q->aka_e, pn_cc));
}

/* The type as written, without the calling convention. */
static const char *quoted_type(const Quoted *q, char *buf, size_t size)
{
    static const char cc[] = " __attribute__((preserve_most))";
    size_t len = 0;
    for (const char *p = q->b; p < q->e && len + 1 < size;) {
        if ((size_t)(q->e - p) >= sizeof cc - 1 && strncmp(p, cc, sizeof cc - 1) == 0) {
            p += sizeof cc - 1;
            continue;
        }
        buf[len++] = *p++;
    }
    buf[len] = '\0';
    return buf;
}

/* Clang's warnings about function pointer types that differ only in the
 * calling convention pinion.h gives async functions (and the pointers
 * declared async) are the dialect's own rule: an async function converts
 * to a pointer declared async only, and the reverse.  The message says
 * which side is async; NULL for a warning about something else. */
static const char *async_mix(Unit *u, CXDiagnostic d)
{
    CXString opt = clang_getDiagnosticOption(d, NULL);
    char obuf[64];
    const char *o = cx_name(&u->arena, opt, obuf, sizeof obuf);
    bool convert = strcmp(o, "-Wincompatible-function-pointer-types") == 0;
    bool compare = strcmp(o, "-Wcompare-distinct-pointer-types") == 0 ||
                   strcmp(o, "-Wpointer-type-mismatch") == 0;
    if (!convert && !compare)
        return NULL;
    const char *msg = cx_take(&u->arena, clang_getDiagnosticSpelling(d));
    Quoted q[2];
    if (!quoted(msg, 0, &q[0]) || !quoted(msg, 1, &q[1]))
        return NULL;
    bool a0 = quoted_is_async(&q[0]), a1 = quoted_is_async(&q[1]);
    if (a0 == a1)
        return NULL;
    char buf[256];
    if (compare)
        return arena_printf(&u->arena,
                            "%s of a pointer to an async function with '%s', which is not "
                            "declared async",
                            strncmp(msg, "comparison", 10) == 0 ? "comparison" : "'?:'",
                            quoted_type(&q[a0 ? 1 : 0], buf, sizeof buf));
    /* "initializing 'DEST' with an expression of type 'SRC'", "assigning
     * to 'DEST' from 'SRC'", "passing 'SRC' to parameter of type 'DEST'",
     * "returning 'SRC' from a function with result type 'DEST'". */
    bool src_first = strstr(msg, "types passing") || strstr(msg, "types returning");
    bool src_async = src_first ? a0 : a1;
    /* The side that is not async, which clang spells plainly. */
    const char *plain = quoted_type(&q[a0 ? 1 : 0], buf, sizeof buf);
    if (src_async)
        return arena_printf(&u->arena,
                            "an async function (or pointer to one) converts only to a pointer declared "
                            "async, not to '%s'",
                            plain);
    return arena_printf(&u->arena,
                        "'%s' is not async and cannot convert to a pointer declared async",
                        plain);
}

/* An async declaration after a plain one: clang speaks of the calling
 * convention pinion.h adds (and drops the declaration), so the error is
 * said here in the dialect's terms, at the plain declaration (where
 * parse.c says it when clang does not see the conflict). */
static bool plain_then_async(Unit *u, CXDiagnostic d, unsigned *seq)
{
    char buf[128];
    const char *msg = cx_name(&u->arena, clang_getDiagnosticSpelling(d), buf, sizeof buf);
    if (strcmp(msg, "function declared 'preserve_most' here was previously declared "
                    "without calling convention") != 0)
        return false;
    CXSourceLocation at = clang_getDiagnosticLocation(d);
    CXCursor c = clang_getCursor(u->tu, at);
    const char *name = cx_take(&u->arena, clang_getCursorSpelling(c));
    CXDiagnosticSet kids = clang_getChildDiagnostics(d);
    if (clang_getNumDiagnosticsInSet(kids) > 0) {
        CXDiagnostic note = clang_getDiagnosticInSet(kids, 0);
        at = clang_getDiagnosticLocation(note);
        clang_disposeDiagnostic(note);
    }
    add(u, at, (*seq)++, "error",
        arena_printf(&u->arena, "async function '%s' is first declared without async", name));
    return true;
}

void diag_clang(Unit *u)
{
    unsigned n = clang_getNumDiagnostics(u->tu);
    unsigned seq = 0;
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(u->tu, i);
        if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
            if (!plain_then_async(u, d, &seq))
                add_clang(u, d, &seq);
        } else if (clang_getDiagnosticSeverity(d) == CXDiagnostic_Warning) {
            const char *mix = async_mix(u, d);
            if (mix)
                add(u, clang_getDiagnosticLocation(d), seq++, "error", mix);
        }
        clang_disposeDiagnostic(d);
    }
}

static int by_order(const void *a, const void *b)
{
    const Diag *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void diag_print(Unit *u)
{
    /* Our own errors come out in source order; clang's are numbered in
     * the order clang gave them, which is already that. */
    if (u->diags.list.n > 1)
        qsort(u->diags.list.v, u->diags.list.n, sizeof(Diag), by_order);
    for (size_t i = 0; i < u->diags.list.n; i++) {
        Diag *d = &u->diags.list.v[i];
        if (d->line)
            fprintf(stderr, "%s:%u:%u: %s: %s\n", d->file, d->line, d->col, d->severity, d->msg);
        else
            fprintf(stderr, "%s: %s: %s\n", d->file, d->severity, d->msg);
    }
}
