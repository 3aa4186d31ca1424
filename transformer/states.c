/*
 * states.c — `--print-states`: the state graph of each async function.
 *
 * The poll function of an async function is a state machine: state 0 runs
 * from the start of the body, state k resumes right after await point k,
 * and every run ends by suspending at an await point (the next state) or
 * by finishing.  For each state this file lists the await points that can
 * come next and whether the function can finish before another await;
 * tools/pinion-graph draws that as a graph.
 *
 * The graph comes from the IR, not from the generated code: a walk over
 * the body in evaluation order carries the set of states execution may
 * have resumed from.  An await point adds an edge from each of them and
 * resets the set to itself; `&&`, `||`, `?:`, `if` and `switch` join the
 * sets of their branches; loops, labels, break and continue record the
 * sets that jump to them, and the walk repeats until nothing grows.  Every
 * branch counts as possible, so the graph may show an edge no execution
 * takes (an over-approximation), never miss one.
 */
#include "transform.h"

#include <stdint.h>
#include <string.h>

typedef struct Flow {
    Unit *u;
    Func *f;
    unsigned nstates; /* the start and one state per await point */
    unsigned words;   /* of a state set */
    /* Sets that jump to a statement, by node index: to a loop's head
     * (back), to a for/do's increment or condition (cont), past a loop or
     * switch (brk), to a label, and into a switch's cases (sel). */
    uint64_t **back, **cont, **brk, **label, **sel;
    VEC(Node *) switches; /* enclosing switch statements during the walk */
    VEC(Node *) labels;
    uint64_t *next;   /* nstates rows: the states each state can reach */
    uint64_t *finish; /* the states from which the function can finish */
    bool changed;
} Flow;

/* ------------------------------------------------------------------ */
/* State sets                                                           */
/* ------------------------------------------------------------------ */

static uint64_t *set_new(Flow *F)
{
    return arena_alloc(&F->u->arena, F->words * sizeof(uint64_t));
}

static uint64_t *set_dup(Flow *F, const uint64_t *s)
{
    uint64_t *d = set_new(F);
    memcpy(d, s, F->words * sizeof *d);
    return d;
}

static uint64_t *slot(Flow *F, uint64_t **table, Node *n)
{
    if (!table[n->index])
        table[n->index] = set_new(F);
    return table[n->index];
}

/* d |= s; true when d grew. */
static bool set_or(Flow *F, uint64_t *d, const uint64_t *s)
{
    bool grew = false;
    for (unsigned i = 0; i < F->words; i++) {
        uint64_t v = d[i] | s[i];
        grew |= v != d[i];
        d[i] = v;
    }
    return grew;
}

/* A set the walk keeps between rounds grows: another round is needed. */
static void track(Flow *F, uint64_t *d, const uint64_t *s)
{
    if (set_or(F, d, s))
        F->changed = true;
}

static void set_clear(Flow *F, uint64_t *d)
{
    memset(d, 0, F->words * sizeof *d);
}

static bool set_has(const uint64_t *s, unsigned k)
{
    return (s[k / 64] >> (k % 64)) & 1;
}

/* Execution suspends at await point k: every state in cur leads to k. */
static void resume_at(Flow *F, uint64_t *cur, unsigned k)
{
    for (unsigned s = 0; s < F->nstates; s++)
        if (set_has(cur, s)) {
            uint64_t *row = F->next + (size_t)s * F->words;
            if (!set_has(row, k)) {
                row[k / 64] |= (uint64_t)1 << (k % 64);
                F->changed = true;
            }
        }
    set_clear(F, cur);
    cur[k / 64] |= (uint64_t)1 << (k % 64);
}

/* ------------------------------------------------------------------ */
/* The walk                                                             */
/* ------------------------------------------------------------------ */

static void st(Flow *F, Node *n, uint64_t *cur);

