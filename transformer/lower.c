/*
 * lower.c — an async body → statements a state machine can run.
 *
 * The output of this phase is a tree of LStmt whose expressions are Expr
 * piece lists (original text ranges, fields of the generated code, locals,
 * types, literal strings); emit.c turns it into C text.  Nothing here
 * prints C.  The lowering runs before liveness.c chooses the frame: a
 * local that may be in the frame is a PC_LOCAL piece (noting whether the
 * step reads it, certainly writes it or lets its address escape, which
 * liveness.c reads), its declaration an L_DECL, and the temporaries made
 * here are Locals of their own.
 *
 * Statements without an await keep their original text, with the few
 * edits the frame needs (a local that may be in the frame, `return`
 * stores pn__ret, a `continue` that must run a lowered increment becomes a
 * goto, pn_spawn/pn_block_on call generated helpers).  A statement that
 * contains an await is rebuilt around its await points:
 *
 *  - expressions are evaluated left to right; an operand evaluated before
 *    a later sibling's await is saved in a frame temporary unless it is
 *    stable (a constant, or a local whose address is never taken);
 *    operands that must stay lvalues stay in place;
 *  - `&&`, `||` and `?:` become if statements, so an operand that is not
 *    evaluated performs no await; `,` becomes a statement;
 *  - a statement expression with an await (or with a return out of a
 *    macro's body, which cannot be edited in place) becomes a block of
 *    statements, its value a temporary (lower_stmtexpr());
 *  - loop conditions with an await move into the body
 *    (`for (;;) { ...; if (!(c)) break; ... }`), a for increment with an
 *    await moves to a label at the end of the body that `continue` jumps
 *    to, a do-while condition likewise;
 *  - an await point itself is L_AWAIT: initialise the child frame in the
 *    shared child union, set the state, resume label, poll; pn_all and
 *    pn_race are one await point polling several children (L_CONCURRENT).
 *
 * When a node's text cannot be copied (it comes out of a macro body, or
 * an edit falls inside a macro argument that the macro might stringify),
 * the expression is rebuilt from its children; see render().  Macros of
 * the C library keep their invocations whatever happens inside their
 * arguments (lower_system_macro()): their expansions differ between
 * compilers.
 */
#include "transform.h"

#include <stdlib.h>
#include <string.h>

/* A block being lowered and the cleanup_across locals it has declared so
 * far, in order (analyze.c marks them). */
typedef struct CScope {
    Node *node;
    VEC(Local *) locals;
} CScope;

typedef struct Lower {
    Unit *u;
    Func *f;
    LBlock *cur;
    Node *last_await; /* the await whose result may be read in place */
    VEC(CScope) scopes; /* the blocks around the statement being lowered */
    unsigned pos;     /* LStmt.pos of the statements made now */
    Local **by_scope; /* the body's locals by block, then declaration */
    size_t nby_scope;
} Lower;

/* ------------------------------------------------------------------ */
/* Building Exprs and statements                                        */
/* ------------------------------------------------------------------ */

Expr *expr_new(Unit *u)
{
    return arena_alloc(&u->arena, sizeof(Expr));
}

static void ex_src(Unit *u, Expr *e, unsigned a, unsigned b)
{
    if (b > a) {
        Piece p = { .kind = PC_SRC, .a = a, .b = b };
        vec_push(&u->arena, &e->p, p);
    }
}

static void ex_str(Unit *u, Expr *e, const char *s)
{
    Piece p = { .kind = PC_STR, .s = s };
    vec_push(&u->arena, &e->p, p);
}

static void ex_field(Unit *u, Expr *e, const char *name)
{
    Piece p = { .kind = PC_FIELD, .s = name };
    vec_push(&u->arena, &e->p, p);
}

static void ex_type(Unit *u, Expr *e, CXType t, const char *name)
{
    Piece p = { .kind = PC_TYPE, .type = t, .s = name };
    vec_push(&u->arena, &e->p, p);
}

static void ex_list(Unit *u, Expr *e, Expr *sub)
{
    if (!sub)
        return;
    Piece p = { .kind = PC_LIST, .list = sub };
    vec_push(&u->arena, &e->p, p);
}

/* A local, spelled once the frame is chosen; access: what evaluating the
 * piece does to it (LA_ flags, for liveness.c). */
static void ex_local(Unit *u, Expr *e, Local *l, unsigned access)
{
    Piece p = { .kind = PC_LOCAL, .local = l, .a = access };
    vec_push(&u->arena, &e->p, p);
}

static Expr *ex_of_local(Unit *u, Local *l, unsigned access)
{
    Expr *e = expr_new(u);
    ex_local(u, e, l, access);
    return e;
}

static Expr *ex_of_str(Unit *u, const char *s)
{
    Expr *e = expr_new(u);
    ex_str(u, e, s);
    return e;
}

static Expr *ex_of_field(Unit *u, const char *name)
{
    Expr *e = expr_new(u);
    ex_field(u, e, name);
    return e;
}

static LStmt *stmt(Lower *L, LKind kind, unsigned line)
{
    LStmt *s = arena_alloc(&L->u->arena, sizeof *s);
    s->kind = kind;
    s->line = line;
    s->pos = L->pos;
    vec_push(&L->u->arena, &L->cur->s, s);
    return s;
}

/* ---- scope-bound cleanup ----------------------------------------- */

/* cleanup_fn(&local) for each cleanup_across local of the scopes from the
 * innermost down to (not including) index `keep`, innermost first and in
 * reverse order of declaration: what leaving those scopes runs. */
static void run_cleanups(Lower *L, size_t keep, unsigned line);
static void note_cleanups(Lower *L, Await *a);

static void scope_push(Lower *L, Node *n)
{
    if (!L->f->has_cleanup_across)
        return;
    CScope sc = { n, { 0 } };
    vec_push(&L->u->arena, &L->scopes, sc);
}

/* The block ends: its cleanups run when control falls off its end. */
static void scope_pop(Lower *L, Node *n, unsigned line)
{
    if (!L->f->has_cleanup_across || !L->scopes.n || L->scopes.v[L->scopes.n - 1].node != n)
        return;
    /* Nothing falls off the end of a block that ends in a jump. */
    LBlock *b = L->cur;
    LKind last = b->s.n ? b->s.v[b->s.n - 1]->kind : L_EXPR;
    if (last != L_RETURN && last != L_BREAK && last != L_CONTINUE && last != L_GOTO)
        run_cleanups(L, L->scopes.n - 1, line);
    L->scopes.n--;
}

/* How many scopes enclose the statement t (a loop, switch or label):
 * those whose node contains it. */
static size_t scopes_around(Lower *L, Node *t)
{
    size_t k = 0;
    while (k < L->scopes.n && L->scopes.v[k].node->index <= t->index &&
           t->index <= L->scopes.v[k].node->last)
        k++;
    return k;
}

/* A local of the innermost scope is declared: from here on, leaving the
 * scope runs its cleanup. */
static void scope_declares(Lower *L, Local *l)
{
    if (l->cleanup_across && L->scopes.n)
        vec_push(&L->u->arena, &L->scopes.v[L->scopes.n - 1].locals, l);
}

static LBlock *block_new(Lower *L)
{
    return arena_alloc(&L->u->arena, sizeof(LBlock));
}

/* A single piece that is a frame field or "(void)0": evaluating it as a
 * statement would do nothing. */
/* Counts the pieces of e that do something: a frame field or "(void)0"
 * count as one "value" each, parentheses and spaces as nothing. */
static void weigh(Expr *e, int *values, int *other)
{
    for (size_t i = 0; e && i < e->p.n; i++) {
        Piece *p = &e->p.v[i];
        if (p->kind == PC_LIST) {
            weigh(p->list, values, other);
        } else if (p->kind == PC_FIELD || p->kind == PC_LOCAL) {
            (*values)++;
        } else if (p->kind == PC_STR && strcmp(p->s, "(void)0") == 0) {
            (*values)++;
        } else if (p->kind == PC_STR && strspn(p->s, "() ") == strlen(p->s)) {
            continue;
        } else {
            (*other)++;
        }
    }
}

/* A value with no effect (a frame field, "(void)0", in parentheses):
 * evaluating it as a statement would do nothing. */
static bool trivial(Expr *e)
{
    int values = 0, other = 0;
    weigh(e, &values, &other);
    return other == 0 && values <= 1;
}

static CXType canon(CXType t)
{
    return clang_getCanonicalType(t);
}

static bool is_array(CXType t)
{
    CXType c = canon(t);
    return c.kind == CXType_ConstantArray || c.kind == CXType_IncompleteArray ||
           c.kind == CXType_VariableArray;
}

/* ------------------------------------------------------------------ */
/* Temporaries                                                          */
/* ------------------------------------------------------------------ */

/* A temporary is a local like the others (liveness.c decides whether it
 * needs the frame), named pn__tN. */
static Local *temp_new(Lower *L, CXType t)
{
    Func *f = L->f;
    Local *l = arena_alloc(&L->u->arena, sizeof *l);
    l->is_temp = true;
    l->may_frame = true;
    l->type = t;
    l->decl = clang_getNullCursor();
    l->name = l->field = arena_printf(&L->u->arena, "pn__t%u", ++f->ntemps);
    vec_push(&L->u->arena, &f->locals, l);
    return l;
}

static Expr *to_local(Unit *u, Local *l)
{
    return ex_of_local(u, l, LA_WRITE);
}

static const char *await_ret(Lower *L, Await *a)
{
    return arena_printf(&L->u->arena, "pn__aw.pn__a%u.pn__ret", a->index);
}

static bool has_const_member(CXType t, int depth);

/* dest = value, for any type: a struct with const members cannot be
 * assigned, so it is initialised as a variable and copied. */
static void store(Lower *L, Expr *dest, Expr *value, CXType t, unsigned line)
{
    Unit *u = L->u;
    if (!has_const_member(t, 0)) {
        LStmt *s = stmt(L, L_EXPR, line);
        s->e = expr_new(u);
        ex_list(u, s->e, dest);
        ex_str(u, s->e, " = ");
        ex_list(u, s->e, value);
        return;
    }
    LStmt *blk = stmt(L, L_BLOCK, line);
    blk->body = block_new(L);
    LBlock *saved = L->cur;
    L->cur = blk->body;
    LStmt *d = stmt(L, L_EXPR, line);
    d->is_decl = true;
    d->e = expr_new(u);
    ex_type(u, d->e, t, "pn__v");
    ex_str(u, d->e, " = ");
    ex_list(u, d->e, value);
    LStmt *c = stmt(L, L_EXPR, line);
    c->e = expr_new(u);
    ex_str(u, c->e, "__builtin_memcpy((void *)&");
    ex_list(u, c->e, dest);
    ex_str(u, c->e, ", &pn__v, sizeof pn__v)");
    L->cur = saved;
}

/* ------------------------------------------------------------------ */
/* Rendering: an expression's text, with the frame's edits               */
/* ------------------------------------------------------------------ */

static Expr *render(Lower *L, Node *n);
static Expr *structural(Lower *L, Node *n);

typedef struct Edit {
    unsigned a, b;
    Expr *e;
    bool weak; /* from an unevaluated copy of a macro argument */
} Edit;
typedef VEC(Edit) Edits;

/* Replacing [k->fb, k->fe) inside the copied text of `root` is unsafe when
 * k lies strictly inside a macro invocation that the copy keeps: the
 * macro might stringify or paste its argument. */
static bool edit_safe(Unit *u, Node *root, Node *k)
{
    for (size_t i = 0; i < u->rewriting.n; i++) {
        Expansion *x = &u->rewriting.v[i];
        if (x->begin >= root->fe)
            break;
        if (!x->rewrites || x->system || x->begin < root->fb || x->end > root->fe)
            continue;
        bool inside = x->begin <= k->fb && k->fb < x->end;
        bool covers = k->fb <= x->begin && k->fe >= x->end;
        if (inside && !covers)
            return false;
    }
    return true;
}

