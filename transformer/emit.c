/*
 * emit.c — the only place that writes C text.
 *
 * The output is the input file with edits: each async definition becomes
 * its frame struct (callees' frame structs pulled in first, because a
 * frame embeds its children's frames), init, poll and drop functions and
 * vtable; each async prototype becomes forward declarations of those; each
 * pn_block_on / pn_spawn in ordinary code becomes a call of a generated
 * static helper.  Everything else is copied byte for byte.
 *
 * Line mapping: the emitter tracks the line number the compiler will
 * assign to the next output line and writes `#line N "file"` only when a
 * piece of code that maps to source line N would otherwise be misnumbered
 * (--no-line turns this off).  Generated lines that belong to no single
 * source line simply follow the last mapped one.
 */
#include "transform.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct Emitter {
    Unit *u;
    Buf *out;
    const char *self_path; /* the output file, for generated-only lines */
    unsigned lines;        /* newlines written so far */
    unsigned presumed;     /* source line the compiler gives the next line */
    bool self;             /* the next line maps to the output file itself */
    bool bol;              /* at the beginning of an output line */
    bool dirty;            /* text with newlines was replaced: resync at the next one */
    /* Inside the generated functions a debugger steps through, code with
     * no line of its own maps to a source line, never to the output file:
     * to `fallback` (the async function's line, for init and drop, or the
     * line of the pn_block_on / pn_spawn a helper serves), and in a poll
     * function (follow) to the line of the source construct it belongs
     * to, the last one mapped (last_line).  0 / false elsewhere. */
    unsigned fallback;
    bool follow;
    unsigned last_line;
    /* The source line such code maps to, 0 when none: every output line
     * written meanwhile gets a #line of its own (repin: before the next
     * text), since the compiler would otherwise count on from it. */
    unsigned pinned;
    bool repin;
    /* "PATH" as a #line writes them, escaped once (quote_path()). */
    const char *q_src, *q_self;
    Buf scratch; /* ep()'s formatting, reused */
} Emitter;

/* ------------------------------------------------------------------ */
/* Output with line tracking                                             */
/* ------------------------------------------------------------------ */

/* Line accounting for what was appended to the output from `start` on. */
static void account(Emitter *E, size_t start)
{
    const char *s = E->out->data;
    size_t n = E->out->len;
    if (n == start)
        return;
    for (const char *p = memchr(s + start, '\n', n - start); p;
         p = memchr(p + 1, '\n', (size_t)(s + n - p - 1))) {
        E->presumed++;
        E->lines++;
    }
    E->bol = s[n - 1] == '\n';
}

static void put_raw(Emitter *E, const char *s, size_t n)
{
    size_t start = E->out->len;
    buf_add(E->out, s, n);
    account(E, start);
}

static void line_directive(Emitter *E, unsigned line, const char *path);

static void put(Emitter *E, const char *s, size_t n)
{
    while (E->pinned && n > 0) {
        if (E->repin) {
            E->repin = false;
            line_directive(E, E->pinned, E->u->path);
        }
        const char *nl = memchr(s, '\n', n);
        size_t k = nl ? (size_t)(nl - s) + 1 : n;
        put_raw(E, s, k);
        s += k;
        n -= k;
        if (nl)
            E->repin = true;
    }
    if (n > 0)
        put_raw(E, s, n);
}

static void puts_(Emitter *E, const char *s)
{
    put(E, s, strlen(s));
}

static void ep(Emitter *E, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ep(Emitter *E, const char *fmt, ...)
{
    Buf *b = &E->scratch;
    b->len = 0;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
    if (b->len)
        put(E, b->data, b->len);
}

static void newline(Emitter *E)
{
    if (!E->bol)
        put_raw(E, "\n", 1);
    E->repin = E->pinned != 0;
}

static unsigned line_of(Unit *u, unsigned off)
{
    return line_at(u, off);
}

/* PATH in double quotes, `"` and `\\` escaped, as #line takes it. */
static const char *quote_path(Unit *u, const char *path)
{
    Buf b = { 0 };
    buf_putc(&b, '"');
    for (const char *p = path; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_putc(&b, '\\');
        buf_putc(&b, *p);
    }
    buf_puts(&b, "\"\n");
    const char *q = arena_printf(&u->arena, "%s", b.data);
    buf_free(&b);
    return q;
}

/* One is written for nearly every output line of a poll function: no
 * formatting, no allocation. */
static void line_directive(Emitter *E, unsigned line, const char *path)
{
    newline(E);
    const char *q = path == E->u->path && E->q_src     ? E->q_src
                    : path == E->self_path && E->q_self ? E->q_self
                                                        : NULL;
    if (!q) {
        q = quote_path(E->u, path);
        if (path == E->u->path)
            E->q_src = q;
        else if (path == E->self_path)
            E->q_self = q;
    }
    char num[16];
    int n = 0;
    char digits[12];
    unsigned v = line;
    do
        digits[n++] = (char)('0' + v % 10);
    while ((v /= 10) && n < (int)sizeof digits);
    char *w = num;
    while (n)
        *w++ = digits[--n];
    *w++ = ' ';
    put_raw(E, "#line ", 6);
    put_raw(E, num, (size_t)(w - num));
    put_raw(E, q, strlen(q));
    E->presumed = line;
    E->repin = false;
}

/* Starts an output line that maps to source line `line`, or, for 0, to
 * the output file itself (code that has no line of its own in the
 * source), so that debuggers never show generated code on an unrelated
 * source line. */
static void start_line(Emitter *E, unsigned line)
{
    newline(E);
    if (E->u->opt->no_line)
        return;
    E->pinned = 0;
    E->repin = false;
    if (!line) {
        line = E->follow && E->last_line ? E->last_line : E->fallback;
        if (line) {
            if (E->self || line != E->presumed)
                line_directive(E, line, E->u->path);
            E->self = false;
            E->pinned = line;
            return;
        }
    } else {
        E->last_line = line;
    }
    if (!line) {
        if (!E->self)
            line_directive(E, E->lines + 2, E->self_path);
        E->self = true;
    } else if (E->self || line != E->presumed) {
        line_directive(E, line, E->u->path);
        E->self = false;
    }
}

/* A blank line before a generated definition, for the reader. */
static void separate(Emitter *E)
{
    newline(E);
    size_t n = E->out->len;
    if (n >= 2 && E->out->data[n - 2] != '\n')
        put(E, "\n", 1);
}

static void indent(Emitter *E, int depth)
{
    for (int i = 0; i < depth; i++)
        puts_(E, "    ");
}

/* Copies source text; after a replacement that swallowed newlines, the
 * next line copied gets its #line again. */
static void src(Emitter *E, unsigned a, unsigned b)
{
    Unit *u = E->u;
    if (b <= a)
        return;
    /* Copied text counts its own lines from the last directive. */
    E->pinned = 0;
    E->repin = false;
    if (E->dirty) {
        const char *nl = memchr(u->src + a, '\n', b - a);
        if (nl) {
            unsigned after = (unsigned)(nl - u->src) + 1;
            put(E, u->src + a, after - a);
            E->dirty = false;
            if (after < u->len)
                start_line(E, line_of(u, after));
            a = after;
        }
    }
    put(E, u->src + a, b - a);
}

static void type_out(Emitter *E, CXType t, const char *name, bool strip)
{
    Buf b = { 0 };
    spell_type(E->u, &b, t, name, strip);
    puts_(E, b.data ? b.data : "");
    buf_free(&b);
}

/* ------------------------------------------------------------------ */
/* Expressions and statements                                            */
/* ------------------------------------------------------------------ */

/* A local as the chosen frame has it: a field, or a local of the poll
 * function under its own name. */
static void local_out(Emitter *E, Local *l)
{
    if (l->in_frame) {
        puts_(E, "pn__self->");
        puts_(E, l->field);
    } else {
        puts_(E, l->name);
    }
}

static void expr_out(Emitter *E, Expr *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->p.n; i++) {
        Piece *p = &e->p.v[i];
        switch (p->kind) {
        case PC_SRC:
            src(E, p->a, p->b);
            break;
        case PC_STR:
            puts_(E, p->s);
            break;
        case PC_FIELD:
            puts_(E, "pn__self->");
            puts_(E, p->s);
            break;
        case PC_LOCAL:
            local_out(E, p->local);
            break;
        case PC_TYPE:
            type_out(E, p->type, p->s, p->a != 0);
            break;
        case PC_LIST:
            expr_out(E, p->list);
            if (p->a)
                E->dirty = true;
            break;
        }
    }
}

/* The leading whitespace of the source line holding `off`, when only
 * whitespace precedes it there. */
static bool source_indent(Unit *u, unsigned off, unsigned *a, unsigned *b)
{
    unsigned s = off;
    while (s > 0 && u->src[s - 1] != '\n')
        s--;
    for (unsigned i = s; i < off; i++)
        if (u->src[i] != ' ' && u->src[i] != '\t')
            return false;
    *a = s;
    *b = off;
    return true;
}

static void emit_block(Emitter *E, LBlock *b, int depth, Func *f);

static void open_line(Emitter *E, LStmt *s, int depth)
{
    start_line(E, s->line);
    indent(E, depth);
}

static void close_brace(Emitter *E, int depth)
{
    start_line(E, 0);
    indent(E, depth);
    puts_(E, "}");
}

/* The await as written, on one line and without comment terminators:
 * for the comment at the await point and the debugger's state table. */
