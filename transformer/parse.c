/*
 * parse.c — libclang's translation unit → the transformer's IR.
 *
 * One pass over the top level finds every async function (declared
 * anywhere: an `annotate("pinion.async")` attribute), every function
 * defined in the main file, the frame structs headers already provide
 * (`struct NAME__frame`), and the macro expansions written in the main
 * file (the preprocessing record).  Then each function body that may
 * involve async code becomes a tree of Nodes: the cursor kinds the
 * lowering cares about, with the dialect's markers (`await`, `pn_spawn`,
 * `pn_block_on`, `pn_all`, `pn_race`, which pinion.h turns into comma
 * expressions around marker calls) folded into single nodes.
 *
 * Positions.  libclang reports a token that came out of a macro at the
 * macro's invocation, and on version 14 clang_getSpellingLocation is the
 * same as clang_getFileLocation.  node_range() tells the cases apart with
 * the file location, the expansion location and the record of every macro
 * invocation in the main file (a position where one starts is not a token
 * of its own), classifies where a node's text begins (LocKind) and decides
 * whether [fb, fe) is exactly the node's text, so that it may be copied,
 * or whether the node must be rebuilt from its children.  The true
 * spelling of a macro-body token is still available where it is needed:
 * clang_tokenize lexes at the spelling location (spelled_token()).
 */
#include "transform.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Functions by name                                                    */
/* ------------------------------------------------------------------ */

static unsigned name_hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

Func *func_by_name(Unit *u, const char *name)
{
    if (!u->func_map_cap)
        return NULL;
    unsigned mask = u->func_map_cap - 1;
    for (unsigned h = name_hash(name) & mask; u->func_map[h]; h = (h + 1) & mask)
        if (strcmp(u->func_map[h]->name, name) == 0)
            return u->func_map[h];
    return NULL;
}

static void func_add(Unit *u, Func *f)
{
    vec_push(&u->arena, &u->funcs, f);
    if (u->funcs.n * 2 > u->func_map_cap) {
        unsigned cap = u->func_map_cap ? u->func_map_cap * 2 : 64;
        while (u->funcs.n * 2 > cap)
            cap *= 2;
        u->func_map = arena_alloc(&u->arena, cap * sizeof(Func *));
        u->func_map_cap = cap;
        for (size_t i = 0; i < u->funcs.n; i++) {
            unsigned h = name_hash(u->funcs.v[i]->name) & (cap - 1);
            while (u->func_map[h])
                h = (h + 1) & (cap - 1);
            u->func_map[h] = u->funcs.v[i];
        }
        return;
    }
    unsigned h = name_hash(f->name) & (u->func_map_cap - 1);
    while (u->func_map[h])
        h = (h + 1) & (u->func_map_cap - 1);
    u->func_map[h] = f;
}

/* ------------------------------------------------------------------ */
/* Cursor → Local                                                       */
/* ------------------------------------------------------------------ */

static void local_map_insert(Unit *u, Local *l)
{
    if ((u->local_map_len + 1) * 2 > u->local_map_cap) {
        unsigned ncap = u->local_map_cap ? u->local_map_cap * 2 : 256;
        Local **nm = arena_alloc(&u->arena, ncap * sizeof *nm);
        for (unsigned i = 0; i < u->local_map_cap; i++) {
            Local *o = u->local_map[i];
            if (!o)
                continue;
            unsigned h = clang_hashCursor(o->decl) & (ncap - 1);
            while (nm[h])
                h = (h + 1) & (ncap - 1);
            nm[h] = o;
        }
        u->local_map = nm;
        u->local_map_cap = ncap;
    }
    unsigned h = clang_hashCursor(l->decl) & (u->local_map_cap - 1);
    while (u->local_map[h])
        h = (h + 1) & (u->local_map_cap - 1);
    u->local_map[h] = l;
    u->local_map_len++;
}

