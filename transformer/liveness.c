/*
 * liveness.c — which locals an async frame holds, and which of them share
 * storage.
 *
 * A frame outlives every suspension of its function, so whatever it holds
 * costs memory for as long as the task exists (and is embedded in every
 * caller's frame).  A local needs a frame field only when its value must
 * survive a suspension: when it is live at an await point — read after the
 * function resumes, on some path, before being written again — or when its
 * address may have escaped (`&x`, an array that decays, which includes
 * passing a local buffer to a child) and its scope contains an await, since
 * then any pointer may reach it while the task sleeps.  Every other local
 * stays an ordinary local of the poll function: the resume goto may jump
 * over its declaration, but liveness guarantees it is written before it is
 * read again.
 *
 * The analysis builds a control-flow graph over the IR of one async body
 * (sequencing, if/else, loops with their back edges, switch with case
 * labels and fall-through, break, continue, goto and labels, return) and
 * solves backward liveness over it, one bit per local.  Expressions are
 * modelled the way lower.c evaluates them: an await point reads its call's
 * arguments just before it suspends; every other read of the expression is
 * placed after the expression's last await, because the lowering may read
 * a stable operand (a local whose address is not taken) only after a later
 * sibling's await; a plain assignment `x = E` overwrites x only when it is
 * certainly evaluated and every await of the expression lies inside E; a
 * declaration with an initialiser overwrites its variable, and one without
 * ends its variable's liveness too unless a label before it in its block
 * could bring control back with the old value: otherwise reaching the
 * declaration means the block was just entered, and a variable's value is
 * indeterminate at the start of each lifetime.  A statement expression
 * with an await contributes its statements where lower.c runs them, in
 * the middle of the enclosing expression (see full()); one without is a
 * single step.  Constructs the graph does not model (a break, continue or
 * goto out of a statement expression, an await inside a statement
 * expression of a C library macro's body, an unknown statement containing
 * an await) make the whole function fall back to the scope rule: every
 * local whose scope contains an await point after its declaration, each
 * in a field of its own.  Volatile locals
 * (arrays and structures of volatile objects too) and variably modified
 * ones always follow the scope rule.  The variables of one for header,
 * or of a declaration with an alignment specifier, go to the frame
 * together (when one must, all do): lower.c rewrites such a declaration as
 * a whole.
 *
 * Storage sharing: two frame locals may overlap when at no point of the
 * graph both are live or named, so that writing one can never clobber a
 * value the other still needs (a local whose address escaped occupies
 * everything from its declaration to the end of its block; a parameter
 * also the function's entry, where init stores it).  Frame locals are coloured greedily, largest first, into slots; a
 * slot of one local is a plain field, a slot of several an anonymous union,
 * so the generated code and debuggers still name every local
 * `pn__self->x`.  --no-frame-packing turns all of this off.
 */
#include "transform.h"

#include <stdint.h>

typedef uint64_t Word;

/* A point of the graph: one evaluation step (an expression, a part of
 * one, a declaration) or a join. */
typedef struct Point {
    unsigned pos; /* pre-order index of the IR node it belongs to: its blocks */
    Await *await; /* a suspension: what is live after it must stay in the frame */
    Word *gen;    /* locals read here */
    Word *kill;   /* locals certainly overwritten here */
    Word *refs;   /* locals named here (read or written) */
    Word *in, *out;
    VEC(unsigned) succ;
} Point;

/* Where break and continue of a loop or switch go. */
typedef struct Jumps {
    Node *stmt;
    int brk, cont;
} Jumps;

typedef struct Switch {
    int dispatch;
    bool has_default;
} Switch;

typedef struct Label {
    Node *stmt;
    int point;
} Label;

typedef struct Goto {
    int from;
    Node *stmt; /* NULL for an indirect goto: any label */
} Goto;

struct Liveness {
    Unit *u;
    Func *f;
    unsigned nloc, words;
    Local **loc;      /* bit → local: f->locals, in order */
    Local **map;      /* open addressing on the pointer, for bit lookup */
    unsigned *map_id;
    unsigned map_cap;
    bool *escapes;    /* bit → its address may outlive the expression naming it */
    bool *ruled;      /* bit → it follows the scope rule (scope_ruled) */
    VEC(Point) points;
    int cur;          /* the point control is at, -1 when none reaches here */
    int entry, exit;
    VEC(Jumps) jumps;
    VEC(Switch) switches;
    VEC(Label) labels;
    VEC(Goto) gotos;
    Word *kept;       /* live after some await point */
    Word *nokill;     /* read by an expression around the statements being
                         walked (those of a statement expression): not
                         certainly overwritten before that read */
    const char *off;  /* why the scope rule is used instead, or NULL */
};

typedef struct Liveness LV;

/* ------------------------------------------------------------------ */
/* Bits                                                                 */
/* ------------------------------------------------------------------ */

static Word *bits_new(LV *lv)
{
    return arena_alloc(&lv->u->arena, (lv->words ? lv->words : 1) * sizeof(Word));
}

static void bit_set(Word *b, unsigned i)
{
    b[i / 64] |= (Word)1 << (i % 64);
}

static bool bit_test(const Word *b, unsigned i)
{
    return (b[i / 64] >> (i % 64)) & 1;
}

/* The bit of a local, or -1 for one the frame never holds (static, extern). */
static int local_bit(LV *lv, Local *l)
{
    if (!l || !lv->map_cap)
        return -1;
    unsigned h = (unsigned)(((uintptr_t)l >> 4) * 2654435761u) & (lv->map_cap - 1);
    for (; lv->map[h]; h = (h + 1) & (lv->map_cap - 1))
        if (lv->map[h] == l)
            return (int)lv->map_id[h];
    return -1;
}