static char *await_text(Unit *u, Await *a)
{
    Buf text = { 0 };
    Node *n = a->node;
    node_range(u, n);
    if (n->exact && n->bkind != LK_BODY_IN_ARG) {
        buf_add(&text, u->src + n->fb, n->fe - n->fb);
    } else if (a->nbranches) {
        buf_printf(&text, "%s of %u branches", a->race ? "pn_race" : "pn_all", a->nbranches);
    } else {
        node_range(u, n->call);
        if (n->call->exact)
            buf_printf(&text, "await(%.*s)", (int)(n->call->fe - n->call->fb),
                       u->src + n->call->fb);
        else
            buf_printf(&text, "await(%s(...))", a->callee->name);
    }
    Buf clean = { 0 };
    bool space = false;
    for (size_t i = 0; i < text.len; i++) {
        char c = text.data[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ' || c == '\\') {
            space = clean.len > 0;
            continue;
        }
        if (space)
            buf_putc(&clean, ' ');
        space = false;
        if ((c == '/' || c == '*') && clean.len &&
            clean.data[clean.len - 1] == (c == '/' ? '*' : '/'))
            buf_putc(&clean, ' ');
        buf_putc(&clean, c);
    }
    if (clean.len > 72) {
        clean.len = 69;
        clean.data[69] = '\0';
        buf_puts(&clean, "...");
    }
    char *r = arena_strdup(&u->arena, clean.data ? clean.data : "await");
    buf_free(&text);
    buf_free(&clean);
    return r;
}

/* After the child in flight at await a is dropped: the cleanups of the
 * locals in scope there (innermost first, as the synchronous program
 * would run them leaving those scopes), then the end of the case. */
static void drop_cleanups(Emitter *E, const Await *a)
{
    for (unsigned i = 0; i < a->ncleanups; i++)
        ep(E, "        %s(&pn__self->%s);\n", a->cleanups[i]->cleanup_fn, a->cleanups[i]->field);
    puts_(E, "        break;\n");
}

/* The header of a child frame in its slot: an await through a pointer
 * keeps a struct pn__dyn__frame (pinion.h) and the result beside it. */
static const char *hdr_of(const Func *callee)
{
    return callee->dyn ? ".pn__d.pn__hdr" : ".pn__hdr";
}

/* The declaration of the slot `name` of a child frame of callee. */
static void child_decl(Emitter *E, const Func *callee, const char *name)
{
    if (!callee->dyn) {
        ep(E, "struct %s__frame %s;", callee->name, name);
        return;
    }
    puts_(E, "struct { struct pn__dyn__frame pn__d; ");
    if (!callee->is_void) {
        type_out(E, callee->ret_type, "pn__ret", true);
        puts_(E, "; ");
    }
    ep(E, "} %s;", name);
}

static void emit_await(Emitter *E, LStmt *s, int depth)
{
    Unit *u = E->u;
    Await *a = s->await;
    newline(E);
    indent(E, depth);
    ep(E, "/* line %u: %s */", a->line, await_text(u, a));
    if (a->boxed) {
        open_line(E, s, depth);
        ep(E, "pn__self->pn__aw.pn__a%u = pn__box_alloc(sizeof(struct %s__frame), "
              "_Alignof(struct %s__frame));",
           a->index, a->callee->name, a->callee->name);
    }
    open_line(E, s, depth);
    expr_out(E, s->call);
    puts_(E, ";");
    start_line(E, 0);
    indent(E, depth);
    ep(E, "pn__self->pn__hdr.pn__state = %u;\n", a->index);
    ep(E, "pn__resume_%u:", a->index);
    /* While the child runs, a backtrace shows this frame at the await:
     * the poll (and the suspension with it) is on the await's line. */
    start_line(E, s->line);
    indent(E, depth);
    ep(E, "if (%s__poll(&pn__self->pn__aw.pn__a%u%s, pn__cx) == PN_PENDING) return PN_PENDING;",
       a->callee->name, a->index, a->boxed ? "->pn__hdr" : hdr_of(a->callee));
}

/* pn_all / pn_race: start every branch, then on each poll advance the
 * ones still running.  pn_all finishes when none is left; pn_race with the
 * first one that finishes, dropping the others. */
static void emit_concurrent(Emitter *E, LStmt *s, int depth)
{
    Unit *u = E->u;
    Await *a = s->await;
    const char *slot = arena_printf(&u->arena, "pn__self->pn__aw.pn__a%u", a->index);
    newline(E);
    indent(E, depth);
    ep(E, "/* line %u: %s */", a->line, await_text(u, a));
    for (unsigned i = 0; i < a->nbranches; i++) {
        open_line(E, s, depth);
        expr_out(E, s->inits[i]);
        puts_(E, ";");
    }
    if (!a->race) {
        start_line(E, 0);
        indent(E, depth);
        ep(E, "%s.pn__live = 0x%xu;", slot,
           a->nbranches >= 32 ? 0xffffffffu : (1u << a->nbranches) - 1);
    }
    start_line(E, 0);
    indent(E, depth);
    ep(E, "pn__self->pn__hdr.pn__state = %u;\n", a->index);
    ep(E, "pn__resume_%u:", a->index);
    for (unsigned i = 0; i < a->nbranches; i++) {
        Branch *b = &a->branches[i];
        start_line(E, s->line);
        indent(E, depth);
        if (a->race) {
            ep(E, "%sif (%s__poll(&%s.pn__b%u%s, pn__cx) == PN_READY) {",
               i ? "} else " : "", b->callee->name, slot, i, hdr_of(b->callee));
            start_line(E, 0);
            indent(E, depth + 1);
            local_out(E, s->winner);
            ep(E, " = %u;", i);
        } else {
            ep(E, "if ((%s.pn__live & 0x%xu) && %s__poll(&%s.pn__b%u%s, pn__cx) == PN_READY) {",
               slot, 1u << i, b->callee->name, slot, i, hdr_of(b->callee));
            start_line(E, 0);
            indent(E, depth + 1);
            ep(E, "%s.pn__live &= ~0x%xu;", slot, 1u << i);
        }
        if (s->lvalues[i]) {
            start_line(E, s->line);
            indent(E, depth + 1);
            expr_out(E, s->lvalues[i]);
            ep(E, " = %s.pn__b%u.pn__ret;", slot, i);
        }
        if (a->race)
            for (unsigned k = 0; k < a->nbranches; k++) {
                if (k == i)
                    continue;
                start_line(E, 0);
                indent(E, depth + 1);
                ep(E, "%s__drop(&%s.pn__b%u%s);", a->branches[k].callee->name, slot, k,
                   hdr_of(a->branches[k].callee));
            }
        if (!a->race) {
            start_line(E, 0);
            indent(E, depth);
            puts_(E, "}");
        }
    }
    if (a->race) {
        start_line(E, 0);
        indent(E, depth);
        puts_(E, "} else {");
        start_line(E, s->line);
        indent(E, depth + 1);
        puts_(E, "return PN_PENDING;");
        start_line(E, 0);
        indent(E, depth);
        puts_(E, "}");
    } else {
        start_line(E, s->line);
        indent(E, depth);
        ep(E, "if (%s.pn__live) return PN_PENDING;", slot);
    }
}

/* `KEYWORD (e) { body }`: the head and body shared by if, while and
 * switch. */
static void emit_headed_block(Emitter *E, LStmt *s, int depth, Func *f, const char *keyword)
{
    open_line(E, s, depth);
    puts_(E, keyword);
    puts_(E, " (");
    expr_out(E, s->e);
    puts_(E, ") {");
    emit_block(E, s->body, depth + 1, f);
    close_brace(E, depth);
}

static bool is_aggregate(CXType t)
{
    CXType c = clang_getCanonicalType(t);
    return c.kind == CXType_Record || c.kind == CXType_ConstantArray ||
           c.kind == CXType_IncompleteArray;
}

static bool is_array(CXType t)
{
    CXType c = clang_getCanonicalType(t);
    return c.kind == CXType_ConstantArray || c.kind == CXType_IncompleteArray ||
           c.kind == CXType_VariableArray;
}

static bool decl_any_in_frame(LStmt *s)
{
    for (size_t i = 0; i < s->decls.n; i++)
        if (s->decls.v[i].local->in_frame)
            return true;
    return false;
}

/* Whether an L_DECL begins with a declaration (or writes nothing): a label
 * before it then needs a null statement. */
static bool decl_first(LStmt *s)
{
    if (!decl_any_in_frame(s))
        return true;
    for (size_t i = 0; i < s->decls.n; i++) {
        LDecl *d = &s->decls.v[i];
        if (!d->local->in_frame)
            return true;
        if (d->init)
            return false;
    }
    return true;
}

static void emit_text(Emitter *E, LStmt *s, Expr *e, int depth)
{
    Unit *u = E->u;
    start_line(E, s->line);
    unsigned a, b;
    if (s->indent_from && source_indent(u, s->indent_from, &a, &b))
        src(E, a, b);
    else
        indent(E, depth);
    expr_out(E, e);
}

/* A local's initial value stored into its frame field: scalars are
 * assigned, structs get a compound literal, arrays (and structs with const
 * members, which cannot be assigned) are built as the declaration would
 * build them and copied in. */
static void emit_frame_init(Emitter *E, LDecl *d, int depth)
{
    Local *l = d->local;
    start_line(E, d->line);
    indent(E, depth);
    if ((!is_aggregate(l->type) && !d->list) ||
        (!is_array(l->type) && !type_has_const_member(l->type))) {
        local_out(E, l);
        puts_(E, " = ");
        if (is_aggregate(l->type) || d->list) {
            puts_(E, "(");
            type_out(E, l->type, NULL, false);
            puts_(E, ")");
        }
        expr_out(E, d->init);
        puts_(E, ";");
        return;
    }
    puts_(E, "{");
    start_line(E, d->line);
    indent(E, depth + 1);
    type_out(E, l->type, "pn__init", false);
    puts_(E, " = ");
    expr_out(E, d->init);
    puts_(E, ";");
    start_line(E, d->line);
    indent(E, depth + 1);
    puts_(E, "__builtin_memcpy((void *)&");
    local_out(E, l);
    puts_(E, ", &pn__init, sizeof pn__init);");
    close_brace(E, depth);
}

