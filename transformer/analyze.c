/*
 * analyze.c — what the IR means: await points, frames, misuse.
 *
 * For every function body of the main file this phase reports the misuse
 * SPEC §1 forbids (await outside async code, an async function called or
 * named without await/pn_spawn/pn_block_on, setjmp/longjmp, alloca or a
 * variable-length array living across an await, variadic async
 * functions, recursion without boxing) and records the pn_block_on /
 * pn_spawn sites of ordinary functions.  For each async definition it
 * numbers the await points, decides which locals live in the frame (those
 * liveness.c finds live across an await point; with liveness off, a local
 * whose scope contains an await point after its declaration), names
 * the frame fields, picks the body-local types that must move to file
 * scope, and marks every node the lowering has to rewrite (needs_edit).
 */
#include "transform.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Misuse in every function                                              */
/* ------------------------------------------------------------------ */

typedef struct Walk {
    Unit *u;
    Func *f; /* NULL for file-scope initializers */
    bool async;
} Walk;

static const char *call_name(Unit *u, Node *call)
{
    (void)u;
    if (call->kind != NK_CALL || !call->nkids)
        return NULL;
    Node *c = node_strip(call->kids[0]);
    if (!c || c->kind != NK_DECLREF)
        return NULL;
    return c->fn_name;
}

static bool name_in(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i]) == 0)
            return true;
    return false;
}

static const char *const setjmps[] = {
    "setjmp", "_setjmp", "__setjmp", "sigsetjmp", "__sigsetjmp", "__builtin_setjmp",
};
static const char *const longjmps[] = {
    "longjmp", "_longjmp", "siglongjmp", "__longjmp_chk", "__builtin_longjmp",
};
static const char *const allocas[] = {
    "alloca",
    "__builtin_alloca",
    "__builtin_alloca_with_align",
};

static unsigned top_of(Unit *u, unsigned off)
{
    for (size_t i = 0; i < u->tops.n; i++)
        if (u->tops.v[i].fb <= off && off < u->tops.v[i].fe)
            return (unsigned)i;
    return 0;
}

/* True when the subtree names an async function or contains a marker. */
/* Whether n or a node under it of kind k satisfies test (subtrees
 * without that kind are skipped). */
static bool any_below(Unit *u, Node *n, NodeKind k, bool (*test)(Unit *, Node *))
{
    if (!(n->kinds & KIND_BIT(k)))
        return false;
    if (n->kind == k && test(u, n))
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (any_below(u, n->kids[i], k, test))
            return true;
    return false;
}

static bool mentions_async(Node *n)
{
    if (is_marker_kind(n->kind) || (n->kind == NK_DECLREF && n->callee))
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (mentions_async(n->kids[i]))
            return true;
    return false;
}

static void add_site(Unit *u, Node *n, SiteKind kind)
{
    node_range(u, n);
    Site s = { 0 };
    s.kind = kind;
    s.fb = n->fb;
    s.fe = n->fe;
    if (!n->exact || in_user_macro(u, n->fb, n->fe)) {
        diag_at(u, n->fb, "%s inside a macro expansion cannot be rewritten here",
                kind == SITE_SIZEOF         ? "sizeof of an async call"
                : kind == SITE_UNEVALUATED ? "an async call that is not evaluated"
                : kind == SITE_SPAWN       ? "pn_spawn"
                                           : "pn_block_on");
        return;
    }
    if (kind == SITE_UNEVALUATED) {
        s.callee = unevaluated_callee(n);
    } else if (kind == SITE_SIZEOF) {
        s.type = clang_getCursorType(n->kids[0]->cur);
        char *kw = NULL;
        spelled_token(u, clang_getRangeStart(node_extent(n)), &kw, NULL, NULL);
        s.keyword = kw ? kw : "sizeof";
    } else {
        Node *call = n->call;
        Node *callee = node_strip(call->kids[0]);
        node_range(u, call);
        node_range(u, callee);
        if (!call->exact || !callee->exact) {
            diag_at(u, n->fb, "the call in %s must be written out in the source",
                    kind == SITE_SPAWN ? "pn_spawn" : "pn_block_on");
            return;
        }
        s.call_fb = call->fb;
        s.call_fe = call->fe;
        s.callee_fb = callee->fb;
        s.callee_fe = callee->fe;
        s.callee = n->callee;
        if (kind == SITE_SPAWN)
            n->callee->needs_spawn = true;
        else
            n->callee->needs_block_on = true;
    }
    s.top = top_of(u, s.fb);
    vec_push(&u->arena, &u->sites, s);
    u->any_async_use = true;
}

/* The arguments of a call of an async function against its parameters.
 * Only a function without a prototype gets here with a different count
 * (clang refuses the rest); in C such a call is undefined, and the
 * generated init function would refuse it with an error about names the
 * source does not have.  A function declared without a prototype and
 * defined elsewhere takes its parameters from its first call: the types
 * the arguments have after the default argument promotions, which are
 * what the definition receives. */
static void check_call_args(Unit *u, Node *n)
{
    Func *f = n->callee;
    Node *call = n->call;
    if (!f || f->dyn || !call || call->kind != NK_CALL || call->nkids == 0 || f->is_variadic)
        return;
    unsigned nargs = call->nkids - 1;
    if (f->no_proto && !f->defined && !f->params_guessed) {
        f->params_guessed = true;
        f->nparams = nargs;
        f->ptypes = arena_alloc(&u->arena, (nargs + 1) * sizeof(CXType));
        f->pnames = arena_alloc(&u->arena, (nargs + 1) * sizeof(char *));
        f->ppromoted = arena_alloc(&u->arena, (nargs + 1) * sizeof(char *));
        for (unsigned i = 0; i < nargs; i++) {
            f->ptypes[i] = clang_getCursorType(call->kids[i + 1]->cur);
            f->pnames[i] = "";
        }
        return;
    }
    if (nargs == f->nparams)
        return;
    Node *name = node_strip(call->kids[0]);
    node_range(u, name);
    diag_at(u, name->fb, "call of '%s' with %u argument%s; its %s has %u parameter%s", f->name, nargs,
            nargs == 1 ? "" : "s",
            f->defined ? "definition" : f->params_guessed ? "first call" : "declaration",
            f->nparams, f->nparams == 1 ? "" : "s");
}

/* ------------------------------------------------------------------ */
/* Attributes through which an async function would be called          */
/* ------------------------------------------------------------------ */

/* An attribute as written (libclang 14 exposes few of them): its name
 * without `__` around it or a `gnu::` scope, the first token of its
 * arguments (a string's contents; NULL without arguments), both read where
 * the attribute is spelled, a macro's definition included.  false when it
 * cannot be read. */
static bool attr_read(Unit *u, CXCursor attr, const char **name, const char **arg)
{
    CXFile file = NULL;
    unsigned off = 0;
    if (!spelled_token(u, clang_getCursorLocation(attr), NULL, &file, &off) || !file)
        return false;
    size_t size = 0;
    const char *buf = clang_getFileContents(u->tu, file, &size);
    if (!buf || off >= size)
        return false;
    unsigned len = (unsigned)size;
    Tok t = lex_next(buf, len, off);
    Tok next = lex_next(buf, len, t.end);
    if (tok_is(buf, next, "::") || tok_is(buf, next, ":")) {
        if (tok_is(buf, next, ":"))
            next = lex_next(buf, len, next.end);
        t = lex_next(buf, len, next.end);
        next = lex_next(buf, len, t.end);
    }
    if (t.kind != TK_IDENT)
        return false;
    unsigned b = t.begin, e = t.end;
    if (e - b > 4 && buf[b] == '_' && buf[b + 1] == '_' && buf[e - 1] == '_' && buf[e - 2] == '_') {
        b += 2;
        e -= 2;
    }
    *name = arena_strndup(&u->arena, buf + b, e - b);
    *arg = NULL;
    if (tok_is(buf, next, "(")) {
        Tok a = lex_next(buf, len, next.end);
        if (a.kind == TK_STRING && a.end - a.begin >= 2 && buf[a.begin] == '"')
            *arg = arena_strndup(&u->arena, buf + a.begin + 1, a.end - a.begin - 2);
        else if (a.kind == TK_IDENT)
            *arg = arena_strndup(&u->arena, buf + a.begin, a.end - a.begin);
    }
    return true;
}

