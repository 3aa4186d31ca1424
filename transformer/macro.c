/*
 * macro.c — operators of expressions written inside macro definitions.
 *
 * libclang 14 cannot say which operator a BinaryOperator or UnaryOperator
 * is; analyze.c reads it from the token between the operands, which works
 * whenever the operands' text is in the main file.  When an expression is
 * written in a macro's body (`#define S10(k) (S(k), S(k + 1), ...)`), the
 * operands are themselves macro expansions and no location libclang gives
 * leads to the operator.  The definition text is available, though: this
 * file parses the expression as written there (macro invocations are
 * primaries, as in any hygienic macro), and lays the parsed tree over the
 * AST node by node.  Where the two shapes agree, each operator token of
 * the definition belongs to the AST node in the same place; where they do
 * not, nothing is guessed.
 */
#include "transform.h"

#include <string.h>

typedef enum PxKind {
    PX_LEAF,
    PX_CALL,
    PX_PAREN,
    PX_PREFIX,
    PX_POSTFIX,
    PX_BINARY,
    PX_COND,
    PX_SUBSCRIPT,
    PX_MEMBER,
    PX_CAST,
    PX_SIZEOF
} PxKind;

typedef struct Px Px;
struct Px {
    PxKind kind;
    const char *op;
    Px *a, *b, *c;
    Px **args;
    unsigned nargs;
};

typedef struct Parser {
    Arena *arena;
    const char *src;
    unsigned end; /* end of the #define's logical line */
    Tok t;        /* current token */
    bool failed;
} Parser;

static void advance(Parser *p)
{
    p->t = lex_next(p->src, p->end, p->t.end);
}

static bool is(Parser *p, const char *s)
{
    return tok_is(p->src, p->t, s);
}

static Px *make(Parser *p, PxKind kind, const char *op, Px *a, Px *b)
{
    Px *x = arena_alloc(p->arena, sizeof(Px));
    x->kind = kind;
    x->op = op;
    x->a = a;
    x->b = b;
    return x;
}

static const char *text(Parser *p)
{
    return arena_strndup(p->arena, p->src + p->t.begin, p->t.end - p->t.begin);
}

static Px *expr(Parser *p);
static Px *assign(Parser *p);
static Px *unary(Parser *p);

static bool type_keyword(Parser *p)
{
    static const char *const kw[] = {
        "void",     "char",  "short",  "int",   "long", "float", "double",   "signed",
        "unsigned", "_Bool", "struct", "union", "enum", "const", "volatile", "_Complex",
    };
    for (size_t i = 0; i < sizeof kw / sizeof *kw; i++)
        if (is(p, kw[i]))
            return true;
    return false;
}

static void skip_balanced(Parser *p)
{
    int depth = 0;
    do {
        if (is(p, "(") || is(p, "[") || is(p, "{"))
            depth++;
        else if (is(p, ")") || is(p, "]") || is(p, "}"))
            depth--;
        advance(p);
    } while (depth > 0 && p->t.kind != TK_EOF);
}

static Px *primary(Parser *p)
{
    if (p->t.kind == TK_EOF || is(p, "#") || is(p, "##")) {
        p->failed = true;
        return make(p, PX_LEAF, NULL, NULL, NULL);
    }
    if (is(p, "(")) {
        advance(p);
        Px *x = make(p, PX_PAREN, NULL, expr(p), NULL);
        if (!is(p, ")"))
            p->failed = true;
        advance(p);
        return x;
    }
    if (p->t.kind == TK_PUNCT) {
        p->failed = true;
        return make(p, PX_LEAF, NULL, NULL, NULL);
    }
    bool string = p->t.kind == TK_STRING;
    advance(p);
    while (string && p->t.kind == TK_STRING)
        advance(p);
    return make(p, PX_LEAF, NULL, NULL, NULL);
}