/* The declaration of a local that stays out of the frame. */
static void emit_poll_decl(Emitter *E, LDecl *d, int depth)
{
    Local *l = d->local;
    start_line(E, d->line);
    indent(E, depth);
    enum CX_StorageClass sc = clang_Cursor_getStorageClass(l->decl);
    puts_(E, sc == CX_SC_Static ? "static " : sc == CX_SC_Extern ? "extern " : "");
    if (l->align) {
        puts_(E, l->align);
        puts_(E, " ");
    }
    type_out(E, l->type, l->name, false);
    if (d->init) {
        puts_(E, " = ");
        expr_out(E, d->init);
    }
    puts_(E, ";");
}

static void emit_decl(Emitter *E, LStmt *s, int depth)
{
    if (!decl_any_in_frame(s) && s->e) {
        emit_text(E, s, s->e, depth);
        return;
    }
    for (size_t i = 0; i < s->decls.n; i++) {
        LDecl *d = &s->decls.v[i];
        if (!d->local->in_frame)
            emit_poll_decl(E, d, depth);
        else if (d->init)
            emit_frame_init(E, d, depth);
    }
}

/* A for header whose locals are in the frame and take plain values:
 * `for (pn__self->i = 0, ...; ...)`. */
static bool for_header_stores(LStmt *decl)
{
    if (!decl)
        return false;
    for (size_t i = 0; i < decl->decls.n; i++) {
        LDecl *d = &decl->decls.v[i];
        if (!d->local->in_frame || is_aggregate(d->local->type) || d->list)
            return false;
    }
    return true;
}

static void emit_for(Emitter *E, LStmt *s, int depth, Func *f)
{
    bool stores = for_header_stores(s->decl);
    bool wrap = s->decl && !stores && !decl_any_in_frame(s->decl);
    if (wrap) {
        open_line(E, s, depth);
        puts_(E, "{");
        depth++;
    }
    if (s->decl && !stores)
        emit_decl(E, s->decl, depth);
    open_line(E, s, depth);
    puts_(E, "for (");
    if (stores) {
        bool first = true;
        for (size_t i = 0; i < s->decl->decls.n; i++) {
            LDecl *d = &s->decl->decls.v[i];
            if (!d->init)
                continue;
            puts_(E, first ? "" : ", ");
            first = false;
            local_out(E, d->local);
            puts_(E, " = ");
            expr_out(E, d->init);
        }
    }
    expr_out(E, s->init);
    puts_(E, ";");
    if (s->e) {
        puts_(E, " ");
        expr_out(E, s->e);
    }
    puts_(E, ";");
    if (s->inc) {
        puts_(E, " ");
        expr_out(E, s->inc);
    }
    puts_(E, ") {");
    emit_block(E, s->body, depth + 1, f);
    close_brace(E, depth);
    if (wrap)
        close_brace(E, depth - 1);
}

static void emit_stmt(Emitter *E, LStmt *s, LStmt *next, int depth, Func *f)
{
    Unit *u = E->u;
    switch (s->kind) {
    case L_TEXT: {
        start_line(E, s->line);
        unsigned a, b;
        if (s->indent_from && source_indent(u, s->indent_from, &a, &b))
            src(E, a, b);
        else
            indent(E, depth);
        expr_out(E, s->e);
        break;
    }
    case L_COMMENT: {
        bool one_line = true;
        for (size_t i = 0; i < s->e->p.n; i++) {
            Piece *p = &s->e->p.v[i];
            if (p->kind == PC_SRC && memchr(u->src + p->a, '\n', p->b - p->a))
                one_line = false;
        }
        if (s->same_line && one_line && !E->bol) {
            puts_(E, " ");
        } else {
            start_line(E, s->line);
            unsigned a, b;
            if (source_indent(u, s->indent_from, &a, &b))
                src(E, a, b);
            else
                indent(E, depth);
        }
        expr_out(E, s->e);
        /* A // comment or a directive must end its line. */
        newline(E);
        break;
    }
    case L_EXPR:
        open_line(E, s, depth);
        expr_out(E, s->e);
        puts_(E, ";");
        break;
    case L_BLOCK:
        open_line(E, s, depth);
        puts_(E, "{");
        emit_block(E, s->body, depth + 1, f);
        close_brace(E, depth);
        break;
    case L_IF:
        emit_headed_block(E, s, depth, f, "if");
        if (s->els) {
            puts_(E, " else {");
            emit_block(E, s->els, depth + 1, f);
            close_brace(E, depth);
        }
        break;
    case L_WHILE:
        emit_headed_block(E, s, depth, f, "while");
        break;
    case L_DO:
        open_line(E, s, depth);
        puts_(E, "do {");
        emit_block(E, s->body, depth + 1, f);
        close_brace(E, depth);
        puts_(E, " while (");
        expr_out(E, s->e);
        puts_(E, ");");
        break;
    case L_FOR:
        emit_for(E, s, depth, f);
        break;
    case L_DECL:
        emit_decl(E, s, depth);
        break;
    case L_SWITCH:
        emit_headed_block(E, s, depth, f, "switch");
        break;
    case L_CASE:
    case L_DEFAULT:
    case L_LABEL:
        open_line(E, s, s->kind == L_LABEL ? 0 : (depth > 0 ? depth - 1 : 0));
        if (s->kind == L_CASE) {
            puts_(E, "case ");
            expr_out(E, s->e);
            puts_(E, ":");
        } else if (s->kind == L_DEFAULT) {
            puts_(E, "default:");
        } else {
            puts_(E, s->name);
            puts_(E, ":");
        }
        /* A label must label a statement, and not a declaration. */
        if (!next || (next->is_decl && (next->kind != L_DECL || decl_first(next))) ||
            next->kind == L_COMMENT)
            puts_(E, " ;");
        break;
    case L_GOTO:
        open_line(E, s, depth);
        puts_(E, "goto ");
        puts_(E, s->name);
        puts_(E, ";");
        break;
    case L_BREAK:
        open_line(E, s, depth);
        puts_(E, "break;");
        break;
    case L_CONTINUE:
        open_line(E, s, depth);
        puts_(E, "continue;");
        break;
    case L_RETURN:
        /* One line, so that the source line maps to all three. */
        open_line(E, s, depth);
        if (s->e) {
            expr_out(E, s->e);
            puts_(E, "; ");
        }
        puts_(E, "pn__self->pn__hdr.pn__state = PN__STATE_DONE; return PN_READY;");
        break;
    case L_AWAIT:
        emit_await(E, s, depth);
        break;
    case L_CONCURRENT:
        emit_concurrent(E, s, depth);
        break;
    }
}

static void emit_block(Emitter *E, LBlock *b, int depth, Func *f)
{
    for (size_t i = 0; i < b->s.n; i++)
        emit_stmt(E, b->s.v[i], i + 1 < b->s.n ? b->s.v[i + 1] : NULL, depth, f);
}

/* ------------------------------------------------------------------ */
/* Frames and generated functions                                        */
/* ------------------------------------------------------------------ */

/* Parameter i of f's init function and helpers: its type, or for a K&R
 * definition the promoted type its callers pass (init converts it, as
 * the definition does), so that a declaration without a prototype in
 * another file matches. */
static void param_out(Emitter *E, Func *f, unsigned i, const char *name)
{
    if (f->ppromoted && f->ppromoted[i]) {
        puts_(E, f->ppromoted[i]);
        if (name && *name)
            ep(E, " %s", name);
        return;
    }
    type_out(E, f->ptypes[i], name, false);
}

static void params_out(Emitter *E, Func *f, bool named, const char *prefix)
{
    for (unsigned i = 0; i < f->nparams; i++) {
        puts_(E, ", ");
        const char *name = f->pnames[i];
        if (!named)
            name = NULL;
        else if (prefix || !*name)
            name = arena_printf(&E->u->arena, "%s%u", prefix ? prefix : "pn__p", i + 1);
        param_out(E, f, i, name);
    }
}

static void args_out(Emitter *E, Func *f, const char *prefix)
{
    for (unsigned i = 0; i < f->nparams; i++)
        ep(E, ", %s%u", prefix, i + 1);
}

static const char *linkage(Func *f)
{
    return f->is_static ? "static " : "";
}

static void thunk_proto(Emitter *E, Func *f);

static void forward_decls(Emitter *E, Func *f)
{
    start_line(E, 0);
    separate(E);
    ep(E, "struct %s__frame;\n", f->name);
    if (f->no_proto && !f->defined && !f->params_guessed) {
        /* Declared without a prototype, never called here: parameters
         * unknown. */
        ep(E, "%svoid %s__init();\n", linkage(f), f->name);
    } else {
        ep(E, "%svoid %s__init(struct %s__frame *pn__self", linkage(f), f->name, f->name);
        params_out(E, f, true, NULL);
        puts_(E, ");\n");
    }
    ep(E, "%spn_poll %s__poll(pn_future *pn__fut, pn_context *pn__cx);\n", linkage(f), f->name);
    ep(E, "%svoid %s__drop(pn_future *pn__fut);\n", linkage(f), f->name);
    ep(E, "%sconst pn_future_vtable %s__vtable;\n", f->is_static ? "static " : "extern ",
       f->name);
    if (f->needs_ptr) {
        thunk_proto(E, f);
        puts_(E, ";\n");
    }
    E->dirty = true;
}

/* The body's __func__, __FUNCTION__ and __PRETTY_FUNCTION__ (macros'
 * expansions included) must name f, not the poll function that runs the
 * body, nor be left at file scope in a type moved out of the body: there
 * they are macros for static arrays holding what the compiler would give
 * inside f, of the same type and size (gcc's __PRETTY_FUNCTION__ is the
 * plain name in C, clang's the declaration). */