static const char *return_prefix(Lower *L, bool has_value)
{
    if (!has_value)
        return "(pn__self->pn__hdr.pn__state = PN__STATE_DONE, PN_READY)";
    return L->f->is_void ? "((void)(" : "(pn__self->pn__ret = (";
}

static const char *return_suffix(void)
{
    return "), pn__self->pn__hdr.pn__state = PN__STATE_DONE, PN_READY)";
}

static Expr *helper_call(Lower *L, Node *n);
static Expr *frame_literal(Lower *L, Node *n);
static Expr *text_with_edits(Lower *L, Node *n);

/* Where an async call is not evaluated (sizeof, typeof, _Generic): a call
 * of a null pointer to a function of its result type, so the output
 * never names the async function, the type is exactly a call's (typeof
 * drops the return type's qualifiers as it does for f()), and no
 * compiler sees a constant where the program had a call. */
static Expr *unevaluated_value(Lower *L, Func *f)
{
    Unit *u = L->u;
    Expr *e = expr_new(u);
    ex_str(u, e, "((");
    Piece p = { .kind = PC_TYPE, .type = f->ret_type, .s = "(*)(void)", .a = 1 };
    vec_push(&u->arena, &e->p, p);
    ex_str(u, e, ")0)()");
    return e;
}

/* What evaluating the reference to a local does to it, for liveness.c:
 * read, or, as the left side of a plain `=`, written; certainly written
 * when nothing around the assignment that stays in the same lowered step
 * may skip it (an `&&`, `||`, `?:` or _Generic the lowering keeps, a
 * statement expression copied as text); its address may escape. */
static unsigned ref_access(Unit *u, Node *ref)
{
    if (ref->unevaluated)
        return 0;
    unsigned esc = ref_escapes(u, ref) ? LA_ESCAPE : 0;
    Node *c = ref, *p = ref->parent;
    while (p && (p->kind == NK_PAREN || p->kind == NK_IMPLICIT)) {
        c = p;
        p = p->parent;
    }
    if (!p || p->kind != NK_BINARY || p->nkids != 2 || p->kids[0] != c)
        return esc | LA_READ;
    node_op(u, p);
    if (p->op != OP_ASSIGN)
        return esc | LA_READ;
    for (c = p, p = p->parent; p && p->is_expr; c = p, p = p->parent) {
        if (p->kind == NK_BINARY && p->nkids == 2 && c == p->kids[1]) {
            node_op(u, p);
            if (p->op == OP_LAND || p->op == OP_LOR)
                return esc | (c->has_await ? LA_WRITE : 0); /* lowered into an if, or kept */
        }
        if (p->kind == NK_CONDITIONAL && p->nkids == 3 && c != p->kids[0])
            return esc | (p->kids[1]->has_await || p->kids[2]->has_await ? LA_WRITE : 0);
        if (p->kind == NK_GENERIC)
            return esc | (p->has_await ? LA_WRITE : 0);
        if (p->kind == NK_ALL || p->kind == NK_RACE || p->kind == NK_STMTEXPR)
            return esc;
    }
    /* The statement of a statement expression: a step of its own when the
     * lowering rebuilds it, else part of the text around it. */
    for (; p; p = p->parent)
        if (p->kind == NK_STMTEXPR)
            return esc | (p->has_await ? LA_WRITE : 0);
    return esc | LA_WRITE;
}

/* The replacement of a node that is itself an edit, or NULL. */
static Expr *replacement(Lower *L, Node *n)
{
    Unit *u = L->u;
    if (n->part)
        return n->part;
    switch (n->kind) {
    case NK_DECLREF:
        if (n->local && n->local->may_frame)
            return ex_of_local(u, n->local, ref_access(u, n));
        if (n->fn_value)
            return ex_of_str(u, arena_printf(&u->arena, "%s__ptr", n->callee->name));
        return NULL;
    case NK_REF:
        if (n->hoist)
            return ex_of_str(u, n->hoist->new_name);
        return NULL;
    case NK_CONTINUE:
        if (n->rewrite_continue)
            return ex_of_str(u, arena_printf(&u->arena, "goto pn__cont_%u", n->target->cont_label));
        return NULL;
    case NK_SPAWN:
    case NK_BLOCK_ON:
        /* Not evaluated: a value of its type, no helper. */
        if (n->unevaluated && n->kind == NK_SPAWN)
            return ex_of_str(u, "((pn_task *(*)(void))0)()");
        if (n->unevaluated)
            return n->callee ? unevaluated_value(L, n->callee) : NULL;
        return helper_call(L, n);
    case NK_CALL:
    case NK_AWAIT: {
        /* sizeof(f(x)), typeof(await(f(x))) of an async f: a value of its type. */
        Func *g = unevaluated_callee(n);
        return g ? unevaluated_value(L, g) : NULL;
    }
    case NK_COMPOUND_LITERAL:
        if (n->frame_literal)
            return n->part = frame_literal(L, n);
        return NULL;
    default: return NULL;
    }
}

/* (T){...} that an await can outlast: copied into a frame temporary, and
 * the expression is that temporary, an lvalue like the literal was. */
static Expr *frame_literal(Lower *L, Node *n)
{
    Unit *u = L->u;
    CXType t = clang_getCursorType(n->cur);
    Local *tmp = temp_new(L, t);
    /* It exists, and pointers to it may, until its block ends. */
    tmp->frame_literal = true;
    tmp->node = n;
    for (tmp->scope = n->parent;
         tmp->scope && tmp->scope->kind != NK_COMPOUND && tmp->scope->kind != NK_STMTEXPR;)
        tmp->scope = tmp->scope->parent;
    node_range(u, n);
    Expr *lit = n->exact ? text_with_edits(L, n) : NULL;
    if (!lit)
        lit = structural(L, n);
    Expr *e = expr_new(u);
    ex_str(u, e, "(*(");
    ex_type(u, e, t, "(*)");
    ex_str(u, e, ")__builtin_memcpy((void *)&");
    ex_local(u, e, tmp, LA_WRITE | LA_ESCAPE);
    ex_str(u, e, ", &");
    ex_list(u, e, lit);
    ex_str(u, e, ", sizeof ");
    ex_local(u, e, tmp, 0);
    ex_str(u, e, "))");
    return e;
}

static bool collect_edits(Lower *L, Node *root, Node *n, Edits *edits);

static bool add_edit(Lower *L, Node *root, Node *k, Expr *e, Edits *edits)
{
    node_range(L->u, k);
    if (!k->exact || k->fb < root->fb || k->fe > root->fe || !edit_safe(L->u, root, k))
        return false;
    Edit ed = { k->fb, k->fe, e, k->unevaluated && !root->unevaluated };
    vec_push(&L->u->arena, edits, ed);
    return true;
}

/* A `return` inside copied text: keep `return`, wrap the value. */
static bool return_edits(Lower *L, Node *root, Node *n, Edits *edits)
{
    Unit *u = L->u;
    node_range(u, n);
    if (!n->exact || !edit_safe(u, root, n))
        return false;
    if (n->nkids == 0) {
        Tok t = lex_next(u->src, u->len, n->fb);
        if (!tok_is(u->src, t, "return"))
            return false;
        Expr *e = expr_new(u);
        ex_str(u, e, "return ");
        ex_str(u, e, return_prefix(L, false));
        Edit ed = { .a = n->fb, .b = t.end, .e = e };
        vec_push(&u->arena, edits, ed);
        return true;
    }
    Node *v = n->kids[0];
    node_range(u, v);
    if (!v->exact || v->fb < n->fb)
        return false;
    if (!L->f->is_void && has_const_member(L->f->ret_type, 0))
        return false; /* stored by copying: see lower_stmt */
    Expr *pre = ex_of_str(u, return_prefix(L, true));
    Edit a = { .a = v->fb, .b = v->fb, .e = pre };
    vec_push(&u->arena, edits, a);
    if (v->part || v->needs_edit) {
        Expr *r = render(L, v);
        if (!r)
            return false;
        Edit b = { .a = v->fb, .b = v->fe, .e = r };
        vec_push(&u->arena, edits, b);
    }
    Edit c = { .a = v->fe, .b = v->fe, .e = ex_of_str(u, return_suffix()) };
    vec_push(&u->arena, edits, c);
    return true;
}

/* A declaration of a local that may end up in the frame: the emitter
 * writes it as a store or as a declaration (L_DECL). */
static bool declares_frame_local(Node *n)
{
    if (n->kind != NK_DECLSTMT)
        return false;
    for (unsigned i = 0; i < n->nkids; i++)
        if (n->kids[i]->kind == NK_VARDECL && n->kids[i]->local && n->kids[i]->local->may_frame)
            return true;
    return false;
}

static bool only_hoisted_types(Node *n)
{
    if (n->kind != NK_DECLSTMT || !n->nkids)
        return false;
    for (unsigned i = 0; i < n->nkids; i++)
        if (n->kids[i]->kind != NK_TYPEDECL || !n->kids[i]->hoist)
            return false;
    return true;
}

static const char *tag_keyword(CXCursor c)
{
    switch (clang_getCursorKind(c)) {
    case CXCursor_StructDecl: return "struct";
    case CXCursor_UnionDecl: return "union";
    case CXCursor_EnumDecl: return "enum";
    default: return "";
    }
}

/* Gathers the edits of n's subtree into `edits`, positions within root's
 * copied text.  False when the text cannot be kept. */
static bool collect_edits(Lower *L, Node *root, Node *n, Edits *edits)
{
    Unit *u = L->u;
    for (unsigned i = 0; i < n->nkids; i++) {
        Node *k = n->kids[i];
        if (!k->part && !k->needs_edit)
            continue;
        if (k->kind == NK_RETURN) {
            if (!return_edits(L, root, k, edits))
                return false;
            continue;
        }
        if (k->kind == NK_DECLSTMT && declares_frame_local(k))
            return false;
        if (k->kind == NK_DECLSTMT && only_hoisted_types(k)) {
            if (!add_edit(L, root, k, ex_of_str(u, ""), edits))
                return false;
            continue;
        }
        if (k->kind == NK_TYPEDECL && k->hoist) {
            if (clang_getCursorKind(k->cur) == CXCursor_TypedefDecl)
                return false;
            Expr *e = ex_of_str(
                u, arena_printf(&u->arena, "%s %s", tag_keyword(k->cur), k->hoist->new_name));
            if (!add_edit(L, root, k, e, edits))
                return false;
            continue;
        }
        Expr *r = replacement(L, k);
        if (r) {
            if (!add_edit(L, root, k, r, edits))
                return false;
            continue;
        }
        /* Look deeper, also through the body of a macro whose arguments
         * hold the edits: each edit is checked where it is made. */
        if (!collect_edits(L, root, k, edits))
            return false;
    }
    return true;
}

/* Notes on the last piece that the text it replaced spanned lines, so the
 * emitter renumbers what follows. */
static void mark_swallowed(Unit *u, Expr *e, unsigned a, unsigned b)
{
    if (e->p.n && e->p.v[e->p.n - 1].kind == PC_LIST && b > a && memchr(u->src + a, '\n', b - a))
        e->p.v[e->p.n - 1].a = 1;
}

static int edit_cmp(const Edit *x, const Edit *y)
{
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    /* An insertion before a replacement at the same place. */
    return (x->b - x->a) < (y->b - y->a) ? -1 : (x->b - x->a) > (y->b - y->a);
}

static void sort_edits(Edits *ed)
{
    for (size_t i = 1; i < ed->n; i++) {
        Edit e = ed->v[i];
        size_t j = i;
        while (j > 0 && edit_cmp(&ed->v[j - 1], &e) > 0) {
            ed->v[j] = ed->v[j - 1];
            j--;
        }
        ed->v[j] = e;
    }
}

/* A macro argument expanded more than once gives the same text several
 * edits: the copies in sizeof (weak) give way to the evaluated one, and an
 * edit inside another one's range is already covered by it. */