static bool attr_is(const char *name, const char *want)
{
    return strcmp(name, want) == 0;
}

/* Where to report an attribute: where it is written in the main file (a
 * macro's invocation for one from a macro), else at the declaration. */
static unsigned attr_offset(Unit *u, CXCursor attr, CXCursor decl)
{
    unsigned off = offset_of(u, clang_getCursorLocation(attr));
    return off ? off : offset_of(u, clang_getCursorLocation(decl));
}

typedef struct AttrVisit {
    Unit *u;
    CXCursor decl;
    Func *async; /* decl declares this async function, or NULL */
    const char *name; /* decl's name */
} AttrVisit;

static Func *async_named(Unit *u, const char *name)
{
    Func *g = name ? func_by_name(u, name) : NULL;
    return g && g->is_async ? g : NULL;
}

/* The async function an attribute names: its argument, or, for one that a
 * macro of the main file supplies (whose argument may be a parameter,
 * `alias(#f)`), any async function named in that macro's invocation. */
static Func *attr_target(Unit *u, CXCursor attr, const char *arg)
{
    Func *g = async_named(u, arg);
    if (g)
        return g;
    unsigned off = offset_of(u, clang_getCursorLocation(attr));
    Expansion *x = off ? expansion_at(u, off) : NULL;
    if (!x || x->marker)
        return NULL;
    unsigned end = lex_invocation_end(u->src, u->len, x->begin);
    for (Tok t = lex_next(u->src, u->len, x->begin); t.kind != TK_EOF && t.begin < end;
         t = lex_next(u->src, u->len, t.end)) {
        if (t.kind != TK_IDENT)
            continue;
        char name[128];
        if (t.end - t.begin >= sizeof name)
            continue;
        memcpy(name, u->src + t.begin, t.end - t.begin);
        name[t.end - t.begin] = '\0';
        if ((g = async_named(u, name)))
            return g;
    }
    return NULL;
}

static enum CXChildVisitResult check_attr(CXCursor c, CXCursor parent, CXClientData d)
{
    (void)parent;
    AttrVisit *v = d;
    Unit *u = v->u;
    if (!clang_isAttribute(clang_getCursorKind(c)))
        return CXChildVisit_Continue;
    const char *name, *arg;
    if (!attr_read(u, c, &name, &arg))
        return CXChildVisit_Continue;
    unsigned at = attr_offset(u, c, v->decl);
    bool ctor = attr_is(name, "constructor");
    if (v->async && (ctor || attr_is(name, "destructor")))
        diag_at(u, at,
                "async function '%s' cannot be a %s: the C runtime would call it "
                "synchronously, without await",
                v->async->name, ctor ? "constructor" : "destructor");
    Func *g = NULL;
    if ((attr_is(name, "alias") || attr_is(name, "weakref")) && (g = attr_target(u, c, arg)))
        diag_at(u, at,
                "async function '%s' cannot be the target of %s '%s': calling '%s' would run "
                "it synchronously, without await",
                g->name, name, v->name, v->name);
    else if (attr_is(name, "ifunc") && (g = attr_target(u, c, arg)))
        diag_at(u, at,
                "async function '%s' cannot be the resolver of ifunc '%s': the loader calls it "
                "synchronously, without await",
                g->name, v->name);
    return CXChildVisit_Continue;
}

void check_decl_attributes(Unit *u, CXCursor decl)
{
    char buf[128];
    const char *name = cx_name(&u->arena, clang_getCursorSpelling(decl), buf, sizeof buf);
    AttrVisit v = { u, decl, NULL, arena_strdup(&u->arena, name) };
    if (clang_getCursorKind(decl) == CXCursor_FunctionDecl)
        v.async = async_named(u, name);
    clang_visitChildren(decl, check_attr, &v);
}

/* A local's cleanup function runs when its scope ends: an async one would
 * be called synchronously; and the lowering does not yet run a cleanup
 * once at the end of a scope that suspends (the poll function returns at
 * every await inside it, and resumes by jumping past the declaration). */
static void check_cleanup(Walk *w, Node *n)
{
    Unit *u = w->u;
    for (unsigned i = 0; i < n->nkids; i++) {
        CXCursor c = n->kids[i]->cur;
        const char *name, *arg;
        if (!clang_isAttribute(clang_getCursorKind(c)) || !attr_read(u, c, &name, &arg) ||
            !attr_is(name, "cleanup"))
            continue;
        unsigned at = offset_of(u, clang_getCursorLocation(n->cur));
        Func *g = attr_target(u, c, arg);
        if (g) {
            diag_at(u, at,
                    "async function '%s' cannot be the cleanup function of '%s': it would be "
                    "called synchronously, without await",
                    g->name, node_name(u, n));
            continue;
        }
        Local *l = n->local;
        if (!w->async || !l || !l->scope)
            continue;
        l->cleanup = true;
        if (l->cleanup_across && l->scope->kind != NK_COMPOUND)
            diag_at(u, at,
                    "cleanup attribute on '%s', declared in a for statement whose loop "
                    "awaits, is not supported (declare it in the loop's body or before it)",
                    l->name);
    }
}


/* Whether t is, or points to or is an array of (at any depth), an async
 * function type. */
static bool type_reaches_async_fn(CXType t)
{
    for (int depth = 0; depth < 64; depth++) {
        t = clang_getCanonicalType(t);
        if (type_is_async_fn(t))
            return true;
        if (t.kind == CXType_Pointer)
            t = clang_getPointeeType(t);
        else if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray ||
                 t.kind == CXType_VariableArray || t.kind == CXType_DependentSizedArray)
            t = clang_getArrayElementType(t);
        else
            return false;
    }
    return false;
}

static bool is_async_annotation(Unit *u, CXCursor c)
{
    char buf[32];
    return clang_getCursorKind(c) == CXCursor_AnnotateAttr &&
           strcmp(cx_name(&u->arena, clang_getCursorSpelling(c), buf, sizeof buf),
                  "pinion.async") == 0;
}

/* async on a variable or member decl (with that annotation) that is not
 * a pointer to an async function (or an array of them): `async int x`
 * means nothing, and `async x = 1` only declares x through C89's implicit
 * int, which the program with async erased does not have. */
static void check_async_decl(Unit *u, CXCursor decl)
{
    CXType t = clang_getCursorType(decl);
    if (type_reaches_async_fn(t))
        return;
    char nb[128], tb[256];
    diag_at(u, offset_of(u, clang_getCursorLocation(decl)),
            "async on '%s', which is not a function or a pointer to one (its type is '%s')",
            cx_name(&u->arena, clang_getCursorSpelling(decl), nb, sizeof nb),
            cx_name(&u->arena, clang_getTypeSpelling(t), tb, sizeof tb));
}