static void function_names(Emitter *E, Func *f, bool define)
{
    static const char *const names[] = { "__func__", "__FUNCTION__", "__PRETTY_FUNCTION__" };
    if (!define) {
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            ep(E, "#undef %s\n", names[i]);
        return;
    }
    bool arrays = !f->names_emitted;
    f->names_emitted = true;
    if (arrays)
        ep(E, "static const char %s__func_name[] __attribute__((unused)) = \"%s\";\n", f->name,
           f->name);
    ep(E, "#define __func__ %s__func_name\n#define __FUNCTION__ %s__func_name\n", f->name,
       f->name);
    if (f->pretty_name) {
        puts_(E, "#if defined(__clang__)\n");
        if (arrays)
            ep(E, "static const char %s__pretty_function[] __attribute__((unused)) = %s;\n",
               f->name, f->pretty_name);
        ep(E, "#define __PRETTY_FUNCTION__ %s__pretty_function\n#else\n", f->name);
    }
    ep(E, "#define __PRETTY_FUNCTION__ %s__func_name\n", f->name);
    if (f->pretty_name)
        puts_(E, "#endif\n");
}

/* A type moved out of an async body: its text with the new names. */
static void emit_hoist(Emitter *E, Func *f, Hoist *h)
{
    Unit *u = E->u;
    Node *n = h->node;
    node_range(u, n);
    if (!n->exact) {
        diag_at(u, n->fb, "cannot move a type declared inside a macro expansion out of '%s'",
                f->name);
        return;
    }
    typedef struct { unsigned a, b; const char *s; } Ed;
    VEC(Ed) eds = { 0 };
    /* Its own name. */
    unsigned name_off = offset_of(u, clang_getCursorLocation(n->cur));
    if (h->anonymous) {
        Tok t = lex_next(u->src, u->len, n->fb);
        if (tok_is(u->src, t, "typedef"))
            t = lex_next(u->src, u->len, t.end);
        Ed e = { t.end, t.end, arena_printf(&u->arena, " %s", h->new_name) };
        vec_push(&u->arena, &eds, e);
    } else if (name_off >= n->fb && name_off < n->fe) {
        Tok t = lex_next(u->src, u->len, name_off);
        Ed e = { t.begin, t.end, h->new_name };
        vec_push(&u->arena, &eds, e);
    }
    /* References to other moved types. */
    VEC(Node *) stack = { 0 };
    vec_push(&u->arena, &stack, n);
    while (stack.n) {
        Node *k = stack.v[--stack.n];
        if (k != n && k->kind == NK_REF && k->hoist) {
            node_range(u, k);
            Ed e = { k->fb, k->fe, k->hoist->new_name };
            vec_push(&u->arena, &eds, e);
        }
        Func *g = unevaluated_callee(k);
        if (g) {
            /* typedef __typeof__(await(g())) T: the value lower.c's
             * unevaluated_value() stands for the call with. */
            node_range(u, k);
            if (!k->exact || k->fb < n->fb || k->fe > n->fe) {
                diag_at(u, k->fb, "cannot move a type declared inside a macro expansion out "
                                  "of '%s'", f->name);
                return;
            }
            Buf b = { 0 };
            buf_puts(&b, "((");
            spell_type(u, &b, g->ret_type, "(*)(void)", true);
            buf_puts(&b, ")0)()");
            Ed e = { k->fb, k->fe, arena_strndup(&u->arena, b.data, b.len) };
            buf_free(&b);
            vec_push(&u->arena, &eds, e);
            continue;
        }
        if (k != n && k->kind == NK_TYPEDECL && k->hoist && k->hoist != h)
            continue;
        for (unsigned i = 0; i < k->nkids; i++)
            vec_push(&u->arena, &stack, k->kids[i]);
    }
    for (size_t i = 1; i < eds.n; i++)
        for (size_t j = i; j > 0 && eds.v[j - 1].a > eds.v[j].a; j--) {
            Ed t = eds.v[j];
            eds.v[j] = eds.v[j - 1];
            eds.v[j - 1] = t;
        }
    start_line(E, n->line);
    unsigned pos = n->fb;
    for (size_t i = 0; i < eds.n; i++) {
        if (eds.v[i].a < pos)
            continue;
        src(E, pos, eds.v[i].a);
        puts_(E, eds.v[i].s);
        pos = eds.v[i].b;
    }
    src(E, pos, n->fe);
    puts_(E, ";\n");
}

/* Target mode: what must precede f's frame struct or helper, namely the
 * frames headers declaring other files' frames it needs (frames.c). */
static void prelude(Emitter *E, Func *f)
{
    Buf b = { 0 };
    frames_prelude(E->u, f, &b);
    if (b.len) {
        start_line(E, 0);
        put(E, b.data, b.len);
    }
    buf_free(&b);
}

static void emit_frame_struct(Emitter *E, Func *f)
{
    Unit *u = E->u;
    if (f->struct_emitted)
        return;
    f->struct_emitted = true;
    for (size_t i = 0; i < f->callees.n; i++)
        if (f->callees.v[i]->defined && f->callees.v[i]->body)
            emit_frame_struct(E, f->callees.v[i]);
    bool names = f->names_itself && f->hoists.n;
    if (names) {
        start_line(E, 0);
        function_names(E, f, true);
    }
    for (size_t i = 0; i < f->hoists.n; i++) {
        /* Source order keeps a type after the types it uses. */
        Hoist *best = NULL;
        for (size_t j = 0; j < f->hoists.n; j++) {
            Hoist *h = f->hoists.v[j];
            if (!h->emitted && (!best || h->node->index < best->node->index))
                best = h;
        }
        if (!best)
            break;
        best->emitted = true;
        emit_hoist(E, f, best);
    }
    if (names) {
        start_line(E, 0);
        function_names(E, f, false);
    }
    prelude(E, f);
    start_line(E, 0);
    separate(E);
    ep(E, "struct %s__frame {\n", f->name);
    puts_(E, "    pn_future pn__hdr;\n");
    if (!f->is_void) {
        puts_(E, "    ");
        type_out(E, f->ret_type, "pn__ret", true);
        puts_(E, ";\n");
    }
    /* Frame locals by slot (liveness.c): the locals of a slot are never
     * live at the same time and overlap in an anonymous union, so each is
     * still pn__self->NAME. */
    for (unsigned i = 0; i < f->nslots; i++) {
        Slot *s = &f->slots[i];
        if (s->n > 1)
            puts_(E, "    union { /* never live at the same time */\n");
        for (unsigned k = 0; k < s->n; k++) {
            Local *l = s->locals[k];
            puts_(E, s->n > 1 ? "        " : "    ");
            if (l->align)
                ep(E, "%s ", l->align);
            Buf fb = { 0 };
            spell_field(u, &fb, l);
            puts_(E, fb.data);
            buf_free(&fb);
            puts_(E, ";");
            if (strcmp(l->field, l->name) != 0)
                ep(E, " /* '%s' */", l->name);
            puts_(E, "\n");
        }
        if (s->n > 1)
            puts_(E, "    };\n");
    }
    if (f->awaits.n) {
        puts_(E, "    union {\n");
        for (size_t i = 0; i < f->awaits.n; i++) {
            Await *a = f->awaits.v[i];
            if (!a->nbranches && a->callee->dyn) {
                puts_(E, "        ");
                child_decl(E, a->callee, arena_printf(&u->arena, "pn__a%u", a->index));
                ep(E, " /* line %u, through a pointer */\n", a->line);
                continue;
            }
            if (!a->nbranches) {
                ep(E, "        struct %s__frame %spn__a%u; /* line %u%s */\n", a->callee->name,
                   a->boxed ? "*" : "", a->index, a->line, a->boxed ? ", boxed" : "");
                continue;
            }
            puts_(E, "        struct {\n");
            for (unsigned b = 0; b < a->nbranches; b++) {
                puts_(E, "            ");
                child_decl(E, a->branches[b].callee, arena_printf(&u->arena, "pn__b%u", b));
                puts_(E, "\n");
            }
            if (!a->race)
                puts_(E, "            unsigned pn__live;\n");
            ep(E, "        } pn__a%u; /* line %u: %s */\n", a->index, a->line,
               a->race ? "pn_race" : "pn_all");
        }
        puts_(E, "    } pn__aw;\n");
    }
    puts_(E, "};\n");
}

static const char *unused_attr(Func *f)
{
    return f->is_static ? "__attribute__((unused)) " : "";
}

/* For debuggers (tools/pinion-gdb.py): the source line and the text of
 * each await point, indexed by state, declared in the original file. */
static void state_tables(Emitter *E, Func *f)
{
    Unit *u = E->u;
    if (!f->awaits.n)
        return;
    separate(E);
    start_line(E, f->line);
    ep(E, "static const unsigned %s__state_lines[%zu] __attribute__((used)) = { 0", f->name,
       f->awaits.n + 1);
    for (size_t i = 0; i < f->awaits.n; i++)
        ep(E, ", %u", f->awaits.v[i]->line);
    puts_(E, " };");
    start_line(E, f->line);
    ep(E, "static const char *const %s__state_exprs[%zu] __attribute__((used)) = { 0", f->name,
       f->awaits.n + 1);
    for (size_t i = 0; i < f->awaits.n; i++) {
        puts_(E, ", \"");
        for (const char *p = await_text(u, f->awaits.v[i]); *p; p++) {
            if (*p == '"' || *p == '\\')
                puts_(E, "\\");
            put(E, p, 1);
        }
        puts_(E, "\"");
    }
    puts_(E, " };\n");
}

/* For the runtime's task dump and tracer (runtime/src/inspect.c): where
 * each await point's children sit in the frame and what runs them, and
 * the line of the await, registered by a constructor of this file
 * (pinion.h, pn__func_info). */