static void ex(Flow *F, Node *n, uint64_t *cur)
{
    if (!n || !n->has_await || n->unevaluated)
        return;
    if (!n->is_expr && n->kind != NK_AWAIT && n->kind != NK_ALL && n->kind != NK_RACE) {
        st(F, n, cur); /* the statements of a statement expression */
        return;
    }
    switch (n->kind) {
    case NK_AWAIT:
        for (unsigned i = 0; i < n->nkids; i++)
            ex(F, n->kids[i], cur);
        /* A branch of pn_all / pn_race is part of that one await point. */
        if (!n->branch && n->await)
            resume_at(F, cur, n->await->index);
        return;
    case NK_ALL:
    case NK_RACE:
        for (unsigned i = 0; i < n->nkids; i++)
            ex(F, n->kids[i], cur);
        if (n->await)
            resume_at(F, cur, n->await->index);
        return;
    case NK_BINARY:
        node_op(F->u, n);
        if ((n->op == OP_LAND || n->op == OP_LOR) && n->nkids == 2) {
            ex(F, n->kids[0], cur);
            uint64_t *rhs = set_dup(F, cur);
            ex(F, n->kids[1], rhs);
            set_or(F, cur, rhs);
            return;
        }
        break;
    case NK_CONDITIONAL:
        if (n->nkids == 3 || n->nkids == 2) {
            ex(F, n->kids[0], cur);
            uint64_t *other = set_dup(F, cur);
            ex(F, n->kids[n->nkids - 1], other);
            if (n->nkids == 3)
                ex(F, n->kids[1], cur);
            set_or(F, cur, other);
            return;
        }
        break;
    default:
        break;
    }
    for (unsigned i = 0; i < n->nkids; i++)
        ex(F, n->kids[i], cur);
}

static bool has_default(Node *n)
{
    for (unsigned i = 0; i < n->nkids; i++) {
        Node *k = n->kids[i];
        if (k->kind == NK_DEFAULT)
            return true;
        if (k->kind != NK_SWITCH && has_default(k))
            return true;
    }
    return false;
}

static Node *goto_target(Flow *F, Node *g)
{
    for (unsigned i = 0; i < g->nkids; i++) {
        if (clang_getCursorKind(g->kids[i]->cur) != CXCursor_LabelRef)
            continue;
        /* The referenced cursor is the label statement, though not always
         * an equal cursor to the one the walk built: compare where. */
        CXSourceLocation at =
            clang_getCursorLocation(clang_getCursorReferenced(g->kids[i]->cur));
        for (size_t j = 0; j < F->labels.n; j++)
            if (clang_equalLocations(clang_getCursorLocation(F->labels.v[j]->cur), at))
                return F->labels.v[j];
    }
    return NULL;
}