static void check_async_variable(Unit *u, Node *n)
{
    for (unsigned i = 0; i < n->nkids; i++)
        if (is_async_annotation(u, n->kids[i]->cur)) {
            check_async_decl(u, n->cur);
            return;
        }
}

/* The cleanup function of local n (an NK_VARDECL), or NULL. */
static const char *cleanup_fn(Unit *u, Node *n)
{
    for (unsigned i = 0; i < n->nkids; i++) {
        CXCursor c = n->kids[i]->cur;
        const char *name, *arg;
        if (clang_isAttribute(clang_getCursorKind(c)) && attr_read(u, c, &name, &arg) &&
            attr_is(name, "cleanup") && arg)
            return arg;
    }
    return NULL;
}

static void rebuild_up_to(Node *n)
{
    for (Node *p = n; p && !p->has_await; p = p->parent)
        p->has_await = true;
}

static Node *label_named(Unit *u, Node *n, const char *name)
{
    if (n->kind == NK_LABEL && strcmp(node_name(u, n), name) == 0)
        return n;
    for (unsigned i = 0; i < n->nkids; i++) {
        Node *l = label_named(u, n->kids[i], name);
        if (l)
            return l;
    }
    return NULL;
}

/* The ways out of scope s after the declaration ending at `after`:
 * returns, and break, continue and goto to statements outside it.  Each
 * is rebuilt by the lowering (has_await), which runs the cleanups there. */
static void mark_exits(Unit *u, Func *f, Node *s, Node *n, unsigned after)
{
    if (n->index > after) {
        bool out = false;
        if (n->kind == NK_RETURN)
            out = true;
        else if ((n->kind == NK_BREAK || n->kind == NK_CONTINUE) && n->target)
            out = n->target->index < s->index;
        else if (n->kind == NK_GOTO && n->nkids == 1 && n->kids[0]->kind == NK_REF) {
            Node *l = label_named(u, f->body, node_name(u, n->kids[0]));
            out = !l || l->index < s->index || l->index > s->last;
        } else if (n->kind == NK_GOTO) {
            node_range(u, n);
            diag_at(u, n->fb, "indirect goto out of the scope of a local with a cleanup "
                              "function that lives across an await");
        }
        if (out)
            rebuild_up_to(n);
    }
    for (unsigned i = 0; i < n->nkids; i++)
        mark_exits(u, f, s, n->kids[i], after);
}

/* Locals with a cleanup function whose scope holds an await after their
 * declaration (cleanup_across): their exits are rebuilt, so the lowering
 * can run the cleanup on each, and liveness keeps them for their scope. */
static void mark_cleanups(Unit *u, Func *f)
{
    for (size_t i = 0; i < f->locals.n; i++) {
        Local *l = f->locals.v[i];
        if (l->is_param || !l->node || !l->scope || l->is_static || l->is_extern)
            continue;
        l->cleanup_fn = cleanup_fn(u, l->node);
        if (l->cleanup_fn && await_in(f, l->node->last, l->scope->last))
            f->has_cleanup_across = true;
    }
    if (!f->has_cleanup_across)
        return;
    /* Then every cleanup of the function runs explicitly: one left to the
     * compiler would run when the poll function returns, out of order
     * with the explicit ones of the same way out. */
    for (size_t i = 0; i < f->locals.n; i++) {
        Local *l = f->locals.v[i];
        if (!l->cleanup_fn)
            continue;
        l->cleanup_across = true;
        rebuild_up_to(l->node);
        mark_exits(u, f, l->scope, l->scope, l->node->last);
    }
}

/* __func__, __FUNCTION__ and __PRETTY_FUNCTION__ are string literals of
 * type const char[N] in the AST (an ordinary literal's characters are not
 * const), spelled with those names. */
const char *function_name_keyword(Unit *u, Node *n)
{
    CXType t = clang_getCursorType(n->cur);
    if (n->kind != NK_STRING || t.kind != CXType_ConstantArray ||
        !clang_isConstQualifiedType(clang_getArrayElementType(t)))
        return NULL;
    char *tok = NULL;
    if (!spelled_token(u, clang_getCursorLocation(n->cur), &tok, NULL, NULL))
        return NULL;
    if (strcmp(tok, "__func__") != 0 && strcmp(tok, "__FUNCTION__") != 0 &&
        strcmp(tok, "__PRETTY_FUNCTION__") != 0)
        return NULL;
    return tok;
}

/* In the poll function they would give its own name, so emit.c defines
 * them around it (clang's __PRETTY_FUNCTION__ is the declaration, "int
 * f(int)", kept from its literal here). */
static void function_name_use(Unit *u, Func *f, Node *n)
{
    const char *tok = function_name_keyword(u, n);
    if (!tok)
        return;
    f->names_itself = true;
    if (strcmp(tok, "__PRETTY_FUNCTION__") == 0 && !f->pretty_name) {
        char *lit = cx_take(&u->arena, clang_getCursorSpelling(n->cur));
        size_t len = strlen(lit);
        if (len >= 2 && lit[0] == '"' && lit[len - 1] == '"' && !strchr(lit, '\n'))
            f->pretty_name = lit;
    }
}

/* Whether call is inside the operand of an await, pn_spawn or pn_block_on
 * that was refused as "not an async call" (the marker says it once). */
static bool inside_refused_marker(Node *call)
{
    for (Node *p = call->parent; p; p = p->parent) {
        if (p->kind == NK_AWAIT || p->kind == NK_SPAWN || p->kind == NK_BLOCK_ON)
            return p->callee == NULL;
        if (p->kind != NK_PAREN && p->kind != NK_IMPLICIT && p->kind != NK_CONDITIONAL &&
            p->kind != NK_BINARY && p->kind != NK_CAST)
            return false;
    }
    return false;
}

/* The message for an await, pn_spawn or pn_block_on of something that is
 * not an async call; a choice between calls gets the way to write it. */
static void not_an_async_call(Unit *u, Node *n, const char *what)
{
    Node *op = node_strip(n->kids[0]);
    if (op && op->kind == NK_CONDITIONAL)
        diag_at(u, n->fb,
                "%s of a choice between calls: choose the function instead and call it "
                "through a pointer declared async, %s((c ? f : g)(x))",
                what, what);
    else
        diag_at(u, n->fb, "%s of something that is not an async call", what);
}

/* What the value of n converts to: the type of the outermost of the
 * parentheses, implicit and explicit casts, `&` and `?:` branches around
 * it. */
static CXType value_type(Unit *u, Node *n)
{
    Node *top = n;
    for (Node *p = n->parent; p; top = p, p = p->parent) {
        if (p->kind == NK_PAREN || p->kind == NK_IMPLICIT || p->kind == NK_CAST)
            continue;
        if (p->kind == NK_UNARY) {
            node_op(u, p);
            if (p->op == OP_ADDR)
                continue;
        }
        if (p->kind == NK_CONDITIONAL && p->nkids == 3 && p->kids[0] != top)
            continue;
        break;
    }
    return clang_getCursorType(top->cur);
}

/* An async function used as a value: it converts to a pointer declared
 * async only (clang's own checks, diag.c, find most mixes; a conversion
 * to void * or an integer is found here), and the value is NAME__ptr. */