static void resolve_overlaps(Edits *ed)
{
    /* Every rule drops an edit for another one it overlaps, both
     * replacing some text.  Sorted by start, some two overlap exactly when
     * one starts before an earlier one has ended: most often none does,
     * and one pass says so. */
    bool any = false;
    unsigned reach = 0; /* the furthest end of the edits so far that replace text */
    for (size_t i = 0; i < ed->n && !any; i++) {
        Edit *x = &ed->v[i];
        if (x->b <= x->a)
            continue;
        any = i > 0 && x->a < reach;
        if (x->b > reach)
            reach = x->b;
    }
    if (!any)
        return;
    size_t n = 0;
    for (size_t i = 0; i < ed->n; i++) {
        Edit *x = &ed->v[i];
        bool drop = false;
        for (size_t j = 0; j < ed->n && !drop; j++) {
            Edit *y = &ed->v[j];
            if (i == j || y->b <= y->a || x->b <= x->a)
                continue;
            bool overlap = x->a < y->b && y->a < x->b;
            bool inside = y->a <= x->a && x->b <= y->b;
            bool same = x->a == y->a && x->b == y->b;
            if (overlap && x->weak && !y->weak)
                drop = true;
            else if (same && x->weak == y->weak && j < i)
                drop = true;
            else if (inside && !same && x->weak == y->weak)
                drop = true;
        }
        if (!drop)
            ed->v[n++] = *x;
    }
    ed->n = n;
}

/* The text of n with its edits, or NULL when n's text cannot be kept. */
static Expr *text_with_edits(Lower *L, Node *n)
{
    Unit *u = L->u;
    node_range(u, n);
    if (!n->exact)
        return NULL;
    Edits ed = { 0 };
    if (!collect_edits(L, n, n, &ed))
        return NULL;
    sort_edits(&ed);
    resolve_overlaps(&ed);
    Expr *e = expr_new(u);
    unsigned pos = n->fb;
    for (size_t i = 0; i < ed.n; i++) {
        Edit *x = &ed.v[i];
        if (x->a < pos)
            return NULL; /* overlapping edits */
        ex_src(u, e, pos, x->a);
        ex_list(u, e, x->e);
        mark_swallowed(u, e, x->a, x->b);
        pos = x->b;
    }
    ex_src(u, e, pos, n->fe);
    return e;
}

/* An expression (await-free, or with its awaits already lowered into
 * parts): its text if possible, else rebuilt from its children. */
static Expr *render(Lower *L, Node *n)
{
    Expr *r = replacement(L, n);
    if (r)
        return r;
    node_range(L->u, n);
    if (!n->needs_edit && !n->has_await && n->exact) {
        Expr *e = expr_new(L->u);
        ex_src(L->u, e, n->fb, n->fe);
        return e;
    }
    if (n->exact) {
        Expr *e = text_with_edits(L, n);
        if (e)
            return e;
    }
    if (!n->is_expr)
        return NULL;
    return structural(L, n);
}

static Expr *render_kid(Lower *L, Node *k)
{
    Expr *e = render(L, k);
    if (!e) {
        node_range(L->u, k);
        diag_at(L->u, k->fb, "cannot rewrite this construct inside a macro expansion");
        e = ex_of_str(L->u, "0");
    }
    return e;
}

static const char *spelled(Lower *L, Node *n)
{
    char *t = NULL;
    CXSourceLocation loc = clang_getRangeStart(node_extent(n));
    if (!spelled_token(L->u, loc, &t, NULL, NULL))
        return NULL;
    return t;
}

static bool is_arrow(Node *member)
{
    if (!member->nkids)
        return false;
    CXType t = canon(clang_getCursorType(member->kids[0]->cur));
    return t.kind == CXType_Pointer;
}

/* Rebuilds an expression from its children (macro expansions). */
static Expr *structural(Lower *L, Node *n)
{
    Unit *u = L->u;
    Expr *e = expr_new(u);
    switch (n->kind) {
    case NK_DECLREF: ex_str(u, e, node_name(u, n)); return e;
    case NK_LITERAL: {
        const char *t = spelled(L, n);
        ex_str(u, e, t ? t : "0");
        return e;
    }
    case NK_STRING: {
        /* __func__ stays a name (emit.c defines it around the poll
         * function): its literal is the name clang gives, of its type. */
        const char *k = function_name_keyword(u, n);
        ex_str(u, e, k ? k : node_name(u, n));
        return e;
    }
    case NK_PAREN:
        ex_str(u, e, "(");
        ex_list(u, e, render_kid(L, n->kids[0]));
        ex_str(u, e, ")");
        return e;
    case NK_IMPLICIT: return render_kid(L, n->kids[0]);
    case NK_UNARY:
        node_op(u, n);
        if (!n->optext)
            break;
        if (n->op == OP_POSTINC || n->op == OP_POSTDEC) {
            ex_list(u, e, render_kid(L, n->kids[0]));
            ex_str(u, e, n->optext);
        } else {
            ex_str(u, e, n->optext);
            ex_str(u, e, is_ident_char(n->optext[0]) ? " (" : "(");
            ex_list(u, e, render_kid(L, n->kids[0]));
            ex_str(u, e, ")");
        }
        return e;
    case NK_BINARY:
    case NK_COMPOUND_ASSIGN:
        node_op(u, n);
        if (!n->optext)
            break;
        ex_list(u, e, render_kid(L, n->kids[0]));
        ex_str(u, e, arena_printf(&u->arena, " %s ", n->optext));
        ex_list(u, e, render_kid(L, n->kids[1]));
        return e;
    case NK_CONDITIONAL:
        if (n->nkids != 3)
            break;
        ex_list(u, e, render_kid(L, n->kids[0]));
        ex_str(u, e, " ? ");
        ex_list(u, e, render_kid(L, n->kids[1]));
        ex_str(u, e, " : ");
        ex_list(u, e, render_kid(L, n->kids[2]));
        return e;
    case NK_CALL: {
        /* f(...) respelled by name is a macro call if f names a
         * function-like macro, which the original need not have been: f
         * followed by a `(` that came from a macro, or f inside a macro's
         * own body (#define f(x) f(x, 0)).  Unless the source has f( as
         * written, the name is spelled (f). */
        Node *c = n->nkids ? node_strip(n->kids[0]) : NULL;
        bool guard = false;
        if (c && c->kind == NK_DECLREF) {
            node_range(u, c);
            guard = !c->exact || !tok_is(u->src, lex_next(u->src, u->len, c->fe), "(");
            /* (f)(...) of an f never declared is no call at all in C99;
             * the original leant on C89's implicit declaration. */
            CXCursor d = clang_getCursorReferenced(c->cur);
            if (guard && clang_getCursorKind(d) == CXCursor_FunctionDecl &&
                clang_equalLocations(clang_getCursorLocation(d), clang_getCursorLocation(c->cur))) {
                diag_at(u, c->fb, "call of undeclared function '%s' (declared only implicitly, "
                                  "by this call) cannot be rewritten: declare it",
                        node_name(u, c));
                return NULL;
            }
        }
        if (guard)
            ex_str(u, e, "(");
        ex_list(u, e, render_kid(L, n->kids[0]));
        ex_str(u, e, guard ? ")(" : "(");
        for (unsigned i = 1; i < n->nkids; i++) {
            if (i > 1)
                ex_str(u, e, ", ");
            ex_list(u, e, render_kid(L, n->kids[i]));
        }
        ex_str(u, e, ")");
        return e;
    }
    case NK_SUBSCRIPT:
        ex_list(u, e, render_kid(L, n->kids[0]));
        ex_str(u, e, "[");
        ex_list(u, e, render_kid(L, n->kids[1]));
        ex_str(u, e, "]");
        return e;
    case NK_MEMBER:
        if (!n->nkids)
            break;
        ex_list(u, e, render_kid(L, n->kids[0]));
        ex_str(u, e, is_arrow(n) ? "->" : ".");
        ex_str(u, e, node_name(u, n));
        return e;
    case NK_CAST:
    case NK_COMPOUND_LITERAL:
        if (!n->nkids)
            break;
        ex_str(u, e, "(");
        ex_type(u, e, clang_getCursorType(n->cur), NULL);
        ex_str(u, e, ")");
        ex_list(u, e, render_kid(L, n->kids[n->nkids - 1]));
        return e;
    case NK_INITLIST: {
        ex_str(u, e, "{");
        bool first = true;
        for (unsigned i = 0; i < n->nkids; i++) {
            if (n->kids[i]->kind == NK_REF)
                continue;
            ex_str(u, e, first ? " " : ", ");
            first = false;
            ex_list(u, e, render_kid(L, n->kids[i]));
        }
        ex_str(u, e, first ? "}" : " }");
        return e;
    }
    case NK_DESIGNATED:
        for (unsigned i = 0; i + 1 < n->nkids; i++) {
            Node *d = n->kids[i];
            if (d->kind == NK_REF) {
                ex_str(u, e, ".");
                ex_str(u, e, node_name(u, d));
            } else {
                ex_str(u, e, "[");
                ex_list(u, e, render_kid(L, d));
                ex_str(u, e, "]");
            }
        }
        ex_str(u, e, " = ");
        ex_list(u, e, render_kid(L, n->kids[n->nkids - 1]));
        return e;
    case NK_SIZEOF: {
        const char *kw = spelled(L, n);
        /* A type operand (`sizeof(struct pt *)`) is no expression to
         * render, and its TypeRef child names only the tag: the value is
         * the constant clang computes. */
        if (n->nkids == 1 && kw && n->kids[0]->kind != NK_REF) {
            ex_str(u, e, kw);
            ex_str(u, e, "(");
            ex_list(u, e, render_kid(L, n->kids[0]));
            ex_str(u, e, ")");
            return e;
        }
        CXEvalResult r = clang_Cursor_Evaluate(n->cur);
        if (r) {
            if (clang_EvalResult_getKind(r) == CXEval_Int) {
                ex_str(u, e,
                       arena_printf(&u->arena, "((__SIZE_TYPE__)%llu)",
                                    clang_EvalResult_getAsUnsigned(r)));
                clang_EvalResult_dispose(r);
                return e;
            }
            clang_EvalResult_dispose(r);
        }
        break;
    }
    case NK_SPAWN:
    case NK_BLOCK_ON:
        /* Not evaluated: a value of its type, no helper. */
        if (n->unevaluated && n->kind == NK_SPAWN)
            return ex_of_str(u, "((pn_task *(*)(void))0)()");
        if (n->unevaluated)
            return n->callee ? unevaluated_value(L, n->callee) : NULL;
        return helper_call(L, n);
    default: break;
    }
    if (n->exact && !n->needs_edit && !n->has_await) {
        ex_src(u, e, n->fb, n->fe);
        return e;
    }
    if (n->nkids == 0 && n->kind == NK_EXPR_OTHER) {
        /* __func__ and friends: one token. */
        const char *t = spelled(L, n);
        if (t) {
            ex_str(u, e, t);
            return e;
        }
    }
    diag_at(u, n->fb, "cannot rewrite this expression inside a macro expansion");
    ex_str(u, e, "0");
    return e;
}

/* pn_spawn(f(args)) → f__spawn(args); pn_block_on likewise. */
/* The call of a pointer declared async, as written with its edits:
 * `(FP)(ARGS)`. */
static Expr *dyn_call(Lower *L, Node *call)
{
    Unit *u = L->u;
    Expr *e = expr_new(u);
    ex_str(u, e, "(");
    ex_list(u, e, render_kid(L, call->kids[0]));
    ex_str(u, e, ")(");
    for (unsigned i = 1; i < call->nkids; i++) {
        if (i > 1)
            ex_str(u, e, ", ");
        ex_list(u, e, render_kid(L, call->kids[i]));
    }
    ex_str(u, e, ")");
    return e;
}