static void map_add(LV *lv, Local *l, unsigned id)
{
    unsigned h = (unsigned)(((uintptr_t)l >> 4) * 2654435761u) & (lv->map_cap - 1);
    while (lv->map[h])
        h = (h + 1) & (lv->map_cap - 1);
    lv->map[h] = l;
    lv->map_id[h] = id;
}

/* ------------------------------------------------------------------ */
/* Questions about the IR                                               */
/* ------------------------------------------------------------------ */

static Node *strip(Node *n)
{
    while (n && (n->kind == NK_PAREN || n->kind == NK_IMPLICIT) && n->nkids == 1)
        n = n->kids[0];
    return n;
}

static bool is_array(CXType t)
{
    CXType c = clang_getCanonicalType(t);
    return c.kind == CXType_ConstantArray || c.kind == CXType_IncompleteArray ||
           c.kind == CXType_VariableArray;
}

static bool has_volatile(CXType t, int depth);

static enum CXVisitorResult volatile_field(CXCursor c, CXClientData d)
{
    int *depth = d;
    if (has_volatile(clang_getCursorType(c), *depth + 1)) {
        *depth = -1;
        return CXVisit_Break;
    }
    return CXVisit_Continue;
}

/* A volatile object, or an array or structure holding volatile ones. */
static bool has_volatile(CXType t, int depth)
{
    if (depth > 16)
        return false;
    if (clang_isVolatileQualifiedType(t))
        return true;
    CXType c = clang_getCanonicalType(t);
    if (clang_isVolatileQualifiedType(c))
        return true;
    if (c.kind == CXType_ConstantArray || c.kind == CXType_IncompleteArray ||
        c.kind == CXType_VariableArray)
        return has_volatile(clang_getArrayElementType(c), depth + 1);
    if (c.kind == CXType_Record) {
        int d = depth;
        clang_Type_visitFields(c, volatile_field, &d);
        return d < 0;
    }
    return false;
}

/* Volatile and variably modified locals follow the scope rule: liveness
 * says nothing of accesses the program makes outside its own view. */
static bool scope_ruled(Local *l)
{
    return l->is_vm || l->is_volatile || has_volatile(l->type, 0);
}

static bool is_point(Node *n)
{
    if (n->unevaluated || !n->await)
        return false;
    return (n->kind == NK_AWAIT && !n->branch) || n->kind == NK_ALL || n->kind == NK_RACE;
}

static bool is_jump(Node *n)
{
    switch (n->kind) {
    case NK_GOTO:
    case NK_LABEL:
    case NK_BREAK:
    case NK_CONTINUE:
    case NK_RETURN:
    case NK_CASE:
    case NK_DEFAULT: return true;
    default: return clang_getCursorKind(n->cur) == CXCursor_IndirectGotoStmt;
    }
}

static bool has_label_ref(Node *n)
{
    if (clang_getCursorKind(n->cur) == CXCursor_LabelRef)
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (has_label_ref(n->kids[i]))
            return true;
    return false;
}

static bool has_jump(Node *n)
{
    if (is_jump(n))
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (has_jump(n->kids[i]))
            return true;
    return false;
}

/* A statement expression with an await is modelled statement by
 * statement, where lower.c runs it; one without is a single opaque step of
 * the graph that reads everything it names, fine as long as control
 * leaves it only at its end or by return (which reaches the exit, where
 * nothing is live): its loops and jumps among its own labels stay within
 * the step. */
static const char *opaque_problem(Unit *u, Node *n)
{
    if (n->kind == NK_STMTEXPR && !n->unevaluated) {
        if (stmtexpr_jump_out(n))
            return "a jump out of a statement expression";
        if (n->has_await && lower_in_system_macro(u, n))
            return "an await inside a statement expression of a C library macro";
    }
    for (unsigned i = 0; i < n->nkids; i++) {
        const char *why = opaque_problem(u, n->kids[i]);
        if (why)
            return why;
    }
    return NULL;
}

/* A statement expression whose statements the graph holds. */
static bool stmts_in_graph(Node *n)
{
    return n->kind == NK_STMTEXPR && n->has_await && !n->unevaluated;
}