static void func_info(Emitter *E, Func *f)
{
    Unit *u = E->u;
    separate(E);
    start_line(E, 0);
    if (f->awaits.n) {
        ep(E, "static const pn__await_child %s__children[] = {\n", f->name);
        for (size_t i = 0; i < f->awaits.n; i++) {
            Await *a = f->awaits.v[i];
            if (!a->nbranches) {
                ep(E, "    { offsetof(struct %s__frame, pn__aw.pn__a%u), %d, &%s__vtable },\n",
                   f->name, a->index, a->boxed ? 1 : 0, a->callee->name);
                continue;
            }
            for (unsigned b = 0; b < a->nbranches; b++)
                ep(E, "    { offsetof(struct %s__frame, pn__aw.pn__a%u.pn__b%u), 0, &%s__vtable },\n",
                   f->name, a->index, b, a->branches[b].callee->name);
        }
        puts_(E, "};\n");
        ep(E, "static const pn__await_site %s__sites[%zu] = {\n    { 0, 0, 0, -1 },\n", f->name,
           f->awaits.n + 1);
        unsigned first = 0;
        for (size_t i = 0; i < f->awaits.n; i++) {
            Await *a = f->awaits.v[i];
            unsigned count = a->nbranches ? a->nbranches : 1;
            ep(E, "    { %u, %u, %u, ", a->line, first, count);
            if (a->nbranches && !a->race)
                ep(E, "(int32_t)offsetof(struct %s__frame, pn__aw.pn__a%u.pn__live) },\n",
                   f->name, a->index);
            else
                puts_(E, "-1 },\n");
            first += count;
        }
        puts_(E, "};\n");
    }
    ep(E, "static pn__func_info %s__info = { 0, &%s__vtable, \"", f->name, f->name);
    for (const char *p = u->path; *p; p++) {
        if (*p == '"' || *p == '\\')
            puts_(E, "\\");
        put(E, p, 1);
    }
    ep(E, "\", %u, %zu, ", f->line, f->awaits.n);
    if (f->awaits.n)
        ep(E, "%s__sites, %s__children };\n", f->name, f->name);
    else
        puts_(E, "0, 0 };\n");
    ep(E, "__attribute__((constructor)) static void %s__info_register(void)\n{\n"
          "    pn__func_register(&%s__info);\n}\n",
       f->name, f->name);
    ep(E, "__attribute__((destructor)) static void %s__info_unregister(void)\n{\n"
          "    pn__func_unregister(&%s__info);\n}\n",
       f->name, f->name);
}

/* Whether control cannot fall off the end of statement s because it ends
 * in a return (through labels, blocks and both arms of an if): then the
 * poll function's fall-off-the-end epilogue would be dead code.  Anything
 * else counts as reachable, which only costs two dead lines. */
static bool ends_in_return(Node *s)
{
    switch (s->kind) {
    case NK_RETURN: return true;
    case NK_COMPOUND:
    case NK_LABEL:
    case NK_CASE:
    case NK_DEFAULT: return s->nkids && ends_in_return(s->kids[s->nkids - 1]);
    case NK_IF: return s->nkids == 3 && ends_in_return(s->kids[1]) && ends_in_return(s->kids[2]);
    default: return false;
    }
}

/* The line of f's closing brace, or of f itself when the body's text is
 * not the file's own (a body out of a macro). */
static unsigned body_end_line(Unit *u, Func *f)
{
    Node *b = f->body;
    if (b != NULL && b->ranged && b->exact && b->bkind == LK_FILE && b->fe > b->fb)
        return line_of(u, b->fe - 1);
    return f->line;
}

static void emit_functions(Emitter *E, Func *f)
{
    const char *st = linkage(f);
    /* init: creates the frame, unpolled. */
    start_line(E, 0);
    separate(E);
    ep(E, "%s%svoid %s__init(struct %s__frame *pn__self", unused_attr(f), st,
               f->name, f->name);
    params_out(E, f, true, NULL);
    puts_(E, ")\n{");
    /* Stepping into an await's init shows the async function's line. */
    E->fallback = f->line;
    start_line(E, 0);
    puts_(E, "    pn__self->pn__hdr.pn__state = 0;\n");
    puts_(E, "    pn__self->pn__hdr.pn__pin = 0;\n");
    for (unsigned i = 0; i < f->nparams; i++) {
        const char *name = f->pnames[i];
        if (!*name) {
            ep(E, "    (void)pn__p%u;\n", i + 1);
        } else if (type_has_const_member(f->ptypes[i])) {
            ep(E,
                       "    __builtin_memcpy((void *)&pn__self->%s, &%s, sizeof %s);\n", name,
                       name, name);
        } else {
            ep(E, "    pn__self->%s = %s;\n", name, name);
        }
    }
    puts_(E, "}\n");
    E->fallback = 0;

    /* poll: the body as a state machine. */
    start_line(E, 0);
    separate(E);
    if (f->names_itself)
        function_names(E, f, true);
    ep(E, "%s%spn_poll %s__poll(pn_future *pn__fut, pn_context *pn__cx)\n{\n",
               unused_attr(f), st, f->name);
    /* A breakpoint on the poll function stops at the async function, and
     * the dispatch belongs to that line too: stepping goes from there to
     * the body's first line or to the line after the await resumed. */
    start_line(E, f->line);
    ep(E, "    struct %s__frame *pn__self = (struct %s__frame *)pn__fut;", f->name, f->name);
    E->follow = true;
    E->last_line = f->line;
    start_line(E, 0);
    /* The check is the macro form of pn__pin_check: nothing to step into. */
    ep(E, "    pn__pin_check_here(pn__fut, \"%s\");\n", f->name);
    /* The lowering's temporaries that no suspension separates from their
     * use: locals of the poll function, declared before the dispatch, so
     * that no jump crosses their declarations. */
    for (size_t i = 0; i < f->locals.n; i++) {
        Local *l = f->locals.v[i];
        if (l->is_temp && !l->in_frame) {
            /* One whose value is not used (a race whose winner nobody
             * asks for, a discarded ?:) is still stored. */
            puts_(E, l->unread ? "    __attribute__((unused)) " : "    ");
            type_out(E, l->type, l->name, true);
            puts_(E, ";\n");
        }
    }
    puts_(E, "    switch (pn__self->pn__hdr.pn__state) {\n");
    puts_(E, "    case 0:\n        break;\n");
    for (size_t i = 0; i < f->awaits.n; i++) {
        ep(E, "    case %u:\n        goto pn__resume_%u;\n", f->awaits.v[i]->index,
                   f->awaits.v[i]->index);
    }
    ep(E,
               "    default:\n        pn__bad_state(\"%s\", pn__self->pn__hdr.pn__state);\n"
               "        return PN_PENDING;\n    }\n",
               f->name);
    if (!f->awaits.n)
        puts_(E, "    (void)pn__cx;\n");
    if (f->lowered)
        emit_block(E, f->lowered, 1, f);
    /* The end, where falling off the body and every return lead, is the
     * body's closing brace, as in the synchronous function. */
    E->last_line = body_end_line(E->u, f);
    start_line(E, 0);
    if (!f->body || !ends_in_return(f->body)) {
        puts_(E, "    pn__self->pn__hdr.pn__state = PN__STATE_DONE;\n");
        puts_(E, "    return PN_READY;\n");
    }
    puts_(E, "}\n");
    E->follow = false;
    E->last_line = 0;
    if (f->names_itself)
        function_names(E, f, false);

    /* drop: cancels the child in flight. */
    start_line(E, 0);
    separate(E);
    ep(E, "%s%svoid %s__drop(pn_future *pn__fut)\n{", unused_attr(f), st,
               f->name);
    E->fallback = f->line;
    start_line(E, 0);
    if (f->awaits.n) {
        ep(E, "    struct %s__frame *pn__self = (struct %s__frame *)pn__fut;\n",
                   f->name, f->name);
        puts_(E, "    switch (pn__self->pn__hdr.pn__state) {\n");
        for (size_t i = 0; i < f->awaits.n; i++) {
            Await *a = f->awaits.v[i];
            if (!a->nbranches && a->boxed) {
                ep(E,
                   "    case %u:\n        %s__drop(&pn__self->pn__aw.pn__a%u->pn__hdr);\n"
                   "        pn__box_free(pn__self->pn__aw.pn__a%u, sizeof(struct %s__frame));\n",
                   a->index, a->callee->name, a->index, a->index, a->callee->name);
                drop_cleanups(E, a);
                continue;
            }
            if (!a->nbranches) {
                ep(E, "    case %u:\n        %s__drop(&pn__self->pn__aw.pn__a%u%s);\n",
                   a->index, a->callee->name, a->index, hdr_of(a->callee));
                drop_cleanups(E, a);
                continue;
            }
            ep(E, "    case %u:\n", a->index);
            for (unsigned b = 0; b < a->nbranches; b++) {
                if (!a->race)
                    ep(E, "        if (pn__self->pn__aw.pn__a%u.pn__live & 0x%xu)\n    ", a->index,
                       1u << b);
                ep(E, "        %s__drop(&pn__self->pn__aw.pn__a%u.pn__b%u%s);\n",
                   a->branches[b].callee->name, a->index, b, hdr_of(a->branches[b].callee));
            }
            drop_cleanups(E, a);
        }
        puts_(E, "    default:\n        break;\n    }\n");
    }
    puts_(E, "    pn__fut->pn__state = PN__STATE_DONE;\n}\n");
    E->fallback = 0;

    /* vtable: what the runtime needs to own a root frame. */
    separate(E);
    ep(E, "%sconst pn_future_vtable %s__vtable %s= {\n", st, f->name,
               unused_attr(f));
    ep(E, "    .poll = %s__poll,\n    .drop = %s__drop,\n    .name = \"%s\",\n",
               f->name, f->name, f->name);
    ep(E, "    .size = sizeof(struct %s__frame),\n", f->name);
    ep(E, "    .align = _Alignof(struct %s__frame),\n", f->name);
    if (f->is_void) {
        puts_(E, "    .result_offset = 0,\n    .result_size = 0,\n");
    } else {
        ep(E, "    .result_offset = offsetof(struct %s__frame, pn__ret),\n",
                   f->name);
        ep(E, "    .result_size = sizeof(((struct %s__frame *)0)->pn__ret),\n",
                   f->name);
    }
    puts_(E, "};\n");
    state_tables(E, f);
    func_info(E, f);
}