static Px *postfix(Parser *p)
{
    Px *x = primary(p);
    while (!p->failed) {
        if (is(p, "(")) {
            Px *c = make(p, PX_CALL, NULL, x, NULL);
            VEC(Px *) args = { 0 };
            advance(p);
            while (!is(p, ")") && !p->failed && p->t.kind != TK_EOF) {
                vec_push(p->arena, &args, assign(p));
                if (is(p, ","))
                    advance(p);
                else if (!is(p, ")"))
                    p->failed = true;
            }
            advance(p);
            c->args = args.v;
            c->nargs = (unsigned)args.n;
            x = c;
        } else if (is(p, "[")) {
            advance(p);
            x = make(p, PX_SUBSCRIPT, NULL, x, expr(p));
            if (!is(p, "]"))
                p->failed = true;
            advance(p);
        } else if (is(p, ".") || is(p, "->")) {
            advance(p);
            advance(p);
            x = make(p, PX_MEMBER, NULL, x, NULL);
        } else if (is(p, "++") || is(p, "--")) {
            x = make(p, PX_POSTFIX, text(p), x, NULL);
            advance(p);
        } else {
            break;
        }
    }
    return x;
}

static Px *unary(Parser *p)
{
    if (is(p, "++") || is(p, "--") || is(p, "&") || is(p, "*") || is(p, "+") || is(p, "-") ||
        is(p, "~") || is(p, "!")) {
        const char *op = text(p);
        advance(p);
        return make(p, PX_PREFIX, op, unary(p), NULL);
    }
    if (is(p, "sizeof") || is(p, "_Alignof") || is(p, "__alignof__")) {
        advance(p);
        if (is(p, "("))
            skip_balanced(p);
        else
            unary(p);
        return make(p, PX_SIZEOF, NULL, NULL, NULL);
    }
    if (is(p, "(")) {
        Tok save = p->t;
        advance(p);
        if (type_keyword(p)) {
            p->t = save;
            skip_balanced(p);
            return make(p, PX_CAST, NULL, unary(p), NULL);
        }
        p->t = save;
    }
    return postfix(p);
}

static int precedence(Parser *p)
{
    static const struct {
        const char *op;
        int prec;
    } ops[] = {
        { "*", 10 }, { "/", 10 }, { "%", 10 }, { "+", 9 },  { "-", 9 },  { "<<", 8 },
        { ">>", 8 }, { "<", 7 },  { ">", 7 },  { "<=", 7 }, { ">=", 7 }, { "==", 6 },
        { "!=", 6 }, { "&", 5 },  { "^", 4 },  { "|", 3 },  { "&&", 2 }, { "||", 1 },
    };
    if (p->t.kind != TK_PUNCT)
        return 0;
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (is(p, ops[i].op))
            return ops[i].prec;
    return 0;
}

static Px *binary(Parser *p, int min)
{
    Px *x = unary(p);
    for (int prec = precedence(p); prec >= min && !p->failed; prec = precedence(p)) {
        const char *op = text(p);
        advance(p);
        x = make(p, PX_BINARY, op, x, binary(p, prec + 1));
    }
    return x;
}

static Px *conditional(Parser *p)
{
    Px *c = binary(p, 1);
    if (!is(p, "?"))
        return c;
    advance(p);
    Px *x = make(p, PX_COND, NULL, c, expr(p));
    if (!is(p, ":"))
        p->failed = true;
    advance(p);
    x->c = conditional(p);
    return x;
}

static bool assign_op(Parser *p)
{
    static const char *const ops[] = { "=",   "+=",  "-=", "*=", "/=", "%=",
                                       "<<=", ">>=", "&=", "^=", "|=" };
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (is(p, ops[i]))
            return true;
    return false;
}

static Px *assign(Parser *p)
{
    Px *x = conditional(p);
    if (assign_op(p)) {
        const char *op = text(p);
        advance(p);
        return make(p, PX_BINARY, op, x, assign(p));
    }
    return x;
}

static Px *expr(Parser *p)
{
    Px *x = assign(p);
    while (is(p, ",") && !p->failed) {
        advance(p);
        x = make(p, PX_BINARY, ",", x, assign(p));
    }
    return x;
}

/* ------------------------------------------------------------------ */
/* Laying the parsed tree over the AST                                   */
/* ------------------------------------------------------------------ */

