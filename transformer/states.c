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
 * The successors come from the control-flow graph liveness.c builds of the
 * lowered body (state_graph()), the one the frame is chosen from: every
 * branch counts as possible, so the graph may show an edge no execution
 * takes (an over-approximation), never miss one.  Where that graph leaves
 * something out (a jump out of a statement expression), every state is
 * shown leading to every await point and to the end.
 */
#include "transform.h"

#include <stdint.h>
#include <string.h>

typedef struct Flow {
    Unit *u;
    Func *f;
    unsigned nstates; /* the start and one state per await point */
    bool *next;       /* nstates rows: the states each state can reach */
    bool *finish;     /* the states from which the function can finish */
} Flow;

static void flow_func(Flow *F)
{
    Unit *u = F->u;
    Func *f = F->f;
    F->nstates = (unsigned)f->awaits.n + 1;
    F->next = arena_alloc(&u->arena, (size_t)F->nstates * F->nstates * sizeof *F->next);
    F->finish = arena_alloc(&u->arena, F->nstates * sizeof *F->finish);
    if (state_graph(u, f, F->next, F->finish))
        return;
    for (unsigned s = 0; s < F->nstates; s++) {
        F->finish[s] = true;
        for (unsigned t = 1; t < F->nstates; t++)
            F->next[(size_t)s * F->nstates + t] = true;
    }
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
        const bool *row = F->next + (size_t)s * F->nstates;
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
                if (row[t]) {
                    buf_printf(out, any ? ", %u" : "%u", t);
                    any = true;
                }
            buf_printf(out, "], \"finishes\": %s}", F->finish[s] ? "true" : "false");
        } else {
            if (a)
                buf_printf(out, "  %u: line %u, %s ->", s, line, await_text(u, a));
            else
                buf_printf(out, "  start: line %u ->", line);
            bool any = false;
            for (unsigned t = 1; t < F->nstates; t++)
                if (row[t]) {
                    buf_printf(out, "%s %u", any ? "," : "", t);
                    any = true;
                }
            if (F->finish[s])
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
