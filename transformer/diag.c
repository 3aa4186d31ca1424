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

void diag_clang(Unit *u)
{
    unsigned n = clang_getNumDiagnostics(u->tu);
    unsigned seq = 0;
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(u->tu, i);
        if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error)
            add_clang(u, d, &seq);
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