/* Starting a child through a pointer in slot (a frame field of type
 * struct { struct pn__dyn__frame pn__d; T pn__ret; }):
 * (pn__dyn_begin(&slot.pn__d, &slot.pn__ret, sizeof slot.pn__ret, pn__cx),
 *  (void)(FP)(ARGS), pn__dyn_end(&slot.pn__d)); the pointer's target polls
 * the child once before it returns (pinion.h). */
static Expr *dyn_init(Lower *L, const char *slot, Func *callee, Node *call)
{
    Unit *u = L->u;
    Expr *init = expr_new(u);
    ex_str(u, init, "(pn__dyn_begin(&");
    ex_field(u, init, arena_printf(&u->arena, "%s.pn__d", slot));
    if (callee->is_void) {
        ex_str(u, init, ", 0, 0, pn__cx)");
    } else {
        const char *ret = arena_printf(&u->arena, "%s.pn__ret", slot);
        ex_str(u, init, ", &");
        ex_field(u, init, ret);
        ex_str(u, init, ", sizeof ");
        ex_field(u, init, ret);
        ex_str(u, init, ", pn__cx)");
    }
    ex_str(u, init, ", (void)");
    ex_list(u, init, dyn_call(L, call));
    ex_str(u, init, ", pn__dyn_end(&");
    ex_field(u, init, arena_printf(&u->arena, "%s.pn__d", slot));
    ex_str(u, init, "))");
    return init;
}

static Expr *helper_call(Lower *L, Node *n)
{
    Unit *u = L->u;
    Expr *e = expr_new(u);
    Node *call = n->call;
    if (n->callee->dyn) {
        /* Through a pointer: the pointer's target claims the spawn, or runs
         * the call to completion for pn_block_on (pinion.h). */
        if (n->kind == NK_SPAWN) {
            ex_str(u, e, "(pn__dyn_spawn_begin(), (void)");
            ex_list(u, e, dyn_call(L, call));
            ex_str(u, e, ", pn__dyn_spawn_end())");
            return e;
        }
        return dyn_call(L, call);
    }
    ex_str(u, e,
           arena_printf(&u->arena, "%s__%s(", n->callee->name,
                        n->kind != NK_SPAWN ? "block_on"
                        : n->spawn_local    ? "spawn_local"
                                            : "spawn"));
    for (unsigned i = 1; i < call->nkids; i++) {
        if (i > 1)
            ex_str(u, e, ", ");
        ex_list(u, e, render_kid(L, call->kids[i]));
    }
    ex_str(u, e, ")");
    return e;
}

/* ------------------------------------------------------------------ */
/* Lowering expressions that contain awaits                              */
/* ------------------------------------------------------------------ */

static Expr *lx(Lower *L, Node *n);
static Expr *lower_generic(Lower *L, Node *n);
static Expr *lower_stmtexpr(Lower *L, Node *n, bool discard);
static LBlock *with_block(Lower *L, LBlock *b, LBlock **saved);

/* The await that completes last when n is evaluated (operands left to
 * right, arguments before their call). */
static Node *last_await_in(Node *n)
{
    if (!n->has_await)
        return NULL;
    Node *last = NULL;
    for (unsigned i = 0; i < n->nkids; i++) {
        Node *k = last_await_in(n->kids[i]);
        if (k)
            last = k;
    }
    if ((n->kind == NK_AWAIT && !n->unevaluated && !n->branch) || n->kind == NK_ALL ||
        n->kind == NK_RACE)
        last = n;
    return last;
}

/* Lowers a full expression (or a branch whose value is consumed at once). */
static Expr *full_expr(Lower *L, Node *n)
{
    Node *saved = L->last_await;
    L->last_await = last_await_in(n);
    Expr *e = lx(L, n);
    L->last_await = saved;
    return e;
}

static bool stable(Unit *u, Node *n)
{
    if (n->unevaluated)
        return true; /* no value at run time: stays where it is written */
    n = node_strip(n);
    if (!n)
        return true;
    switch (n->kind) {
    case NK_LITERAL:
    case NK_STRING:
    case NK_SIZEOF: return true;
    case NK_DECLREF: {
        if (n->local)
            return !n->local->addr_taken && !n->local->is_volatile && !n->local->is_static;
        enum CXCursorKind k = clang_getCursorKind(clang_getCursorReferenced(n->cur));
        if (k == CXCursor_EnumConstantDecl || k == CXCursor_FunctionDecl)
            return true;
        return is_array(clang_getCursorType(n->cur));
    }
    case NK_UNARY:
        node_op(u, n);
        if (n->op == OP_ADDR) {
            Node *k = node_strip(n->kids[0]);
            return k && k->kind == NK_DECLREF;
        }
        return false;
    case NK_MEMBER: return !is_arrow(n) && n->nkids && stable(u, n->kids[0]);
    default: return false;
    }
}

/* Evaluates kids [0, last] of n that are evaluated operands, saving those
 * before the last await-containing one when needed; kids listed in
 * `lvalue_mask` stay in place. */
static void lower_operands(Lower *L, Node *n, unsigned first, unsigned lvalue_mask)
{
    Unit *u = L->u;
    int last = -1;
    for (unsigned i = first; i < n->nkids; i++)
        if (n->kids[i]->is_expr && n->kids[i]->has_await)
            last = (int)i;
    for (int i = (int)first; i <= last; i++) {
        Node *k = n->kids[i];
        if (!k->is_expr || k->kind == NK_REF)
            continue;
        if (i < last && !k->has_await && stable(u, k))
            continue;
        Expr *r = k->has_await ? lx(L, k) : render_kid(L, k);
        bool lvalue = i < 32 && (lvalue_mask >> i) & 1;
        bool saved = false;
        if (i < last && !lvalue && !trivial(r) && !stable(u, k)) {
            CXType t = clang_getCursorType(k->cur);
            if (!is_array(t) && canon(t).kind != CXType_FunctionProto &&
                canon(t).kind != CXType_Void) {
                Local *tmp = temp_new(L, t);
                store(L, to_local(u, tmp), r, t, k->line);
                r = ex_of_local(u, tmp, LA_READ);
                saved = true;
            }
        }
        if (saved || k->has_await)
            k->part = r;
    }
}

/* The locals in scope at the await point n (Await.scope): for each block
 * around it, innermost first, those it declares before n, the last first.
 * Blocks are scopes as C has them: compound statements (a switch body, a
 * statement expression's), and a for statement for its header's locals;
 * a label jumped to does not change what is in scope.  L->by_scope holds
 * the body's locals ordered by their block, then by declaration, so each
 * block's are found by a binary search. */
static void scope_chain(Lower *L, Await *a, Node *n)
{
    VEC(Local *) chain = { 0 };
    for (Node *b = n->parent; b; b = b->parent) {
        if (b->kind != NK_COMPOUND && b->kind != NK_FOR)
            continue;
        size_t lo = 0, hi = L->nby_scope;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (L->by_scope[mid]->scope->index < b->index)
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t end = lo;
        while (end < L->nby_scope && L->by_scope[end]->scope == b &&
               L->by_scope[end]->node->index < n->index)
            end++;
        while (end-- > lo)
            vec_push(&L->u->arena, &chain, L->by_scope[end]);
    }
    a->scope = chain.v;
    a->nscope = (unsigned)chain.n;
}

static int by_scope_order(const void *x, const void *y)
{
    const Local *a = *(Local *const *)x, *b = *(Local *const *)y;
    if (a->scope->index != b->scope->index)
        return a->scope->index < b->scope->index ? -1 : 1;
    return a->node->index < b->node->index ? -1 : a->node->index > b->node->index;
}

/* L->by_scope: the body's locals (not parameters, not temporaries). */
static void order_by_scope(Lower *L)
{
    Func *f = L->f;
    size_t n = 0;
    for (size_t i = 0; i < f->locals.n; i++) {
        Local *l = f->locals.v[i];
        n += !l->is_param && !l->is_temp && l->scope && l->node;
    }
    L->by_scope = n ? arena_alloc(&L->u->arena, n * sizeof *L->by_scope) : NULL;
    L->nby_scope = 0;
    for (size_t i = 0; i < f->locals.n; i++) {
        Local *l = f->locals.v[i];
        if (!l->is_param && !l->is_temp && l->scope && l->node)
            L->by_scope[L->nby_scope++] = l;
    }
    if (L->nby_scope > 1)
        qsort(L->by_scope, L->nby_scope, sizeof *L->by_scope, by_scope_order);
}

static Expr *lower_await(Lower *L, Node *n)
{
    Unit *u = L->u;
    Await *a = n->await;
    Node *call = n->call;
    if (!a || !call) {
        diag_at(u, n->fb, "await of something that is not an async call");
        return ex_of_str(u, "0");
    }
    if (a->boxed && !box_alloc_declared(u)) {
        diag_at(u, n->fb, "boxed awaits need pn__box_alloc and pn__box_free, which this "
                          "pinion.h does not declare");
        return ex_of_str(u, "0");
    }
    scope_chain(L, a, n);
    Expr *init;
    if (a->callee->dyn) {
        /* Through a pointer: the pointer itself is an operand, evaluated
         * with the arguments; the target initialises its frame in the
         * pools and the slot copies the result out (pinion.h). */
        lower_operands(L, call, 0, 0);
        init = dyn_init(L, arena_printf(&u->arena, "pn__aw.pn__a%u", a->index), a->callee, call);
    } else {
        lower_operands(L, call, 1, 0);
        init = expr_new(u);
        /* A boxed child's frame is on the heap: the union holds a pointer. */
        ex_str(u, init,
               arena_printf(&u->arena, "%s__init(%spn__self->pn__aw.pn__a%u", a->callee->name,
                            a->boxed ? "" : "&", a->index));
        for (unsigned i = 1; i < call->nkids; i++) {
            ex_str(u, init, ", ");
            ex_list(u, init, render_kid(L, call->kids[i]));
        }
        ex_str(u, init, ")");
    }
    LStmt *s = stmt(L, L_AWAIT, a->line);
    s->pos = n->index;
    s->await = a;
    s->call = init;
    note_cleanups(L, a);
    if (a->boxed) {
        /* The result is copied out before the box is freed. */
        Local *tmp = NULL;
        if (!a->callee->is_void) {
            tmp = temp_new(L, a->callee->ret_type);
            store(L, to_local(u, tmp),
                  ex_of_field(u, arena_printf(&u->arena, "pn__aw.pn__a%u->pn__ret", a->index)),
                  a->callee->ret_type, a->line);
        }
        LStmt *f = stmt(L, L_EXPR, a->line);
        f->e = expr_new(u);
        ex_str(u, f->e, "pn__box_free(");
        ex_field(u, f->e, arena_printf(&u->arena, "pn__aw.pn__a%u", a->index));
        ex_str(u, f->e, arena_printf(&u->arena, ", sizeof(struct %s__frame))", a->callee->name));
        return tmp ? ex_of_local(u, tmp, LA_READ) : ex_of_str(u, "(void)0");
    }
    if (a->callee->is_void)
        return ex_of_str(u, "(void)0");
    if (L->last_await == n)
        return ex_of_field(u, await_ret(L, a));
    Local *tmp = temp_new(L, a->callee->ret_type);
    store(L, to_local(u, tmp), ex_of_field(u, await_ret(L, a)), a->callee->ret_type, a->line);
    return ex_of_local(u, tmp, LA_READ);
}

/* pn_all / pn_race: every branch's arguments are evaluated (in order,
 * with the usual saving rule), then all the children start together. */