static void fn_value(Walk *w, Node *n)
{
    Unit *u = w->u;
    node_range(u, n);
    unsigned off = offset_of(u, clang_getCursorLocation(n->cur));
    CXType t = value_type(u, n);
    if (!type_is_async_fnptr(t) && !type_is_async_fn(t)) {
        char buf[256];
        const char *ts = cx_name(&u->arena, clang_getTypeSpelling(t), buf, sizeof buf);
        diag_at(u, off ? off : n->fb,
                "async function '%s' converted to '%s': an async function converts only to "
                "a pointer declared async",
                n->callee->name, ts);
        return;
    }
    n->callee->needs_ptr = true;
    n->fn_value = true;
    n->needs_edit = true;
    u->any_async_use = true;
    Site s = { 0 };
    s.kind = SITE_FNPTR;
    s.fb = off ? off : n->fb;
    s.fe = s.fb + (unsigned)strlen(n->callee->name);
    s.callee = n->callee;
    s.top = top_of(u, s.fb);
    if (w->async && !n->unevaluated) {
        /* The lowering's edit (lower.c), which mark_edits has already
         * propagated for the rest; the site says where NAME__ptr is first
         * needed. */
        for (Node *p = n->parent; p && !p->needs_edit; p = p->parent)
            p->needs_edit = true;
        s.in_async = true;
        vec_push(&u->arena, &u->sites, s);
        return;
    }
    if (!n->exact || in_user_macro(u, n->fb, n->fe)) {
        diag_at(u, off ? off : n->fb,
                "async function '%s' used as a value inside a macro expansion cannot be "
                "rewritten here",
                n->callee->name);
        return;
    }
    vec_push(&u->arena, &u->sites, s);
}

/* A cast between a pointer declared async and a function pointer that is
 * not: the pointer would call what it does not point to. */
static void check_cast(Unit *u, Node *n)
{
    if (n->nkids == 0)
        return;
    CXType to = clang_getCursorType(n->cur);
    CXType cto = clang_getCanonicalType(to);
    bool fto = cto.kind == CXType_Pointer &&
               clang_getCanonicalType(clang_getPointeeType(cto)).kind >= CXType_FunctionNoProto &&
               clang_getCanonicalType(clang_getPointeeType(cto)).kind <= CXType_FunctionProto;
    if (!fto)
        return; /* not to a function pointer, as most casts: the operand does not matter */
    CXType from = clang_getCursorType(n->kids[n->nkids - 1]->cur);
    CXType cfrom = clang_getCanonicalType(from);
    bool ffrom = (cfrom.kind == CXType_Pointer &&
                  clang_getCanonicalType(clang_getPointeeType(cfrom)).kind >= CXType_FunctionNoProto &&
                  clang_getCanonicalType(clang_getPointeeType(cfrom)).kind <= CXType_FunctionProto) ||
                 cfrom.kind == CXType_FunctionProto || cfrom.kind == CXType_FunctionNoProto;
    if (!ffrom)
        return;
    bool ato = type_is_async_fnptr(to), afrom = type_is_async_fnptr(from) || type_is_async_fn(from);
    if (ato == afrom)
        return;
    node_range(u, n);
    diag_at(u, n->fb, ato ? "cast of a function pointer that is not async to a pointer declared async"
                          : "cast of a pointer to an async function to one not declared async");
}

/* A call through a pointer declared async outside await, pn_spawn and
 * pn_block_on. */
static void check_dyn_call(Unit *u, Node *n)
{
    if (n->nkids == 0 || call_name(u, n) ||
        !type_is_async_fnptr(clang_getCursorType(n->kids[0]->cur)))
        return;
    Node *marker = n->parent;
    if (marker && (marker->kind == NK_AWAIT || marker->kind == NK_SPAWN ||
                   marker->kind == NK_BLOCK_ON) && marker->call == n)
        return;
    node_range(u, n);
    diag_at(u, n->fb, "call through a pointer to an async function without await");
}

/* The kinds check_node acts on: a subtree without any is skipped. */
#define CHECKED_KINDS                                                                         \
    (MARKER_KINDS | KIND_BIT(NK_DECLREF) | KIND_BIT(NK_CALL) | KIND_BIT(NK_STRING) |          \
     KIND_BIT(NK_VARDECL) | KIND_BIT(NK_SIZEOF) | KIND_BIT(NK_CAST))

/* A parameter declared async (of a function declared or defined in the
 * main file, or of a parameter that is a pointer to a function) that is
 * no pointer to an async function, as for a variable.  Bodies are not
 * entered: their declarations are nodes, checked by check_node. */
static enum CXChildVisitResult param_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    Unit *u = data;
    enum CXCursorKind k = clang_getCursorKind(c);
    if (clang_getCursorKind(parent) == CXCursor_ParmDecl && is_async_annotation(u, c)) {
        check_async_decl(u, parent);
        return CXChildVisit_Continue;
    }
    return k == CXCursor_ParmDecl ? CXChildVisit_Recurse : CXChildVisit_Continue;
}

static enum CXChildVisitResult top_param_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    if (clang_getCursorKind(c) == CXCursor_FunctionDecl &&
        clang_Location_isFromMainFile(clang_getCursorLocation(c)))
        clang_visitChildren(c, param_visit, data);
    return CXChildVisit_Continue;
}

/* A typedef, struct, union or enum at file scope that names an async
 * function (typeof, sizeof or _Alignof in a type, an array size or an
 * enumerator): refused, as in a file-scope variable's declaration below;
 * and a member declared async that is no pointer to an async function. */
static enum CXChildVisitResult file_type_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    Unit *u = data;
    if (clang_getCursorKind(parent) == CXCursor_FieldDecl && is_async_annotation(u, c)) {
        check_async_decl(u, parent); /* a member declared async, as a variable */
        return CXChildVisit_Continue;
    }
    if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
        CXCursor r = clang_getCursorReferenced(c);
        if (clang_getCursorKind(r) == CXCursor_FunctionDecl) {
            char buf[128];
            const char *name = cx_name(&u->arena, clang_getCursorSpelling(r), buf, sizeof buf);
            Func *g = func_by_name(u, name);
            if (g && g->is_async)
                diag_at(u, offset_of(u, clang_getCursorLocation(c)),
                        "async function '%s' named in a type at file scope (typeof, sizeof, "
                        "_Alignof): write the type it stands for instead",
                        g->name);
        }
    }
    return CXChildVisit_Recurse;
}

/* An await out of a macro's own body (for any_below). */
static bool from_body(Unit *u, Node *n)
{
    node_range(u, n);
    return n->bkind == LK_BODY;
}

/* f P(4) for #define P(a) (await(g(a))): the call's parentheses and its
 * await come out of P's body, whose text is neither the call's nor the
 * await's; the lowering would write the await's value over the whole of
 * P(4), parentheses and all.  Refused rather than miswritten. */
static void check_call_parens_from_macro(Unit *u, Node *n)
{
    Node *c = n->nkids ? node_strip(n->kids[0]) : NULL;
    if (!c || c->kind != NK_DECLREF)
        return;
    node_range(u, c);
    if (!c->exact || tok_is(u->src, lex_next(u->src, u->len, c->fe), "("))
        return;
    for (unsigned i = 1; i < n->nkids; i++)
        if (any_below(u, n->kids[i], NK_AWAIT, from_body)) {
            diag_at(u, c->fb,
                    "call of '%s' whose parentheses and await both come from a macro's "
                    "body cannot be rewritten (write the parentheses at the call, or the "
                    "call in the macro)",
                    node_name(u, c));
            return;
        }
}

/* sizeof(f()) or typeof(await(f())) of an async f in a file-scope
 * declaration: nothing rewrites those (a function's sites do), and the
 * output has no f to call, so C would take an undeclared f() for an int. */
static void file_scope_unevaluated(Unit *u, Node *n, Func *g)
{
    node_range(u, n);
    diag_at(u, n->fb,
            "async function '%s' called in an operand that is not evaluated (sizeof, "
            "_Alignof, typeof) at file scope: write its result type instead",
            g->name);
}