typedef struct Found {
    Node *node;
    const char *op;
} Found;

typedef VEC(Found) Founds;

static Node *skip_implicit(Node *n)
{
    while (n && n->kind == NK_IMPLICIT && n->nkids == 1)
        n = n->kids[0];
    return n;
}

static bool align(Arena *a, Node *n, Px *x, Founds *out)
{
    n = skip_implicit(n);
    if (!n)
        return false;
    switch (x->kind) {
    case PX_LEAF:
    case PX_SIZEOF: return true; /* a name, a literal, or a macro: anything */
    case PX_CALL:
        if (n->kind == NK_CALL && n->nkids == x->nargs + 1) {
            for (unsigned i = 0; i < x->nargs; i++)
                if (!align(a, n->kids[i + 1], x->args[i], out))
                    return false;
            return true;
        }
        return true; /* a macro invocation: its expansion may be anything */
    case PX_PAREN: return n->kind == NK_PAREN && n->nkids == 1 && align(a, n->kids[0], x->a, out);
    case PX_PREFIX:
    case PX_POSTFIX:
        if (n->kind != NK_UNARY || n->nkids != 1 || !align(a, n->kids[0], x->a, out))
            return false;
        vec_push(a, out, ((Found){ n, x->op }));
        return true;
    case PX_BINARY:
        if ((n->kind != NK_BINARY && n->kind != NK_COMPOUND_ASSIGN) || n->nkids != 2)
            return false;
        if (!align(a, n->kids[0], x->a, out) || !align(a, n->kids[1], x->b, out))
            return false;
        vec_push(a, out, ((Found){ n, x->op }));
        return true;
    case PX_COND:
        return n->kind == NK_CONDITIONAL && n->nkids == 3 && align(a, n->kids[0], x->a, out) &&
               align(a, n->kids[1], x->b, out) && align(a, n->kids[2], x->c, out);
    case PX_SUBSCRIPT:
        return n->kind == NK_SUBSCRIPT && n->nkids == 2 && align(a, n->kids[0], x->a, out) &&
               align(a, n->kids[1], x->b, out);
    case PX_MEMBER: return n->kind == NK_MEMBER && n->nkids >= 1 && align(a, n->kids[0], x->a, out);
    case PX_CAST:
        return n->kind == NK_CAST && n->nkids >= 1 && align(a, n->kids[n->nkids - 1], x->a, out);
    }
    return false;
}

/* The logical line (backslash continuations included) holding `off`, if
 * it is a #define. */
static bool define_line(const char *buf, unsigned size, unsigned off, unsigned *end)
{
    unsigned s = off;
    while (s > 0 && !(buf[s - 1] == '\n' && !(s >= 2 && buf[s - 2] == '\\')))
        s--;
    Tok hash = lex_next(buf, size, s);
    Tok def = lex_next(buf, size, hash.end);
    if (!tok_is(buf, hash, "#") || !tok_is(buf, def, "define"))
        return false;
    unsigned e = off;
    while (e < size && !(buf[e] == '\n' && !(e > 0 && buf[e - 1] == '\\')))
        e++;
    *end = e;
    return true;
}