static void st(Flow *F, Node *n, uint64_t *cur)
{
    if (!n)
        return;
    Node *last = n->nkids ? n->kids[n->nkids - 1] : NULL;
    switch (n->kind) {
    case NK_IF: {
        if (n->nkids < 2)
            return;
        ex(F, n->kids[0], cur);
        uint64_t *els = set_dup(F, cur);
        st(F, n->kids[1], cur);
        if (n->nkids > 2)
            st(F, n->kids[2], els);
        set_or(F, cur, els);
        return;
    }
    case NK_WHILE: {
        uint64_t *head = set_dup(F, cur);
        set_or(F, head, slot(F, F->back, n));
        if (n->nkids > 1)
            ex(F, n->kids[0], head);
        uint64_t *body = set_dup(F, head);
        st(F, last, body);
        track(F, slot(F, F->back, n), body);
        memcpy(cur, head, F->words * sizeof *cur);
        set_or(F, cur, slot(F, F->brk, n));
        return;
    }
    case NK_DO: {
        uint64_t *in = set_dup(F, cur);
        set_or(F, in, slot(F, F->back, n));
        if (n->nkids)
            st(F, n->kids[0], in);
        set_or(F, in, slot(F, F->cont, n));
        if (n->nkids > 1)
            ex(F, n->kids[1], in);
        track(F, slot(F, F->back, n), in);
        memcpy(cur, in, F->words * sizeof *cur);
        set_or(F, cur, slot(F, F->brk, n));
        return;
    }
    case NK_FOR: {
        Node *init, *cond, *inc, *body;
        for_parts(F->u, n, &init, &cond, &inc, &body);
        if (init)
            ex(F, init, cur);
        uint64_t *head = set_dup(F, cur);
        set_or(F, head, slot(F, F->back, n));
        if (cond)
            ex(F, cond, head);
        uint64_t *b = set_dup(F, head);
        st(F, body, b);
        set_or(F, b, slot(F, F->cont, n));
        if (inc)
            ex(F, inc, b);
        track(F, slot(F, F->back, n), b);
        if (cond)
            memcpy(cur, head, F->words * sizeof *cur);
        else
            set_clear(F, cur);
        set_or(F, cur, slot(F, F->brk, n));
        return;
    }
    case NK_SWITCH: {
        if (n->nkids < 2)
            return;
        ex(F, n->kids[0], cur);
        track(F, slot(F, F->sel, n), cur);
        vec_push(&F->u->arena, &F->switches, n);
        uint64_t *b = set_new(F); /* the body is entered at its labels */
        st(F, last, b);
        F->switches.n--;
        if (!has_default(last))
            set_or(F, b, cur);
        set_or(F, b, slot(F, F->brk, n));
        memcpy(cur, b, F->words * sizeof *cur);
        return;
    }
    case NK_CASE:
    case NK_DEFAULT:
        if (F->switches.n)
            set_or(F, cur, slot(F, F->sel, F->switches.v[F->switches.n - 1]));
        if (n->kind == NK_DEFAULT || n->nkids > 1)
            st(F, last, cur);
        return;
    case NK_LABEL:
        set_or(F, cur, slot(F, F->label, n));
        st(F, last, cur);
        return;
    case NK_GOTO: {
        Node *t = goto_target(F, n);
        if (t)
            track(F, slot(F, F->label, t), cur);
        set_clear(F, cur);
        return;
    }
    case NK_BREAK:
        if (n->target)
            track(F, slot(F, F->brk, n->target), cur);
        set_clear(F, cur);
        return;
    case NK_CONTINUE:
        if (n->target)
            track(F, slot(F, n->target->kind == NK_WHILE ? F->back : F->cont, n->target), cur);
        set_clear(F, cur);
        return;
    case NK_RETURN:
        for (unsigned i = 0; i < n->nkids; i++)
            ex(F, n->kids[i], cur);
        track(F, F->finish, cur);
        set_clear(F, cur);
        return;
    case NK_NULLSTMT:
    case NK_TYPEDECL:
        return;
    case NK_VARDECL:
        for (unsigned i = 0; i < n->nkids; i++)
            ex(F, n->kids[i], cur);
        return;
    default:
        break;
    }
    if (clang_getCursorKind(n->cur) == CXCursor_IndirectGotoStmt) {
        for (size_t j = 0; j < F->labels.n; j++)
            track(F, slot(F, F->label, F->labels.v[j]), cur);
        set_clear(F, cur);
        return;
    }
    if (n->is_expr) {
        ex(F, n, cur);
        return;
    }
    for (unsigned i = 0; i < n->nkids; i++)
        st(F, n->kids[i], cur);
}

static void find_labels(Flow *F, Node *n)
{
    if (n->kind == NK_LABEL)
        vec_push(&F->u->arena, &F->labels, n);
    for (unsigned i = 0; i < n->nkids; i++)
        find_labels(F, n->kids[i]);
}

static void flow_func(Flow *F)
{
    Unit *u = F->u;
    Func *f = F->f;
    F->nstates = (unsigned)f->awaits.n + 1;
    F->words = (F->nstates + 63) / 64;
    size_t nodes = (size_t)f->body->last + 1;
    F->back = arena_alloc(&u->arena, nodes * sizeof *F->back);
    F->cont = arena_alloc(&u->arena, nodes * sizeof *F->cont);
    F->brk = arena_alloc(&u->arena, nodes * sizeof *F->brk);
    F->label = arena_alloc(&u->arena, nodes * sizeof *F->label);
    F->sel = arena_alloc(&u->arena, nodes * sizeof *F->sel);
    F->next = arena_alloc(&u->arena, (size_t)F->nstates * F->words * sizeof(uint64_t));
    F->finish = set_new(F);
    find_labels(F, f->body);
    do {
        F->changed = false;
        uint64_t *cur = set_new(F);
        cur[0] = 1; /* state 0: from the start */
        st(F, f->body, cur);
        track(F, F->finish, cur); /* falling off the end */
    } while (F->changed);
}