static void check_node(Walk *w, Node *n)
{
    Unit *u = w->u;
    if (!(n->kinds & CHECKED_KINDS))
        return;
    switch (n->kind) {
    case NK_AWAIT:
        if (n->unevaluated) {
            if (!w->f && n->callee) {
                file_scope_unevaluated(u, n, n->callee);
                return;
            }
            if (!w->async && w->f && n->callee)
                add_site(u, n, SITE_UNEVALUATED); /* typeof(await(f())) in main */
            if (n->callee)
                return;
            break; /* sizeof(await(E)) of another E: what E names is checked */
        }
        node_range(u, n);
        if (n->in_vm_type) {
            diag_at(u, n->fb, "await in a variably modified type (an array size that C "
                              "evaluates, or typeof or sizeof of such a type)");
            break;
        }
        if (!w->async) {
            diag_at(u, n->fb, "await outside an async function");
            break;
        }
        if (!n->callee) {
            not_an_async_call(u, n, "await");
            break;
        }
        if (!n->callee->defined && !n->callee->frame_known)
            diag_at(u, n->fb, "frame layout of '%s' is unknown here (defined in another file)",
                    n->callee->name);
        check_call_args(u, n);
        break;
    case NK_ALL:
    case NK_RACE:
        if (n->in_vm_type) {
            node_range(u, n);
            diag_at(u, n->fb, "%s in a variably modified type (an array size that C "
                              "evaluates, or typeof or sizeof of such a type)",
                    n->kind == NK_RACE ? "pn_race" : "pn_all");
        } else if (!n->unevaluated && !w->async) {
            node_range(u, n);
            diag_at(u, n->fb, "%s outside an async function",
                    n->kind == NK_RACE ? "pn_race" : "pn_all");
        }
        break;
    case NK_SPAWN:
    case NK_BLOCK_ON: {
        if (n->unevaluated)
            break;
        node_range(u, n);
        const char *what = n->kind == NK_SPAWN ? "pn_spawn" : "pn_block_on";
        if (!n->callee) {
            not_an_async_call(u, n, what);
            break;
        }
        check_call_args(u, n);
        if (n->kind == NK_BLOCK_ON && !n->callee->defined && !n->callee->frame_known) {
            diag_at(u, n->fb, "frame layout of '%s' is unknown here (defined in another file)",
                    n->callee->name);
            break;
        }
        if (n->kind == NK_SPAWN)
            n->callee->needs_spawn = true;
        else
            n->callee->needs_block_on = true;
        if (n->spawn_local)
            n->callee->needs_spawn_local = true;
        if (!w->async && w->f) {
            add_site(u, n, n->kind == NK_SPAWN ? SITE_SPAWN : SITE_BLOCK_ON);
            if (u->sites.n > 0 && u->sites.v[u->sites.n - 1].fb == n->fb)
                u->sites.v[u->sites.n - 1].spawn_local = n->spawn_local;
        } else if (w->f) {
            Site s = { 0 };
            s.kind = n->kind == NK_SPAWN ? SITE_SPAWN : SITE_BLOCK_ON;
            s.callee = n->callee;
            s.in_async = true;
            s.fb = n->fb;
            s.top = top_of(u, w->f->fb);
            vec_push(&u->arena, &u->sites, s);
        }
        break;
    }
    case NK_DECLREF: {
        if (!n->callee)
            break;
        Node *p = n->parent;
        Node *c = n;
        while (p && (p->kind == NK_IMPLICIT || p->kind == NK_PAREN)) {
            c = p;
            p = p->parent;
        }
        bool called = p && p->kind == NK_CALL && p->kids[0] == c;
        if (n->unevaluated) {
            /* sizeof(f(x)) stands for a value of f's result type; the
             * function itself has no name in the output to stand for. */
            if (!called) {
                node_range(u, n);
                diag_at(u, n->fb,
                        "async function '%s' named in an operand that is not evaluated "
                        "(sizeof, _Alignof, typeof): only a call of it can stand there",
                        n->callee->name);
            }
            break;
        }
        if (called) {
            Node *marker = p->parent;
            bool ok = marker &&
                      (marker->kind == NK_AWAIT || marker->kind == NK_SPAWN ||
                       marker->kind == NK_BLOCK_ON) &&
                      marker->call == p;
            if (!ok && !inside_refused_marker(p)) {
                node_range(u, p);
                diag_at(u, p->fb, "async function '%s' called without await", n->callee->name);
            }
        } else {
            fn_value(w, n);
        }
        break;
    }
    case NK_CALL: {
        if (w->async && n->has_await && !n->unevaluated)
            check_call_parens_from_macro(u, n);
        if (n->unevaluated && !w->f && unevaluated_callee(n)) {
            file_scope_unevaluated(u, n, unevaluated_callee(n));
            return;
        }
        if (n->unevaluated && !w->async && w->f && unevaluated_callee(n)) {
            add_site(u, n, SITE_UNEVALUATED);
            return;
        }
        if (!n->unevaluated)
            check_dyn_call(u, n);
        if (!w->async || n->unevaluated)
            break;
        const char *name = call_name(u, n);
        if (!name)
            break;
        node_range(u, n);
        if (name_in(name, setjmps, sizeof setjmps / sizeof *setjmps))
            diag_at(u, n->fb, "setjmp in an async function");
        else if (name_in(name, longjmps, sizeof longjmps / sizeof *longjmps))
            diag_at(u, n->fb, "longjmp in an async function");
        else if (name_in(name, allocas, sizeof allocas / sizeof *allocas)) {
            /* Storage of alloca lives until the poll function returns,
             * which an await after it (or around it, in a loop) does. */
            bool across = false;
            for (size_t i = 0; i < w->f->awaits.n && !across; i++)
                if (w->f->awaits.v[i]->node->index > n->index)
                    across = true;
            for (Node *l = n->parent; l && !across; l = l->parent)
                if ((l->kind == NK_WHILE || l->kind == NK_DO || l->kind == NK_FOR) && l->has_await)
                    across = true;
            if (across)
                diag_at(u, n->fb,
                        "alloca in an async function whose storage lives across an await");
        }
        break;
    }
    case NK_STRING:
        if (w->async && w->f)
            function_name_use(u, w->f, n);
        break;
    case NK_VARDECL:
        if (w->f)
            check_cleanup(w, n);
        check_async_variable(u, n);
        break;
    case NK_SIZEOF:
        if (n->nkids && n->kids[0]->unevaluated && mentions_async(n)) {
            n->needs_edit = true;
            if (!w->async && w->f) {
                add_site(u, n, SITE_SIZEOF);
                return; /* the site replaces it all */
            }
            /* In an async function the lowering rewrites what it calls;
             * at file scope nothing does: the walk below refuses it. */
        }
        break;
    case NK_CAST:
        if (!n->unevaluated)
            check_cast(u, n);
        break;
    default: break;
    }
    for (unsigned i = 0; i < n->nkids; i++)
        check_node(w, n->kids[i]);
}

/* ------------------------------------------------------------------ */
/* Async functions                                                      */
/* ------------------------------------------------------------------ */

/* While f's awaits are numbered, a function already among its callees is
 * marked with CALLEE_LISTED in its visit field (which the recursion check
 * only uses later, starting from 0), so that listing the callees of a
 * function with many awaits takes time linear in them; list_callees_done
 * clears the marks. */
enum { CALLEE_LISTED = 3 };

static void add_callee(Unit *u, Func *f, Func *g)
{
    if (g->visit == CALLEE_LISTED)
        return;
    g->visit = CALLEE_LISTED;
    vec_push(&u->arena, &f->callees, g);
}