/* ------------------------------------------------------------------ */
/* NAME__ptr: what a pointer to an async function points to             */
/* ------------------------------------------------------------------ */

static void thunk_sig_as(Emitter *E, Func *f, const char *link, const char *suffix)
{
    puts_(E, link);
    type_out(E, f->ret_type, NULL, false);
    ep(E, " %s__ptr%s(", f->name, suffix);
    if (!f->nparams)
        puts_(E, "void");
    for (unsigned i = 0; i < f->nparams; i++) {
        if (i)
            puts_(E, ", ");
        param_out(E, f, i, arena_printf(&E->u->arena, "pn__a%u", i + 1));
    }
    puts_(E, ")");
}

static void thunk_sig(Emitter *E, Func *f)
{
    thunk_sig_as(E, f, linkage(f), "");
}

static void thunk_proto(Emitter *E, Func *f)
{
    start_line(E, 0);
    separate(E);
    thunk_sig(E, f);
}

/* NAME__ptr has NAME's signature: an await or spawn through a pointer
 * calls it with a request open and it claims it (pinion.h); code that
 * was not transformed calling it gets NAME run to completion, as the
 * synchronous reading of the call says.  An await's claim initialises the
 * frame and polls it once on the spot, through NAME__resume, where
 * NAME__poll is a direct call (inlined) and the result's size and the
 * frame's size class are constants; the slot polls NAME__resume after
 * that.  NAME__ptr itself is the common case, an await whose frame comes
 * from a free list; everything else is NAME__ptr_other's, out of line. */
static void thunk_return(Emitter *E, Func *f, const char *indent)
{
    if (f->is_void) {
        ep(E, "%sreturn;", indent);
    } else {
        ep(E, "%sreturn (", indent);
        type_out(E, f->ret_type, NULL, true);
        puts_(E, "){ 0 };");
    }
}

static void thunk_init(Emitter *E, Func *f, const char *indent)
{
    ep(E, "%s%s__init(pn__m", indent, f->name);
    args_out(E, f, "pn__a");
    puts_(E, ");");
}

/* An await's claim, granted when `cond` holds: initialise the frame at
 * pn__m, poll it once through NAME__resume for the slot `slot`, return. */
static void thunk_await(Emitter *E, Func *f, const char *cond, const char *slot)
{
    unsigned l = f->line;
    ep(E, "    if (%s) {", cond);
    start_line(E, l);
    thunk_init(E, f, "        ");
    start_line(E, l);
    ep(E, "        pn__dyn_start(%s, %s__resume);", slot, f->name);
    start_line(E, l);
    thunk_return(E, f, "        ");
    start_line(E, l);
    puts_(E, "    }");
}

static void thunk_def(Emitter *E, Func *f)
{
    if (f->ptr_emitted)
        return;
    f->ptr_emitted = true;
    start_line(E, 0);
    separate(E);
    ep(E, "/* What a pointer to %s points to (pinion.h: awaits through pointers). */\n", f->name);
    if (!f->needs_ptr) {
        /* Not declared yet: for -Wmissing-prototypes. */
        thunk_sig(E, f);
        puts_(E, ";\n");
    }
    /* Every line of these maps to the function's line: stepping into them
     * never shows the generated file. */
    unsigned l = f->line;
    ep(E, "static pn_poll %s__resume(struct pn__dyn__frame *pn__d, pn_context *pn__cx)\n{",
       f->name);
    start_line(E, l);
    ep(E, "    struct %s__frame *pn__f = (struct %s__frame *)pn__d->pn__frame;", f->name,
       f->name);
    start_line(E, l);
    ep(E, "    if (%s__poll(&pn__f->pn__hdr, pn__cx) == PN_PENDING)", f->name);
    start_line(E, l);
    puts_(E, "        return PN_PENDING;");
    start_line(E, l);
    if (f->is_void)
        ep(E, "    pn__dyn_done(pn__d, &%s__vtable, 0, 0);", f->name);
    else
        ep(E, "    pn__dyn_done(pn__d, &%s__vtable, &pn__f->pn__ret, sizeof pn__f->pn__ret);",
           f->name);
    start_line(E, l);
    puts_(E, "    return PN_READY;");
    start_line(E, l);
    puts_(E, "}\n");
    start_line(E, 0);
    thunk_sig_as(E, f, "static PN__DYN_OTHER ", "_other");
    puts_(E, "\n{");
    start_line(E, l);
    puts_(E, "    void *pn__m;");
    start_line(E, l);
    ep(E, "    int pn__k = pn__dyn_claim(&%s__vtable, &pn__m);", f->name);
    start_line(E, l);
    thunk_await(E, f, "pn__k == PN__DYN_AWAIT", "pn__dyn_cache.pn__req");
    start_line(E, l);
    puts_(E, "    if (pn__k == PN__DYN_SPAWN) {");
    start_line(E, l);
    puts_(E, "        if (pn__m)");
    start_line(E, l);
    thunk_init(E, f, "            ");
    start_line(E, l);
    thunk_return(E, f, "        ");
    start_line(E, l);
    puts_(E, "    }");
    start_line(E, l);
    ep(E, "    struct %s__frame pn__fr;", f->name);
    start_line(E, l);
    ep(E, "    %s__init(&pn__fr", f->name);
    args_out(E, f, "pn__a");
    puts_(E, ");");
    start_line(E, l);
    ep(E, "    pn__block_on(&pn__fr.pn__hdr, &%s__vtable);", f->name);
    if (!f->is_void) {
        start_line(E, l);
        puts_(E, "    return pn__fr.pn__ret;");
    }
    start_line(E, l);
    puts_(E, "}\n");
    start_line(E, 0);
    thunk_sig(E, f);
    puts_(E, "\n{");
    start_line(E, l);
    puts_(E, "    void *pn__m;");
    start_line(E, l);
    ep(E, "    struct pn__dyn__frame *pn__d = pn__dyn_claim_pooled(&%s__vtable, &pn__m);",
       f->name);
    start_line(E, l);
    thunk_await(E, f, "pn__d", "pn__d");
    start_line(E, l);
    ep(E, f->is_void ? "    %s__ptr_other(" : "    return %s__ptr_other(", f->name);
    for (unsigned i = 0; i < f->nparams; i++)
        ep(E, i ? ", pn__a%u" : "pn__a%u", i + 1);
    puts_(E, ");");
    start_line(E, l);
    puts_(E, "}\n");
    E->fallback = 0;
    E->dirty = true;
}

/* ------------------------------------------------------------------ */
/* pn_block_on / pn_spawn helpers                                        */
/* ------------------------------------------------------------------ */

static void helper_proto(Emitter *E, Func *f, bool spawn)
{
    start_line(E, 0);
    separate(E);
    if (spawn) {
        ep(E, "static pn_task *%s__spawn(", f->name);
    } else {
        puts_(E, "static ");
        type_out(E, f->ret_type, NULL, false);
        ep(E, " %s__block_on(", f->name);
    }
    if (!f->nparams)
        puts_(E, "void");
    for (unsigned i = 0; i < f->nparams; i++) {
        if (i)
            puts_(E, ", ");
        param_out(E, f, i, arena_printf(&E->u->arena, "pn__a%u", i + 1));
    }
    puts_(E, ")");
}

/* pn_spawn_local's helper wraps the spawn helper: the task it reserves
 * comes from this thread's own runtime. */
static void local_helper_proto(Emitter *E, Func *f)
{
    ep(E, "static pn_task *%s__spawn_local(", f->name);
    if (!f->nparams)
        puts_(E, "void");
    for (unsigned i = 0; i < f->nparams; i++) {
        if (i)
            puts_(E, ", ");
        param_out(E, f, i, arena_printf(&E->u->arena, "pn__a%u", i + 1));
    }
    puts_(E, ")");
}

static void local_helper_def(Emitter *E, Func *f)
{
    local_helper_proto(E, f);
    ep(E, "\n{\n    pn__spawn_local_begin();\n    return pn__spawn_local_end(%s__spawn(", f->name);
    for (unsigned i = 0; i < f->nparams; i++)
        ep(E, "%spn__a%u", i ? ", " : "", i + 1);
    puts_(E, "));\n}\n");
}

static void helper_def(Emitter *E, Func *f, bool spawn)
{
    prelude(E, f);
    /* The helper stands for the pn_block_on / pn_spawn that uses it: a
     * backtrace through it shows that line of the source. */
    unsigned line = spawn ? f->spawn_line : f->block_on_line;
    helper_proto(E, f, spawn);
    puts_(E, "\n{");
    E->fallback = line;
    if (spawn) {
        start_line(E, line);
        puts_(E, "    pn_task *pn__t;");
        start_line(E, 0);
        ep(E, "    void *pn__m = pn__task_reserve(&%s__vtable, &pn__t);\n", f->name);
        puts_(E, "    if (!pn__m)\n        return NULL;\n");
        ep(E, "    %s__init(pn__m", f->name);
        args_out(E, f, "pn__a");
        puts_(E, ");\n    return pn__task_start(pn__t);\n}\n");
        if (f->needs_spawn_local)
            local_helper_def(E, f);
        E->fallback = 0;
    } else {
        start_line(E, line);
        ep(E, "    struct %s__frame pn__fr;", f->name);
        start_line(E, line);
        ep(E, "    %s__init(&pn__fr", f->name);
        args_out(E, f, "pn__a");
        puts_(E, ");");
        start_line(E, line);
        ep(E, "    pn__block_on(&pn__fr.pn__hdr, &%s__vtable);", f->name);
        start_line(E, 0);
        if (!f->is_void)
            puts_(E, "    return pn__fr.pn__ret;\n");
        puts_(E, "}\n");
        E->fallback = 0;
    }
}