/* Some statement expression of n (evaluated) has an await. */
static bool has_awaiting_stmtexpr(Node *n)
{
    if (!n->has_await || n->unevaluated)
        return false;
    if (n->kind == NK_STMTEXPR)
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (has_awaiting_stmtexpr(n->kids[i]))
            return true;
    return false;
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

/* Whether the address of the local named by `ref` may outlive the
 * expression: `&x` (also of a member or an element), or an array (or array
 * member) used as a value, which decays to a pointer.  Element and member
 * accesses, sizeof and plain value uses do not let it escape. */
static bool ref_escapes(Unit *u, Node *ref)
{
    if (ref->unevaluated)
        return false;
    Node *n = ref;
    CXType t = clang_getCursorType(ref->cur);
    for (int guard = 0; guard < 256; guard++) {
        Node *p = n->parent;
        while (p && (p->kind == NK_PAREN || p->kind == NK_IMPLICIT)) {
            n = p;
            p = p->parent;
        }
        bool array = is_array(t);
        if (!p)
            return array;
        switch (p->kind) {
        case NK_UNARY:
            node_op(u, p);
            if (p->op == OP_ADDR)
                return true;
            if (p->op == OP_DEREF && array)
                break; /* *a: the first element */
            return array;
        case NK_MEMBER: {
            CXType base = clang_getCanonicalType(clang_getCursorType(p->kids[0]->cur));
            if (p->nkids && p->kids[0] == n && base.kind != CXType_Pointer)
                break; /* x.m */
            return array;
        }
        case NK_SUBSCRIPT:
            if (array)
                break; /* a[i], i[a] */
            return false;
        case NK_SIZEOF: return false;
        default: return array;
        }
        n = p;
        t = clang_getCursorType(p->cur);
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* What an expression does to locals                                    */
/* ------------------------------------------------------------------ */

/* Marks in gen the locals the subtree reads and in refs those it names.
 * The left side of a plain `=` is written, not read, except in the
 * branches of pn_all/pn_race, whose targets are written while other
 * branches are still running.  skip_points leaves out await points below
 * the root: their own steps account for them. */
static void reads(LV *lv, Node *n, Word *gen, Word *refs, bool skip_points, bool concurrent,
                  bool root)
{
    if (skip_points && !root && is_point(n))
        return;
    if (stmts_in_graph(n))
        return; /* its statements have steps of their own */
    if (n->kind == NK_STMTEXPR && !n->unevaluated) {
        /* One step, no await inside: the locals it declares live and die
         * within the step, so none is read from before it. */
        Word *g = bits_new(lv);
        for (unsigned i = 0; i < n->nkids; i++)
            reads(lv, n->kids[i], g, refs, skip_points, concurrent, false);
        for (unsigned b = 0; b < lv->nloc; b++) {
            Node *d = lv->loc[b]->node;
            if (bit_test(g, b) && !(d && d->index > n->index && d->index <= n->last))
                bit_set(gen, b);
        }
        return;
    }
    if (n->kind == NK_DECLREF && n->local) {
        int b = local_bit(lv, n->local);
        if (b >= 0) {
            bit_set(gen, (unsigned)b);
            bit_set(refs, (unsigned)b);
            if (!lv->escapes[b] && ref_escapes(lv->u, n))
                lv->escapes[b] = true;
        }
        return;
    }
    if (n->kind == NK_VARDECL && n->local) {
        int b = local_bit(lv, n->local);
        if (b >= 0)
            bit_set(refs, (unsigned)b);
    }
    concurrent = concurrent || n->kind == NK_ALL || n->kind == NK_RACE;
    if (!concurrent && n->kind == NK_BINARY && n->nkids == 2) {
        Node *l = strip(n->kids[0]);
        int b = l && l->kind == NK_DECLREF ? local_bit(lv, l->local) : -1;
        if (b >= 0) {
            node_op(lv->u, n);
            if (n->op == OP_ASSIGN) {
                bit_set(refs, (unsigned)b);
                reads(lv, n->kids[1], gen, refs, skip_points, concurrent, false);
                return;
            }
        }
    }
    for (unsigned i = 0; i < n->nkids; i++)
        reads(lv, n->kids[i], gen, refs, skip_points, concurrent, false);
}

/* Every await point of `root` lies inside `n`. */
static bool awaits_within(LV *lv, Node *root, Node *n)
{
    for (size_t i = 0; i < lv->f->awaits.n; i++) {
        unsigned k = lv->f->awaits.v[i]->node->index;
        if (k >= root->index && k <= root->last && (k < n->index || k > n->last))
            return false;
    }
    return true;
}

/* Marks in kill the locals certainly overwritten once evaluating n (part
 * of root) is over: plain assignments reached without passing a
 * condition, whose right side holds every await of root (so the store
 * comes after the last suspension). */
static void kills(LV *lv, Node *n, Node *root, Word *kill)
{
    switch (n->kind) {
    case NK_BINARY:
        if (n->nkids != 2)
            return;
        node_op(lv->u, n);
        if (n->op == OP_LAND || n->op == OP_LOR || n->op == OP_NONE) {
            kills(lv, n->kids[0], root, kill);
            return;
        }
        if (n->op == OP_ASSIGN) {
            Node *l = strip(n->kids[0]);
            int b = l && l->kind == NK_DECLREF ? local_bit(lv, l->local) : -1;
            if (b >= 0 && awaits_within(lv, root, n->kids[1]))
                bit_set(kill, (unsigned)b);
        }
        break;
    case NK_CONDITIONAL:
        if (n->nkids)
            kills(lv, n->kids[0], root, kill);
        return;
    case NK_PAREN:
    case NK_IMPLICIT:
    case NK_CAST:
    case NK_UNARY:
    case NK_CALL:
    case NK_MEMBER:
    case NK_SUBSCRIPT:
    case NK_COMPOUND_ASSIGN:
    case NK_INITLIST:
    case NK_COMPOUND_LITERAL:
    case NK_AWAIT: break;
    default: return; /* not evaluated, evaluated in part, or not known */
    }
    for (unsigned i = 0; i < n->nkids; i++)
        kills(lv, n->kids[i], root, kill);
}

/* ------------------------------------------------------------------ */
/* The graph                                                            */
/* ------------------------------------------------------------------ */

static int point_new(LV *lv, unsigned pos)
{
    Point p = { 0 };
    p.pos = pos;
    p.gen = bits_new(lv);
    p.kill = bits_new(lv);
    p.refs = bits_new(lv);
    vec_push(&lv->u->arena, &lv->points, p);
    return (int)lv->points.n - 1;
}

static void edge(LV *lv, int from, int to)
{
    if (from >= 0 && to >= 0)
        vec_push(&lv->u->arena, &lv->points.v[from].succ, (unsigned)to);
}

/* A new point that control reaches from the current one. */
static int step(LV *lv, unsigned pos)
{
    int p = point_new(lv, pos);
    edge(lv, lv->cur, p);
    lv->cur = p;
    return p;
}

static void give_up(LV *lv, const char *why)
{
    if (!lv->off)
        lv->off = why;
}

/* The await points of an expression in evaluation order (nested ones
 * first): reading the call's arguments, suspending, and for pn_all /
 * pn_race the stores into the branch targets as branches complete. */
static void await_steps(LV *lv, Node *n)
{
    if (!n->has_await || n->unevaluated)
        return;
    for (unsigned i = 0; i < n->nkids; i++)
        await_steps(lv, n->kids[i]);
    if (!is_point(n))
        return;
    int args = step(lv, n->index);
    Point *a = &lv->points.v[args];
    reads(lv, n, a->gen, a->refs, true, false, true);
    if (n->kind == NK_ALL || n->kind == NK_RACE) {
        /* A branch stores its result when it completes, while the others
         * may still be suspended: its target is read after the suspension,
         * and never certainly written (a race stores only the winner's). */
        int s = step(lv, n->index);
        lv->points.v[s].await = n->await;
        int r = step(lv, n->index);
        Point *p = &lv->points.v[r];
        for (unsigned i = 0; i < n->await->nbranches; i++)
            if (n->await->branches[i].lvalue)
                reads(lv, n->await->branches[i].lvalue, p->gen, p->refs, true, true, true);
        return;
    }
    int s = step(lv, n->index);
    lv->points.v[s].await = n->await;
}

static void stmt(LV *lv, Node *s);

static int join_new(LV *lv, unsigned pos, int a, int b)
{
    int j = point_new(lv, pos);
    edge(lv, a, j);
    edge(lv, b, j);
    return j;
}

/* An expression holding a statement expression with an await, in the
 * order lower.c evaluates it: operands left to right, the statements of a
 * statement expression as statements (a return among them leaves the
 * function), only one side of `&&`, `||`, `?:` and of a _Generic's
 * associations, and each await point after its arguments. */
static void expr_steps(LV *lv, Node *n)
{
    if (lv->off || !n->has_await || n->unevaluated)
        return;
    if (n->kind == NK_STMTEXPR) {
        if (n->nkids)
            stmt(lv, n->kids[n->nkids - 1]);
        return;
    }
    if (n->kind == NK_BINARY && n->nkids == 2) {
        node_op(lv->u, n);
        if ((n->op == OP_LAND || n->op == OP_LOR) && n->kids[1]->has_await) {
            expr_steps(lv, n->kids[0]);
            int skip = lv->cur;
            expr_steps(lv, n->kids[1]);
            lv->cur = join_new(lv, n->index, skip, lv->cur);
            return;
        }
    }
    if (n->kind == NK_CONDITIONAL && n->nkids == 3 &&
        (n->kids[1]->has_await || n->kids[2]->has_await)) {
        expr_steps(lv, n->kids[0]);
        int cond = lv->cur;
        expr_steps(lv, n->kids[1]);
        int then = lv->cur;
        lv->cur = cond;
        expr_steps(lv, n->kids[2]);
        lv->cur = join_new(lv, n->index, then, lv->cur);
        return;
    }
    if (n->kind == NK_GENERIC) {
        int sel = lv->cur;
        int join = point_new(lv, n->index);
        edge(lv, sel, join);
        for (unsigned i = 1; i < n->nkids; i++) {
            lv->cur = sel;
            expr_steps(lv, n->kids[i]);
            edge(lv, lv->cur, join);
        }
        lv->cur = join;
        return;
    }
    for (unsigned i = 0; i < n->nkids; i++)
        expr_steps(lv, n->kids[i]);
    if (!is_point(n))
        return;
    int args = step(lv, n->index);
    Point *a = &lv->points.v[args];
    reads(lv, n, a->gen, a->refs, true, false, true);
    if (n->kind == NK_ALL || n->kind == NK_RACE) {
        int s = step(lv, n->index);
        lv->points.v[s].await = n->await;
        int r = step(lv, n->index);
        Point *p = &lv->points.v[r];
        for (unsigned i = 0; i < n->await->nbranches; i++)
            if (n->await->branches[i].lvalue)
                reads(lv, n->await->branches[i].lvalue, p->gen, p->refs, true, true, true);
        return;
    }
    int s = step(lv, n->index);
    lv->points.v[s].await = n->await;
}

/* One full expression (or a declaration: root is the VARDECL, value its
 * initialiser, declared the variable it initialises).
 *
 * With a statement expression that awaits, the statements inside run in
 * the middle of the expression, and the expression's other reads may come
 * before or after them (lower.c reads a stable operand late, saves others
 * early): those reads are placed both before and after, and the
 * statements inside never count as certainly overwriting what they read,
 * so that whichever moment the read happens at, the value it needs is
 * live there. */
static void full(LV *lv, Node *root, Node *value, Local *declared)
{
    if (has_awaiting_stmtexpr(root)) {
        int s = step(lv, root->index);
        Point *sp = &lv->points.v[s];
        reads(lv, root, sp->gen, sp->refs, true, false, false);
        Word *saved = bits_new(lv);
        for (unsigned w = 0; w < lv->words; w++) {
            saved[w] = lv->nokill[w];
            lv->nokill[w] |= lv->points.v[s].gen[w];
        }
        expr_steps(lv, root);
        for (unsigned w = 0; w < lv->words; w++)
            lv->nokill[w] = saved[w];
    } else if (root->has_await) {
        await_steps(lv, root);
    }
    int p = step(lv, root->index);
    Point *pt = &lv->points.v[p];
    reads(lv, root, pt->gen, pt->refs, true, false, false);
    if (value)
        kills(lv, value, root, pt->kill);
    int b = local_bit(lv, declared);
    if (b >= 0) {
        bit_set(pt->kill, (unsigned)b);
        bit_set(pt->refs, (unsigned)b);
    }
    for (unsigned w = 0; w < lv->words; w++)
        pt->kill[w] &= ~lv->nokill[w];
}

static Jumps *jumps_of(LV *lv, Node *stmt)
{
    for (size_t i = lv->jumps.n; i-- > 0;)
        if (lv->jumps.v[i].stmt == stmt)
            return &lv->jumps.v[i];
    return NULL;
}

static void find_labels(LV *lv, Node *n)
{
    if (n->kind == NK_LABEL) {
        Label l = { n, point_new(lv, n->index) };
        vec_push(&lv->u->arena, &lv->labels, l);
    }
    for (unsigned i = 0; i < n->nkids; i++)
        find_labels(lv, n->kids[i]);
}

static int label_point(LV *lv, Node *stmt)
{
    for (size_t i = 0; i < lv->labels.n; i++)
        if (lv->labels.v[i].stmt == stmt)
            return lv->labels.v[i].point;
    return -1;
}

/* The point of the label a goto names (compared by location, as states.c
 * does: libclang's referenced cursor is not always equal to the one the
 * walk built), or -1. */
static int goto_target(LV *lv, Node *go)
{
    for (unsigned i = 0; i < go->nkids; i++) {
        if (clang_getCursorKind(go->kids[i]->cur) != CXCursor_LabelRef)
            continue;
        CXSourceLocation at = clang_getCursorLocation(clang_getCursorReferenced(go->kids[i]->cur));
        for (size_t k = 0; k < lv->labels.n; k++)
            if (clang_equalLocations(clang_getCursorLocation(lv->labels.v[k].stmt->cur), at))
                return lv->labels.v[k].point;
    }
    return -1;
}

/* [lo, hi]: the pre-order range where a local exists (its block). */
static void scope_range(LV *lv, unsigned b, unsigned *lo, unsigned *hi)
{
    Local *l = lv->loc[b];
    if (l->is_param || !l->scope) {
        *lo = 0;
        *hi = ~0u;
    } else {
        *lo = l->scope->index;
        *hi = l->scope->last;
    }
}

/* Where a local exists for the program: from its declaration (nothing
 * names it, and no pointer to it exists, before) to the end of its block;
 * the whole block when a label before the declaration lets control go back
 * there with the local, and pointers to it, still alive. */
static void life_range(LV *lv, unsigned b, unsigned *lo, unsigned *hi)
{
    scope_range(lv, b, lo, hi);
    Local *l = lv->loc[b];
    if (l->is_param || !l->node || !l->scope)
        return;
    for (size_t i = 0; i < lv->labels.n; i++) {
        unsigned k = lv->labels.v[i].stmt->index;
        if (k >= *lo && k < l->node->index)
            return;
    }
    *lo = l->node->index;
}

/* Whether the local's value is indeterminate whenever control reaches its
 * declaration: no label before it in its block, so the block has just been
 * entered (a loop body, a for header or a switch body entered anew), and
 * whatever a previous lifetime left is not the program's to read. */
static bool fresh_at_decl(LV *lv, Local *l)
{
    int b = local_bit(lv, l);
    if (b < 0 || !l->node)
        return false;
    unsigned lo, hi;
    life_range(lv, (unsigned)b, &lo, &hi);
    return lo == l->node->index;
}


static void loop_body(LV *lv, Node *loop, Node *body, int brk, int cont)
{
    Jumps j = { loop, brk, cont };
    vec_push(&lv->u->arena, &lv->jumps, j);
    if (body)
        stmt(lv, body);
    lv->jumps.n--;
}

static void stmt_for(LV *lv, Node *s)
{
    Node *init, *cond, *inc, *body;
    if (!for_parts(lv->u, s, &init, &cond, &inc, &body)) {
        give_up(lv, "a for statement whose parts are not known");
        return;
    }
    if (init) {
        if (init->kind == NK_DECLSTMT)
            stmt(lv, init);
        else
            full(lv, init, init, NULL);
    }
    /* The head and the increment's point are where the variables of the
     * header exist, outside the body's block. */
    unsigned pos = init ? init->last : s->index;
    int head = step(lv, pos);
    int exit = point_new(lv, s->index);
    if (cond) {
        full(lv, cond, cond, NULL);
        edge(lv, lv->cur, exit);
    }
    int cont = point_new(lv, pos);
    loop_body(lv, s, body, exit, cont);
    edge(lv, lv->cur, cont);
    lv->cur = cont;
    if (inc)
        full(lv, inc, inc, NULL);
    edge(lv, lv->cur, head);
    lv->cur = exit;
}

static void stmt(LV *lv, Node *s)
{
    if (lv->off || !s)
        return;
    Node *last = s->nkids ? s->kids[s->nkids - 1] : NULL;
    switch (s->kind) {
    case NK_COMPOUND:
        for (unsigned i = 0; i < s->nkids; i++)
            stmt(lv, s->kids[i]);
        return;
    case NK_DECLSTMT:
        for (unsigned i = 0; i < s->nkids; i++) {
            Node *d = s->kids[i];
            Node *init = d->kind == NK_VARDECL && d->local ? var_init(d) : NULL;
            if (d->kind == NK_VARDECL && d->local)
                full(lv, d, init, init || fresh_at_decl(lv, d->local) ? d->local : NULL);
            else
                full(lv, d, NULL, NULL);
        }
        return;
    case NK_NULLSTMT: return;
    case NK_IF: {
        if (s->nkids < 2) {
            give_up(lv, "an if statement of unknown shape");
            return;
        }
        full(lv, s->kids[0], s->kids[0], NULL);
        int cond = lv->cur;
        stmt(lv, s->kids[1]);
        int then = lv->cur;
        lv->cur = cond;
        if (s->nkids > 2)
            stmt(lv, s->kids[2]);
        int join = point_new(lv, s->index);
        edge(lv, then, join);
        edge(lv, lv->cur, join);
        lv->cur = join;
        return;
    }
    case NK_WHILE: {
        if (s->nkids < 2) {
            give_up(lv, "a while statement of unknown shape");
            return;
        }
        int head = step(lv, s->index);
        full(lv, s->kids[0], s->kids[0], NULL);
        int exit = point_new(lv, s->index);
        edge(lv, lv->cur, exit);
        loop_body(lv, s, last, exit, head);
        edge(lv, lv->cur, head);
        lv->cur = exit;
        return;
    }
    case NK_DO: {
        if (s->nkids < 2) {
            give_up(lv, "a do statement of unknown shape");
            return;
        }
        int top = step(lv, s->index);
        int exit = point_new(lv, s->index);
        int cont = point_new(lv, s->kids[1]->index);
        loop_body(lv, s, s->kids[0], exit, cont);
        edge(lv, lv->cur, cont);
        lv->cur = cont;
        full(lv, s->kids[1], s->kids[1], NULL);
        edge(lv, lv->cur, top);
        edge(lv, lv->cur, exit);
        lv->cur = exit;
        return;
    }
    case NK_FOR: stmt_for(lv, s); return;
    case NK_SWITCH: {
        if (s->nkids < 2) {
            give_up(lv, "a switch statement of unknown shape");
            return;
        }
        full(lv, s->kids[0], s->kids[0], NULL);
        Switch sw = { lv->cur, false };
        int exit = point_new(lv, s->index);
        vec_push(&lv->u->arena, &lv->switches, sw);
        Jumps j = { s, exit, -1 };
        vec_push(&lv->u->arena, &lv->jumps, j);
        lv->cur = -1; /* the body is entered at its labels */
        stmt(lv, last);
        lv->jumps.n--;
        sw = lv->switches.v[--lv->switches.n];
        edge(lv, lv->cur, exit);
        if (!sw.has_default)
            edge(lv, sw.dispatch, exit);
        lv->cur = exit;
        return;
    }
    case NK_CASE:
    case NK_DEFAULT: {
        if (!lv->switches.n || !last || (s->kind == NK_CASE && s->nkids < 2)) {
            give_up(lv, "a case label outside a switch");
            return;
        }
        Switch *sw = &lv->switches.v[lv->switches.n - 1];
        int p = point_new(lv, s->index);
        edge(lv, lv->cur, p);
        edge(lv, sw->dispatch, p);
        if (s->kind == NK_DEFAULT)
            sw->has_default = true;
        lv->cur = p;
        stmt(lv, last);
        return;
    }
    case NK_LABEL: {
        int p = label_point(lv, s);
        if (p < 0) {
            give_up(lv, "a label the analysis did not find");
            return;
        }
        edge(lv, lv->cur, p);
        lv->cur = p;
        if (last)
            stmt(lv, last);
        return;
    }
    case NK_GOTO: {
        Goto g = { lv->cur, s };
        vec_push(&lv->u->arena, &lv->gotos, g);
        lv->cur = -1;
        return;
    }
    case NK_BREAK:
    case NK_CONTINUE: {
        Jumps *j = s->target ? jumps_of(lv, s->target) : NULL;
        int to = !j ? -1 : s->kind == NK_BREAK ? j->brk : j->cont;
        if (to < 0) {
            give_up(lv, "a break or continue whose target is not known");
            return;
        }
        edge(lv, lv->cur, to);
        lv->cur = -1;
        return;
    }
    case NK_RETURN:
        if (s->nkids)
            full(lv, s->kids[0], s->kids[0], NULL);
        edge(lv, lv->cur, lv->exit);
        lv->cur = -1;
        return;
    default: break;
    }
    if (clang_getCursorKind(s->cur) == CXCursor_IndirectGotoStmt) {
        full(lv, s, NULL, NULL);
        Goto g = { lv->cur, NULL };
        vec_push(&lv->u->arena, &lv->gotos, g);
        lv->cur = -1;
        return;
    }
    if (s->is_expr) {
        full(lv, s, s, NULL);
        return;
    }
    /* Anything else (inline assembly, an attributed statement) is one
     * step, as long as control cannot stop or jump inside it; what it
     * names may have its address taken in ways the IR does not show. */
    if (s->has_await || has_jump(s)) {
        give_up(lv, "a statement of a kind the analysis does not know");
        return;
    }
    full(lv, s, NULL, NULL);
    Point *p = &lv->points.v[lv->cur];
    for (unsigned b = 0; b < lv->nloc; b++)
        if (bit_test(p->refs, b))
            lv->escapes[b] = true;
    if (has_label_ref(s)) {
        /* asm goto: it may also continue at any label it names. */
        Goto g = { lv->cur, NULL };
        vec_push(&lv->u->arena, &lv->gotos, g);
    }
}

/* ------------------------------------------------------------------ */
/* Solving                                                              */
/* ------------------------------------------------------------------ */

static void solve(LV *lv)
{
    unsigned W = lv->words, n = (unsigned)lv->points.n;
    for (unsigned i = 0; i < n; i++) {
        lv->points.v[i].in = bits_new(lv);
        lv->points.v[i].out = bits_new(lv);
    }
    bool changed = true;
    while (changed) {
        changed = false;
        for (unsigned i = n; i-- > 0;) {
            Point *p = &lv->points.v[i];
            for (unsigned w = 0; w < W; w++) {
                Word out = 0;
                for (size_t k = 0; k < p->succ.n; k++)
                    out |= lv->points.v[p->succ.v[k]].in[w];
                Word in = p->gen[w] | (out & ~p->kill[w]);
                p->out[w] = out;
                if (in != p->in[w]) {
                    p->in[w] = in;
                    changed = true;
                }
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Entry points                                                         */
/* ------------------------------------------------------------------ */

void frame_liveness(Unit *u, Func *f)
{
    LV *lv = arena_alloc(&u->arena, sizeof *lv);
    lv->u = u;
    lv->f = f;
    f->liveness = lv;
    if (u->opt && u->opt->no_frame_packing) {
        lv->off = "--no-frame-packing";
        return;
    }
    lv->loc = arena_alloc(&u->arena, (f->locals.n + 1) * sizeof *lv->loc);
    for (size_t i = 0; i < f->locals.n; i++) {
        Local *l = f->locals.v[i];
        if (!l->is_static && !l->is_extern)
            lv->loc[lv->nloc++] = l;
    }
    lv->words = (lv->nloc + 63) / 64;
    lv->map_cap = 16;
    while (lv->map_cap < 2 * lv->nloc)
        lv->map_cap *= 2;
    lv->map = arena_alloc(&u->arena, lv->map_cap * sizeof *lv->map);
    lv->map_id = arena_alloc(&u->arena, lv->map_cap * sizeof *lv->map_id);
    lv->ruled = arena_alloc(&u->arena, (lv->nloc + 1) * sizeof *lv->ruled);
    for (unsigned b = 0; b < lv->nloc; b++) {
        map_add(lv, lv->loc[b], b);
        lv->ruled[b] = scope_ruled(lv->loc[b]);
    }
    lv->escapes = arena_alloc(&u->arena, (lv->nloc + 1) * sizeof *lv->escapes);

    lv->off = opaque_problem(u, f->body);
    if (lv->off)
        return;
    lv->nokill = bits_new(lv);
    lv->entry = point_new(lv, f->body->index);
    lv->exit = point_new(lv, f->body->index);
    for (unsigned b = 0; b < lv->nloc; b++)
        if (lv->loc[b]->is_param)
            bit_set(lv->points.v[lv->entry].refs, b); /* init stores them */
    find_labels(lv, f->body);
    lv->cur = lv->entry;
    stmt(lv, f->body);
    if (lv->off)
        return;
    edge(lv, lv->cur, lv->exit); /* falling off the end */
    for (size_t i = 0; i < lv->gotos.n; i++) {
        Goto *g = &lv->gotos.v[i];
        int t = g->stmt ? goto_target(lv, g->stmt) : -1;
        if (t >= 0) {
            edge(lv, g->from, t);
            continue;
        }
        /* An indirect goto, or a label not found: any label at all. */
        for (size_t k = 0; k < lv->labels.n; k++)
            edge(lv, g->from, lv->labels.v[k].point);
    }
    solve(lv);
    for (unsigned b = 0; b < lv->nloc; b++)
        lv->loc[b]->escapes = lv->escapes[b];
    lv->kept = bits_new(lv);
    for (size_t i = 0; i < lv->points.n; i++) {
        Point *p = &lv->points.v[i];
        if (p->await)
            for (unsigned w = 0; w < lv->words; w++)
                lv->kept[w] |= p->out[w];
    }
}

/* An await point lies where the escaped local may be reached. */
static bool await_in_scope(LV *lv, unsigned b)
{
    unsigned lo, hi;
    life_range(lv, b, &lo, &hi);
    for (size_t i = 0; i < lv->f->awaits.n; i++) {
        unsigned k = lv->f->awaits.v[i]->node->index;
        if (k >= lo && k <= hi)
            return true;
    }
    return false;
}

/* The scope rule: an await point in the local's block after its declaration. */
static bool scope_rule(LV *lv, Local *l)
{
    if (!l->node || !l->scope)
        return false;
    for (size_t i = 0; i < lv->f->awaits.n; i++) {
        unsigned k = lv->f->awaits.v[i]->node->index;
        if (k > l->node->last && k <= l->scope->last)
            return true;
    }
    return false;
}

static bool kept(LV *lv, Local *l)
{
    int b = local_bit(lv, l);
    if (b < 0 || l->is_param)
        return false;
    if (lv->ruled[b])
        return scope_rule(lv, l);
    if (lv->escapes[b])
        return await_in_scope(lv, (unsigned)b);
    return bit_test(lv->kept, (unsigned)b);
}

bool frame_keeps(Func *f, Local *l, bool by_scope)
{
    LV *lv = f->liveness;
    if (!lv || lv->off || l->is_param || local_bit(lv, l) < 0 || lv->ruled[local_bit(lv, l)])
        return by_scope;
    /* The variables of a for header, or of a declaration with an alignment
     * specifier, are all in the frame or none: lower.c rewrites a for
     * header as a whole, and would respell an ordinary variable declared
     * beside a frame one without the specifier. */
    Node *d = l->node ? l->node->parent : NULL;
    bool together = false;
    for (unsigned i = 0; d && d->kind == NK_DECLSTMT && i < d->nkids; i++)
        if (d->kids[i]->local && d->kids[i]->local->align)
            together = true;
    if (d && d->parent && d->parent->kind == NK_FOR)
        together = true;
    if (!together)
        return kept(lv, l);
    for (unsigned i = 0; i < d->nkids; i++) {
        Local *x = d->kids[i]->kind == NK_VARDECL ? d->kids[i]->local : NULL;
        if (x && !x->is_vm && kept(lv, x))
            return true;
    }
    return false;
}

const char *frame_liveness_off(Func *f)
{
    return f->liveness ? f->liveness->off : "not analysed";
}

/* ------------------------------------------------------------------ */
/* Sharing                                                              */
/* ------------------------------------------------------------------ */

static long long local_size(Local *l)
{
    CXType c = clang_getCanonicalType(l->type);
    if (l->is_param && (c.kind == CXType_ConstantArray || c.kind == CXType_IncompleteArray ||
                        c.kind == CXType_VariableArray || c.kind == CXType_FunctionProto ||
                        c.kind == CXType_FunctionNoProto))
        return (long long)sizeof(void *);
    long long s = clang_Type_getSizeOf(l->type);
    return s > 0 ? s : 0;
}

/* The frame locals each await point keeps, for the layout report: those
 * live after it, and those whose address escaped (or that follow the
 * scope rule) when it lies where they exist. */
static void record_kept(LV *lv)
{
    for (size_t i = 0; i < lv->points.n; i++) {
        Point *p = &lv->points.v[i];
        Await *a = p->await;
        if (!a)
            continue;
        VEC(Local *) keep = { 0 };
        for (unsigned b = 0; b < lv->nloc; b++) {
            Local *l = lv->loc[b];
            if (!l->in_frame)
                continue;
            unsigned lo, hi;
            life_range(lv, b, &lo, &hi);
            bool ranged = lv->escapes[b] || lv->ruled[b];
            bool held = ranged ? p->pos >= lo && p->pos <= hi : bit_test(p->out, b);
            if (held)
                vec_push(&lv->u->arena, &keep, l);
        }
        a->keeps = keep.v;
        a->nkeeps = (unsigned)keep.n;
    }
}

void frame_share(Unit *u, Func *f)
{
    LV *lv = f->liveness;
    VEC(Local *) frame = { 0 };
    for (size_t i = 0; i < f->locals.n; i++)
        if (f->locals.v[i]->in_frame)
            vec_push(&u->arena, &frame, f->locals.v[i]);
    unsigned F = (unsigned)frame.n;
    f->slots = arena_alloc(&u->arena, (F + 1) * sizeof *f->slots);
    f->nslots = 0;
    if (!lv || lv->off || F < 2) {
        for (unsigned j = 0; j < F; j++) {
            Slot *s = &f->slots[f->nslots++];
            s->locals = arena_alloc(&u->arena, sizeof *s->locals);
            s->locals[0] = frame.v[j];
            s->n = 1;
        }
        if (lv && !lv->off)
            record_kept(lv);
        return;
    }
    record_kept(lv);

    /* Interference: both occupied at one point of the graph. */
    int *bit = arena_alloc(&u->arena, F * sizeof *bit);
    unsigned *lo = arena_alloc(&u->arena, F * sizeof *lo);
    unsigned *hi = arena_alloc(&u->arena, F * sizeof *hi);
    for (unsigned j = 0; j < F; j++) {
        bit[j] = local_bit(lv, frame.v[j]);
        lo[j] = 0;
        hi[j] = ~0u;
        if (bit[j] >= 0)
            life_range(lv, (unsigned)bit[j], &lo[j], &hi[j]);
    }
    unsigned FW = (F + 63) / 64;
    Word *clash = arena_alloc(&u->arena, (size_t)F * FW * sizeof(Word));
    unsigned *here = arena_alloc(&u->arena, F * sizeof *here);
    for (size_t i = 0; i < lv->points.n; i++) {
        Point *p = &lv->points.v[i];
        unsigned n = 0;
        for (unsigned j = 0; j < F; j++) {
            int b = bit[j];
            bool occupied;
            if (b < 0)
                occupied = true; /* not tracked: never shares */
            else if (lv->escapes[b])
                occupied = p->pos >= lo[j] && p->pos <= hi[j];
            else
                occupied = bit_test(p->in, (unsigned)b) || bit_test(p->out, (unsigned)b) ||
                           bit_test(p->refs, (unsigned)b);
            if (occupied)
                here[n++] = j;
        }
        for (unsigned x = 0; x < n; x++)
            for (unsigned y = 0; y < n; y++)
                bit_set(clash + (size_t)here[x] * FW, here[y]);
    }
    /* Volatile and variably modified locals keep a field of their own:
     * the scope rule put them there, and liveness says nothing of them. */
    for (unsigned j = 0; j < F; j++)
        if (bit[j] >= 0 && lv->ruled[bit[j]])
            for (unsigned k = 0; k < F; k++) {
                bit_set(clash + (size_t)j * FW, k);
                bit_set(clash + (size_t)k * FW, j);
            }

    /* Greedy colouring, largest first (ties in declaration order): each
     * local joins the first slot none of whose locals it clashes with. */
    unsigned *order = arena_alloc(&u->arena, F * sizeof *order);
    long long *size = arena_alloc(&u->arena, F * sizeof *size);
    for (unsigned j = 0; j < F; j++) {
        order[j] = j;
        size[j] = local_size(frame.v[j]);
    }
    for (unsigned j = 1; j < F; j++) {
        unsigned x = order[j], k = j;
        while (k > 0 && size[order[k - 1]] < size[x]) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = x;
    }
    unsigned *color = arena_alloc(&u->arena, F * sizeof *color);
    unsigned ncolors = 0;
    for (unsigned j = 0; j < F; j++) {
        unsigned x = order[j], c;
        for (c = 0; c < ncolors; c++) {
            bool ok = true;
            for (unsigned k = 0; k < j && ok; k++)
                if (color[order[k]] == c && bit_test(clash + (size_t)x * FW, order[k]))
                    ok = false;
            if (ok)
                break;
        }
        if (c == ncolors)
            ncolors++;
        color[x] = c;
    }

    /* Slots in the order of their first local, locals in declaration order. */
    bool *done = arena_alloc(&u->arena, (ncolors + 1) * sizeof *done);
    for (unsigned j = 0; j < F; j++) {
        unsigned c = color[j];
        if (done[c])
            continue;
        done[c] = true;
        Slot *s = &f->slots[f->nslots++];
        s->locals = arena_alloc(&u->arena, F * sizeof *s->locals);
        for (unsigned k = j; k < F; k++)
            if (color[k] == c)
                s->locals[s->n++] = frame.v[k];
    }
}