static void list_callees_done(Func *f)
{
    for (size_t i = 0; i < f->callees.n; i++)
        f->callees.v[i]->visit = 0;
}


/* pn_all / pn_race: one await point whose branches run side by side. */
static void number_concurrent(Unit *u, Func *f, Node *n)
{
    Await *a = arena_alloc(&u->arena, sizeof *a);
    a->index = (unsigned)f->awaits.n + 1;
    a->node = n;
    a->race = n->kind == NK_RACE;
    a->branches = arena_alloc(&u->arena, n->nkids * sizeof(Branch));
    node_range(u, n);
    a->line = n->line;
    n->await = a;
    vec_push(&u->arena, &f->awaits, a);
    const char *what = a->race ? "pn_race" : "pn_all";
    if (n->nkids > 32)
        diag_at(u, n->fb, "%s with more than 32 branches", what);
    for (unsigned i = 0; i < n->nkids; i++) {
        Node *b = node_strip(n->kids[i]);
        Branch *br = &a->branches[a->nbranches];
        if (b && b->kind == NK_BINARY && b->nkids == 2) {
            node_op(u, b);
            if (b->op == OP_ASSIGN) {
                br->lvalue = b->kids[0];
                b = node_strip(b->kids[1]);
            }
        }
        if (!b || b->kind != NK_AWAIT || !b->callee) {
            node_range(u, n->kids[i]);
            diag_at(u, n->kids[i]->fb, "a branch of %s must be await(CALL) or LVALUE = await(CALL)",
                    what);
            continue;
        }
        if (br->lvalue && br->lvalue->has_await) {
            node_range(u, br->lvalue);
            diag_at(u, br->lvalue->fb, "the target of a %s branch cannot await", what);
        }
        b->branch = true;
        br->await = b;
        br->callee = b->callee;
        a->nbranches++;
        if (!b->callee->dyn)
            add_callee(u, f, b->callee);
    }
}

/* An await point C evaluates is has_await, and so is every node around
 * it (mark_awaits): a subtree that is not holds none. */
static void number_awaits(Unit *u, Func *f, Node *n)
{
    if (!n->has_await)
        return;
    if ((n->kind == NK_ALL || n->kind == NK_RACE) && !n->unevaluated)
        number_concurrent(u, f, n);
    if (n->kind == NK_AWAIT && !n->unevaluated && n->callee && !n->branch) {
        Await *a = n->await ? n->await : arena_alloc(&u->arena, sizeof *a);
        a->index = (unsigned)f->awaits.n + 1;
        a->node = n;
        a->callee = n->callee;
        node_range(u, n);
        node_range(u, n->call);
        a->line = n->call->line ? n->call->line : n->line;
        n->await = a;
        vec_push(&u->arena, &f->awaits, a);
        if (n->callee->dyn)
            a->boxed = false; /* its frame is in the pools anyway */
        else if (!a->boxed)
            add_callee(u, f, n->callee);
    }
    for (unsigned i = 0; i < n->nkids; i++)
        number_awaits(u, f, n->kids[i]);
}

static void addr_taken(Unit *u, Node *n)
{
    if (!(n->kinds & KIND_BIT(NK_UNARY)))
        return;
    /* Cheap first: an & written in the file starts with '&'. */
    unsigned off = n->kind == NK_UNARY ? offset_of(u, clang_getCursorLocation(n->cur)) : 0;
    bool maybe = off && (u->src[off] == '&' || expansion_at(u, off));
    if (n->kind == NK_UNARY && maybe && n->op == OP_NONE && u->src[off] == '&' &&
        u->src[off + 1] != '&' && u->src[off + 1] != '=' && n->nkids == 1) {
        /* The unary operator begins with an '&' written in the file, which
         * only the prefix & spells: a postfix operator begins with its
         * operand, which begins with '&' only when it is one too, and
         * `&&label` is no unary operator.  What node_op would read, at
         * less than a tenth of the cost (it asks libclang for three
         * extents). */
        n->op = OP_ADDR;
        n->optext = "&";
    }
    if (n->kind == NK_UNARY && maybe) {
        node_op(u, n);
        if (n->op == OP_ADDR) {
            Node *k = node_strip(n->kids[0]);
            while (k && (k->kind == NK_MEMBER || k->kind == NK_SUBSCRIPT) && k->nkids)
                k = node_strip(k->kids[0]);
            if (k && k->kind == NK_DECLREF && k->local)
                k->local->addr_taken = true;
        }
    }
    for (unsigned i = 0; i < n->nkids; i++)
        addr_taken(u, n->kids[i]);
}

/* Which locals may hold a value across a suspension: those of a block
 * holding an await point (a local's value does not survive leaving its
 * block, and only there can control suspend while it exists).  Only they
 * may end up in the frame; liveness.c decides which do once the body is
 * lowered.  A variably modified local cannot be in the frame: one whose
 * scope has an await after its declaration is refused here.  One with a
 * cleanup function stays declared as written (its scope holds no await,
 * analyze checks). */
static void frame_candidates(Unit *u, Func *f)
{
    for (size_t i = 0; i < f->locals.n; i++) {
        Local *l = f->locals.v[i];
        if (l->is_param) {
            l->may_frame = *l->name != '\0';
            continue;
        }
        /* A cleanup local of a function none of whose cleanups lives across
         * an await stays a C local: the compiler runs its cleanup. */
        if (l->is_static || l->is_extern || !l->scope || (l->cleanup && !l->cleanup_across))
            continue;
        /* The awaits are numbered in the order of the body (await_in). */
        bool after = await_in(f, l->node->last, l->scope->last);
        bool before = l->scope->index ? await_in(f, l->scope->index - 1, l->node->last)
                                      : f->awaits.n && f->awaits.v[0]->node->index <= l->node->last;
        if (l->is_vm) {
            if (after)
                diag_at_cursor(u, l->decl, "variable-length array '%s' lives across an await",
                               l->name);
            continue;
        }
        l->may_frame = before || after || l->cleanup_across;
    }
}

/* ---- hoisting body-local types ---- */

static bool decl_in_body(Unit *u, Func *f, CXCursor decl)
{
    if (clang_Cursor_isNull(decl) || !f->body)
        return false;
    CXFile file = NULL;
    unsigned off = 0;
    clang_getFileLocation(clang_getCursorLocation(decl), &file, NULL, NULL, &off);
    if (!file || !clang_File_isEqual(file, u->file))
        return false;
    node_range(u, f->body);
    return off > f->body->fb && off < f->body->fe;
}

static Node *find_typedecl(Node *n, CXCursor decl)
{
    if (n->kind == NK_TYPEDECL && clang_equalCursors(n->cur, decl))
        return n;
    for (unsigned i = 0; i < n->nkids; i++) {
        Node *r = find_typedecl(n->kids[i], decl);
        if (r)
            return r;
    }
    return NULL;
}

static void hoist_type(Unit *u, Func *f, CXType t, int depth);

static enum CXVisitorResult hoist_field(CXCursor c, CXClientData d)
{
    void **ctx = d;
    hoist_type(ctx[0], ctx[1], clang_getCursorType(c), 1);
    return CXVisit_Continue;
}