static Expr *lower_concurrent(Lower *L, Node *n)
{
    Unit *u = L->u;
    Await *a = n->await;
    if (!a || a->nbranches != n->nkids)
        return ex_of_str(u, "0");
    scope_chain(L, a, n);
    VEC(Node *) args = { 0 };
    for (unsigned i = 0; i < a->nbranches; i++) {
        Node *call = a->branches[i].await->call;
        /* Through a pointer, the pointer is an operand too. */
        for (unsigned k = a->branches[i].callee->dyn ? 0 : 1; k < call->nkids; k++)
            vec_push(&u->arena, &args, call->kids[k]);
    }
    /* The same as lower_operands, over the arguments of all branches. */
    int last = -1;
    for (size_t i = 0; i < args.n; i++)
        if (args.v[i]->has_await)
            last = (int)i;
    for (int i = 0; i <= last; i++) {
        Node *k = args.v[i];
        if (i < last && !k->has_await && stable(u, k))
            continue;
        Expr *r = k->has_await ? lx(L, k) : render_kid(L, k);
        if (i < last && !trivial(r) && !stable(u, k)) {
            CXType t = clang_getCursorType(k->cur);
            Local *tmp = temp_new(L, t);
            store(L, to_local(u, tmp), r, t, k->line);
            r = ex_of_local(u, tmp, LA_READ);
        }
        k->part = r;
    }
    LStmt *s = arena_alloc(&u->arena, sizeof *s);
    s->kind = L_CONCURRENT;
    note_cleanups(L, a);
    s->line = a->line;
    s->pos = n->index;
    s->await = a;
    s->inits = arena_alloc(&u->arena, a->nbranches * sizeof(Expr *));
    s->lvalues = arena_alloc(&u->arena, a->nbranches * sizeof(Expr *));
    for (unsigned i = 0; i < a->nbranches; i++) {
        Branch *b = &a->branches[i];
        Node *call = b->await->call;
        if (b->callee->dyn) {
            s->inits[i] = dyn_init(
                L, arena_printf(&u->arena, "pn__aw.pn__a%u.pn__b%u", a->index, i), b->callee,
                call);
            if (b->lvalue && !b->callee->is_void)
                s->lvalues[i] = render_kid(L, b->lvalue);
            continue;
        }
        Expr *init = expr_new(u);
        ex_str(u, init,
               arena_printf(&u->arena, "%s__init(&pn__self->pn__aw.pn__a%u.pn__b%u",
                            b->callee->name, a->index, i));
        for (unsigned k = 1; k < call->nkids; k++) {
            ex_str(u, init, ", ");
            ex_list(u, init, render_kid(L, call->kids[k]));
        }
        ex_str(u, init, ")");
        s->inits[i] = init;
        if (b->lvalue && !b->callee->is_void)
            s->lvalues[i] = render_kid(L, b->lvalue);
    }
    if (a->race)
        s->winner = temp_new(L, clang_getCursorType(n->cur));
    vec_push(&u->arena, &L->cur->s, s);
    return a->race ? ex_of_local(u, s->winner, LA_READ) : ex_of_str(u, "(void)0");
}

/* _Generic with an await in an association: only the selected one may
 * run, so the selection becomes an if chain on a _Generic of indices. */
static Expr *lower_generic(Lower *L, Node *n)
{
    Unit *u = L->u;
    node_range(u, n);
    VEC(Node *) assoc = { 0 };
    VEC(const char *) names = { 0 };
    unsigned pos = 0;
    bool ok = n->exact && n->nkids >= 2;
    for (unsigned i = 0; ok && i < n->nkids; i++) {
        Node *k = n->kids[i];
        if (!k->is_expr)
            continue;
        node_range(u, k);
        if (!k->exact || k->fb < pos) {
            ok = false;
            break;
        }
        if (i > 0) {
            /* ", TYPE :" before each association */
            Tok t = lex_next(u->src, u->len, pos);
            Tok colon = t;
            unsigned tb = 0, te = 0;
            if (tok_is(u->src, t, ","))
                for (Tok x = lex_next(u->src, u->len, t.end); x.kind != TK_EOF && x.begin < k->fb;
                     x = lex_next(u->src, u->len, x.end)) {
                    if (!tb)
                        tb = x.begin;
                    colon = x;
                    if (!tok_is(u->src, x, ":"))
                        te = x.end;
                }
            if (!tb || !te || !tok_is(u->src, colon, ":")) {
                ok = false;
                break;
            }
            vec_push(&u->arena, &assoc, k);
            vec_push(&u->arena, &names, arena_strndup(&u->arena, u->src + tb, te - tb));
        }
        pos = k->fe;
    }
    if (!ok || !assoc.n) {
        diag_at(u, n->fb, "await inside a _Generic that is not written out in the source");
        return ex_of_str(u, "0");
    }
    CXType type = clang_getCursorType(n->cur);
    bool is_void = canon(type).kind == CXType_Void;
    Local *t = is_void ? NULL : temp_new(L, type);
    Expr *ctrl = render_kid(L, n->kids[0]);
    LBlock *outer = L->cur;
    for (size_t i = 0; i < assoc.n; i++) {
        Expr *sel = expr_new(u);
        ex_str(u, sel, "_Generic(");
        ex_list(u, sel, ctrl);
        for (size_t j = 0; j < names.n; j++)
            ex_str(u, sel, arena_printf(&u->arena, ", %s: %d", names.v[j], i == j));
        ex_str(u, sel, ")");
        LStmt *branch = stmt(L, L_IF, n->line);
        branch->e = sel;
        branch->body = block_new(L);
        LBlock *saved;
        with_block(L, branch->body, &saved);
        Expr *r = full_expr(L, assoc.v[i]);
        if (t) {
            store(L, to_local(u, t), r, type, n->line);
        } else if (!trivial(r)) {
            LStmt *x = stmt(L, L_EXPR, n->line);
            x->e = expr_new(u);
            ex_str(u, x->e, "(void)(");
            ex_list(u, x->e, r);
            ex_str(u, x->e, ")");
        }
        L->cur = saved;
        if (i + 1 < assoc.n) {
            branch->els = block_new(L);
            L->cur = branch->els;
        }
    }
    L->cur = outer;
    return t ? ex_of_local(u, t, LA_READ) : ex_of_str(u, "(void)0");
}

static LBlock *with_block(Lower *L, LBlock *b, LBlock **saved)
{
    *saved = L->cur;
    L->cur = b;
    return b;
}

/* a && b, a || b with an await in b: `t = a != 0; if (t) { t = b != 0; }` */
static Expr *lower_logical(Lower *L, Node *n)
{
    Unit *u = L->u;
    Expr *ra = lx(L, n->kids[0]);
    Local *t = temp_new(L, clang_getCursorType(n->cur));
    LStmt *s = stmt(L, L_EXPR, n->line);
    s->e = expr_new(u);
    ex_local(u, s->e, t, LA_WRITE);
    ex_str(u, s->e, " = (");
    ex_list(u, s->e, ra);
    ex_str(u, s->e, ") != 0");
    LStmt *branch = stmt(L, L_IF, n->line);
    branch->e = expr_new(u);
    if (n->op == OP_LOR)
        ex_str(u, branch->e, "!");
    ex_local(u, branch->e, t, LA_READ);
    LBlock *saved;
    branch->body = with_block(L, block_new(L), &saved);
    Expr *rb = full_expr(L, n->kids[1]);
    LStmt *s2 = stmt(L, L_EXPR, n->kids[1]->line);
    s2->e = expr_new(u);
    ex_local(u, s2->e, t, LA_WRITE);
    ex_str(u, s2->e, " = (");
    ex_list(u, s2->e, rb);
    ex_str(u, s2->e, ") != 0");
    L->cur = saved;
    return ex_of_local(u, t, LA_READ);
}

/* c ? x : y with an await in x or y: an if statement into a temporary. */
static Expr *lower_conditional(Lower *L, Node *n)
{
    Unit *u = L->u;
    Expr *rc = lx(L, n->kids[0]);
    CXType type = clang_getCursorType(n->cur);
    bool is_void = canon(type).kind == CXType_Void;
    Local *t = is_void ? NULL : temp_new(L, type);
    LStmt *branch = stmt(L, L_IF, n->line);
    branch->e = rc;
    LBlock *saved;
    for (int side = 1; side <= 2; side++) {
        LBlock *b = block_new(L);
        if (side == 1)
            branch->body = b;
        else
            branch->els = b;
        with_block(L, b, &saved);
        Node *k = n->kids[side];
        Expr *r = full_expr(L, k);
        if (t) {
            store(L, to_local(u, t), r, type, k->line);
        } else if (!trivial(r)) {
            LStmt *s = stmt(L, L_EXPR, k->line);
            s->e = expr_new(u);
            ex_str(u, s->e, "(void)(");
            ex_list(u, s->e, r);
            ex_str(u, s->e, ")");
        }
        L->cur = saved;
    }
    return t ? ex_of_local(u, t, LA_READ) : ex_of_str(u, "(void)0");
}

/* A macro of the C library or the compiler (assert, atomic_*, isdigit)
 * expands differently under each compiler, so its invocation is kept:
 * the awaits in its arguments run first, left to right, and the
 * arguments are edited in place. */
static bool lower_system_macro(Lower *L, Node *n)
{
    Unit *u = L->u;
    if (!n->exact || (n->bkind != LK_BODY && n->bkind != LK_BODY_IN_ARG))
        return false;
    Expansion *x = expansion_at(u, n->fb);
    if (!x || !x->system || x->marker || x->end != n->fe)
        return false;
    NodeVec ops = { 0 };
    macro_operands(u, n, n, &ops);
    int last = -1;
    for (size_t i = 0; i < ops.n; i++)
        if (ops.v[i]->has_await && !ops.v[i]->unevaluated)
            last = (int)i;
    for (int i = 0; i <= last; i++) {
        Node *k = ops.v[i];
        if (k->unevaluated || (i < last && !k->has_await && stable(u, k)))
            continue;
        Expr *r = k->has_await ? lx(L, k) : render_kid(L, k);
        if (i < last && !trivial(r) && !stable(u, k)) {
            CXType t = clang_getCursorType(k->cur);
            Local *tmp = temp_new(L, t);
            store(L, to_local(u, tmp), r, t, k->line);
            r = ex_of_local(u, tmp, LA_READ);
        }
        k->part = r;
    }
    return true;
}

static Expr *lx(Lower *L, Node *n)
{
    Unit *u = L->u;
    if (n->part)
        return n->part;
    if (!n->has_await)
        return render_kid(L, n);
    node_range(u, n);
    if (!is_marker_kind(n->kind) && lower_system_macro(L, n)) {
        Expr *e = render(L, n);
        n->part = e;
        return e;
    }
    switch (n->kind) {
    case NK_AWAIT: return n->part = lower_await(L, n);
    case NK_ALL:
    case NK_RACE: return n->part = lower_concurrent(L, n);
    case NK_BINARY:
        node_op(u, n);
        if (!n->optext) {
            diag_unknown_operator(u, n->fb);
            return ex_of_str(u, "0");
        }
        if ((n->op == OP_LAND || n->op == OP_LOR) && n->kids[1]->has_await)
            return lower_logical(L, n);
        if (n->op == OP_COMMA) {
            Expr *ra = lx(L, n->kids[0]);
            if (!trivial(ra)) {
                LStmt *s = stmt(L, L_EXPR, n->kids[0]->line);
                s->e = expr_new(u);
                ex_str(u, s->e, "(void)(");
                ex_list(u, s->e, ra);
                ex_str(u, s->e, ")");
            }
            return lx(L, n->kids[1]);
        }
        lower_operands(L, n, 0, n->op == OP_ASSIGN ? 1u : 0u);
        break;
    case NK_COMPOUND_ASSIGN: lower_operands(L, n, 0, 1u); break;
    case NK_CONDITIONAL:
        if (n->nkids == 3 && (n->kids[1]->has_await || n->kids[2]->has_await))
            return lower_conditional(L, n);
        lower_operands(L, n, 0, 0);
        break;
    case NK_UNARY:
        node_op(u, n);
        lower_operands(L, n, 0,
                       n->op == OP_ADDR || n->op == OP_PREINC || n->op == OP_PREDEC ||
                               n->op == OP_POSTINC || n->op == OP_POSTDEC
                           ? 1u
                           : 0u);
        break;
    case NK_MEMBER: lower_operands(L, n, 0, is_arrow(n) ? 0u : 1u); break;
    case NK_CAST:
    case NK_COMPOUND_LITERAL:
    case NK_DESIGNATED: lower_operands(L, n, n->nkids - 1, 0); break;
    case NK_SPAWN:
    case NK_BLOCK_ON: lower_operands(L, n->call, 1, 0); return n->part = helper_call(L, n);
    case NK_STMTEXPR: return n->part = lower_stmtexpr(L, n, false);
    case NK_GENERIC: return n->part = lower_generic(L, n);
    default:
        /* Calls, subscripts, initialiser lists, and what libclang does not
         * name (atomic builtins...): operands left to right. */
        lower_operands(L, n, 0, 0);
        break;
    }
    Expr *e = render(L, n);
    n->part = e;
    return e;
}