/* ------------------------------------------------------------------ */
/* The whole file                                                       */
/* ------------------------------------------------------------------ */

typedef enum InsKind { INS_PROTO, INS_DEF, INS_PTR_PROTO } InsKind;

/* A helper (f, spawn) placed before top-level declaration `top`. */
typedef struct Ins {
    unsigned top;
    InsKind kind;
    Func *f;
    bool spawn;
} Ins;

typedef VEC(Ins) InsVec;

static void emit_helpers_before(Emitter *E, unsigned top, Ins *ins, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (ins[i].top != top)
            continue;
        if (ins[i].kind == INS_PTR_PROTO) {
            thunk_proto(E, ins[i].f);
            puts_(E, ";\n");
        } else if (ins[i].kind == INS_PROTO) {
            helper_proto(E, ins[i].f, ins[i].spawn);
            puts_(E, ";\n");
            if (ins[i].spawn && ins[i].f->needs_spawn_local) {
                local_helper_proto(E, ins[i].f);
                puts_(E, ";\n");
            }
        } else {
            helper_def(E, ins[i].f, ins[i].spawn);
        }
    }
}

static void emit_helpers_after(Emitter *E, Func *f)
{
    if (f->needs_block_on && !f->block_on_emitted) {
        f->block_on_emitted = true;
        helper_def(E, f, false);
    }
    if (f->needs_spawn && !f->spawn_emitted) {
        f->spawn_emitted = true;
        helper_def(E, f, true);
    }
}

static unsigned top_index(Unit *u, Func *f)
{
    for (size_t i = 0; i < u->tops.n; i++)
        if (u->tops.v[i].kind == TOP_ASYNC_DEF && u->tops.v[i].func == f)
            return (unsigned)i;
    return 0;
}

static int site_order(const void *a, const void *b)
{
    const Site *x = a, *y = b;
    return x->fb < y->fb ? -1 : x->fb > y->fb;
}

static void plan_helpers(Unit *u, InsVec *plan)
{
    for (size_t i = 0; i < u->funcs.n; i++) {
        Func *f = u->funcs.v[i];
        /* NAME__ptr of a function this file does not declare (a header
         * does): declared before the first use. */
        if (f->needs_ptr && !f->defined && !f->has_proto_in_main) {
            unsigned first = (unsigned)-1;
            for (size_t j = 0; j < u->sites.n; j++)
                if (u->sites.v[j].kind == SITE_FNPTR && u->sites.v[j].callee == f &&
                    u->sites.v[j].top < first)
                    first = u->sites.v[j].top;
            if (first != (unsigned)-1) {
                Ins p = { first, INS_PTR_PROTO, f, false };
                vec_push(&u->arena, plan, p);
            }
        }
        for (int spawn = 0; spawn <= 1; spawn++) {
            if (!(spawn ? f->needs_spawn : f->needs_block_on))
                continue;
            unsigned first = (unsigned)-1, first_fb = 0;
            for (size_t j = 0; j < u->sites.n; j++) {
                Site *s = &u->sites.v[j];
                bool kind_ok = spawn ? s->kind == SITE_SPAWN : s->kind == SITE_BLOCK_ON;
                if (s->callee == f && kind_ok &&
                    (s->top < first || (s->top == first && s->fb < first_fb))) {
                    first = s->top;
                    first_fb = s->fb;
                }
            }
            if (first == (unsigned)-1)
                continue;
            if (spawn)
                f->spawn_line = line_of(u, first_fb);
            else
                f->block_on_line = line_of(u, first_fb);
            if (f->defined && f->body) {
                if (first <= top_index(u, f)) {
                    Ins p = { first, INS_PROTO, f, spawn != 0 };
                    vec_push(&u->arena, plan, p);
                }
            } else {
                Ins d = { first, INS_DEF, f, spawn != 0 };
                vec_push(&u->arena, plan, d);
                if (spawn)
                    f->spawn_emitted = true;
                else
                    f->block_on_emitted = true;
            }
        }
    }
}

static void emit_async_def(Emitter *E, Func *f)
{
    emit_frame_struct(E, f);
    /* A boxed child's frame is not embedded, but the poll function
     * allocates and polls it: its struct comes before the functions (it
     * may embed this frame, which is complete by now). */
    for (size_t i = 0; i < f->awaits.n; i++) {
        Await *a = f->awaits.v[i];
        if (a->boxed && a->callee->defined && a->callee->body)
            emit_frame_struct(E, a->callee);
    }
    if (!f->is_static && !f->has_proto_in_main)
        forward_decls(E, f);
    else if (f->needs_ptr) {
        thunk_proto(E, f);
        puts_(E, ";\n");
    }
    emit_functions(E, f);
    emit_helpers_after(E, f);
    /* Another file may take the address of an external one. */
    if (!f->is_static || f->needs_ptr)
        thunk_def(E, f);
}

static unsigned after_semicolon(Unit *u, unsigned pos)
{
    Tok t = lex_next(u->src, u->len, pos);
    return tok_is(u->src, t, ";") ? t.end : pos;
}

/* ------------------------------------------------------------------ */
/* Several declarators in one declaration                                */
/* ------------------------------------------------------------------ */

/* The tops from t on that are the declarators of one declaration written
 * in the file (`async int f(int), g(int), x;`): clang gives each the
 * extent from the declaration's start to its own end, and each but the
 * last is followed by a comma.  Returns how many (1: t stands alone);
 * *end receives the end of the declaration's ';'. */
static size_t decl_group(Unit *u, size_t t, unsigned *end)
{
    size_t n = 1;
    while (t + n < u->tops.n && u->tops.v[t + n].fb == u->tops.v[t].fb &&
           u->tops.v[t + n].fe > u->tops.v[t + n - 1].fe)
        n++;
    if (n == 1)
        return 1;
    for (size_t i = 0; i < n; i++) {
        Tok sep = lex_next(u->src, u->len, u->tops.v[t + i].fe);
        if (!tok_is(u->src, sep, i + 1 < n ? "," : ";"))
            return 1;
        if (i + 1 == n)
            *end = sep.end;
    }
    return n;
}

static bool is_qualifier(const char *src, Tok t)
{
    static const char *const q[] = { "const",      "volatile",   "restrict", "__restrict",
                                     "__restrict__", "_Atomic",  "__const",  "__volatile__" };
    for (size_t i = 0; i < sizeof q / sizeof *q; i++)
        if (tok_is(src, t, q[i]))
            return true;
    return false;
}

/* Where the first declarator of a declaration beginning at b starts,
 * given the offset of its name: before the `*`s, their qualifiers and the
 * parentheses of a parenthesised declarator (`int *const p`,
 * `int (*fp)(void)`).  0 when the declaration specifiers cannot be told
 * apart from it (a name out of a macro, a declarator written by one). */
static unsigned first_declarator(Unit *u, unsigned b, unsigned name)
{
    VEC(Tok) toks = { 0 };
    for (unsigned pos = b;;) {
        Tok t = lex_next(u->src, u->len, pos);
        if (t.kind == TK_EOF || t.begin > name)
            return 0;
        if (t.begin == name)
            break;
        vec_push(&u->arena, &toks, t);
        pos = t.end;
    }
    size_t j = toks.n;
    unsigned start = name;
    while (j > 0) {
        Tok t = toks.v[j - 1];
        if (tok_is(u->src, t, "*") || tok_is(u->src, t, "(")) {
            start = t.begin;
            j--;
            continue;
        }
        size_t q = j;
        while (q > 0 && is_qualifier(u->src, toks.v[q - 1]))
            q--;
        if (q < j && q > 0 && tok_is(u->src, toks.v[q - 1], "*")) {
            start = toks.v[q - 1].begin;
            j = q - 1;
            continue;
        }
        break;
    }
    /* The specifiers must be balanced and the split outside any macro
     * invocation (`int SIG(f), x;`). */
    int depth = 0;
    for (size_t i = 0; i < j; i++) {
        if (tok_is(u->src, toks.v[i], "(") || tok_is(u->src, toks.v[i], "{") ||
            tok_is(u->src, toks.v[i], "["))
            depth++;
        if (tok_is(u->src, toks.v[i], ")") || tok_is(u->src, toks.v[i], "}") ||
            tok_is(u->src, toks.v[i], "]"))
            depth--;
        if (depth < 0)
            return 0;
    }
    if (depth != 0 || j == 0)
        return 0;
    for (size_t i = 0; i < u->expansions.n && u->expansions.v[i].begin < name; i++) {
        Expansion *x = &u->expansions.v[i];
        unsigned inv_end = x->inv_end ? x->inv_end : lex_invocation_end(u->src, u->len, x->begin);
        if (x->begin < name && name < inv_end)
            return 0;
    }
    return start;
}

/* A declaration whose declarators include async functions: each of those
 * becomes the forward declarations of its generated functions, and the
 * others stay declared, with the same specifiers, in a declaration of
 * their own after them. */