static void hoist_decl(Unit *u, Func *f, CXCursor decl)
{
    decl = clang_getCanonicalCursor(decl);
    if (!decl_in_body(u, f, decl))
        return;
    for (size_t i = 0; i < f->hoists.n; i++)
        if (clang_equalCursors(f->hoists.v[i]->decl, decl))
            return;
    Node *node = find_typedecl(f->body, decl);
    if (node && node->parent && node->parent->kind == NK_TYPEDECL) {
        /* struct { ... } inside a typedef moves with the typedef. */
        hoist_decl(u, f, node->parent->cur);
        return;
    }
    if (!node) {
        /* Not a declaration of its own: an anonymous struct inside a
         * typedef travels with the typedef. */
        return;
    }
    Hoist *h = arena_alloc(&u->arena, sizeof *h);
    h->decl = decl;
    h->node = node;
    h->old_name = node_name(u, node);
    h->anonymous = clang_Cursor_isAnonymous(decl) || !*h->old_name ||
                   strstr(h->old_name, "(unnamed") || strstr(h->old_name, "(anonymous");
    const char *base = h->anonymous ? "anon" : h->old_name;
    const char *name = arena_printf(&u->arena, "%s__%s", f->name, base);
    for (unsigned k = 1;; k++) {
        bool clash = false;
        for (size_t i = 0; i < f->hoists.n; i++)
            clash |= strcmp(f->hoists.v[i]->new_name, name) == 0;
        if (!clash)
            break;
        name = arena_printf(&u->arena, "%s__%s_%u", f->name, base, k);
    }
    h->new_name = name;
    node->hoist = h;
    vec_push(&u->arena, &f->hoists, h);
    u->nhoists++;
    /* What the moved declaration itself needs moves too. */
    enum CXCursorKind k = clang_getCursorKind(decl);
    if (k == CXCursor_TypedefDecl) {
        hoist_type(u, f, clang_getTypedefDeclUnderlyingType(decl), 1);
    } else if (k == CXCursor_StructDecl || k == CXCursor_UnionDecl) {
        void *ctx[2] = { u, f };
        clang_Type_visitFields(clang_getCursorType(decl), hoist_field, ctx);
    }
}

static void hoist_type(Unit *u, Func *f, CXType t, int depth)
{
    if (depth > 32)
        return;
    switch (t.kind) {
    case CXType_Pointer: hoist_type(u, f, clang_getPointeeType(t), depth + 1); return;
    case CXType_ConstantArray:
    case CXType_IncompleteArray:
    case CXType_VariableArray: hoist_type(u, f, clang_getArrayElementType(t), depth + 1); return;
    case CXType_FunctionProto:
    case CXType_FunctionNoProto: {
        hoist_type(u, f, clang_getResultType(t), depth + 1);
        int n = clang_getNumArgTypes(t);
        for (int i = 0; i < n; i++)
            hoist_type(u, f, clang_getArgType(t, (unsigned)i), depth + 1);
        return;
    }
    case CXType_Elaborated: hoist_type(u, f, clang_Type_getNamedType(t), depth + 1); return;
    case CXType_Typedef:
    case CXType_Record:
    case CXType_Enum: hoist_decl(u, f, clang_getTypeDeclaration(t)); return;
    default: return;
    }
}

/* Types a temporary of the lowering may take: the operands of an
 * expression containing an await, and the expression itself. */
static void hoist_temp_types(Unit *u, Func *f, Node *n)
{
    if (!n->has_await)
        return; /* nor has any node under it */
    if (n->has_await && n->is_expr) {
        hoist_type(u, f, clang_getCursorType(n->cur), 0);
        for (unsigned i = 0; i < n->nkids; i++)
            if (n->kids[i]->is_expr)
                hoist_type(u, f, clang_getCursorType(n->kids[i]->cur), 0);
    }
    for (unsigned i = 0; i < n->nkids; i++)
        hoist_temp_types(u, f, n->kids[i]);
}

/* ---- marking what the lowering must rewrite ---- */

/* The kinds mark_edits may find an edit in, and those whose needs_edit
 * an earlier check may have set (fn_value: the references and what is
 * around them, sizeof, compound literals): in a subtree without any,
 * nothing needs an edit. */
#define EDITED_KINDS                                                                          \
    (MARKER_KINDS | KIND_BIT(NK_DECLREF) | KIND_BIT(NK_VARDECL) | KIND_BIT(NK_RETURN) |       \
     KIND_BIT(NK_CONTINUE) | KIND_BIT(NK_TYPEDECL) | KIND_BIT(NK_REF) | KIND_BIT(NK_SIZEOF) |  \
     KIND_BIT(NK_COMPOUND_LITERAL))

static bool mark_edits(Unit *u, Func *f, Node *n)
{
    if (!(n->kinds & EDITED_KINDS))
        return false;
    bool edit = n->needs_edit;
    switch (n->kind) {
    case NK_DECLREF:
        if (n->local && n->local->may_frame)
            edit = true;
        break;
    case NK_VARDECL:
        if (n->local && n->local->may_frame)
            edit = true;
        break;
    case NK_RETURN:
    case NK_SPAWN:
    case NK_BLOCK_ON:
    case NK_AWAIT:
    case NK_ALL:
    case NK_RACE: edit = true; break;
    case NK_CONTINUE:
        if (n->target && n->target->cont_label) {
            n->rewrite_continue = true;
            n->target->cont_used = true;
            edit = true;
        }
        break;
    case NK_TYPEDECL:
        if (n->hoist)
            edit = true;
        break;
    case NK_REF: {
        if (!f->hoists.n)
            break;
        CXCursor ref = clang_getCanonicalCursor(clang_getCursorReferenced(n->cur));
        for (size_t i = 0; i < f->hoists.n; i++)
            if (clang_equalCursors(f->hoists.v[i]->decl, ref)) {
                n->hoist = f->hoists.v[i];
                edit = true;
            }
        break;
    }
    default: break;
    }
    for (unsigned i = 0; i < n->nkids; i++)
        if (mark_edits(u, f, n->kids[i]))
            edit = true;
    n->needs_edit = edit;
    return edit;
}

/* A compound literal lives until its block ends; one that an await can
 * outlast is given frame storage by the lowering. */
static void frame_literals(Unit *u, Func *f, Node *n)
{
    if (!(n->kinds & KIND_BIT(NK_COMPOUND_LITERAL)))
        return;
    if (n->kind == NK_COMPOUND_LITERAL && !n->unevaluated) {
        Node *block = n->parent;
        while (block && block->kind != NK_COMPOUND && block->kind != NK_STMTEXPR)
            block = block->parent;
        if (block && await_in(f, n->index, block->last)) {
            n->frame_literal = true;
            n->needs_edit = true;
            hoist_type(u, f, clang_getCursorType(n->cur), 0);
        }
    }
    for (unsigned i = 0; i < n->nkids; i++)
        frame_literals(u, f, n->kids[i]);
}

static void continue_labels(Unit *u, Func *f, Node *n)
{
    if (!n->has_await)
        return; /* a loop whose continue needs a label holds an await */
    if (n->kind == NK_DO && n->nkids == 2 && n->kids[1]->has_await)
        n->cont_label = ++f->next_label;
    if (n->kind == NK_FOR) {
        Node *init, *cond, *inc, *body;
        if (for_parts(u, n, &init, &cond, &inc, &body) && inc && inc->has_await)
            n->cont_label = ++f->next_label;
    }
    for (unsigned i = 0; i < n->nkids; i++)
        continue_labels(u, f, n->kids[i]);
}

/* A return whose text is not in the file (it comes out of a macro's
 * body), so that it cannot be edited into the poll function's return. */
static bool not_exact(Unit *u, Node *n)
{
    node_range(u, n);
    return !n->exact;
}

static bool return_out_of_macro(Unit *u, Node *n)
{
    return any_below(u, n, NK_RETURN, not_exact);
}