/* ------------------------------------------------------------------ */
/* Statements                                                           */
/* ------------------------------------------------------------------ */

static void lower_stmt(Lower *L, Node *s);
static void lower_items(Lower *L, Node *compound);

/* Whether the macro of an invocation expands to nothing: its definition
 * is its name and, for a function-like one, its parameters. */
static bool expands_to_nothing(Unit *u, Expansion *x)
{
    if (clang_Cursor_isNull(x->def) || clang_getCursorKind(x->def) != CXCursor_MacroDefinition)
        return false;
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(u->tu, clang_getCursorExtent(x->def), &toks, &n);
    unsigned i = 1;
    if (clang_Cursor_isMacroFunctionLike(x->def)) {
        while (i < n) {
            CXString sp = clang_getTokenSpelling(u->tu, toks[i++]);
            bool close = strcmp(clang_getCString(sp), ")") == 0;
            clang_disposeString(sp);
            if (close)
                break;
        }
    }
    clang_disposeTokens(u->tu, toks, n);
    return n > 0 && i >= n;
}

/* The end of the `;` that follows pos, past invocations of macros that
 * expand to nothing (`n++ TRACE(n);`), or 0 when something else comes
 * first. */
static unsigned semi_after(Unit *u, unsigned pos)
{
    for (;;) {
        Tok t = lex_next(u->src, u->len, pos);
        if (tok_is(u->src, t, ";"))
            return t.end;
        Expansion *x = t.kind == TK_IDENT ? expansion_at(u, t.begin) : NULL;
        if (!x || !expands_to_nothing(u, x))
            return 0;
        if (!x->inv_end)
            x->inv_end = lex_invocation_end(u->src, u->len, x->begin);
        pos = x->inv_end;
    }
}

/* Where a statement ends, its `;` included.  A statement that ends with
 * a sub-statement ends where that one does; one that takes a `;` (an
 * expression, return, break, continue, goto, do) is not ended by a `}`
 * of its own text (`s = (struct pair){ 1, 2 };`). */
static unsigned stmt_end(Unit *u, Node *s)
{
    node_range(u, s);
    unsigned e = s->fe;
    switch (s->kind) {
    case NK_IF:
    case NK_WHILE:
    case NK_FOR:
    case NK_SWITCH:
    case NK_CASE:
    case NK_DEFAULT:
    case NK_LABEL:
        if (s->nkids) {
            unsigned k = stmt_end(u, s->kids[s->nkids - 1]);
            if (k >= e)
                return k;
        }
        break;
    default: break;
    }
    bool takes_semi = s->is_expr || s->kind == NK_RETURN || s->kind == NK_BREAK ||
                      s->kind == NK_CONTINUE || s->kind == NK_GOTO || s->kind == NK_DO;
    unsigned last = e;
    while (last > s->fb && (u->src[last - 1] == ' ' || u->src[last - 1] == '\t' ||
                            u->src[last - 1] == '\n' || u->src[last - 1] == '\r'))
        last--;
    if (last > s->fb && (u->src[last - 1] == ';' || (u->src[last - 1] == '}' && !takes_semi)))
        return e;
    unsigned semi = semi_after(u, e);
    return semi ? semi : e;
}

/* The statement's text with its edits and trailing semicolon, or NULL. */
static Expr *stmt_text(Lower *L, Node *s)
{
    Unit *u = L->u;
    if (s->has_await || declares_frame_local(s))
        return NULL;
    node_range(u, s);
    if (!s->exact)
        return NULL;
    Expr *e;
    if (s->kind == NK_RETURN || s->kind == NK_CONTINUE || s->kind == NK_SPAWN ||
        s->kind == NK_BLOCK_ON || only_hoisted_types(s)) {
        /* The statement is itself the edit. */
        Node holder = { 0 };
        Node *kids[1] = { s };
        holder.kids = kids;
        holder.nkids = 1;
        holder.fb = s->fb;
        holder.fe = s->fe;
        holder.exact = holder.ranged = true;
        Edits ed = { 0 };
        if (!collect_edits(L, &holder, &holder, &ed))
            return NULL;
        sort_edits(&ed);
        e = expr_new(u);
        unsigned pos = s->fb;
        for (size_t i = 0; i < ed.n; i++) {
            ex_src(u, e, pos, ed.v[i].a);
            ex_list(u, e, ed.v[i].e);
            mark_swallowed(u, e, ed.v[i].a, ed.v[i].b);
            pos = ed.v[i].b;
        }
        ex_src(u, e, pos, s->fe);
    } else if (!s->needs_edit) {
        e = expr_new(u);
        ex_src(u, e, s->fb, s->fe);
    } else {
        e = text_with_edits(L, s);
        if (!e)
            return NULL;
    }
    ex_src(u, e, s->fe, stmt_end(u, s));
    return e;
}

/* A sub-statement (if/loop body) as a block of its own. */
static LBlock *sub_block(Lower *L, Node *s)
{
    LBlock *saved;
    LBlock *b = with_block(L, block_new(L), &saved);
    if (s) {
        if (s->kind == NK_COMPOUND)
            lower_items(L, s);
        else
            lower_stmt(L, s);
    }
    L->cur = saved;
    return b;
}

static void emit_break_unless(Lower *L, Expr *cond, unsigned line)
{
    Unit *u = L->u;
    LStmt *s = stmt(L, L_IF, line);
    s->e = expr_new(u);
    ex_str(u, s->e, "!(");
    ex_list(u, s->e, cond);
    ex_str(u, s->e, ")");
    s->body = block_new(L);
    LStmt *b = arena_alloc(&u->arena, sizeof *b);
    b->kind = L_BREAK;
    b->line = line;
    vec_push(&u->arena, &s->body->s, b);
}

static enum CXVisitorResult const_field(CXCursor c, CXClientData d)
{
    CXType t = clang_getCursorType(c);
    if (clang_isConstQualifiedType(t) || has_const_member(t, *(int *)d + 1)) {
        *(int *)d = -1000;
        return CXVisit_Break;
    }
    return CXVisit_Continue;
}

static bool has_const_member(CXType t, int depth)
{
    if (depth > 16)
        return false;
    t = canon(t);
    if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray)
        return clang_isConstQualifiedType(clang_getArrayElementType(t)) ||
               has_const_member(clang_getArrayElementType(t), depth + 1);
    if (t.kind != CXType_Record)
        return false;
    int d = depth;
    clang_Type_visitFields(t, const_field, &d);
    return d < 0;
}

static const char *storage_prefix(Local *l)
{
    enum CX_StorageClass sc = clang_Cursor_getStorageClass(l->decl);
    return sc == CX_SC_Static ? "static " : sc == CX_SC_Extern ? "extern " : "";
}

static Node *var_init(Node *v)
{
    CXCursor init = clang_Cursor_getVarDeclInitializer(v->cur);
    if (clang_Cursor_isNull(init))
        return NULL;
    for (unsigned i = v->nkids; i-- > 0;)
        if (clang_equalCursors(v->kids[i]->cur, init))
            return v->kids[i];
    return v->nkids ? v->kids[v->nkids - 1] : NULL;
}

/* One declarator of an L_DECL: its initialiser rendered (its awaits, if
 * any, already lowered). */
static void add_decl(Lower *L, LStmt *d, Node *v)
{
    node_range(L->u, v);
    Node *init = var_init(v);
    Node *si = init ? node_strip(init) : NULL;
    LDecl x = { v->local, init ? render_kid(L, init) : NULL, si && si->kind == NK_INITLIST,
                v->line };
    vec_push(&L->u->arena, &d->decls, x);
}

/* `__label__ NAME;` of a statement expression out of a macro: kept, or
 * two expansions would define the same label. */
static void local_label(Lower *L, Node *s, Node *v)
{
    Unit *u = L->u;
    const char *kw = spelled(L, s);
    if (kw && strcmp(kw, "__label__") == 0) {
        LStmt *d = stmt(L, L_EXPR, s->line);
        d->is_decl = true;
        d->e = ex_of_str(u, arena_printf(&u->arena, "__label__ %s", node_name(u, v)));
    }
}

/* A declaration of locals of which some may be in the frame: L_DECL,
 * which the emitter writes as stores or as the declaration once the frame
 * is chosen.  With one declarator, or no await in the initialisers, the
 * declaration's text stands for all of it when none is in the frame; with
 * several that await, each is evaluated and declared in its turn, as C
 * sequences them. */
static void lower_frame_decl(Lower *L, Node *s)
{
    unsigned vars = 0;
    bool awaits = false;
    for (unsigned i = 0; i < s->nkids; i++) {
        Node *v = s->kids[i];
        if (v->kind != NK_VARDECL || !v->local)
            continue;
        vars++;
        Node *init = var_init(v);
        awaits |= init && init->has_await;
    }
    if (vars <= 1 || !awaits) {
        for (unsigned i = 0; i < s->nkids; i++) {
            Node *v = s->kids[i];
            Node *init = v->kind == NK_VARDECL ? var_init(v) : NULL;
            if (init && init->has_await)
                init->part = full_expr(L, init);
        }
        LStmt *d = stmt(L, L_DECL, s->line);
        d->is_decl = true;
        d->e = text_with_edits(L, s);
        d->indent_from = s->fb;
        for (unsigned i = 0; i < s->nkids; i++) {
            Node *v = s->kids[i];
            if (clang_getCursorKind(v->cur) == CXCursor_UnexposedDecl)
                local_label(L, s, v);
            else if (v->kind == NK_VARDECL && v->local)
                add_decl(L, d, v);
        }
        for (unsigned i = 0; i < s->nkids; i++)
            if (s->kids[i]->kind == NK_VARDECL && s->kids[i]->local)
                scope_declares(L, s->kids[i]->local);
        return;
    }
    for (unsigned i = 0; i < s->nkids; i++) {
        Node *v = s->kids[i];
        if (v->kind != NK_VARDECL || !v->local)
            continue;
        Node *init = var_init(v);
        if (init && init->has_await)
            init->part = full_expr(L, init);
        node_range(L->u, v);
        LStmt *d = stmt(L, L_DECL, v->line);
        d->is_decl = true;
        add_decl(L, d, v);
        scope_declares(L, v->local);
    }
}

static void lower_decl(Lower *L, Node *s)
{
    Unit *u = L->u;
    if (declares_frame_local(s)) {
        lower_frame_decl(L, s);
        return;
    }
    /* Ordinary locals whose initialisers await: lower the initialisers,
     * then keep the declaration's text. */
    for (unsigned i = 0; i < s->nkids; i++) {
        Node *v = s->kids[i];
        Node *init = v->kind == NK_VARDECL ? var_init(v) : NULL;
        if (init && init->has_await)
            init->part = full_expr(L, init);
    }
    Expr *e = text_with_edits(L, s);
    if (e) {
        LStmt *d = stmt(L, L_TEXT, s->line);
        vec_push(&u->arena, &d->nodes, s);
        d->is_decl = true;
        d->e = e;
        d->indent_from = s->fb;
        return;
    }
    /* Out of a macro: declare each variable anew. */
    for (unsigned i = 0; i < s->nkids; i++) {
        Node *v = s->kids[i];
        if (clang_getCursorKind(v->cur) == CXCursor_UnexposedDecl) {
            local_label(L, s, v);
            continue;
        }
        if (v->kind != NK_VARDECL || !v->local)
            continue;
        Local *l = v->local;
        Node *init = var_init(v);
        node_range(u, v);
        Expr *x = expr_new(u);
        ex_str(u, x, storage_prefix(l));
        ex_type(u, x, l->type, l->name);
        if (init) {
            ex_str(u, x, " = ");
            ex_list(u, x, full_expr(L, init));
        }
        LStmt *d = stmt(L, L_EXPR, v->line);
        d->is_decl = true;
        d->e = x;
    }
}