bool macro_operators(Unit *u, Node *n)
{
    Node *a = n;
    for (int depth = 0; a && depth < 32; depth++, a = a->parent) {
        if (a->kind == NK_IMPLICIT || !a->is_expr)
            continue;
        CXFile f = NULL;
        unsigned off = 0;
        CXSourceLocation loc = clang_getRangeStart(node_extent(a));
        if (!spelled_token(u, loc, NULL, &f, &off) || !f)
            continue;
        size_t size = 0;
        const char *buf = clang_getFileContents(u->tu, f, &size);
        unsigned end = 0;
        if (!buf || off >= size || !define_line(buf, (unsigned)size, off, &end))
            continue;
        Parser p = { &u->arena, buf, end, { TK_EOF, off, off }, false };
        advance(&p);
        Px *x = expr(&p);
        Founds found = { 0 };
        if (p.failed || !align(&u->arena, a, x, &found))
            continue;
        bool mine = false;
        for (size_t i = 0; i < found.n; i++) {
            Node *m = found.v[i].node;
            if (!m->optext)
                m->optext = found.v[i].op;
            mine |= m == n;
        }
        if (mine)
            return true;
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* Operands out of a macro's arguments                                  */
/* ------------------------------------------------------------------ */

/* Which expansions are function-like invocations, and the invocation
 * around each: found once, in one pass over the expansions in order of
 * their beginnings with a stack of the invocations still open (the
 * invocations of a file nest like the parentheses that delimit them). */
static void link_invocations(Unit *u)
{
    u->invocations_linked = true;
    VEC(int) open = { 0 };
    for (size_t i = 0; i < u->expansions.n; i++) {
        Expansion *x = &u->expansions.v[i];
        Tok name = lex_next(u->src, u->len, x->begin);
        Tok o = lex_next(u->src, u->len, name.end);
        x->args = 0;
        if (x->end > name.end && tok_is(u->src, o, "(")) {
            x->args = o.end;
            if (!x->inv_end)
                x->inv_end = lex_invocation_end(u->src, u->len, x->begin);
        }
        while (open.n && u->expansions.v[open.v[open.n - 1]].inv_end <= x->begin)
            open.n--;
        x->enclosing = open.n ? open.v[open.n - 1] : -1;
        if (x->args)
            vec_push(&u->arena, &open, (int)i);
    }
}

/* The innermost function-like invocation of the main file whose argument
 * list holds the token at `off`: *arg receives the argument's index,
 * *first whether that token begins the argument, *delim whether it is one
 * of the invocation's own commas. */
static Expansion *enclosing_invocation(Unit *u, unsigned off, unsigned *arg, bool *first,
                                       bool *delim)
{
    if (!u->invocations_linked)
        link_invocations(u);
    /* The last expansion that begins before off, then the invocations
     * around it, innermost first. */
    size_t lo = 0, hi = u->expansions.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (u->expansions.v[mid].begin < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    Expansion *best = NULL;
    Expansion *x = lo ? &u->expansions.v[lo - 1] : NULL;
    if (x && !x->args)
        x = x->enclosing >= 0 ? &u->expansions.v[x->enclosing] : NULL;
    for (; x; x = x->enclosing >= 0 ? &u->expansions.v[x->enclosing] : NULL)
        if (x->args <= off && off < x->inv_end) {
            best = x;
            break;
        }
    if (!best)
        return NULL;
    Tok open = { TK_PUNCT, best->args - 1, best->args };
    unsigned index = 0;
    int depth = 0;
    bool at_start = true;
    for (Tok t = lex_next(u->src, u->len, open.end); t.kind != TK_EOF && t.begin <= off;
         t = lex_next(u->src, u->len, t.end)) {
        bool comma = depth == 0 && tok_is(u->src, t, ",");
        if (t.begin == off) {
            *arg = index;
            *first = at_start && !comma;
            *delim = comma;
            return best;
        }
        /* Only parentheses group an argument's commas. */
        if (tok_is(u->src, t, "("))
            depth++;
        else if (tok_is(u->src, t, ")"))
            depth--;
        at_start = comma;
        if (comma)
            index++;
    }
    return NULL;
}

/* Whether the token at `off` in the main file separates two arguments of
 * a macro invocation (then it is no operator). */
bool macro_arg_comma(Unit *u, unsigned off)
{
    unsigned arg = 0;
    bool first = false, delim = false;
    return enclosing_invocation(u, off, &arg, &first, &delim) && delim;
}

static bool is_binary_operator(const char *src, Tok t)
{
    char op[4];
    size_t n = t.end - t.begin;
    if (n == 0 || n >= sizeof op)
        return false;
    memcpy(op, src + t.begin, n);
    op[n] = '\0';
    return is_binary_op_text(op);
}

/*
 * The operator before the first token of argument `index` of the
 * invocation x, for a binary node whose left operand begins at l_fb.  It
 * is the token before a use of that parameter in the definition; when the
 * parameter is used several times (`#define SQ(x) x * x`), every use whose
 * preceding token could be the operator counts, and the operator is read
 * only when they all agree.  A use at the start of the body stands for
 * what precedes the invocation: a token of the file, or, when the
 * invocation itself begins an argument of another one, what precedes that
 * argument there.  Stringified uses (`#x`) are not operands; a pasted one
 * (`x ## y`), a name or a `)` before a use (they may end a macro that
 * supplies the operator), a use inside the parentheses after a name (a
 * macro's arguments, which it may rearrange) and variadic parameters make
 * it unknown.
 */
static const char *op_before_arg(Unit *u, unsigned l_fb, Expansion *x, unsigned index, int depth)
{
    if (depth > 32 || x->marker || x->system || clang_Cursor_isNull(x->def) ||
        clang_getCursorKind(x->def) != CXCursor_MacroDefinition)
        return NULL;
    CXFile f = NULL;
    unsigned off = 0, end = 0;
    clang_getFileLocation(clang_getCursorLocation(x->def), &f, NULL, NULL, &off);
    size_t size = 0;
    const char *buf = f ? clang_getFileContents(u->tu, f, &size) : NULL;
    if (!buf || off >= size || !define_line(buf, (unsigned)size, off, &end))
        return NULL;
    /* NAME(params) body */
    Tok name = lex_next(buf, end, off);
    Tok t = lex_next(buf, end, name.end);
    if (!tok_is(buf, t, "(") || t.begin != name.end)
        return NULL;
    Tok param = { TK_EOF, 0, 0 };
    unsigned i = 0;
    for (t = lex_next(buf, end, t.end); t.kind != TK_EOF && !tok_is(buf, t, ")");
         t = lex_next(buf, end, t.end)) {
        if (tok_is(buf, t, ","))
            i++;
        else if (t.kind != TK_IDENT)
            return NULL; /* variadic */
        else if (i == index)
            param = t;
    }
    if (param.kind == TK_EOF || t.kind == TK_EOF)
        return NULL;
    const char *pname = arena_strndup(&u->arena, buf + param.begin, param.end - param.begin);
    const char *found = NULL;
    Tok prev = { TK_EOF, 0, 0 };
    /* Parentheses after a name may be a macro's arguments, which that
     * macro may rearrange: a use inside them tells nothing. */
    unsigned nest = 0;
    unsigned long long call_bits = 0;
    for (Tok b = lex_next(buf, end, t.end); b.kind != TK_EOF;
         prev = b, b = lex_next(buf, end, b.end)) {
        if (tok_is(buf, b, "(")) {
            bool call = prev.kind == TK_IDENT;
            if (nest >= 64)
                return NULL;
            if (call)
                call_bits |= 1ull << nest;
            nest++;
            continue;
        }
        if (tok_is(buf, b, ")") && nest > 0) {
            nest--;
            call_bits &= ~(1ull << nest);
            continue;
        }
        if (!tok_is(buf, b, pname))
            continue;
        Tok next = lex_next(buf, end, b.end);
        if (tok_is(buf, prev, "##") || tok_is(buf, prev, "%:%:") || tok_is(buf, next, "##") ||
            tok_is(buf, next, "%:%:"))
            return NULL;
        if (tok_is(buf, prev, "#") || tok_is(buf, prev, "%:"))
            continue;
        if (call_bits)
            return NULL;
        const char *text;
        if (prev.kind == TK_EOF) {
            /* The left operand begins inside the invocation: the operator
             * is inside it too, so this use is not the right operand. */
            if (l_fb >= x->begin)
                continue;
            unsigned k = 0;
            bool first = false, delim = false;
            Expansion *outer = enclosing_invocation(u, x->begin, &k, &first, &delim);
            if (outer && first) {
                text = op_before_arg(u, l_fb, outer, k, depth + 1);
            } else {
                Tok op;
                if (!lex_last_before(u->src, u->len, l_fb, x->begin, &op) ||
                    !is_binary_operator(u->src, op) || (outer && delim))
                    return NULL;
                text = arena_strndup(&u->arena, u->src + op.begin, op.end - op.begin);
            }
            if (!text)
                return NULL;
        } else if (is_binary_operator(buf, prev)) {
            text = arena_strndup(&u->arena, buf + prev.begin, prev.end - prev.begin);
        } else if (prev.kind == TK_IDENT || tok_is(buf, prev, ")")) {
            return NULL;
        } else {
            continue; /* `(`, `[`, `.`...: this use is no right operand */
        }
        if (found && strcmp(found, text) != 0)
            return NULL;
        found = text;
    }
    return found;
}

/* A binary operator whose right operand begins an argument of a macro
 * (`#define ADD(a, b) a + b`, `ADD(x, await(g()))`): its operator is the
 * definition's. */
const char *macro_arg_operator(Unit *u, Node *n)
{
    Node *l = n->kids[0], *r = n->kids[1];
    if (l->bkind == LK_ELSEWHERE || l->bkind == LK_UNKNOWN)
        return NULL;
    if (r->bkind != LK_ARG) {
        /* The dialect's markers expand to exactly their node. */
        Expansion *m = r->bkind == LK_BODY_IN_ARG ? expansion_at(u, r->fb) : NULL;
        if (!m || !m->marker)
            return NULL;
    }
    unsigned index = 0;
    bool first = false, delim = false;
    Expansion *x = enclosing_invocation(u, r->fb, &index, &first, &delim);
    if (!x || !first)
        return NULL;
    return op_before_arg(u, l->fb, x, index, 0);
}

/* ------------------------------------------------------------------ */
/* Invocations of the C library's macros                               */
/* ------------------------------------------------------------------ */

/* The outermost expressions written in a macro invocation's arguments,
 * in source order (each range once; evaluated copies preferred). */
void macro_operands(Unit *u, Node *root, Node *n, NodeVec *out)
{
    for (unsigned i = 0; i < n->nkids; i++) {
        Node *k = n->kids[i];
        node_range(u, k);
        bool arg = k->exact && k->fb > root->fb && k->fe <= root->fe && k->is_expr &&
                   (k->bkind == LK_ARG || k->bkind == LK_BODY_IN_ARG);
        if (!arg) {
            macro_operands(u, root, k, out);
            continue;
        }
        size_t j = 0;
        while (j < out->n && !(out->v[j]->fb == k->fb && out->v[j]->fe == k->fe))
            j++;
        if (j < out->n) {
            if (out->v[j]->unevaluated && !k->unevaluated)
                out->v[j] = k;
            continue;
        }
        size_t at = out->n;
        vec_push(&u->arena, out, k);
        while (at > 0 && out->v[at - 1]->fb > k->fb) {
            out->v[at] = out->v[at - 1];
            at--;
        }
        out->v[at] = k;
    }
}

/* Whether n lies in the body of a C library macro whose invocation the
 * lowering keeps as written, so that lx() never reaches n
 * (lower_system_macro() lowers only the expressions written in the
 * macro's arguments): checked from the outermost expression around n
 * down to n, the way lx() descends. */
bool in_kept_system_macro(Unit *u, Node *n)
{
    Node *path[256];
    unsigned depth = 0;
    for (Node *p = n; p && depth < 256; p = p->parent) {
        path[depth++] = p;
        if (!p->parent || !p->parent->is_expr)
            break;
    }
    for (unsigned i = depth; i-- > 0;) {
        Node *a = path[i];
        node_range(u, a);
        if (!a->has_await || is_marker_kind(a->kind))
            continue;
        if (!a->exact || (a->bkind != LK_BODY && a->bkind != LK_BODY_IN_ARG))
            continue;
        Expansion *x = expansion_at(u, a->fb);
        if (!x || !x->system || x->marker || x->end != a->fe)
            continue;
        NodeVec ops = { 0 };
        macro_operands(u, a, a, &ops);
        Node *in = NULL;
        for (size_t k = 0; k < ops.n && !in; k++)
            if (ops.v[k]->index <= n->index && n->index <= ops.v[k]->last)
                in = ops.v[k];
        if (!in)
            return true;
        while (i > 0 && path[i - 1] != in && path[i] != in)
            i--;
    }
    return false;
}