/* ------------------------------------------------------------------ */
/* Output                                                               */
/* ------------------------------------------------------------------ */

static void json_string(Buf *b, const char *s)
{
    buf_putc(b, '"');
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\')
            buf_printf(b, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            buf_printf(b, "\\u%04x", *s);
        else
            buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

/* The await as written, on one line. */
static const char *await_text(Unit *u, Await *a)
{
    Node *n = a->node;
    node_range(u, n);
    Buf raw = { 0 };
    if (n->exact && n->fe > n->fb)
        buf_add(&raw, u->src + n->fb, n->fe - n->fb);
    else
        buf_printf(&raw, "await(%s(...))", a->callee ? a->callee->name : "?");
    Buf one = { 0 };
    bool space = false;
    for (size_t i = 0; i < raw.len; i++) {
        char c = raw.data[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\') {
            space = one.len > 0;
            continue;
        }
        if (space)
            buf_putc(&one, ' ');
        space = false;
        buf_putc(&one, c);
    }
    const char *s = arena_strdup(&u->arena, one.data ? one.data : "");
    buf_free(&raw);
    buf_free(&one);
    return s;
}

static const char *callee_of(Await *a)
{
    if (a->callee)
        return a->callee->name;
    return a->race ? "pn_race" : "pn_all";
}

static void print_func(Flow *F, Buf *out, bool json, bool first)
{
    Unit *u = F->u;
    Func *f = F->f;
    if (json) {
        buf_puts(out, first ? "\n  {" : ",\n  {");
        buf_puts(out, "\"function\": ");
        json_string(out, f->name);
        buf_puts(out, ", \"file\": ");
        json_string(out, u->path);
        buf_printf(out, ", \"line\": %u, \"states\": [", f->line);
    } else {
        buf_printf(out, "%sstates of %s (%s:%u):\n", first ? "" : "\n", f->name, u->path,
                   f->line);
    }
    for (unsigned s = 0; s < F->nstates; s++) {
        Await *a = s ? f->awaits.v[s - 1] : NULL;
        unsigned line = a ? a->line : f->line;
        const uint64_t *row = F->next + (size_t)s * F->words;
        if (json) {
            buf_printf(out, "%s\n    {\"state\": %u, \"line\": %u", s ? "," : "", s, line);
            if (a) {
                buf_puts(out, ", \"await\": ");
                json_string(out, await_text(u, a));
                buf_puts(out, ", \"callee\": ");
                json_string(out, callee_of(a));
            }
            buf_puts(out, ", \"next\": [");
            bool any = false;
            for (unsigned t = 1; t < F->nstates; t++)
                if (set_has(row, t)) {
                    buf_printf(out, any ? ", %u" : "%u", t);
                    any = true;
                }
            buf_printf(out, "], \"finishes\": %s}", set_has(F->finish, s) ? "true" : "false");
        } else {
            if (a)
                buf_printf(out, "  %u: line %u, %s ->", s, line, await_text(u, a));
            else
                buf_printf(out, "  start: line %u ->", line);
            bool any = false;
            for (unsigned t = 1; t < F->nstates; t++)
                if (set_has(row, t)) {
                    buf_printf(out, "%s %u", any ? "," : "", t);
                    any = true;
                }
            if (set_has(F->finish, s))
                buf_printf(out, "%s end", any ? "," : "");
            buf_puts(out, "\n");
        }
    }
    if (json)
        buf_puts(out, "\n  ]}");
}

void print_states(Unit *u, Buf *out, bool json)
{
    bool first = true;
    if (json)
        buf_puts(out, "{\"functions\": [");
    for (size_t i = 0; i < u->funcs.n; i++) {
        Func *f = u->funcs.v[i];
        if (!f->defined || !f->is_async || !f->body)
            continue;
        Flow F = { .u = u, .f = f };
        flow_func(&F);
        print_func(&F, out, json, first);
        first = false;
    }
    if (json)
        buf_puts(out, first ? "]}\n" : "\n]}\n");
}