/* Whether the compound body declares a local with a cleanup function.  A
 * loop's body is lowered into the loop's own block, but the awaits of a
 * `for` increment or a `do` condition then follow it there: the body must
 * stay a block of its own, so that those awaits lie outside the scope whose
 * end runs the cleanup, as in the source. */
static bool declares_cleanup(Node *body)
{
    if (body->kind != NK_COMPOUND)
        return false;
    for (unsigned i = 0; i < body->nkids; i++) {
        Node *d = body->kids[i];
        for (unsigned k = 0; d->kind == NK_DECLSTMT && k < d->nkids; k++)
            if (d->kids[k]->local && d->kids[k]->local->cleanup)
                return true;
    }
    return false;
}

static void lower_for(Lower *L, Node *s)
{
    Unit *u = L->u;
    Node *init, *cond, *inc, *body;
    if (!for_parts(u, s, &init, &cond, &inc, &body)) {
        diag_at(u, s->fb, "cannot rewrite this for statement inside a macro expansion");
        return;
    }
    LStmt *wrap = NULL;
    LBlock *saved = NULL;
    Expr *init_e = NULL;
    LStmt *decl = NULL;
    if (init) {
        if (init->kind == NK_DECLSTMT && declares_frame_local(init) && !init->has_await) {
            /* Assignments in the header when its locals are in the frame,
             * else their declaration in a block around the loop (emit.c). */
            node_range(u, init);
            decl = arena_alloc(&u->arena, sizeof *decl);
            decl->kind = L_DECL;
            decl->line = init->line;
            decl->is_decl = true;
            decl->e = text_with_edits(L, init);
            decl->indent_from = init->fb;
            for (unsigned i = 0; i < init->nkids; i++)
                if (init->kids[i]->kind == NK_VARDECL && init->kids[i]->local)
                    add_decl(L, decl, init->kids[i]);
        } else if (init->kind != NK_DECLSTMT && !init->has_await) {
            init_e = render_kid(L, init);
        } else {
            /* Declarations keep their scope. */
            if (init->kind == NK_DECLSTMT) {
                wrap = stmt(L, L_BLOCK, s->line);
                wrap->body = with_block(L, block_new(L), &saved);
            }
            if (init->kind == NK_DECLSTMT)
                lower_decl(L, init);
            else {
                Expr *r = full_expr(L, init);
                if (!trivial(r)) {
                    LStmt *x = stmt(L, L_EXPR, init->line);
                    x->e = r;
                }
            }
        }
    }
    LStmt *f = stmt(L, L_FOR, s->line);
    f->init = init_e;
    f->decl = decl;
    f->node = s;
    f->pos = init ? init->last : s->index; /* where the header's locals exist */
    LBlock *outer;
    f->body = with_block(L, block_new(L), &outer);
    if (cond && cond->has_await) {
        Expr *rc = full_expr(L, cond);
        emit_break_unless(L, rc, cond->line);
    } else if (cond) {
        f->e = render_kid(L, cond);
    }
    if (body) {
        if (body->kind == NK_COMPOUND && !(inc && inc->has_await && declares_cleanup(body)))
            lower_items(L, body);
        else
            lower_stmt(L, body);
    }
    if (inc && inc->has_await) {
        if (s->cont_used) {
            LStmt *lab = stmt(L, L_LABEL, inc->line);
            lab->name = arena_printf(&u->arena, "pn__cont_%u", s->cont_label);
            lab->node = s;
        }
        Expr *ri = full_expr(L, inc);
        if (!trivial(ri)) {
            LStmt *x = stmt(L, L_EXPR, inc->line);
            x->e = ri;
        }
    } else if (inc) {
        f->inc = render_kid(L, inc);
    }
    L->cur = outer;
    if (wrap)
        L->cur = saved;
}

/* Whether evaluating n for its side effect is what the statement is for:
 * assignments, calls, ++/--. */
static bool has_effect(Unit *u, Node *n)
{
    n = node_strip(n);
    if (!n)
        return false;
    switch (n->kind) {
    case NK_CALL:
    case NK_COMPOUND_ASSIGN:
    case NK_SPAWN:
    case NK_BLOCK_ON:
    case NK_EXPR_OTHER: return true;
    case NK_BINARY: node_op(u, n); return n->op == OP_ASSIGN;
    case NK_UNARY:
        node_op(u, n);
        return n->op == OP_PREINC || n->op == OP_PREDEC || n->op == OP_POSTINC ||
               n->op == OP_POSTDEC;
    default: return false;
    }
}

static Node *label_in(Unit *u, Node *n, const char *name)
{
    if (n->kind == NK_LABEL && strcmp(node_name(u, n), name) == 0)
        return n;
    for (unsigned i = 0; i < n->nkids; i++) {
        Node *l = label_in(u, n->kids[i], name);
        if (l)
            return l;
    }
    return NULL;
}

static void lower_stmt_at(Lower *L, Node *s);

static void lower_stmt(Lower *L, Node *s)
{
    unsigned saved = L->pos;
    L->pos = s->index;
    lower_stmt_at(L, s);
    L->pos = saved;
}

static void lower_stmt_at(Lower *L, Node *s)
{
    Unit *u = L->u;
    node_range(u, s);
    Expr *text = stmt_text(L, s);
    if (text) {
        LStmt *t = stmt(L, L_TEXT, s->line);
        vec_push(&u->arena, &t->nodes, s);
        t->e = text;
        t->indent_from = s->fb;
        t->is_decl = s->kind == NK_DECLSTMT;
        return;
    }
    unsigned line = s->line;
    switch (s->kind) {
    case NK_COMPOUND: {
        LStmt *b = stmt(L, L_BLOCK, line);
        b->body = sub_block(L, s);
        return;
    }
    case NK_DECLSTMT: lower_decl(L, s); return;
    case NK_IF: {
        if (s->nkids < 2)
            break;
        Expr *c = full_expr(L, s->kids[0]);
        LStmt *x = stmt(L, L_IF, line);
        x->e = c;
        x->body = sub_block(L, s->kids[1]);
        if (s->nkids > 2)
            x->els = sub_block(L, s->kids[2]);
        return;
    }
    case NK_WHILE: {
        if (s->nkids != 2)
            break;
        Node *cond = s->kids[0];
        if (!cond->has_await) {
            LStmt *w = stmt(L, L_WHILE, line);
            w->node = s;
            w->e = render_kid(L, cond);
            w->body = sub_block(L, s->kids[1]);
            return;
        }
        LStmt *f = stmt(L, L_FOR, line);
        f->node = s;
        LBlock *saved;
        f->body = with_block(L, block_new(L), &saved);
        emit_break_unless(L, full_expr(L, cond), cond->line);
        if (s->kids[1]->kind == NK_COMPOUND)
            lower_items(L, s->kids[1]);
        else
            lower_stmt(L, s->kids[1]);
        L->cur = saved;
        return;
    }
    case NK_DO: {
        if (s->nkids != 2)
            break;
        Node *cond = s->kids[1];
        LStmt *d = stmt(L, L_DO, line);
        d->node = s;
        LBlock *saved;
        if (cond->has_await && declares_cleanup(s->kids[0])) {
            d->body = with_block(L, block_new(L), &saved);
            lower_stmt(L, s->kids[0]);
            L->cur = saved;
        } else {
            d->body = sub_block(L, s->kids[0]);
        }
        if (!cond->has_await) {
            d->e = render_kid(L, cond);
            return;
        }
        with_block(L, d->body, &saved);
        if (s->cont_used) {
            LStmt *lab = stmt(L, L_LABEL, cond->line);
            lab->name = arena_printf(&u->arena, "pn__cont_%u", s->cont_label);
            lab->node = s;
        }
        d->e = full_expr(L, cond);
        L->cur = saved;
        return;
    }
    case NK_FOR: lower_for(L, s); return;
    case NK_SWITCH: {
        if (s->nkids != 2)
            break;
        Expr *c = full_expr(L, s->kids[0]);
        LStmt *w = stmt(L, L_SWITCH, line);
        w->node = s;
        w->e = c;
        w->body = sub_block(L, s->kids[1]);
        return;
    }
    case NK_CASE: {
        if (s->nkids < 2)
            break;
        LStmt *c = stmt(L, L_CASE, line);
        c->e = render_kid(L, s->kids[0]);
        if (s->nkids == 3) {
            ex_str(u, c->e, " ... ");
            ex_list(u, c->e, render_kid(L, s->kids[1]));
        }
        lower_stmt(L, s->kids[s->nkids - 1]);
        return;
    }
    case NK_DEFAULT:
        stmt(L, L_DEFAULT, line);
        if (s->nkids)
            lower_stmt(L, s->kids[s->nkids - 1]);
        return;
    case NK_LABEL: {
        LStmt *l = stmt(L, L_LABEL, line);
        l->node = s;
        l->name = node_name(u, s);
        if (s->nkids)
            lower_stmt(L, s->kids[s->nkids - 1]);
        return;
    }
    case NK_GOTO: {
        if (s->nkids != 1 || s->kids[0]->kind != NK_REF)
            break;
        if (L->scopes.n) {
            Node *lab = label_in(u, L->f->body, node_name(u, s->kids[0]));
            if (lab)
                run_cleanups(L, scopes_around(L, lab), line);
        }
        LStmt *g = stmt(L, L_GOTO, line);
        g->node = s;
        g->name = node_name(u, s->kids[0]);
        return;
    }
    case NK_BREAK:
        if (L->scopes.n && s->target)
            run_cleanups(L, scopes_around(L, s->target), line);
        stmt(L, L_BREAK, line)->node = s;
        return;
    case NK_CONTINUE:
        if (L->scopes.n && s->target)
            run_cleanups(L, scopes_around(L, s->target), line);
        if (s->rewrite_continue && s->target) {
            LStmt *g = stmt(L, L_GOTO, line);
            g->name = arena_printf(&u->arena, "pn__cont_%u", s->target->cont_label);
            g->node = s;
        } else {
            stmt(L, L_CONTINUE, line)->node = s;
        }
        return;
    case NK_NULLSTMT: return;
    case NK_RETURN: {
        /* A rebuilt return is a statement of a braced block, so it needs
         * no comma expression: emit.c writes the store of the result, the
         * state and the return as three statements. */
        Expr *e = NULL;
        if (s->nkids && !L->f->is_void && has_const_member(L->f->ret_type, 0)) {
            store(L, ex_of_field(u, "pn__ret"), full_expr(L, s->kids[0]), L->f->ret_type, line);
        } else if (s->nkids) {
            Expr *v = full_expr(L, s->kids[0]);
            e = expr_new(u);
            if (L->f->is_void) {
                ex_str(u, e, "(void)(");
            } else {
                ex_field(u, e, "pn__ret");
                ex_str(u, e, " = (");
            }
            ex_list(u, e, v);
            ex_str(u, e, ")");
        }
        if (L->scopes.n && L->f->has_cleanup_across) {
            /* The value first, then the cleanups, then the return. */
            if (e) {
                LStmt *x = stmt(L, L_EXPR, line);
                x->e = e;
                e = NULL;
            }
            run_cleanups(L, 0, line);
        }
        LStmt *r = stmt(L, L_RETURN, line);
        r->e = e;
        return;
    }
    default:
        if (s->is_expr && s->has_await && node_strip(s)->kind == NK_STMTEXPR) {
            /* ({ ... }); : its value is not used. */
            lower_stmtexpr(L, node_strip(s), true);
            return;
        }
        if (s->is_expr) {
            Expr *r = full_expr(L, s);
            if (!trivial(r)) {
                LStmt *x = stmt(L, L_EXPR, line);
                x->e = r;
                /* What is left of an expression once its awaits ran may
                 * have no effect of its own: its value is discarded. */
                if (s->has_await && !has_effect(u, s)) {
                    x->e = expr_new(u);
                    ex_str(u, x->e, "(void)(");
                    ex_list(u, x->e, r);
                    ex_str(u, x->e, ")");
                }
            }
            return;
        }
        break;
    }
    diag_at(u, s->fb, "cannot rewrite this statement inside a macro expansion");
}