/* A statement expression without an await whose text cannot be kept,
 * because a return inside it comes out of a macro's body
 * (`#define TRY(e) ({ long r = (e); if (r < 0) return r; r; })` around a
 * plain call): the lowering rebuilds it from its statements, as it does
 * one that awaits, so from here on it counts as one (has_await), and so
 * does everything around it. */
static void mark_rebuilt_stmtexprs(Unit *u, Node *n)
{
    if (!(n->kinds & KIND_BIT(NK_STMTEXPR)))
        return;
    for (unsigned i = 0; i < n->nkids; i++)
        mark_rebuilt_stmtexprs(u, n->kids[i]);
    if (n->kind == NK_STMTEXPR && !n->has_await && !n->unevaluated && return_out_of_macro(u, n))
        for (Node *p = n; p && !p->has_await; p = p->parent)
            p->has_await = true;
}

static void analyze_async(Unit *u, Func *f)
{
    if (f->is_variadic)
        diag_at_cursor(u, f->cur, "variadic async function '%s'", f->name);
    mark_rebuilt_stmtexprs(u, f->body);
    number_awaits(u, f, f->body);
    list_callees_done(f);
    mark_cleanups(u, f);
    addr_taken(u, f->body);
}

/* After the misuse checks (which mark the locals with cleanup functions):
 * what the lowering needs to know. */
static void prepare_lowering(Unit *u, Func *f)
{
    frame_candidates(u, f);
    for (size_t i = 0; i < f->locals.n; i++)
        if (f->locals.v[i]->may_frame)
            hoist_type(u, f, f->locals.v[i]->type, 0);
    hoist_temp_types(u, f, f->body);
    frame_literals(u, f, f->body);
    continue_labels(u, f, f->body);
    mark_edits(u, f, f->body);
}

/* ------------------------------------------------------------------ */
/* Recursion                                                            */
/* ------------------------------------------------------------------ */

typedef struct Path {
    VEC(Func *) funcs;
    VEC(Await *) via;
} Path;

static void dfs(Unit *u, Func *f, Path *path);

static void dfs_edge(Unit *u, Path *path, Await *a, Func *g)
{
    if (a->boxed || !g || !g->defined || !g->body)
        return;
    vec_push(&u->arena, &path->via, a);
    if (g->visit == 1) {
        size_t start = 0;
        while (path->funcs.v[start] != g)
            start++;
        Buf b = { 0 };
        for (size_t k = start; k < path->funcs.n; k++)
            buf_printf(&b, "%s -> ", path->funcs.v[k]->name);
        buf_puts(&b, g->name);
        Node *at = path->via.v[start]->node;
        node_range(u, at);
        diag_at(u, at->fb, "recursive async call without boxing: %s", b.data);
        buf_free(&b);
    } else if (g->visit == 0) {
        dfs(u, g, path);
    }
    path->via.n--;
}

static void dfs(Unit *u, Func *f, Path *path)
{
    f->visit = 1;
    vec_push(&u->arena, &path->funcs, f);
    for (size_t i = 0; i < f->awaits.n; i++) {
        Await *a = f->awaits.v[i];
        if (!a->nbranches)
            dfs_edge(u, path, a, a->callee);
        for (unsigned k = 0; k < a->nbranches; k++)
            dfs_edge(u, path, a, a->branches[k].callee);
    }
    path->funcs.n--;
    f->visit = 2;
}

/* ------------------------------------------------------------------ */
/* Markers the tree does not show                                       */
/* ------------------------------------------------------------------ */

typedef VEC(unsigned) Offsets;

static void marker_offsets(Unit *u, Node *n, Offsets *out)
{
    if (!(n->kinds & MARKER_KINDS))
        return;
    if (is_marker_kind(n->kind)) {
        node_range(u, n);
        vec_push(&u->arena, out, n->fb);
    }
    for (unsigned i = 0; i < n->nkids; i++)
        marker_offsets(u, n->kids[i], out);
}

/* libclang shows no cursor for an expression in some type names (the
 * type of a _Generic association), so an await written there would be
 * copied as text, neither erased nor lowered: every dialect macro written
 * in the body must have its node. */
static int cmp_unsigned(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

static void check_hidden_markers(Unit *u, Func *f)
{
    Offsets seen = { 0 };
    marker_offsets(u, f->body, &seen);
    /* Both in increasing order, the expansions from the first in f: one
     * pass over each, whatever the number of markers. */
    if (seen.n)
        qsort(seen.v, seen.n, sizeof *seen.v, cmp_unsigned);
    size_t i = 0, hi = u->expansions.n, j = 0;
    while (i < hi) {
        size_t mid = i + (hi - i) / 2;
        if (u->expansions.v[mid].begin < f->fb)
            i = mid + 1;
        else
            hi = mid;
    }
    for (; i < u->expansions.n; i++) {
        Expansion *x = &u->expansions.v[i];
        if (x->begin >= f->fe)
            break;
        if (!x->marker)
            continue;
        Tok t = lex_next(u->src, u->len, x->begin);
        if (tok_is(u->src, t, "async") || tok_is(u->src, t, "pn_async") ||
            tok_is(u->src, t, "pn_boxed"))
            continue;
        while (j < seen.n && seen.v[j] < x->begin)
            j++;
        if (j == seen.n || seen.v[j] != x->begin)
            diag_at(u, x->begin, "%.*s in a type name that cannot be rewritten (such as the "
                                 "type of a _Generic association); declare the type with a "
                                 "typedef first",
                    (int)(t.end - t.begin), u->src + t.begin);
    }
}

/* ------------------------------------------------------------------ */

void analyze_unit(Unit *u)
{
    for (size_t i = 0; i < u->attributed.n; i++)
        check_decl_attributes(u, u->attributed.v[i]);
    for (size_t i = 0; i < u->funcs.n; i++) {
        Func *f = u->funcs.v[i];
        if (f->defined && f->is_async && f->body)
            analyze_async(u, f);
    }
    for (size_t i = 0; i < u->funcs.n; i++) {
        Func *f = u->funcs.v[i];
        if (!f->body)
            continue;
        Walk w = { u, f, f->is_async };
        check_node(&w, f->body);
        check_hidden_markers(u, f);
        if (f->is_async && f->defined)
            u->any_async_use = true;
    }
    for (size_t i = 0; i < u->funcs.n; i++)
        if (u->funcs.v[i]->has_proto_in_main)
            u->any_async_use = true;
    for (size_t i = 0; i < u->inits.n; i++) {
        Walk w = { u, NULL, false };
        check_node(&w, u->inits.v[i]->body);
    }
    bool any_async = false;
    for (size_t i = 0; i < u->funcs.n && !any_async; i++)
        any_async = u->funcs.v[i]->is_async;
    for (size_t i = 0; any_async && i < u->file_types.n; i++)
        clang_visitChildren(u->file_types.v[i], file_type_visit, u);
    if (any_async || u->async_written)
        clang_visitChildren(clang_getTranslationUnitCursor(u->tu), top_param_visit, u);
    for (size_t i = 0; i < u->funcs.n; i++) {
        Func *f = u->funcs.v[i];
        if (f->defined && f->is_async && f->body)
            prepare_lowering(u, f);
    }
    Path path = { { 0 }, { 0 } };
    for (size_t i = 0; i < u->funcs.n; i++) {
        Func *f = u->funcs.v[i];
        if (f->defined && f->is_async && f->body && f->visit == 0)
            dfs(u, f, &path);
    }
    for (size_t i = 0; i < u->funcs.n; i++)
        u->funcs.v[i]->visit = 0;
}