Local *local_lookup(Unit *u, CXCursor decl)
{
    if (!u->local_map_cap)
        return NULL;
    unsigned h = clang_hashCursor(decl) & (u->local_map_cap - 1);
    while (u->local_map[h]) {
        if (clang_equalCursors(u->local_map[h]->decl, decl))
            return u->local_map[h];
        h = (h + 1) & (u->local_map_cap - 1);
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Locations                                                            */
/* ------------------------------------------------------------------ */

/* Where the token at `loc` comes from; *fb receives its file offset and
 * *xoff the offset of the outermost macro invocation around it. */
static LocKind loc_kind(Unit *u, CXSourceLocation loc, unsigned *fb, unsigned *xoff)
{
    CXFile f = NULL, xf = NULL;
    unsigned off = 0, xo = 0;
    if (main_text_offset(u, loc, &off)) {
        xo = off;
    } else {
        clang_getFileLocation(loc, &f, NULL, NULL, &off);
        clang_getExpansionLocation(loc, &xf, NULL, NULL, &xo);
        if (!f || !clang_File_isEqual(f, u->file))
            return LK_ELSEWHERE;
    }
    *fb = off;
    *xoff = xo;
    /* A macro-body token is reported at its invocation, which starts with
     * the macro's name (the preprocessing record has every invocation of
     * the main file): anything else is spelled where it stands. */
    bool spelled_here = !(off < u->len && is_ident_char(u->src[off]) && expansion_at(u, off));
    if (off == xo)
        return spelled_here ? LK_FILE : LK_BODY;
    return spelled_here ? LK_ARG : LK_BODY_IN_ARG;
}

static const char *const marker_macros[] = {
    "await",    "pn_await", "pn_spawn", "pn_block_on", "async",
    "pn_async", "pn_boxed", "pn_all",   "pn_race", "pn_spawn_local",
};

/* ---- bracket pairs, remembered ---- */

/* Where an invocation's arguments end, and whether a node's text has a
 * comma or bracket of its own outside brackets, are read by lexing the
 * text.  Nested invocations and nodes (await(g(await(g(...))))) would
 * each lex again the text of every one inside them, in time quadratic in
 * the depth: instead every bracket pair a scan closes is remembered by the
 * offset of its opening token, and a later scan that meets that token
 * jumps over the pair.  Two kinds of pairs: parentheses alone, as the
 * preprocessor matches them, and any of ( [ { closed by any of ) ] }, as
 * lex_has_toplevel_comma counts them.  A scan lexes from a token the
 * caller knows begins one, so it meets the same tokens as any other scan
 * through them. */
struct BracketMemo {
    unsigned *key; /* 2 * (offset + 1) + (parentheses alone), 0: free */
    unsigned *end; /* offset after the closing token */
    size_t cap, n;
    VEC(unsigned) stack; /* a scan's open brackets */
};

static size_t memo_slot(const struct BracketMemo *m, unsigned key)
{
    size_t i = (size_t)(key * 2654435761u) & (m->cap - 1);
    while (m->key[i] && m->key[i] != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static unsigned memo_key(unsigned open, bool parens)
{
    return 2 * (open + 1) + (parens ? 1 : 0);
}

static unsigned memo_get(Unit *u, unsigned open, bool parens)
{
    struct BracketMemo *m = u->brackets;
    if (!m || !m->n)
        return 0;
    size_t i = memo_slot(m, memo_key(open, parens));
    return m->key[i] ? m->end[i] : 0;
}

static void memo_put(Unit *u, unsigned open, bool parens, unsigned end)
{
    struct BracketMemo *m = u->brackets;
    if (2 * (m->n + 1) > m->cap) {
        struct BracketMemo old = *m;
        m->cap = old.cap ? 2 * old.cap : 1024;
        m->key = arena_alloc(&u->arena, m->cap * sizeof *m->key);
        m->end = arena_alloc(&u->arena, m->cap * sizeof *m->end);
        for (size_t i = 0; i < old.cap; i++)
            if (old.key[i]) {
                size_t j = memo_slot(m, old.key[i]);
                m->key[j] = old.key[i];
                m->end[j] = old.end[i];
            }
    }
    size_t i = memo_slot(m, memo_key(open, parens));
    if (!m->key[i]) {
        m->key[i] = memo_key(open, parens);
        m->end[i] = end;
        m->n++;
    }
}

static bool tok_open(const char *src, Tok t, bool parens)
{
    return t.kind == TK_PUNCT && t.end - t.begin == 1 &&
           (src[t.begin] == '(' || (!parens && (src[t.begin] == '[' || src[t.begin] == '{')));
}

static bool tok_close(const char *src, Tok t, bool parens)
{
    return t.kind == TK_PUNCT && t.end - t.begin == 1 &&
           (src[t.begin] == ')' || (!parens && (src[t.begin] == ']' || src[t.begin] == '}')));
}

/* The end of the bracket pair whose opening token begins at `open`, lexing
 * no further than `limit`; 0 when it does not close before. */
static unsigned pair_end(Unit *u, unsigned open, unsigned limit, bool parens)
{
    unsigned known = memo_get(u, open, parens);
    if (known)
        return known <= limit ? known : 0;
    if (!u->brackets)
        u->brackets = arena_alloc(&u->arena, sizeof *u->brackets);
    struct BracketMemo *m = u->brackets;
    m->stack.n = 0;
    vec_push(&u->arena, &m->stack, open);
    unsigned pos = lex_next(u->src, limit, open).end;
    for (Tok t = lex_next(u->src, limit, pos); t.kind != TK_EOF; t = lex_next(u->src, limit, pos)) {
        pos = t.end;
        if (tok_open(u->src, t, parens)) {
            unsigned e = memo_get(u, t.begin, parens);
            if (e && e <= limit)
                pos = e;
            else if (e)
                return 0;
            else
                vec_push(&u->arena, &m->stack, t.begin);
        } else if (tok_close(u->src, t, parens)) {
            unsigned o = m->stack.v[--m->stack.n];
            memo_put(u, o, parens, t.end);
            if (m->stack.n == 0)
                return t.end;
        }
    }
    return 0;
}

/* Where the macro invocation starting at pos ends: after its name, or
 * after the parenthesis that closes its arguments (lex_invocation_end). */
static unsigned scan_invocation_end(Unit *u, unsigned pos)
{
    Tok t = lex_next(u->src, u->len, pos);
    if (t.kind != TK_IDENT)
        return t.end;
    Tok n = lex_next(u->src, u->len, t.end);
    if (!tok_open(u->src, n, true))
        return t.end;
    unsigned e = pair_end(u, n.begin, u->len, true);
    return e ? e : t.end;
}

/* Whether [b, e) has a comma or a closing bracket outside brackets, or a
 * bracket it does not close (lex_has_toplevel_comma); b begins a token. */
static bool has_toplevel_comma(Unit *u, unsigned b, unsigned e)
{
    unsigned pos = b;
    for (Tok t = lex_next(u->src, e, pos); t.kind != TK_EOF; t = lex_next(u->src, e, pos)) {
        pos = t.end;
        if (tok_open(u->src, t, false)) {
            pos = pair_end(u, t.begin, e, false);
            if (!pos)
                return true;
        } else if (tok_close(u->src, t, false) ||
                   (t.kind == TK_PUNCT && t.end - t.begin == 1 && u->src[t.begin] == ',')) {
            return true;
        }
    }
    return false;
}

/* Where the macro invocation starting at pos ends; remembered on the
 * expansion record. */
static unsigned invocation_end(Unit *u, unsigned pos)
{
    Expansion *x = expansion_at(u, pos);
    if (!x)
        return scan_invocation_end(u, pos);
    if (!x->inv_end)
        x->inv_end = scan_invocation_end(u, pos);
    return x->inv_end;
}

/* Whether the range end `end` is spelled at the file offset `off`: the
 * node's text really stops there.  An end inside a macro's body is
 * spelled in the definition. */
static bool spelled_at(Unit *u, CXSourceLocation end, unsigned off)
{
    if (clang_equalLocations(end, clang_getNullLocation()))
        return false;
    CXFile f = NULL;
    unsigned o = 0;
    return spelled_token(u, end, NULL, &f, &o) && f && clang_File_isEqual(f, u->file) && o == off;
}

/* An extent costs libclang a measurement of the last token (a lexer of its
 * own) and, for an expression, a walk down to its first and last tokens;
 * several phases ask for the same node's. */
CXSourceRange node_extent(Node *n)
{
    if (!n->has_extent) {
        n->extent = clang_getCursorExtent(n->cur);
        n->has_extent = true;
    }
    return n->extent;
}

static int by_offset(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* Whether another child of n's parent begins at n->fb.  The parent's
 * children's beginnings are sorted once, on the parent: a compound
 * statement of many awaits (each a macro body) would otherwise cost a scan
 * of all its children per child. */
static bool sibling_starts_at(Unit *u, Node *n)
{
    Node *p = n->parent;
    if (!p->kid_begins) {
        p->kid_begins = arena_alloc(&u->arena, p->nkids * sizeof(unsigned));
        for (unsigned i = 0; i < p->nkids; i++)
            p->kid_begins[i] =
                offset_of(u, clang_getRangeStart(node_extent(p->kids[i])));
        qsort(p->kid_begins, p->nkids, sizeof(unsigned), by_offset);
    }
    unsigned lo = 0, hi = p->nkids;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (p->kid_begins[mid] < n->fb)
            lo = mid + 1;
        else
            hi = mid;
    }
    unsigned same = 0;
    while (lo + same < p->nkids && p->kid_begins[lo + same] == n->fb && same < 2)
        same++;
    /* n itself is among them when its own extent begins there. */
    unsigned mine = offset_of(u, clang_getRangeStart(node_extent(n)));
    return same > (mine == n->fb);
}

static Node *nonimplicit_parent(Node *n)
{
    Node *p = n->parent;
    while (p && p->kind == NK_IMPLICIT)
        p = p->parent;
    return p;
}

/*
 * Decides whether [fb, fe) is exactly the node's text:
 *  - LK_FILE: when the end is outside macros too, or is the end of a
 *    macro invocation the node ends with;
 *  - LK_ARG: when the node lies within one argument of one invocation;
 *  - LK_BODY / LK_BODY_IN_ARG: only for the node that "enters" the
 *    expansion (its parent starts elsewhere), which is then the whole
 *    invocation, assuming the macro expands to a complete expression.
 * Everything else is rebuilt from its children by the lowering.
 */
void node_range(Unit *u, Node *n)
{
    if (n->ranged)
        return;
    n->ranged = true;
    /* The parent matters only for text out of macro bodies (below). */
    Node *p = nonimplicit_parent(n);
    unsigned xb = 0, fe = 0, xe = 0;
    bool end_in_arg;
    CXSourceLocation end = clang_getNullLocation(); /* of an extent, not of one token */
    if (n->kind == NK_DECLREF || n->kind == NK_LITERAL) {
        /* One token: its location is its extent. */
        n->bkind = loc_kind(u, clang_getCursorLocation(n->cur), &n->fb, &xb);
        if (n->bkind == LK_ELSEWHERE) {
            if (p)
                node_range(u, p);
            n->fb = p ? p->fb : 0;
            n->fe = n->fb;
            return;
        }
        fe =
            n->bkind == LK_FILE || n->bkind == LK_ARG ? lex_next(u->src, u->len, n->fb).end : n->fb;
        xe = n->bkind == LK_ARG ? xb : fe;
        end_in_arg = n->bkind == LK_ARG;
    } else {
        CXSourceRange r = node_extent(n);
        n->bkind = loc_kind(u, clang_getRangeStart(r), &n->fb, &xb);
        if (n->bkind == LK_ELSEWHERE) {
            if (p)
                node_range(u, p);
            n->fb = p ? p->fb : 0;
            n->fe = n->fb;
            return;
        }
        CXFile f = NULL, xf = NULL;
        end = clang_getRangeEnd(r);
        if (main_text_offset(u, end, &fe)) {
            xe = fe;
        } else {
            clang_getFileLocation(end, &f, NULL, NULL, &fe);
            clang_getExpansionLocation(end, &xf, NULL, NULL, &xe);
        }
        end_in_arg = fe != xe;
        /* A node that begins before a macro invocation and ends inside
         * the macro's body, enclosed by a node that begins with it and
         * ends in that macro's argument (`await(g()) + M(y)` for
         * `#define M(a) (a) - a` is `(await(g()) + (y)) - y`): libclang
         * places its end after its parent's, and neither its text nor
         * its parts are written anywhere as such. */
        if (n->has_await && n->bkind != LK_FILE && !end_in_arg && p && p->is_expr) {
            CXSourceRange pr = node_extent(p);
            CXSourceLocation pend = clang_getRangeEnd(pr);
            CXFile pf = NULL, pxf = NULL;
            unsigned pfe = 0, pxe = 0;
            if (main_text_offset(u, pend, &pfe)) {
                pxe = pfe;
            } else {
                clang_getFileLocation(pend, &pf, NULL, NULL, &pfe);
                clang_getExpansionLocation(pend, &pxf, NULL, NULL, &pxe);
            }
            if (pfe != pxe && fe > pfe && n->fb < pxe &&
                offset_of(u, clang_getRangeStart(pr)) == offset_of(u, clang_getRangeStart(r)))
                diag_unknown_operator(u, n->fb);
        }
    }
    /* An end inside a macro that is itself inside another macro's
     * argument is reported at that macro's name: extend it over the
     * invocation.  Only when an invocation begins there and the end is
     * not spelled there: a statement that ends with its `;` or `}` may be
     * glued to the next one (`TRACE(1);puts("x");`, `;INC(n);`, `}x++;`),
     * which is no part of it. */
    if (fe < u->len && fe > n->fb && is_ident_char(u->src[fe]) && !is_ident_char(u->src[fe - 1]) &&
        expansion_at(u, fe) && !spelled_at(u, end, fe))
        fe = invocation_end(u, fe);
    /* A node from a macro body "enters" the expansion when it is the
     * outermost node of it: its parent starts elsewhere or extends past
     * the invocation. */
    bool in_body = n->bkind == LK_BODY || n->bkind == LK_BODY_IN_ARG;
    if (in_body && p)
        node_range(u, p);
    unsigned inv_end = in_body ? invocation_end(u, n->fb) : 0;
    bool entering = !p || (p->fb != n->fb && (p->fb < n->fb || p->fb >= inv_end)) ||
                    (p->fb == n->fb && p->exact && p->fe > inv_end);
    /* Siblings out of one invocation (a macro expanding to several
     * statements or operands) share its text: none of them is it. */
    if (entering && p && (n->bkind == LK_BODY || n->bkind == LK_BODY_IN_ARG) &&
        sibling_starts_at(u, n))
        entering = false;
    switch (n->bkind) {
    case LK_FILE:
        n->exact = true;
        if (end_in_arg && xe > n->fb) {
            fe = invocation_end(u, xe);
            /* The node ends in a macro's argument: its text runs to the
             * end of the invocation, unless an enclosing node beginning
             * with it ends there too (`1 + OPS(2, x)` for
             * `#define OPS(a, b) a - b`: `1 + 2` is not that text). */
            if (p && p->is_expr) {
                node_range(u, p);
                if (p->fb == n->fb && p->fe == fe)
                    n->exact = false;
            }
        }
        n->exact = n->exact && fe > n->fb;
        break;
    case LK_ARG:
        n->exact = fe > n->fb && (!end_in_arg || xe == xb) && !has_toplevel_comma(u, n->fb, fe);
        break;
    case LK_BODY:
        if (end_in_arg && xe >= inv_end) {
            /* The node ends in the argument of a later invocation
             * (`await(g()) + NEG(k)` for `#define NEG(a) -a`): as for a
             * node of the file, its text runs to the end of that one,
             * unless an enclosing node beginning with it ends there too. */
            fe = invocation_end(u, xe);
            n->exact = entering && fe > n->fb;
            if (n->exact && p && p->is_expr) {
                node_range(u, p);
                if (p->fb == n->fb && p->fe == fe)
                    n->exact = false;
            }
            break;
        }
        if (end_in_arg || fe <= n->fb)
            fe = inv_end;
        n->exact = entering && fe > n->fb;
        break;
    case LK_BODY_IN_ARG: {
        /* A node that begins with one of the dialect's markers and is not
         * that marker (`await(g()) * k` out of a macro's body, or `x * x`
         * with both x an await) is its text only when it ends later in
         * the same argument. */
        Expansion *m = expansion_at(u, n->fb);
        Node *s = n;
        while (s->kind == NK_IMPLICIT && s->nkids == 1)
            s = s->kids[0];
        if (m && m->marker && !is_marker_kind(s->kind) && (!end_in_arg || fe <= inv_end)) {
            n->exact = false;
            break;
        }
        if (!end_in_arg || fe <= n->fb)
            fe = inv_end;
        n->exact = entering && fe > n->fb && !has_toplevel_comma(u, n->fb, fe);
        break;
    }
    default: break;
    }
    /* The dialect's markers expand to exactly the node: its text is the
     * invocation, wherever it sits. */
    if (is_marker_kind(n->kind) && (n->bkind == LK_BODY || n->bkind == LK_BODY_IN_ARG)) {
        Tok t = lex_next(u->src, u->len, n->fb);
        for (size_t i = 0; i < sizeof marker_macros / sizeof *marker_macros; i++)
            if (t.begin == n->fb && tok_is(u->src, t, marker_macros[i])) {
                fe = inv_end;
                n->exact = fe > n->fb;
            }
    }
    n->fe = fe > n->fb ? fe : n->fb;
    n->line = line_at(u, n->fb);
}

static enum CXChildVisitResult find_box_alloc(CXCursor c, CXCursor parent, CXClientData d)
{
    (void)parent;
    Unit *u = d;
    if (clang_getCursorKind(c) != CXCursor_FunctionDecl)
        return CXChildVisit_Continue;
    char buf[32];
    const char *name = cx_name(&u->arena, clang_getCursorSpelling(c), buf, sizeof buf);
    if (strcmp(name, "pn__box_alloc") != 0)
        return CXChildVisit_Continue;
    u->has_box_alloc = true;
    return CXChildVisit_Break;
}

/* Whether pinion.h provides boxed awaits; looked up only when one is used. */
bool box_alloc_declared(Unit *u)
{
    if (!u->box_checked) {
        u->box_checked = true;
        clang_visitChildren(clang_getTranslationUnitCursor(u->tu), find_box_alloc, u);
    }
    return u->has_box_alloc;
}

Expansion *expansion_at(Unit *u, unsigned begin)
{
    size_t lo = 0, hi = u->expansions.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (u->expansions.v[mid].begin < begin)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < u->expansions.n && u->expansions.v[lo].begin == begin ? &u->expansions.v[lo] : NULL;
}

bool in_user_macro(Unit *u, unsigned b, unsigned e)
{
    for (size_t i = 0; i < u->rewriting.n; i++) {
        Expansion *x = &u->rewriting.v[i];
        if (x->begin > e)
            break;
        if (x->rewrites && x->begin <= b && b < x->end && e <= x->end)
            return true;
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* Building the tree                                                    */
/* ------------------------------------------------------------------ */

/* The node being built and the children collected for it so far. */
typedef struct Open {
    Node *node;
    size_t kids; /* where its kids begin on the builder's kid stack */
} Open;

/* One recursive clang_visitChildren per tree (a visit per node costs far
 * more in libclang): the open nodes are a stack, and a cursor whose parent
 * is not the top closes the nodes above its parent. */
typedef struct Builder {
    Unit *u;
    Func *func;
    unsigned counter;
    VEC(Open) open;
    /* The kids of the open nodes, each node's above its parent's: a node's
     * kids are copied out when it closes, into an array of their number. */
    NodeVec kids;
} Builder;

static NodeKind map_kind(enum CXCursorKind k)
{
    switch (k) {
    case CXCursor_CompoundStmt: return NK_COMPOUND;
    case CXCursor_DeclStmt: return NK_DECLSTMT;
    case CXCursor_IfStmt: return NK_IF;
    case CXCursor_WhileStmt: return NK_WHILE;
    case CXCursor_DoStmt: return NK_DO;
    case CXCursor_ForStmt: return NK_FOR;
    case CXCursor_SwitchStmt: return NK_SWITCH;
    case CXCursor_CaseStmt: return NK_CASE;
    case CXCursor_DefaultStmt: return NK_DEFAULT;
    case CXCursor_LabelStmt: return NK_LABEL;
    case CXCursor_GotoStmt: return NK_GOTO;
    case CXCursor_BreakStmt: return NK_BREAK;
    case CXCursor_ContinueStmt: return NK_CONTINUE;
    case CXCursor_ReturnStmt: return NK_RETURN;
    case CXCursor_NullStmt: return NK_NULLSTMT;
    case CXCursor_VarDecl: return NK_VARDECL;
    case CXCursor_StructDecl:
    case CXCursor_UnionDecl:
    case CXCursor_EnumDecl:
    case CXCursor_TypedefDecl: return NK_TYPEDECL;
    case CXCursor_DeclRefExpr: return NK_DECLREF;
    case CXCursor_IntegerLiteral:
    case CXCursor_FloatingLiteral:
    case CXCursor_CharacterLiteral:
    case CXCursor_ImaginaryLiteral: return NK_LITERAL;
    case CXCursor_StringLiteral: return NK_STRING;
    case CXCursor_ParenExpr: return NK_PAREN;
    case CXCursor_UnaryOperator: return NK_UNARY;
    case CXCursor_BinaryOperator: return NK_BINARY;
    case CXCursor_CompoundAssignOperator: return NK_COMPOUND_ASSIGN;
    case CXCursor_ConditionalOperator: return NK_CONDITIONAL;
    case CXCursor_CallExpr: return NK_CALL;
    case CXCursor_ArraySubscriptExpr: return NK_SUBSCRIPT;
    case CXCursor_MemberRefExpr: return NK_MEMBER;
    case CXCursor_CStyleCastExpr: return NK_CAST;
    case CXCursor_CompoundLiteralExpr: return NK_COMPOUND_LITERAL;
    case CXCursor_InitListExpr: return NK_INITLIST;
    case CXCursor_UnaryExpr: return NK_SIZEOF;
    case CXCursor_StmtExpr: return NK_STMTEXPR;
    case CXCursor_GenericSelectionExpr: return NK_GENERIC;
    case CXCursor_TypeRef:
    case CXCursor_MemberRef:
    case CXCursor_LabelRef:
    case CXCursor_TemplateRef:
    case CXCursor_NamespaceRef:
    case CXCursor_OverloadedDeclRef:
    case CXCursor_VariableRef: return NK_REF;
    default:
        if (clang_isExpression(k))
            return NK_EXPR_OTHER;
        return NK_OTHER;
    }
}

const char *node_name(Unit *u, Node *n)
{
    return cx_take(&u->arena, clang_getCursorSpelling(n->cur));
}

/* A declaration a reference names, and its name. */
typedef struct FnName {
    CXCursor decl;
    const char *name;
} FnName;

/* The name of a function declaration, asked of libclang once per
 * declaration: the bodies of a file name the same few functions over and
 * over, and a spelling costs a string copied twice. */
static const char *function_name(Unit *u, CXCursor decl)
{
    unsigned h = clang_hashCursor(decl);
    if (u->fn_names_cap) {
        unsigned mask = u->fn_names_cap - 1;
        for (unsigned i = h & mask; u->fn_names[i].name; i = (i + 1) & mask)
            if (clang_equalCursors(u->fn_names[i].decl, decl))
                return u->fn_names[i].name;
    }
    if ((u->fn_names_len + 1) * 2 > u->fn_names_cap) {
        unsigned ncap = u->fn_names_cap ? u->fn_names_cap * 2 : 64;
        FnName *nt = arena_alloc(&u->arena, ncap * sizeof *nt);
        for (unsigned i = 0; i < u->fn_names_cap; i++) {
            if (!u->fn_names[i].name)
                continue;
            unsigned j = clang_hashCursor(u->fn_names[i].decl) & (ncap - 1);
            while (nt[j].name)
                j = (j + 1) & (ncap - 1);
            nt[j] = u->fn_names[i];
        }
        u->fn_names = nt;
        u->fn_names_cap = ncap;
    }
    unsigned i = h & (u->fn_names_cap - 1);
    while (u->fn_names[i].name)
        i = (i + 1) & (u->fn_names_cap - 1);
    u->fn_names[i].decl = decl;
    u->fn_names[i].name = cx_take(&u->arena, clang_getCursorSpelling(decl));
    u->fn_names_len++;
    return u->fn_names[i].name;
}

/* The function a call's callee names directly, or NULL. */
static const char *callee_name(Unit *u, Node *call)
{
    (void)u;
    if (call->kind != NK_CALL || call->nkids == 0)
        return NULL;
    Node *c = node_strip(call->kids[0]);
    if (!c || c->kind != NK_DECLREF)
        return NULL;
    return c->fn_name;
}

static bool is_marker_call(Unit *u, Node *n, const char *marker)
{
    n = node_strip(n);
    if (!n || n->kind != NK_CALL)
        return false;
    const char *name = callee_name(u, n);
    return name && strcmp(name, marker) == 0;
}

/* Recognises the expansions of the dialect's macros (pinion.h):
 *   await(E)       (pn__await_point(), (E))
 *   pn_block_on(E) (pn__block_on_point(), (E))
 *   pn_spawn(E)    ((void)(E), pn__spawn_point())
 *   pn_spawn_local(E)  ((void)(E), pn__spawn_local_point())
 *   pn_boxed(E)    (pn__boxed_point(), (E))      inside an await */
/*   pn_all(B0, B1...)  (pn__all_point(), B0, B1..., (void)0)
 *   pn_race(B0, B1...) (pn__race_point(), B0, B1..., pn__race_point())
 * The kids of the folded node become the branches. */
static bool fold_concurrent(Builder *b, Node *n, Node *bin)
{
    Unit *u = b->u;
    Node *trailer = bin->kids[1];
    bool race = is_marker_call(u, trailer, "pn__race_point");
    VEC(Node *) rev = { 0 };
    Node *cur = bin->kids[0];
    while (cur->kind == NK_BINARY && cur->nkids == 2 &&
           !is_marker_call(u, cur, race ? "pn__race_point" : "pn__all_point")) {
        vec_push(&u->arena, &rev, cur->kids[1]);
        cur = cur->kids[0];
    }
    if (!is_marker_call(u, cur, race ? "pn__race_point" : "pn__all_point") || !rev.n)
        return false;
    n->kind = race ? NK_RACE : NK_ALL;
    n->is_expr = true;
    n->kids = arena_alloc(&u->arena, rev.n * sizeof(Node *));
    n->nkids = (unsigned)rev.n;
    for (size_t i = 0; i < rev.n; i++) {
        n->kids[i] = rev.v[rev.n - 1 - i];
        n->kids[i]->parent = n;
    }
    return true;
}

/* The callee of a call through a pointer declared async: one Func per
 * call, since the result type is the call's. */
static Func *dyn_callee(Unit *u, Node *call)
{
    Func *f = arena_alloc(&u->arena, sizeof *f);
    f->name = "pn__dyn";
    f->is_async = true;
    f->dyn = true;
    f->frame_known = true;
    f->ret_type = clang_getCursorType(call->cur);
    f->is_void = clang_getCanonicalType(f->ret_type).kind == CXType_Void;
    f->cur = call->cur;
    return f;
}

static void fold_marker(Builder *b, Node *n)
{
    Unit *u = b->u;
    if (n->kind != NK_PAREN || n->nkids != 1)
        return;
    Node *bin = n->kids[0];
    if (bin->kind != NK_BINARY || bin->nkids != 2)
        return;
    if (fold_concurrent(b, n, bin))
        return;
    NodeKind kind;
    Node *operand;
    if (is_marker_call(u, bin->kids[0], "pn__await_point")) {
        kind = NK_AWAIT;
        operand = bin->kids[1];
    } else if (is_marker_call(u, bin->kids[0], "pn__block_on_point")) {
        kind = NK_BLOCK_ON;
        operand = bin->kids[1];
    } else if ((is_marker_call(u, bin->kids[1], "pn__spawn_point") ||
                is_marker_call(u, bin->kids[1], "pn__spawn_local_point")) &&
               bin->kids[0]->kind == NK_CAST && bin->kids[0]->nkids >= 1) {
        kind = NK_SPAWN;
        n->spawn_local = is_marker_call(u, bin->kids[1], "pn__spawn_local_point");
        operand = bin->kids[0]->kids[bin->kids[0]->nkids - 1];
    } else {
        return;
    }
    n->kind = kind;
    n->is_expr = true;
    Node *call = node_strip(operand);
    bool boxed = false;
    if (kind == NK_AWAIT && call && call->kind == NK_BINARY && call->nkids == 2 &&
        is_marker_call(u, call->kids[0], "pn__boxed_point")) {
        boxed = true;
        call = node_strip(call->kids[1]);
    }
    n->call = call;
    if (boxed) {
        Await *a = arena_alloc(&u->arena, sizeof *a);
        a->boxed = true;
        n->await = a;
    }
    if (call && call->kind == NK_CALL) {
        const char *name = callee_name(u, call);
        Func *f = name ? func_by_name(u, name) : NULL;
        if (f && f->is_async)
            n->callee = f;
        else if (!name && call->nkids > 0 &&
                 type_is_async_fnptr(clang_getCursorType(call->kids[0]->cur)))
            n->callee = dyn_callee(u, call);
        n->kids[0] = call;
        call->parent = n;
    } else {
        n->kids[0] = operand;
        operand->parent = n;
    }
}

static bool type_is_vm(CXType t)
{
    for (int guard = 0; guard < 64; guard++) {
        switch (t.kind) {
        case CXType_VariableArray:
        case CXType_DependentSizedArray: return true;
        case CXType_ConstantArray:
        case CXType_IncompleteArray: t = clang_getArrayElementType(t); break;
        case CXType_Pointer: t = clang_getPointeeType(t); break;
        default: {
            /* Typedefs, typeof, attributed types: what they stand for. */
            CXType c = clang_getCanonicalType(t);
            if (clang_equalTypes(c, t))
                return false;
            t = c;
            break;
        }
        }
    }
    return false;
}

static Node *scope_of(Node *decl)
{
    Node *stmt = decl->parent; /* the DeclStmt */
    if (stmt && stmt->parent && stmt->parent->kind == NK_FOR)
        return stmt->parent;
    for (Node *p = stmt; p; p = p->parent)
        if (p->kind == NK_COMPOUND || p->kind == NK_STMTEXPR)
            return p;
    return NULL;
}

/* `_Alignas(X)` / `alignas(X)` / `__attribute__((aligned(X)))` on a
 * variable, respelled for its frame field. */
static const char *alignment_spec(Unit *u, Node *var)
{
    for (unsigned i = 0; i < var->nkids; i++) {
        if (clang_getCursorKind(var->kids[i]->cur) != CXCursor_AlignedAttr)
            continue;
        unsigned off = offset_of(u, clang_getRangeStart(node_extent(var->kids[i])));
        Tok name = lex_next(u->src, u->len, off);
        if (name.kind != TK_IDENT)
            return NULL;
        Tok open = lex_next(u->src, u->len, name.end);
        bool gnu = tok_is(u->src, name, "aligned") || tok_is(u->src, name, "__aligned__");
        if (!tok_is(u->src, open, "("))
            return gnu ? "__attribute__((aligned))" : NULL;
        unsigned end = lex_invocation_end(u->src, u->len, name.begin);
        const char *inner = arena_strndup(&u->arena, u->src + open.end, end - 1 - open.end);
        return gnu ? arena_printf(&u->arena, "__attribute__((aligned(%s)))", inner)
                   : arena_printf(&u->arena, "_Alignas(%s)", inner);
    }
    return NULL;
}

/* A variable is in scope in its own initialiser (`int *q = (int *)0 +
 * sizeof *q;`, `void *p = &p;`), but the initialiser's nodes are finished
 * before the declaration that registers the Local: point those references
 * at it now, or they would keep naming a variable the frame replaces. */
static void resolve_self_refs(Node *n, Local *l)
{
    for (unsigned i = 0; i < n->nkids; i++) {
        Node *k = n->kids[i];
        if (k->kind == NK_DECLREF && !k->local &&
            clang_equalCursors(clang_getCursorReferenced(k->cur), l->decl))
            k->local = l;
        resolve_self_refs(k, l);
    }
}

static void post_process(Builder *b, Node *n)
{
    Unit *u = b->u;
    switch (n->kind) {
    case NK_EXPR_OTHER:
        if (clang_getCursorKind(n->cur) == CXCursor_UnexposedExpr && n->nkids >= 1) {
            /* An implicit conversion starts where its operand does (and
             * libclang reports its location as its operand's). */
            CXSourceLocation mine = clang_getCursorLocation(n->cur);
            CXSourceLocation kid = clang_getCursorLocation(n->kids[0]->cur);
            bool same = clang_equalLocations(mine, kid);
            if (n->nkids == 1 && same)
                n->kind = NK_IMPLICIT;
            else if (n->parent && n->parent->kind == NK_INITLIST && !same)
                n->kind = NK_DESIGNATED;
        }
        break;
    case NK_PAREN: fold_marker(b, n); break;
    case NK_DECLREF: {
        CXCursor ref = clang_getCursorReferenced(n->cur);
        enum CXCursorKind rk = clang_getCursorKind(ref);
        if (rk == CXCursor_VarDecl || rk == CXCursor_ParmDecl)
            n->local = local_lookup(u, ref);
        else if (rk == CXCursor_FunctionDecl) {
            n->fn_name = function_name(u, ref);
            Func *f = func_by_name(u, n->fn_name);
            if (f && f->is_async)
                n->callee = f;
        }
        break;
    }
    case NK_VARDECL: {
        if (!b->func || !n->parent || n->parent->kind != NK_DECLSTMT)
            break;
        Local *l = arena_alloc(&u->arena, sizeof *l);
        l->decl = n->cur;
        l->name = node_name(u, n);
        l->type = clang_getCursorType(n->cur);
        l->node = n;
        l->scope = scope_of(n);
        enum CX_StorageClass sc = clang_Cursor_getStorageClass(n->cur);
        l->is_static = sc == CX_SC_Static;
        l->is_extern = sc == CX_SC_Extern;
        l->is_volatile = clang_isVolatileQualifiedType(l->type) != 0;
        l->is_vm = type_is_vm(l->type);
        l->align = alignment_spec(u, n);
        n->local = l;
        local_map_insert(u, l);
        vec_push(&u->arena, &b->func->locals, l);
        resolve_self_refs(n, l);
        break;
    }
    default: break;
    }
}

static Node *open_node(Builder *b, CXCursor c, Node *parent)
{
    Unit *u = b->u;
    Node *n = arena_alloc(&u->arena, sizeof *n);
    n->cur = c;
    n->parent = parent;
    n->index = b->counter++;
    enum CXCursorKind ck = clang_getCursorKind(c);
    n->kind = map_kind(ck);
    n->is_expr = clang_isExpression(ck) != 0;
    if (n->kind == NK_BREAK || n->kind == NK_CONTINUE) {
        for (Node *t = parent; t; t = t->parent) {
            bool loop = t->kind == NK_WHILE || t->kind == NK_DO || t->kind == NK_FOR;
            if (loop || (t->kind == NK_SWITCH && n->kind == NK_BREAK)) {
                n->target = t;
                break;
            }
        }
    }
    Open o = { n, b->kids.n };
    vec_push(&u->arena, &b->open, o);
    return n;
}

static void close_node(Builder *b)
{
    Open *o = &b->open.v[--b->open.n];
    Node *n = o->node;
    size_t nkids = b->kids.n - o->kids;
    if (nkids) {
        n->kids = arena_alloc(&b->u->arena, nkids * sizeof *n->kids);
        memcpy(n->kids, b->kids.v + o->kids, nkids * sizeof *n->kids);
    }
    n->nkids = (unsigned)nkids;
    b->kids.n = o->kids;
    n->last = b->counter - 1;
    post_process(b, n);
    /* After post_process, which may fold n into a marker over other kids. */
    n->kinds = KIND_BIT(n->kind);
    for (unsigned i = 0; i < n->nkids; i++)
        n->kinds |= n->kids[i]->kinds;
}

/* Whether the parent libclang passes a visitor is the cursor it passed
 * for that node: the very same bytes (clang_equalCursors, a call per
 * node, also equates a declaration's cursors built in other ways). */
static bool same_cursor(CXCursor a, CXCursor b)
{
    return a.kind == b.kind && a.data[0] == b.data[0] && a.data[1] == b.data[1] &&
           a.data[2] == b.data[2];
}

static enum CXChildVisitResult build_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    Builder *b = data;
    while (b->open.n > 1 && !same_cursor(b->open.v[b->open.n - 1].node->cur, parent))
        close_node(b);
    Node *n = open_node(b, c, b->open.v[b->open.n - 1].node);
    /* n is its parent's last kid so far, on the stack where n's own kids
     * were to begin: they begin after it. */
    b->open.v[b->open.n - 1].kids++;
    vec_push(&b->u->arena, &b->kids, n);
    return CXChildVisit_Recurse;
}

static Node *build(Builder *b, CXCursor c, Node *parent)
{
    size_t base = b->open.n;
    Node *root = open_node(b, c, parent);
    clang_visitChildren(c, build_visit, b);
    while (b->open.n > base)
        close_node(b);
    return root;
}

/* Whether a sizeof/_Alignof is a constant: its operand is then not
 * evaluated (sizeof of a variably modified type is not, and evaluates it). */
static bool constant_expr(CXCursor c)
{
    CXEvalResult r = clang_Cursor_Evaluate(c);
    if (!r)
        return false;
    bool k = clang_EvalResult_getKind(r) == CXEval_Int;
    clang_EvalResult_dispose(r);
    return k;
}

typedef enum Eval { EV_YES, EV_NO, EV_VM } Eval;

/* Expressions libclang does not expose whose operands C evaluates in
 * part, told apart by their keyword. */
typedef enum Builtin { BI_NONE, BI_VA_ARG, BI_TYPES_COMPATIBLE, BI_CHOOSE_EXPR } Builtin;

static Builtin builtin_of(Unit *u, Node *n)
{
    if (n->kind != NK_EXPR_OTHER || clang_getCursorKind(n->cur) != CXCursor_UnexposedExpr)
        return BI_NONE;
    char *kw = NULL;
    spelled_token(u, clang_getRangeStart(node_extent(n)), &kw, NULL, NULL);
    if (!kw)
        return BI_NONE;
    if (strcmp(kw, "__builtin_va_arg") == 0)
        return BI_VA_ARG;
    if (strcmp(kw, "__builtin_types_compatible_p") == 0)
        return BI_TYPES_COMPATIBLE;
    if (strcmp(kw, "__builtin_choose_expr") == 0)
        return BI_CHOOSE_EXPR;
    return BI_NONE;
}

/* The value of a constant condition (kid 0 of __builtin_choose_expr). */
static bool constant_true(CXCursor c)
{
    CXEvalResult r = clang_Cursor_Evaluate(c);
    if (!r)
        return false;
    bool v = clang_EvalResult_getKind(r) == CXEval_Int && clang_EvalResult_getAsLongLong(r) != 0;
    clang_EvalResult_dispose(r);
    return v;
}

/* Whether C evaluates kid i of n, the one place that decides it.  Not
 * evaluated: the operand of sizeof or _Alignof when its value is a
 * constant, the controlling expression of _Generic, an expression
 * written inside a type (typeof's operand, an array size; libclang shows
 * them as children of the declaration, cast, compound literal or va_arg)
 * unless the type is variably modified, the operands of
 * __builtin_types_compatible_p, and the branch __builtin_choose_expr does
 * not choose.  An array size of a variably modified type, typeof of one
 * and sizeof of one are evaluated (EV_VM): the transformer does not lower
 * an await there, and analysis refuses it. */
static Eval kid_evaluated(Node *n, unsigned i, Builtin bi)
{
    Node *k = n->kids[i];
    if (n->kind == NK_SIZEOF)
        return constant_expr(n->cur) ? EV_NO : EV_VM;
    if (n->kind == NK_GENERIC)
        return i == 0 ? EV_NO : EV_YES;
    if (!k->is_expr)
        return EV_YES;
    /* The operands of an expression other than those below: evaluated
     * (what follows only tells apart casts, compound literals, the
     * builtins and declarations). */
    if (n->is_expr && bi == BI_NONE && n->kind != NK_CAST && n->kind != NK_COMPOUND_LITERAL)
        return EV_YES;
    enum CXCursorKind ck = clang_getCursorKind(n->cur);
    CXType owner;
    switch (bi) {
    case BI_TYPES_COMPATIBLE: return EV_NO;
    case BI_CHOOSE_EXPR:
        if (i == 0)
            return EV_NO;
        return (i == 1) == constant_true(n->kids[0]->cur) ? EV_YES : EV_NO;
    case BI_VA_ARG:
        if (i + 1 == n->nkids)
            return EV_YES; /* the va_list, visited after the type */
        owner = clang_getCursorType(n->cur);
        return type_is_vm(owner) ? EV_VM : EV_NO;
    case BI_NONE: break;
    }
    if (n->kind == NK_CAST || n->kind == NK_COMPOUND_LITERAL) {
        if (i + 1 == n->nkids)
            return EV_YES; /* the operand, the initialiser list */
        owner = clang_getCursorType(n->cur);
    } else if (ck == CXCursor_VarDecl) {
        if (clang_equalCursors(k->cur, clang_Cursor_getVarDeclInitializer(n->cur)))
            return EV_YES;
        owner = clang_getCursorType(n->cur);
    } else if (ck == CXCursor_TypedefDecl) {
        owner = clang_getTypedefDeclUnderlyingType(n->cur);
    } else if (clang_isDeclaration(ck)) {
        owner = clang_getCursorType(n->cur); /* a field, a parameter of a declarator */
    } else {
        return EV_YES;
    }
    return type_is_vm(owner) ? EV_VM : EV_NO;
}

/* Marks what is not evaluated (kid_evaluated) and, elsewhere, which
 * subtrees contain an await point; an await that C evaluates as part of a
 * variably modified type is marked in_vm_type. */
static void mark_awaits(Unit *u, Node *n, bool unevaluated, bool vm)
{
    n->unevaluated = unevaluated;
    n->in_vm_type = vm && !unevaluated;
    Builtin bi = unevaluated ? BI_NONE : builtin_of(u, n);
    for (unsigned i = 0; i < n->nkids; i++) {
        Eval ev = unevaluated ? EV_NO : kid_evaluated(n, i, bi);
        bool ue = unevaluated || ev == EV_NO;
        mark_awaits(u, n->kids[i], ue, n->in_vm_type || ev == EV_VM);
        if (n->kids[i]->has_await && !ue)
            n->has_await = true;
    }
    if ((n->kind == NK_AWAIT || n->kind == NK_ALL || n->kind == NK_RACE) && !unevaluated)
        n->has_await = true;
}

/* The async function whose call an unevaluated node stands for (an
 * await, or a call written without one), or NULL: the output spells such
 * a call as a value of its result type. */
Func *unevaluated_callee(Node *n)
{
    if (!n->unevaluated)
        return NULL;
    if (n->kind == NK_AWAIT)
        return n->callee;
    if (n->kind != NK_CALL || !n->nkids)
        return NULL;
    Node *c = node_strip(n->kids[0]);
    return c && c->kind == NK_DECLREF ? c->callee : NULL;
}

/* ------------------------------------------------------------------ */
/* The top level                                                        */
/* ------------------------------------------------------------------ */

typedef struct AttrSearch {
    Arena *arena;
    bool found;
} AttrSearch;

static enum CXChildVisitResult find_async_attr(CXCursor c, CXCursor parent, CXClientData d)
{
    (void)parent;
    if (clang_getCursorKind(c) == CXCursor_AnnotateAttr) {
        AttrSearch *a = d;
        char buf[32];
        if (strcmp(cx_name(a->arena, clang_getCursorSpelling(c), buf, sizeof buf),
                   "pinion.async") == 0)
            a->found = true;
    }
    return CXChildVisit_Continue;
}

static bool has_async_attr(Unit *u, CXCursor c)
{
    AttrSearch a = { &u->arena, false };
    if (clang_Cursor_hasAttrs(c))
        clang_visitChildren(c, find_async_attr, &a);
    return a.found;
}

typedef struct MacroInfo {
    CXCursor def;
    unsigned hash;
    bool rewrites;
} MacroInfo;

typedef struct TopCtx {
    Unit *u;
    VEC(MacroInfo) macros;
    VEC(const char *) frames; /* NAME of every struct NAME__frame defined */
    VEC(CXType) frame_types;
    VEC(CXCursor) bodies; /* function definitions of the main file */
    VEC(CXCursor) inits;  /* file-scope variables of the main file */
} TopCtx;

/* Whether a macro's definition stringifies or pastes (# or ##). */
static bool macro_rewrites_args(TopCtx *ctx, CXCursor def)
{
    Unit *u = ctx->u;
    if (clang_Cursor_isNull(def) || clang_getCursorKind(def) != CXCursor_MacroDefinition)
        return false;
    unsigned h = clang_hashCursor(def);
    for (size_t i = 0; i < ctx->macros.n; i++)
        if (ctx->macros.v[i].hash == h && clang_equalCursors(ctx->macros.v[i].def, def))
            return ctx->macros.v[i].rewrites;
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(u->tu, clang_getCursorExtent(def), &toks, &n);
    bool rewrites = false;
    for (unsigned i = 1; i < n && !rewrites; i++) {
        if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
            continue;
        char buf[8];
        const char *p = cx_name(&u->arena, clang_getTokenSpelling(u->tu, toks[i]), buf, sizeof buf);
        rewrites = strcmp(p, "#") == 0 || strcmp(p, "##") == 0 || strcmp(p, "%:") == 0 ||
                   strcmp(p, "%:%:") == 0;
    }
    clang_disposeTokens(u->tu, toks, n);
    MacroInfo info = { def, h, rewrites };
    vec_push(&u->arena, &ctx->macros, info);
    return rewrites;
}

/* What a caller of a K&R definition passes for a parameter of type t
 * (the default argument promotions), when that is another type: `char c`
 * arrives as an int, `float x` as a double. */
static const char *promoted_type(CXType t)
{
    switch (clang_getCanonicalType(t).kind) {
    case CXType_Bool:
    case CXType_Char_U:
    case CXType_UChar:
    case CXType_Char_S:
    case CXType_SChar:
    case CXType_Short:
    case CXType_UShort: return "int";
    case CXType_Float: return "double";
    default: return NULL;
    }
}

static void fill_signature(Unit *u, Func *f, CXCursor c)
{
    f->cur = c;
    f->ret_type = clang_getCursorResultType(c);
    f->is_void = clang_getCanonicalType(f->ret_type).kind == CXType_Void;
    CXType ft = clang_getCanonicalType(clang_getCursorType(c));
    /* libclang calls a function without a prototype variadic: `f()`
     * and K&R definitions have a fixed parameter list all the same. */
    f->no_proto = ft.kind == CXType_FunctionNoProto;
    f->is_variadic = !f->no_proto && clang_isFunctionTypeVariadic(ft) != 0;
    f->is_static = clang_getCursorLinkage(c) == CXLinkage_Internal;
    int n = clang_Cursor_getNumArguments(c);
    if (n < 0)
        n = 0;
    f->nparams = (unsigned)n;
    f->ptypes = arena_alloc(&u->arena, (size_t)(n + 1) * sizeof(CXType));
    f->pnames = arena_alloc(&u->arena, (size_t)(n + 1) * sizeof(char *));
    f->ppromoted = arena_alloc(&u->arena, (size_t)(n + 1) * sizeof(char *));
    for (int i = 0; i < n; i++) {
        CXCursor a = clang_Cursor_getArgument(c, (unsigned)i);
        f->ptypes[i] = clang_getCursorType(a);
        f->pnames[i] = cx_take(&u->arena, clang_getCursorSpelling(a));
        /* clang gives a K&R definition the prototype of the promoted
         * types: `int (int, double)` for `f(c, x) char c; float x;`. */
        const char *p = f->no_proto ? NULL : promoted_type(f->ptypes[i]);
        CXType at = clang_getCanonicalType(clang_getArgType(ft, (unsigned)i));
        if (p && at.kind == (strcmp(p, "int") == 0 ? CXType_Int : CXType_Double))
            f->ppromoted[i] = p;
    }
}

static void add_top(Unit *u, TopKind kind, CXCursor c, Func *f)
{
    CXSourceRange r = clang_getCursorExtent(c);
    Top t = { 0 };
    t.kind = kind;
    t.func = f;
    t.cur = c;
    CXFile file = NULL;
    clang_getFileLocation(clang_getRangeStart(r), &file, NULL, NULL, &t.fb);
    clang_getFileLocation(clang_getRangeEnd(r), &file, NULL, NULL, &t.fe);
    if (!file || !clang_File_isEqual(file, u->file) || t.fe < t.fb)
        return;
    vec_push(&u->arena, &u->tops, t);
}

static enum CXChildVisitResult top_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    TopCtx *ctx = data;
    Unit *u = ctx->u;
    enum CXCursorKind k = clang_getCursorKind(c);
    CXSourceLocation loc = clang_getCursorLocation(c);
    /* Where the declaration is expanded, not spelled: a function that a
     * macro of the file or a header defines (`async DEF(inc)`) is this
     * file's. */
    CXFile xfile = NULL;
    clang_getExpansionLocation(loc, &xfile, NULL, NULL, NULL);
    bool in_main = xfile && clang_File_isEqual(xfile, u->file);
    if (k == CXCursor_MacroExpansion) {
        if (!in_main)
            return CXChildVisit_Continue;
        CXSourceRange r = clang_getCursorExtent(c);
        Expansion x = { .begin = offset_of(u, clang_getRangeStart(r)),
                        .end = offset_of(u, clang_getRangeEnd(r)) };
        char buf[64];
        const char *name = cx_name(&u->arena, clang_getCursorSpelling(c), buf, sizeof buf);
        for (size_t i = 0; i < sizeof marker_macros / sizeof *marker_macros; i++)
            if (strcmp(name, marker_macros[i]) == 0)
                x.marker = true;
        if (strcmp(name, "async") == 0 || strcmp(name, "pn_async") == 0)
            u->async_written = true;
        CXCursor def = clang_getCursorReferenced(c);
        x.system = clang_Cursor_isNull(def) ||
                   clang_Location_isInSystemHeader(clang_getCursorLocation(def));
        x.local = !clang_Cursor_isNull(def) &&
                  clang_Location_isFromMainFile(clang_getCursorLocation(def));
        x.def = def;
        x.async_body = -1;
        x.rewrites = !x.marker && !x.system && macro_rewrites_args(ctx, def);
        vec_push(&u->arena, &u->expansions, x);
        if (x.rewrites)
            vec_push(&u->arena, &u->rewriting, x);
        return CXChildVisit_Continue;
    }
    if (k == CXCursor_MacroDefinition || k == CXCursor_InclusionDirective)
        return CXChildVisit_Continue;
    if (k == CXCursor_FunctionDecl) {
        bool is_async = has_async_attr(u, c);
        bool is_def = clang_isCursorDefinition(c) != 0;
        Func *f = NULL;
        if (is_async || (in_main && is_def)) {
            char *name = cx_take(&u->arena, clang_getCursorSpelling(c));
            f = func_by_name(u, name);
            if (!f) {
                f = arena_alloc(&u->arena, sizeof *f);
                f->name = name;
                func_add(u, f);
                fill_signature(u, f, c);
            } else if (!f->defined && f->no_proto &&
                       clang_getCanonicalType(clang_getCursorType(c)).kind ==
                           CXType_FunctionProto) {
                /* `async int f();` then `async int f(int);`: the prototype
                 * says what the parameters are. */
                fill_signature(u, f, c);
            }
            /* async holds from the declaration that says it on: before
             * it, the function is a plain one, and the uses there would
             * name a function the output no longer has. */
            CXCursor first = clang_getCanonicalCursor(c);
            if (is_async && !f->is_async && !clang_equalCursors(first, c) &&
                !has_async_attr(u, first))
                diag_at_cursor(u, first, "async function '%s' is first declared without async",
                               f->name);
            f->is_async |= is_async;
            if (in_main && is_def) {
                f->defined = true;
                fill_signature(u, f, c);
                f->fb = offset_of(u, clang_getRangeStart(clang_getCursorExtent(c)));
                f->fe = offset_of(u, clang_getRangeEnd(clang_getCursorExtent(c)));
                CXSourceLocation nl = clang_getCursorLocation(c);
                clang_getPresumedLocation(nl, NULL, &f->line, NULL);
                vec_push(&u->arena, &ctx->bodies, c);
            }
        }
        if ((is_async || in_main) && clang_Cursor_hasAttrs(c))
            vec_push(&u->arena, &u->attributed, c);
        if (in_main) {
            TopKind kind = TOP_OTHER;
            if (f && f->is_async)
                kind = is_def ? TOP_ASYNC_DEF : TOP_ASYNC_PROTO;
            if (f && f->is_async && !is_def)
                f->has_proto_in_main = true;
            add_top(u, kind, c, f);
        }
        return CXChildVisit_Continue;
    }
    if (k == CXCursor_StructDecl && clang_isCursorDefinition(c)) {
        char buf[128];
        const char *name = cx_name(&u->arena, clang_getCursorSpelling(c), buf, sizeof buf);
        size_t n = strlen(name);
        if (n > 7 && strcmp(name + n - 7, "__frame") == 0) {
            vec_push(&u->arena, &ctx->frames, arena_strndup(&u->arena, name, n - 7));
            vec_push(&u->arena, &ctx->frame_types, clang_getCursorType(c));
        }
    }
    if (in_main) {
        add_top(u, TOP_OTHER, c, NULL);
        if (k == CXCursor_VarDecl)
            vec_push(&u->arena, &ctx->inits, c);
        else if (k == CXCursor_TypedefDecl || k == CXCursor_StructDecl ||
                 k == CXCursor_UnionDecl || k == CXCursor_EnumDecl)
            vec_push(&u->arena, &u->file_types, c);
        if (k == CXCursor_VarDecl && clang_Cursor_hasAttrs(c))
            vec_push(&u->arena, &u->attributed, c);
    }
    return CXChildVisit_Continue;
}

static enum CXChildVisitResult find_body(CXCursor c, CXCursor parent, CXClientData d)
{
    (void)parent;
    if (clang_getCursorKind(c) == CXCursor_CompoundStmt) {
        *(CXCursor *)d = c;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Continue;
}

static void build_function(Unit *u, CXCursor def)
{
    char *name = cx_take(&u->arena, clang_getCursorSpelling(def));
    Func *f = func_by_name(u, name);
    if (!f || f->body)
        return;
    Builder b = { u, f, 0, { 0 }, { 0 } };
    /* Parameters are the frame's first locals. */
    for (unsigned i = 0; i < f->nparams; i++) {
        Local *l = arena_alloc(&u->arena, sizeof *l);
        l->decl = clang_Cursor_getArgument(def, i);
        l->name = f->pnames[i];
        l->type = f->ptypes[i];
        l->is_param = true;
        l->is_volatile = clang_isVolatileQualifiedType(l->type) != 0;
        l->is_vm = type_is_vm(l->type);
        if (*l->name)
            local_map_insert(u, l);
        vec_push(&u->arena, &f->locals, l);
    }
    CXCursor body = clang_getNullCursor();
    clang_visitChildren(def, find_body, &body);
    if (clang_Cursor_isNull(body))
        return;
    f->body = build(&b, body, NULL);
    mark_awaits(u, f->body, false, false);
}

/* Builds the IR of a file-scope variable's initializer, so the misuse
 * checks see it (taking an async function's address there). */
static Node *build_initializer(Unit *u, CXCursor var)
{
    Builder b = { u, NULL, 0, { 0 }, { 0 } };
    Node *n = build(&b, var, NULL);
    mark_awaits(u, n, false, false);
    return n;
}

/* Whether a macro defined in this file names an async function or one of
 * the dialect's macros (so that its expansions may await).  Cached on the
 * definition. */
static bool names_async(Unit *u, const char *s, size_t n)
{
    char name[256];
    if (n >= sizeof name)
        return false;
    memcpy(name, s, n);
    name[n] = '\0';
    for (size_t i = 0; i < sizeof marker_macros / sizeof *marker_macros; i++)
        if (strcmp(name, marker_macros[i]) == 0)
            return true;
    Func *g = func_by_name(u, name);
    return g && g->is_async;
}

static bool macro_mentions_async(Unit *u, Expansion *x)
{
    if (x->async_body >= 0)
        return x->async_body;
    unsigned h = clang_hashCursor(x->def);
    for (size_t i = 0; i < u->macro_cache.n; i++)
        if (u->macro_cache.v[i].hash == h && clang_equalCursors(u->macro_cache.v[i].def, x->def))
            return (x->async_body = u->macro_cache.v[i].value) != 0;
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(u->tu, clang_getCursorExtent(x->def), &toks, &n);
    bool found = false;
    for (unsigned i = 1; i < n && !found; i++) {
        if (clang_getTokenKind(toks[i]) != CXToken_Identifier)
            continue;
        char buf[128];
        const char *p = cx_name(&u->arena, clang_getTokenSpelling(u->tu, toks[i]), buf, sizeof buf);
        found = names_async(u, p, strlen(p));
    }
    clang_disposeTokens(u->tu, toks, n);
    MacroCache c = { x->def, h, found };
    vec_push(&u->arena, &u->macro_cache, c);
    x->async_body = found;
    return found;
}

static int by_begin(const void *a, const void *b)
{
    const Expansion *x = a, *y = b;
    return x->begin < y->begin ? -1 : x->begin > y->begin;
}

/* Whether [b, e) of the main file names an async function or expands a
 * macro of the dialect or one of this file's macros that does. */
static bool text_involves_async(Unit *u, unsigned b, unsigned e)
{
    for (size_t i = 0; i < u->expansions.n; i++) {
        Expansion *x = &u->expansions.v[i];
        if (x->begin >= b && x->begin < e &&
            (x->marker || (x->local && macro_mentions_async(u, x))))
            return true;
    }
    for (unsigned p = b; p < e;) {
        unsigned char c = (unsigned char)u->src[p];
        if (!is_ident_char(c) || (c >= '0' && c <= '9')) {
            /* Skip what cannot start a name, words inside numbers included. */
            p++;
            while (p < e && c >= '0' && c <= '9' && is_ident_char(u->src[p]))
                p++;
            continue;
        }
        unsigned q = p;
        while (q < e && is_ident_char(u->src[q]))
            q++;
        if (names_async(u, u->src + p, q - p))
            return true;
        p = q;
    }
    return false;
}

/* An ordinary function whose text names no async function and expands
 * neither the dialect's macros nor macros defined in this file cannot
 * await, spawn or misuse one: its body needs no IR.  (Most bodies of most
 * files, and every body of a file without async code.) */
static bool may_involve_async(Unit *u, CXCursor def)
{
    char buf[128];
    Func *f = func_by_name(u, cx_name(&u->arena, clang_getCursorSpelling(def), buf, sizeof buf));
    if (!f || f->is_async)
        return true;
    CXSourceRange r = clang_getCursorExtent(def);
    return text_involves_async(u, offset_of(u, clang_getRangeStart(r)),
                               offset_of(u, clang_getRangeEnd(r)));
}

bool parse_unit(Unit *u)
{
    TopCtx ctx = { .u = u };
    clang_visitChildren(clang_getTranslationUnitCursor(u->tu), top_visit, &ctx);
    for (size_t j = 0; j < ctx.frames.n; j++)
        if (strcmp(ctx.frames.v[j], "pn__dyn") == 0) {
            u->dyn_frame_known = true;
            u->dyn_frame_type = ctx.frame_types.v[j];
        }
    for (size_t i = 0; i < u->funcs.n; i++) {
        Func *f = u->funcs.v[i];
        for (size_t j = 0; j < ctx.frames.n; j++)
            if (strcmp(ctx.frames.v[j], f->name) == 0) {
                f->frame_known = true;
                f->frame_type = ctx.frame_types.v[j];
            }
    }
    /* No macro use at all leaves the list NULL, which qsort must not get. */
    if (u->expansions.n > 1)
        qsort(u->expansions.v, u->expansions.n, sizeof(Expansion), by_begin);
    bool any = text_involves_async(u, 0, u->len);
    for (size_t i = 0; i < ctx.bodies.n; i++)
        if (any && may_involve_async(u, ctx.bodies.v[i]))
            build_function(u, ctx.bodies.v[i]);
    for (size_t i = 0; i < ctx.inits.n; i++) {
        Node *n = build_initializer(u, ctx.inits.v[i]);
        Func *holder = arena_alloc(&u->arena, sizeof *holder);
        holder->name = "";
        holder->body = n;
        vec_push(&u->arena, &u->inits, holder);
    }
    return true;
}