static void emit_decl_group(Emitter *E, size_t t, size_t n)
{
    Unit *u = E->u;
    Top *first = &u->tops.v[t];
    bool others = false;
    for (size_t i = 0; i < n; i++) {
        Top *d = &u->tops.v[t + i];
        if (d->kind == TOP_ASYNC_PROTO)
            forward_decls(E, d->func);
        else
            others = true;
    }
    if (!others)
        return;
    unsigned name = offset_of(u, clang_getCursorLocation(first->cur));
    unsigned start = name > first->fb ? first_declarator(u, first->fb, name) : 0;
    if (!start) {
        diag_at(u, first->fb, "cannot separate the async functions from the other "
                              "declarators of this declaration; declare them apart");
        return;
    }
    start_line(E, line_of(u, first->fb));
    src(E, first->fb, start);
    unsigned line = line_of(u, first->fb);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        Top *d = &u->tops.v[t + i];
        if (d->kind == TOP_ASYNC_PROTO)
            continue;
        unsigned b = i == 0 ? start : lex_next(u->src, u->len, u->tops.v[t + i - 1].fe).end;
        b = lex_next(u->src, u->len, b).begin;
        if (any)
            puts_(E, ",");
        if (line_of(u, b) != line) {
            line = line_of(u, b);
            start_line(E, line);
        } else if (any) {
            puts_(E, " ");
        }
        src(E, b, d->fe);
        any = true;
    }
    puts_(E, ";");
    E->dirty = true;
}

/* A struct, union or enum defined, as written in the file, in the
 * specifiers of the declaration that follows (`async struct pt { int x; }
 * mk(void) { ... }`): it is kept, as a declaration of its own. */
static bool tag_in_specifiers(Unit *u, Top *d)
{
    enum CXCursorKind k = clang_getCursorKind(d->cur);
    if (k != CXCursor_StructDecl && k != CXCursor_UnionDecl && k != CXCursor_EnumDecl)
        return false;
    Tok kw = lex_next(u->src, u->len, d->fb);
    return kw.begin == d->fb && d->fe > d->fb && u->src[d->fe - 1] == '}' &&
           (tok_is(u->src, kw, "struct") || tok_is(u->src, kw, "union") ||
            tok_is(u->src, kw, "enum")) &&
           !expansion_at(u, d->fb);
}

/* The tops from t on that come out of one macro invocation
 * (`#define DECL(n) async int n(int); async int n(int x) { ... }`) and
 * include an async function: each is rewritten, and none of the
 * invocation's text is kept, so anything else it declares could not be;
 * that is refused.  Returns 1 when t stands alone or the invocation
 * declares nothing async (its text is copied). */
static size_t macro_cluster(Emitter *E, size_t t)
{
    Unit *u = E->u;
    size_t n = 1;
    unsigned end = u->tops.v[t].fe;
    bool async = u->tops.v[t].kind != TOP_OTHER;
    while (t + n < u->tops.n && u->tops.v[t + n].fb < end) {
        if (u->tops.v[t + n].fe > end)
            end = u->tops.v[t + n].fe;
        async |= u->tops.v[t + n].kind != TOP_OTHER;
        n++;
    }
    if (n == 1 || !async)
        return 1;
    Top *fn = NULL;
    for (size_t i = 0; i < n && !fn; i++)
        if (u->tops.v[t + i].kind != TOP_OTHER)
            fn = &u->tops.v[t + i];
    for (size_t i = 0; i < n; i++) {
        Top *d = &u->tops.v[t + i];
        if (d->kind != TOP_OTHER || tag_in_specifiers(u, d))
            continue;
        char *name = cx_take(&u->arena, clang_getCursorSpelling(d->cur));
        diag_at(u, d->fb,
                "'%s' comes out of the same macro expansion as async function '%s', which is "
                "rewritten; declare it outside that macro",
                *name ? name : "this declaration", fn->func->name);
    }
    return n;
}

/* Copies [from, to) of ordinary code (outside async bodies), rewriting
 * the sites in it, taken in file order from *next on.  The arguments of a
 * pn_block_on or pn_spawn are copied the same way, so that what they hold
 * is rewritten too: an async function passed as a value (NAME__ptr), a
 * pn_block_on in an argument. */
static void ordinary_text(Emitter *E, unsigned from, unsigned to, size_t *next)
{
    Unit *u = E->u;
    unsigned pos = from;
    while (*next < u->sites.n) {
        Site *s = &u->sites.v[*next];
        if (s->in_async || s->fb < pos) {
            (*next)++;
            continue;
        }
        if (s->fb >= to)
            break;
        (*next)++;
        src(E, pos, s->fb);
        if (s->kind == SITE_SIZEOF) {
            puts_(E, s->keyword);
            puts_(E, "(");
            type_out(E, s->type, NULL, false);
            puts_(E, ")");
        } else if (s->kind == SITE_UNEVALUATED) {
            puts_(E, "((");
            type_out(E, s->callee->ret_type, "(*)(void)", true);
            puts_(E, ")0)()");
        } else if (s->kind == SITE_FNPTR) {
            ep(E, "%s__ptr", s->callee->name);
        } else if (s->callee->dyn) {
            /* Through a pointer (pinion.h): the call as written. */
            puts_(E, s->kind == SITE_SPAWN ? "(pn__dyn_spawn_begin(), (void)(" : "(");
            ordinary_text(E, s->call_fb, s->call_fe, next);
            puts_(E, s->kind == SITE_SPAWN ? "), pn__dyn_spawn_end())" : ")");
        } else {
            ep(E, "%s__%s", s->callee->name,
               s->kind != SITE_SPAWN ? "block_on" : s->spawn_local ? "spawn_local" : "spawn");
            ordinary_text(E, s->callee_fe, s->call_fe, next);
        }
        if (memchr(u->src + s->fb, '\n', s->fe - s->fb))
            E->dirty = true;
        pos = s->fe;
    }
    src(E, pos, to);
}

bool emit_unit(Unit *u, Buf *out)
{
    Emitter E = { .u = u, .out = out, .presumed = 1, .bol = true };
    E.self_path = u->opt->output ? u->opt->output : "<pinion output>";
    /* A UTF-8 byte order mark is skipped by compilers only as the first
     * bytes of a file, and tells other readers the file's encoding: it
     * stays first, before any #line, and the copying starts after it. */
    unsigned start = 0;
    if (u->len >= 3 && memcmp(u->src, "\xEF\xBB\xBF", 3) == 0) {
        buf_add(out, u->src, 3);
        start = 3;
    }
    if (!u->opt->no_line)
        line_directive(&E, 1, u->path);
    if (!u->any_async_use) {
        put(&E, u->src + start, u->len - start);
        buf_free(&E.scratch);
        return true;
    }
    InsVec plan = { 0 };
    /* Sites come from several walks (bodies, then file-scope
     * initialisers): the copy below takes them in file order. */
    if (u->sites.n > 1)
        qsort(u->sites.v, u->sites.n, sizeof(Site), site_order);
    plan_helpers(u, &plan);
    unsigned pos = start;
    size_t next_site = 0;
    for (size_t t = 0; t < u->tops.n; t++) {
        Top *top = &u->tops.v[t];
        /* `struct s {...} v = {...};`: the variable's top begins where the
         * struct's does; what follows the struct is copied with its sites
         * (an async function named in the initialiser) below. */
        bool rest = top->fb < pos && top->fe > pos && top->kind == TOP_OTHER;
        if (top->fb < pos && !rest)
            continue; /* several declarations out of one macro invocation */
        unsigned group_end = 0;
        size_t group = decl_group(u, t, &group_end);
        size_t cluster = group == 1 ? macro_cluster(&E, t) : 1;
        unsigned from = rest ? pos : top->fb;
        for (size_t i = 1; i < cluster; i++)
            if (u->tops.v[t + i].fb < from)
                from = u->tops.v[t + i].fb;
        src(&E, pos, from);
        pos = from;
        bool helpers = false;
        for (size_t i = 0; i < plan.n; i++)
            helpers |= plan.v[i].top == t;
        if (helpers) {
            emit_helpers_before(&E, (unsigned)t, plan.v, plan.n);
            start_line(&E, line_of(u, top->fb));
        }
        if (cluster > 1) {
            for (size_t i = 0; i < cluster; i++) {
                Top *d = &u->tops.v[t + i];
                if (d->kind == TOP_OTHER) {
                    /* tag_in_specifiers(): the others were refused */
                    start_line(&E, line_of(u, d->fb));
                    src(&E, d->fb, d->fe);
                    puts_(&E, ";");
                    E.dirty = true;
                } else if (d->kind == TOP_ASYNC_DEF && d->func->body)
                    emit_async_def(&E, d->func);
                else if (d->kind == TOP_ASYNC_PROTO)
                    forward_decls(&E, d->func);
                if (d->fe > pos)
                    pos = d->fe;
            }
            pos = after_semicolon(u, pos);
            E.dirty = true;
            t += cluster - 1;
            continue;
        }
        if (top->kind == TOP_ASYNC_DEF && top->func->body) {
            emit_async_def(&E, top->func);
            pos = top->fe;
            E.dirty = true;
            continue;
        }
        bool async_in_group = false;
        for (size_t i = 1; i < group; i++)
            async_in_group |= u->tops.v[t + i].kind == TOP_ASYNC_PROTO;
        if (group > 1 && (top->kind == TOP_ASYNC_PROTO || async_in_group)) {
            emit_decl_group(&E, t, group);
            pos = group_end;
            t += group - 1;
            continue;
        }
        if (top->kind == TOP_ASYNC_PROTO) {
            forward_decls(&E, top->func);
            pos = after_semicolon(u, top->fe);
            continue;
        }
        /* An ordinary declaration: copy it, rewriting its sites. */
        ordinary_text(&E, pos, top->fe, &next_site);
        pos = top->fe;
    }
    src(&E, pos, u->len);
    newline(&E);
    buf_free(&E.scratch);
    return u->diags.errors == 0;
}
