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
    for (size_t i = 0; i < u->diags.list.n; i++) {
        Diag *o = &u->diags.list.v[i];
        if (o->line == d.line && o->col == d.col && strcmp(o->msg, d.msg) == 0 &&
            strcmp(o->file, d.file) == 0)
            return;
    }
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

/* A clang diagnostic's location, moved out of macro bodies to the file
 * position a reader sees (the argument's spelling or the invocation). */
static CXSourceLocation file_location(CXTranslationUnit tu, CXSourceLocation loc)
{
    CXFile f;
    unsigned off;
    clang_getFileLocation(loc, &f, NULL, NULL, &off);
    if (!f)
        return loc;
    return clang_getLocationForOffset(tu, f, off);
}

static void add_clang(Unit *u, CXDiagnostic d, unsigned *seq)
{
    enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
    const char *severity = sev >= CXDiagnostic_Error  ? "error"
                           : sev == CXDiagnostic_Note ? "note"
                                                      : NULL;
    if (severity) {
        CXSourceLocation loc = file_location(u->tu, clang_getDiagnosticLocation(d));
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