/* Comments and preprocessor lines between two statements. */
static void keep_gap(Lower *L, unsigned a, unsigned b, bool after_stmt)
{
    Unit *u = L->u;
    while (a < b && (u->src[a] == ' ' || u->src[a] == '\t'))
        a++;
    bool same_line = after_stmt && a < b && u->src[a] != '\n' && u->src[a] != '\r';
    while (a < b &&
           (u->src[a] == ' ' || u->src[a] == '\t' || u->src[a] == '\n' || u->src[a] == '\r'))
        a++;
    while (b > a && (u->src[b - 1] == ' ' || u->src[b - 1] == '\t' || u->src[b - 1] == '\n' ||
                     u->src[b - 1] == '\r'))
        b--;
    if (a >= b)
        return;
    LStmt *c = stmt(L, L_COMMENT, line_at(u, a));
    c->e = expr_new(u);
    ex_src(u, c->e, a, b);
    c->same_line = same_line;
    c->indent_from = a;
}

/* What the last statement of a statement expression leaves: the value
 * of its expression statement (labels before it are kept) stored into
 * the temporary `to`, or, without one, the statement itself. */
typedef struct Value {
    Node *stmt;     /* that last statement */
    Local *to; /* the temporary, NULL when the value is not used */
    CXType type;
} Value;

static void lower_value(Lower *L, Value *v)
{
    Unit *u = L->u;
    Node *s = v->stmt;
    L->pos = s->index;
    while (s->kind == NK_LABEL && s->nkids) {
        LStmt *l = stmt(L, L_LABEL, s->line);
        l->node = s;
        l->name = node_name(u, s);
        s = s->kids[s->nkids - 1];
    }
    Expr *r = full_expr(L, s);
    if (v->to) {
        store(L, to_local(u, v->to), r, v->type, s->line);
        return;
    }
    /* The value is not used: evaluated for its effects only. */
    if (trivial(r))
        return;
    LStmt *x = stmt(L, L_EXPR, s->line);
    x->e = r;
    if (!has_effect(u, s)) {
        x->e = expr_new(u);
        ex_str(u, x->e, "(void)(");
        ex_list(u, x->e, r);
        ex_str(u, x->e, ")");
    }
}

static void lower_items_value(Lower *L, Node *c, Value *v);

/* The statements of a compound: runs of statements that keep their text
 * are copied as one piece, with everything between them. */
static void lower_items(Lower *L, Node *c)
{
    lower_items_value(L, c, NULL);
}

/* Where a statement's text begins and ends.  An expression statement
 * whose first token is written inside a macro's arguments
 * (`SET(w, await(g()));`) begins with the invocation (the outermost one
 * that starts after `pos`, the end of what came before) and ends no
 * earlier than its `)`. */
static void stmt_span(Unit *u, Node *s, unsigned pos, unsigned *b, unsigned *e)
{
    node_range(u, s);
    *b = s->fb;
    *e = stmt_end(u, s);
    if (!s->is_expr || (s->bkind != LK_ARG && s->bkind != LK_BODY_IN_ARG))
        return;
    for (size_t i = 0; i < u->expansions.n && u->expansions.v[i].begin < s->fb; i++) {
        Expansion *x = &u->expansions.v[i];
        if (x->begin < pos)
            continue;
        if (!x->inv_end)
            x->inv_end = lex_invocation_end(u->src, u->len, x->begin);
        if (s->fb >= x->inv_end)
            continue;
        *b = x->begin;
        unsigned end = semi_after(u, x->inv_end);
        if (!end)
            end = x->inv_end;
        if (end > *e)
            *e = end;
        return;
    }
}

static void lower_items_in(Lower *L, Node *c, Value *v);

static void lower_items_value(Lower *L, Node *c, Value *v)
{
    scope_push(L, c);
    lower_items_in(L, c, v);
    node_range(L->u, c);
    scope_pop(L, c, c->line);
}

static void lower_items_in(Lower *L, Node *c, Value *v)
{
    Unit *u = L->u;
    for (unsigned i = 0; i < c->nkids; i++)
        for (unsigned k = 0; c->kids[i]->kind == NK_DECLSTMT && k < c->kids[i]->nkids; k++)
            if (c->kids[i]->kids[k]->local)
                vec_push(&u->arena, &L->cur->locals, c->kids[i]->kids[k]->local);
    node_range(u, c);
    if (!c->exact || c->bkind != LK_FILE) {
        /* A block out of a macro body: its statements have no text and no
         * gaps of their own. */
        for (unsigned i = 0; i < c->nkids; i++) {
            if (v && c->kids[i] == v->stmt)
                lower_value(L, v);
            else
                lower_stmt(L, c->kids[i]);
        }
        return;
    }
    unsigned pos = c->fb + 1; /* after '{' */
    bool after_stmt = false;
    LStmt *run = NULL;
    unsigned run_end = 0;
    for (unsigned i = 0; i < c->nkids; i++) {
        Node *s = c->kids[i];
        node_range(u, s);
        if (s->fb < pos && i > 0) {
            /* Another statement out of the macro invocation the previous
             * one came from: rebuilt in its turn. */
            run = NULL;
            if (v && s == v->stmt)
                lower_value(L, v);
            else
                lower_stmt(L, s);
            continue;
        }
        unsigned sb = 0, se = 0;
        stmt_span(u, s, pos, &sb, &se);
        if (v && s == v->stmt) {
            keep_gap(L, pos, sb, after_stmt);
            run = NULL;
            lower_value(L, v);
            pos = se;
            after_stmt = true;
            continue;
        }
        Expr *t = stmt_text(L, s);
        if (t) {
            if (run && run_end <= s->fb) {
                ex_src(u, run->e, run_end, s->fb);
                ex_list(u, run->e, t);
            } else {
                keep_gap(L, pos, s->fb, after_stmt);
                L->pos = s->index;
                run = stmt(L, L_TEXT, s->line);
                run->e = t;
                run->indent_from = s->fb;
                run->is_decl = s->kind == NK_DECLSTMT;
            }
            vec_push(&u->arena, &run->nodes, s);
            run_end = stmt_end(u, s);
            pos = run_end;
            after_stmt = true;
            continue;
        }
        keep_gap(L, pos, sb, after_stmt);
        run = NULL;
        lower_stmt(L, s);
        pos = se;
        after_stmt = true;
    }
    unsigned close = c->fe > c->fb ? c->fe - 1 : c->fe;
    if (pos < close)
        keep_gap(L, pos, close, after_stmt);
}

/* ({ s1; ...; e; }) with an await: its statements become a block of
 * their own, so that its declarations keep their scope and names, and the
 * value of its last expression statement goes to a temporary before the
 * block closes.  The block runs where the expression was evaluated, after
 * the operands before it and before those after it, like any operand with
 * an await; a return inside it leaves the async function as anywhere
 * else.  A jump out of it (break, continue or goto to a statement outside,
 * an indirect goto) is refused: the enclosing expression would be left
 * half evaluated, which its lowering into statements does not express.
 * A jump into it is refused as GNU C does (libclang accepts it). */
static Expr *lower_stmtexpr(Lower *L, Node *n, bool discard)
{
    Unit *u = L->u;
    Node *c = n->nkids ? n->kids[n->nkids - 1] : NULL;
    if (!c || c->kind != NK_COMPOUND) {
        diag_at(u, n->fb, "cannot rewrite this statement expression");
        return ex_of_str(u, "0");
    }
    Node *out = stmtexpr_jump_out(n);
    if (out) {
        node_range(u, out);
        diag_at(u, out->fb,
                "jump out of a statement expression that %s is not supported; only return may "
                "leave it",
                last_await_in(n) ? "awaits" : "returns from a macro's body");
        return ex_of_str(u, "0");
    }
    Node *in = L->f->body ? stmtexpr_jump_in(L->f->body, n) : NULL;
    if (in) {
        node_range(u, in);
        diag_at(u, in->fb, "jump into a statement expression");
        return ex_of_str(u, "0");
    }
    CXType type = clang_getCursorType(n->cur);
    Value v = { 0 };
    if (c->nkids && canon(type).kind != CXType_Void) {
        /* The value is that of the last statement that is not a null
         * one, as in clang and gcc: `({ f(); x; ; })` is x. */
        unsigned i = c->nkids;
        while (i > 1 && c->kids[i - 1]->kind == NK_NULLSTMT)
            i--;
        Node *last = c->kids[i - 1];
        Node *e = last;
        while (e->kind == NK_LABEL && e->nkids)
            e = e->kids[e->nkids - 1];
        if (e->is_expr) {
            v.stmt = last;
            v.to = discard ? NULL : temp_new(L, type);
            v.type = type;
        }
    }
    LStmt *b = stmt(L, L_BLOCK, n->line);
    LBlock *saved;
    b->body = with_block(L, block_new(L), &saved);
    Node *saved_await = L->last_await;
    lower_items_value(L, c, v.stmt ? &v : NULL);
    L->last_await = saved_await;
    L->cur = saved;
    return v.to ? ex_of_local(u, v.to, LA_READ) : ex_of_str(u, "(void)0");
}

static void run_cleanups(Lower *L, size_t keep, unsigned line)
{
    Unit *u = L->u;
    for (size_t k = L->scopes.n; k-- > keep;) {
        CScope *sc = &L->scopes.v[k];
        for (size_t i = sc->locals.n; i-- > 0;) {
            Local *l = sc->locals.v[i];
            LStmt *c = stmt(L, L_EXPR, line);
            c->e = expr_new(u);
            ex_str(u, c->e, arena_printf(&u->arena, "%s(&", l->cleanup_fn));
            ex_local(u, c->e, l, LA_READ);
            ex_str(u, c->e, ")");
        }
    }
}

/* The cleanups a drop at await a runs (Await.cleanups): innermost scope
 * first, each in reverse order of declaration. */
static void note_cleanups(Lower *L, Await *a)
{
    if (!L->f->has_cleanup_across || !a)
        return;
    /* Of the locals in scope (Await.scope, already in that order), those
     * whose declaration, initialiser included, is complete. */
    VEC(Local *) list = { 0 };
    for (unsigned i = 0; i < a->nscope; i++) {
        Local *l = a->scope[i];
        if (l->cleanup_across && l->node->last < a->node->index)
            vec_push(&L->u->arena, &list, l);
    }
    a->cleanups = list.v;
    a->ncleanups = (unsigned)list.n;
}

static void lower_func(Unit *u, Func *f)
{
    Lower L = { u, f, NULL, NULL, { 0 }, 0, NULL, 0 };
    order_by_scope(&L);
    LBlock *b = block_new(&L);
    L.cur = b;
    if (f->body)
        lower_items(&L, f->body);
    f->lowered = b;
}

void lower_unit(Unit *u)
{
    if (!u->any_async_use)
        return;
    for (size_t i = 0; i < u->funcs.n; i++) {
        Func *f = u->funcs.v[i];
        if (f->defined && f->is_async && f->body)
            lower_func(u, f);
    }
}

bool type_has_const_member(CXType t)
{
    return has_const_member(t, 0);
}
