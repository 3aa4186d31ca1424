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
 * The analysis builds a control-flow graph over the lowered form of one
 * async body (lower.c's LStmt tree, in which every expression step is
 * await-free and evaluated in the order the emitted code evaluates it):
 * sequencing, if/else, loops with their back edges, switch with case
 * labels and fall-through, break, continue, goto and labels, return, and
 * each await point as the step that reads the child's arguments followed
 * by the suspension.  It solves backward liveness over it, one bit per
 * local that may be in the frame, the lowering's temporaries included, so
 * that temporaries are packed like any other local or stay locals of the
 * poll function.  What a step does to a local is what the lowering noted
 * on its PC_LOCAL pieces (read, certainly written, address escaping).
 * Copied text (L_TEXT) holds no await; its statements are walked as the
 * IR has them (stmt(): plain C control flow; a plain assignment `x = E`
 * overwrites x when it is certainly evaluated; a declaration with an
 * initialiser overwrites its variable, and one without ends its
 * variable's liveness too unless a label before it in its block could
 * bring control back with the old value: otherwise reaching the
 * declaration means the block was just entered, and a variable's value is
 * indeterminate at the start of each lifetime).  A statement expression
 * without an await, copied as text, is a single step.  Constructs the
 * graph does not model (a break, continue or goto out of a statement
 * expression, an await inside a statement expression of a C library
 * macro's body) make the whole function fall back to the scope rule: every
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
 * also the function's entry, where init stores it); with few frame locals
 * the pairs are found on a bitset per point, else on lists of facts.
 * Frame locals are coloured greedily, largest first, into slots; a
 * slot of one local is a plain field, a slot of several an anonymous union,
 * so the generated code and debuggers still name every local
 * `pn__self->x`.  --no-frame-packing turns all of this off.
 */
#include "transform.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t Word;

/* A point of the graph: one evaluation step (an expression, a part of
 * one, a declaration) or a join. */
typedef struct Point {
    unsigned pos; /* pre-order index of the IR node it belongs to: its blocks */
    Await *await; /* a suspension: what is live after it must stay in the frame */
    VEC(unsigned) succ;
} Point;

/* A fact about one local at one point: read there (gen), certainly
 * overwritten there (kill), named there (refs), live into or out of it
 * (occupied), live out of an await point.  The facts are lists of these,
 * not a bit per local per point: a long function with many locals names
 * few of them at each point. */
typedef struct Fact {
    unsigned point, bit;
} Fact;

typedef VEC(Fact) Facts;

/* Facts sorted by one of their fields: the facts of key k are
 * v[start[k]] .. v[start[k + 1] - 1]. */
typedef struct Index {
    unsigned *start;
    unsigned *v;
} Index;

/* Where break and continue of a loop or switch go. */
typedef struct Jumps {
    Node *stmt;
    int brk, cont;
    bool cont_label; /* the lowering put the loop's pn__cont_N label in its body */
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
    Facts gen, kill, refs;
    Facts occupied;   /* live into or out of the point (solve) */
    Facts scratch;    /* frame_share's occupied frame locals, by frame index */
    Facts live_out;   /* live out of an await point (solve) */
    Word *kept;       /* live after some await point */
    unsigned *await_pos; /* the pre-order indices of the await points, sorted */
    unsigned nawaits;
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

static void fact(LV *lv, Facts *to, int point, unsigned bit)
{
    Fact x = { (unsigned)point, bit };
    vec_push(&lv->u->arena, to, x);
}

static int by_uint(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* The facts by point (by_point) or by local, in a stable counting sort:
 * the facts of one key keep the order they were found in. */
static Index index_facts(LV *lv, const Facts *fs, unsigned nkeys, bool by_point)
{
    Index ix;
    ix.start = arena_alloc(&lv->u->arena, (nkeys + 2) * sizeof *ix.start);
    ix.v = arena_alloc(&lv->u->arena, (fs->n + 1) * sizeof *ix.v);
    for (size_t i = 0; i < fs->n; i++)
        ix.start[(by_point ? fs->v[i].point : fs->v[i].bit) + 2]++;
    for (unsigned k = 2; k < nkeys + 2; k++)
        ix.start[k] += ix.start[k - 1];
    for (size_t i = 0; i < fs->n; i++) {
        unsigned k = by_point ? fs->v[i].point : fs->v[i].bit;
        ix.v[ix.start[k + 1]++] = by_point ? fs->v[i].bit : fs->v[i].point;
    }
    return ix;
}

/* How many await points lie in the pre-order range [lo, hi]. */
static unsigned awaits_between(LV *lv, unsigned lo, unsigned hi)
{
    if (lo > hi)
        return 0;
    unsigned a = 0, b = lv->nawaits;
    while (a < b) {
        unsigned mid = (a + b) / 2;
        if (lv->await_pos[mid] < lo)
            a = mid + 1;
        else
            b = mid;
    }
    unsigned first = a;
    b = lv->nawaits;
    while (a < b) {
        unsigned mid = (a + b) / 2;
        if (lv->await_pos[mid] <= hi)
            a = mid + 1;
        else
            b = mid;
    }
    return a - first;
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
    /* A cleanup local across an await is read by its cleanup when the
     * scope ends and by the drop function: its whole scope. */
    return l->is_vm || l->is_volatile || l->cleanup_across || has_volatile(l->type, 0);
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
static const char *opaque_problem(Unit *u, Node *n, bool jumps_only)
{
    if (!(n->kinds & KIND_BIT(NK_STMTEXPR)))
        return NULL;
    if (n->kind == NK_STMTEXPR && !n->unevaluated) {
        if (stmtexpr_jump_out(n))
            return "a jump out of a statement expression";
        if (!jumps_only && n->has_await && in_kept_system_macro(u, n))
            return "an await inside a statement expression of a C library macro";
    }
    for (unsigned i = 0; i < n->nkids; i++) {
        const char *why = opaque_problem(u, n->kids[i], jumps_only);
        if (why)
            return why;
    }
    return NULL;
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

/* ------------------------------------------------------------------ */
/* What an expression does to locals                                    */
/* ------------------------------------------------------------------ */

/* Marks in gen the locals the subtree reads and in refs those it names.
 * The left side of a plain `=` is written, not read, except in the
 * branches of pn_all/pn_race, whose targets are written while other
 * branches are still running.  skip_points leaves out await points below
 * the root: their own steps account for them. */
static void expr_facts(LV *lv, Expr *e, int pt, bool concurrent);

static void reads(LV *lv, Node *n, int pt, bool skip_points, bool concurrent, bool root)
{
    if (skip_points && !root && is_point(n))
        return;
    if (n->part && !root) {
        /* Replaced in the copied text by what the lowering made of it
         * (a temporary, a child's result): that is what the step reads. */
        expr_facts(lv, n->part, pt, false);
        return;
    }
    if (n->kind == NK_STMTEXPR && !n->unevaluated) {
        /* One step, no await inside: the locals it declares live and die
         * within the step, so none is read from before it. */
        size_t from = lv->gen.n, to = from;
        for (unsigned i = 0; i < n->nkids; i++)
            reads(lv, n->kids[i], pt, skip_points, concurrent, false);
        for (size_t k = from; k < lv->gen.n; k++) {
            Node *d = lv->loc[lv->gen.v[k].bit]->node;
            if (!(d && d->index > n->index && d->index <= n->last))
                lv->gen.v[to++] = lv->gen.v[k];
        }
        lv->gen.n = to;
        return;
    }
    if (n->kind == NK_DECLREF && n->local) {
        int b = local_bit(lv, n->local);
        if (b >= 0) {
            fact(lv, &lv->gen, pt, (unsigned)b);
            fact(lv, &lv->refs, pt, (unsigned)b);
            if (!lv->escapes[b] && ref_escapes(lv->u, n))
                lv->escapes[b] = true;
        }
        return;
    }
    if (n->kind == NK_VARDECL && n->local) {
        int b = local_bit(lv, n->local);
        if (b >= 0)
            fact(lv, &lv->refs, pt, (unsigned)b);
    }
    concurrent = concurrent || n->kind == NK_ALL || n->kind == NK_RACE;
    if (!concurrent && n->kind == NK_BINARY && n->nkids == 2) {
        Node *l = node_strip(n->kids[0]);
        int b = l && l->kind == NK_DECLREF ? local_bit(lv, l->local) : -1;
        if (b >= 0) {
            node_op(lv->u, n);
            if (n->op == OP_ASSIGN) {
                fact(lv, &lv->refs, pt, (unsigned)b);
                reads(lv, n->kids[1], pt, skip_points, concurrent, false);
                return;
            }
        }
    }
    for (unsigned i = 0; i < n->nkids; i++)
        reads(lv, n->kids[i], pt, skip_points, concurrent, false);
}

/* Every await point of `root` lies inside `n`. */
static bool awaits_within(LV *lv, Node *root, Node *n)
{
    /* n lies inside root. */
    return awaits_between(lv, root->index, root->last) == awaits_between(lv, n->index, n->last);
}

/* Marks in kill the locals certainly overwritten once evaluating n (part
 * of root) is over: plain assignments reached without passing a
 * condition, whose right side holds every await of root (so the store
 * comes after the last suspension). */
static void kills(LV *lv, Node *n, Node *root, int pt)
{
    if (!(n->kinds & KIND_BIT(NK_BINARY)))
        return; /* no assignment under it */
    switch (n->kind) {
    case NK_BINARY: {
        if (n->nkids != 2)
            return;
        /* Whatever the operator, the left operand is walked; which one it
         * is matters only when it may store to a local or when the right
         * operand holds an assignment (reading it costs the operands'
         * extents). */
        Node *lhs = node_strip(n->kids[0]);
        if (!(lhs && lhs->kind == NK_DECLREF && local_bit(lv, lhs->local) >= 0) &&
            !(n->kids[1]->kinds & KIND_BIT(NK_BINARY))) {
            kills(lv, n->kids[0], root, pt);
            return;
        }
        node_op(lv->u, n);
        if (n->op == OP_LAND || n->op == OP_LOR || n->op == OP_NONE) {
            kills(lv, n->kids[0], root, pt);
            return;
        }
        if (n->op == OP_ASSIGN) {
            Node *l = node_strip(n->kids[0]);
            int b = l && l->kind == NK_DECLREF ? local_bit(lv, l->local) : -1;
            if (b >= 0 && awaits_within(lv, root, n->kids[1]))
                fact(lv, &lv->kill, pt, (unsigned)b);
        }
        break;
    }
    case NK_CONDITIONAL:
        if (n->nkids)
            kills(lv, n->kids[0], root, pt);
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
        kills(lv, n->kids[i], root, pt);
}

/* ------------------------------------------------------------------ */
/* The graph                                                            */
/* ------------------------------------------------------------------ */

static int point_new(LV *lv, unsigned pos)
{
    Point p = { 0 };
    p.pos = pos;
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

static void stmt(LV *lv, Node *s);

static int join_new(LV *lv, unsigned pos, int a, int b)
{
    int j = point_new(lv, pos);
    edge(lv, a, j);
    edge(lv, b, j);
    return j;
}

/* One full expression of copied text (or a declaration: root is the
 * VARDECL, value its initialiser, declared the variable it initialises):
 * one step, which reads what the expression reads and certainly
 * overwrites what kills() finds. */
static void full(LV *lv, Node *root, Node *value, Local *declared)
{
    int p = step(lv, root->index);
    reads(lv, root, p, true, false, false);
    if (value)
        kills(lv, value, root, p);
    int b = local_bit(lv, declared);
    if (b >= 0) {
        fact(lv, &lv->kill, p, (unsigned)b);
        fact(lv, &lv->refs, p, (unsigned)b);
    }
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
    if (!(n->kinds & KIND_BIT(NK_LABEL)))
        return;
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
    /* A compound literal's storage is its block's: a loop of that block
     * may run the literal's statement again before a point where pointers
     * to the earlier object are still in use. */
    if (l->is_param || !l->node || !l->scope || l->frame_literal)
        return;
    /* The labels were found in pre-order: the first at or after *lo. */
    size_t a = 0, z = lv->labels.n;
    while (a < z) {
        size_t mid = (a + z) / 2;
        if (lv->labels.v[mid].stmt->index < *lo)
            a = mid + 1;
        else
            z = mid;
    }
    if (a < lv->labels.n && lv->labels.v[a].stmt->index < l->node->index)
        return;
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
    Jumps j = { loop, brk, cont, false };
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
        Jumps j = { s, exit, -1, false };
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
    /* The step's names are the last ones recorded. */
    for (size_t k = lv->refs.n; k-- > 0 && lv->refs.v[k].point == (unsigned)lv->cur;)
        lv->escapes[lv->refs.v[k].bit] = true;
    if (has_label_ref(s)) {
        /* asm goto: it may also continue at any label it names. */
        Goto g = { lv->cur, NULL };
        vec_push(&lv->u->arena, &lv->gotos, g);
    }
}

/* ------------------------------------------------------------------ */
/* The graph of the lowered body                                        */
/* ------------------------------------------------------------------ */

/* The facts of one step of the lowered form: every local it names, read,
 * certainly written or with its address escaping as the lowering noted
 * on the piece.  concurrent: the targets of pn_all / pn_race branches,
 * stored while other branches may still be suspended, count as read and
 * never as certainly written. */
static void expr_facts(LV *lv, Expr *e, int pt, bool concurrent)
{
    for (size_t i = 0; e && i < e->p.n; i++) {
        Piece *p = &e->p.v[i];
        if (p->kind == PC_LIST) {
            expr_facts(lv, p->list, pt, concurrent);
            continue;
        }
        int b = p->kind == PC_LOCAL ? local_bit(lv, p->local) : -1;
        if (b < 0)
            continue;
        fact(lv, &lv->refs, pt, (unsigned)b);
        if ((p->a & LA_READ) || (concurrent && (p->a & LA_WRITE)))
            fact(lv, &lv->gen, pt, (unsigned)b);
        else if (p->a & LA_WRITE)
            fact(lv, &lv->kill, pt, (unsigned)b);
        if (p->a & LA_ESCAPE)
            lv->escapes[b] = true;
    }
}

static int expr_step(LV *lv, unsigned pos, Expr *e)
{
    int p = step(lv, pos);
    expr_facts(lv, e, p, false);
    return p;
}

static void lblock(LV *lv, LBlock *b);

/* An L_DECL: each local declared in its turn, after its initialiser. */
static void ldecl(LV *lv, LStmt *s)
{
    for (size_t i = 0; i < s->decls.n; i++) {
        LDecl *d = &s->decls.v[i];
        int p = expr_step(lv, d->local->node ? d->local->node->index : s->pos, d->init);
        int b = local_bit(lv, d->local);
        if (b >= 0) {
            fact(lv, &lv->refs, p, (unsigned)b);
            if (d->init || fresh_at_decl(lv, d->local))
                fact(lv, &lv->kill, p, (unsigned)b);
        }
    }
}

static Jumps *innermost_loop(LV *lv)
{
    for (size_t i = lv->jumps.n; i-- > 0;)
        if (lv->jumps.v[i].cont >= 0)
            return &lv->jumps.v[i];
    return NULL;
}

static void lstmt(LV *lv, LStmt *s)
{
    if (lv->off)
        return;
    switch (s->kind) {
    case L_COMMENT: return;
    case L_TEXT:
        for (size_t i = 0; i < s->nodes.n; i++)
            stmt(lv, s->nodes.v[i]);
        return;
    case L_EXPR: expr_step(lv, s->pos, s->e); return;
    case L_DECL: ldecl(lv, s); return;
    case L_BLOCK: lblock(lv, s->body); return;
    case L_IF: {
        expr_step(lv, s->pos, s->e);
        int cond = lv->cur;
        lblock(lv, s->body);
        int then = lv->cur;
        lv->cur = cond;
        if (s->els)
            lblock(lv, s->els);
        lv->cur = join_new(lv, s->pos, then, lv->cur);
        return;
    }
    case L_WHILE:
    case L_FOR:
    case L_DO: {
        if (s->kind == L_FOR && s->decl)
            ldecl(lv, s->decl);
        if (s->init)
            expr_step(lv, s->pos, s->init);
        int head = step(lv, s->pos);
        int exit = point_new(lv, s->pos);
        int cont = point_new(lv, s->pos);
        if (s->kind != L_DO && s->e) {
            expr_step(lv, s->pos, s->e);
            edge(lv, lv->cur, exit);
        }
        Jumps j = { s->node, exit, cont, false };
        vec_push(&lv->u->arena, &lv->jumps, j);
        lblock(lv, s->body);
        bool label = lv->jumps.v[lv->jumps.n - 1].cont_label;
        lv->jumps.n--;
        if (label && s->kind == L_FOR) {
            edge(lv, lv->cur, head); /* the increment ran after the label */
        } else if (!label) {
            edge(lv, lv->cur, cont);
            lv->cur = cont;
        }
        if (s->kind == L_FOR && s->inc)
            expr_step(lv, s->pos, s->inc);
        if (s->kind == L_DO) {
            expr_step(lv, s->pos, s->e);
            edge(lv, lv->cur, exit);
        }
        if (s->kind != L_FOR || !label)
            edge(lv, lv->cur, head);
        lv->cur = exit;
        return;
    }
    case L_SWITCH: {
        expr_step(lv, s->pos, s->e);
        Switch sw = { lv->cur, false };
        int exit = point_new(lv, s->pos);
        vec_push(&lv->u->arena, &lv->switches, sw);
        Jumps j = { s->node, exit, -1, false };
        vec_push(&lv->u->arena, &lv->jumps, j);
        lv->cur = -1; /* the body is entered at its labels */
        lblock(lv, s->body);
        lv->jumps.n--;
        sw = lv->switches.v[--lv->switches.n];
        edge(lv, lv->cur, exit);
        if (!sw.has_default)
            edge(lv, sw.dispatch, exit);
        lv->cur = exit;
        return;
    }
    case L_CASE:
    case L_DEFAULT: {
        if (!lv->switches.n) {
            give_up(lv, "a case label outside a switch");
            return;
        }
        Switch *sw = &lv->switches.v[lv->switches.n - 1];
        int p = point_new(lv, s->pos);
        edge(lv, lv->cur, p);
        edge(lv, sw->dispatch, p);
        if (s->kind == L_DEFAULT)
            sw->has_default = true;
        lv->cur = p;
        return;
    }
    case L_LABEL: {
        int p = -1;
        if (s->node && s->node->kind == NK_LABEL) {
            p = label_point(lv, s->node);
        } else {
            /* pn__cont_N of a loop: where its continue statements go. */
            Jumps *j = s->node ? jumps_of(lv, s->node) : NULL;
            if (j) {
                j->cont_label = true;
                p = j->cont;
            }
        }
        if (p < 0) {
            give_up(lv, "a label the analysis did not find");
            return;
        }
        edge(lv, lv->cur, p);
        lv->cur = p;
        return;
    }
    case L_GOTO:
        if (s->node && s->node->kind == NK_CONTINUE) {
            Jumps *j = s->node->target ? jumps_of(lv, s->node->target) : NULL;
            if (!j) {
                give_up(lv, "a continue whose loop is not known");
                return;
            }
            edge(lv, lv->cur, j->cont);
        } else {
            Goto g = { lv->cur, s->node };
            vec_push(&lv->u->arena, &lv->gotos, g);
        }
        lv->cur = -1;
        return;
    case L_BREAK:
    case L_CONTINUE: {
        Jumps *j = s->node && s->node->target ? jumps_of(lv, s->node->target)
                   : s->node                  ? NULL
                                              : innermost_loop(lv);
        int to = !j ? -1 : s->kind == L_BREAK ? j->brk : j->cont;
        if (to < 0) {
            give_up(lv, "a break or continue whose target is not known");
            return;
        }
        edge(lv, lv->cur, to);
        lv->cur = -1;
        return;
    }
    case L_RETURN:
        expr_step(lv, s->pos, s->e);
        edge(lv, lv->cur, lv->exit);
        lv->cur = -1;
        return;
    case L_AWAIT: {
        /* The child's arguments are read as it is initialised, then the
         * function may suspend. */
        expr_step(lv, s->pos, s->call);
        int p = step(lv, s->pos);
        lv->points.v[p].await = s->await;
        return;
    }
    case L_CONCURRENT: {
        int args = step(lv, s->pos);
        for (unsigned i = 0; i < s->await->nbranches; i++)
            expr_facts(lv, s->inits[i], args, false);
        int p = step(lv, s->pos);
        lv->points.v[p].await = s->await;
        /* A branch stores its result when it completes, while the others
         * may still be suspended; a race stores the winner's index. */
        int r = step(lv, s->pos);
        for (unsigned i = 0; i < s->await->nbranches; i++)
            expr_facts(lv, s->lvalues[i], r, true);
        int b = s->winner ? local_bit(lv, s->winner) : -1;
        if (b >= 0) {
            fact(lv, &lv->refs, r, (unsigned)b);
            fact(lv, &lv->kill, r, (unsigned)b);
        }
        return;
    }
    }
}

static void lblock(LV *lv, LBlock *b)
{
    for (size_t i = 0; b && i < b->s.n && !lv->off; i++)
        lstmt(lv, b->s.v[i]);
}

/* ------------------------------------------------------------------ */
/* Solving                                                              */
/* ------------------------------------------------------------------ */

/* Backward liveness, one local at a time: from the points that read it,
 * back along the edges to the points that certainly overwrite it.  This is
 * the least solution of in = gen | (out & ~kill), out = the union of the
 * successors' in, and costs what the live ranges hold, not a bit per local
 * per point.  It records where each local is live in or out (occupied) and
 * live out of an await point (live_out, and kept). */
static void solve(LV *lv)
{
    Arena *A = &lv->u->arena;
    unsigned n = (unsigned)lv->points.n;
    Facts edges = { 0 };
    for (unsigned i = 0; i < n; i++)
        for (size_t k = 0; k < lv->points.v[i].succ.n; k++) {
            Fact e = { lv->points.v[i].succ.v[k], i }; /* successor, predecessor */
            vec_push(A, &edges, e);
        }
    Index pred = index_facts(lv, &edges, n, true);
    Index gen = index_facts(lv, &lv->gen, lv->nloc, false);
    Index kill = index_facts(lv, &lv->kill, lv->nloc, false);
    /* Marks, by point, of the local being solved (its bit + 1). */
    unsigned *in = arena_alloc(A, (n + 1) * sizeof *in);
    unsigned *out = arena_alloc(A, (n + 1) * sizeof *out);
    unsigned *killed = arena_alloc(A, (n + 1) * sizeof *killed);
    unsigned *occ = arena_alloc(A, (n + 1) * sizeof *occ);
    unsigned *work = arena_alloc(A, (n + 1) * sizeof *work);
    lv->kept = bits_new(lv);
    for (unsigned b = 0; b < lv->nloc; b++) {
        /* An escaped local is held wherever it exists: its liveness is
         * never asked for. */
        if (lv->escapes[b])
            continue;
        unsigned m = b + 1, top = 0;
        for (unsigned k = kill.start[b]; k < kill.start[b + 1]; k++)
            killed[kill.v[k]] = m;
        for (unsigned k = gen.start[b]; k < gen.start[b + 1]; k++) {
            unsigned p = gen.v[k];
            if (in[p] != m) {
                in[p] = m;
                work[top++] = p;
                if (occ[p] != m) {
                    occ[p] = m;
                    fact(lv, &lv->occupied, (int)p, b);
                }
            }
        }
        while (top) {
            unsigned p = work[--top];
            for (unsigned k = pred.start[p]; k < pred.start[p + 1]; k++) {
                unsigned q = pred.v[k];
                if (out[q] == m)
                    continue;
                out[q] = m;
                if (occ[q] != m) {
                    occ[q] = m;
                    fact(lv, &lv->occupied, (int)q, b);
                }
                if (lv->points.v[q].await) {
                    bit_set(lv->kept, b);
                    fact(lv, &lv->live_out, (int)q, b);
                }
                if (killed[q] != m && in[q] != m) {
                    in[q] = m;
                    work[top++] = q;
                }
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Entry points                                                         */
/* ------------------------------------------------------------------ */

/* The graph of the lowered body, its jumps resolved. */
static void walk_body(LV *lv)
{
    Unit *u = lv->u;
    Func *f = lv->f;
    lv->await_pos = arena_alloc(&u->arena, (f->awaits.n + 1) * sizeof *lv->await_pos);
    for (size_t i = 0; i < f->awaits.n; i++)
        lv->await_pos[lv->nawaits++] = f->awaits.v[i]->node->index;
    qsort(lv->await_pos, lv->nawaits, sizeof *lv->await_pos, by_uint);
    lv->entry = point_new(lv, f->body->index);
    lv->exit = point_new(lv, f->body->index);
    for (unsigned b = 0; b < lv->nloc; b++)
        if (lv->loc[b]->is_param)
            fact(lv, &lv->refs, lv->entry, b); /* init stores them */
    find_labels(lv, f->body);
    lv->cur = lv->entry;
    lblock(lv, f->lowered);
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
}

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
        if (!l->is_static && !l->is_extern && (l->may_frame || l->is_temp))
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
        lv->ruled[b] = !lv->loc[b]->is_temp && scope_ruled(lv->loc[b]);
    }
    lv->escapes = arena_alloc(&u->arena, (lv->nloc + 1) * sizeof *lv->escapes);

    lv->off = opaque_problem(u, f->body, false);
    if (lv->off)
        return;
    walk_body(lv);
    if (lv->off)
        return;
    solve(lv);
    for (unsigned b = 0; b < lv->nloc; b++) {
        lv->loc[b]->escapes = lv->escapes[b];
        lv->loc[b]->unread = lv->loc[b]->is_temp;
    }
    for (size_t k = 0; k < lv->gen.n; k++)
        lv->loc[lv->gen.v[k].bit]->unread = false;
}

/* An await point lies where the escaped local may be reached. */
static bool await_in_scope(LV *lv, unsigned b)
{
    unsigned lo, hi;
    life_range(lv, b, &lo, &hi);
    return awaits_between(lv, lo, hi) > 0;
}

/* The scope rule: an await point in the local's block after its declaration. */
static bool scope_rule(LV *lv, Local *l)
{
    if (!l->node || !l->scope || l->node->last == ~0u)
        return false;
    return awaits_between(lv, l->node->last + 1, l->scope->last) > 0;
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
    if (l->is_temp)
        return kept(lv, l);
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

/* The points in the order of their pre-order position, for the points
 * where a local exists. */
static unsigned *points_by_pos(LV *lv)
{
    unsigned n = (unsigned)lv->points.n;
    Facts fs = { 0 };
    for (unsigned i = 0; i < n; i++)
        fact(lv, &fs, (int)i, lv->points.v[i].pos);
    unsigned maxpos = 0;
    for (unsigned i = 0; i < n; i++)
        if (lv->points.v[i].pos > maxpos)
            maxpos = lv->points.v[i].pos;
    /* Positions are pre-order numbers of nodes: a counting sort. */
    Index ix = index_facts(lv, &fs, maxpos + 1, false);
    return ix.v;
}

/* The first of the points sorted by position whose position is >= pos. */
static unsigned first_at(LV *lv, const unsigned *by_pos, unsigned pos)
{
    unsigned a = 0, z = (unsigned)lv->points.n;
    while (a < z) {
        unsigned mid = (a + z) / 2;
        if (lv->points.v[by_pos[mid]].pos < pos)
            a = mid + 1;
        else
            z = mid;
    }
    return a;
}

/* The frame locals each await point keeps, for the layout report: those
 * live after it, and those whose address escaped (or that follow the
 * scope rule) when it lies where they exist; in the order of the locals. */
static void record_kept(LV *lv, const unsigned *by_pos)
{
    unsigned n = (unsigned)lv->points.n;
    Facts held = { 0 };
    for (size_t k = 0; k < lv->live_out.n; k++) {
        unsigned b = lv->live_out.v[k].bit;
        if (lv->loc[b]->in_frame && !lv->escapes[b] && !lv->ruled[b])
            vec_push(&lv->u->arena, &held, lv->live_out.v[k]);
    }
    for (unsigned b = 0; b < lv->nloc; b++) {
        if (!lv->loc[b]->in_frame || !(lv->escapes[b] || lv->ruled[b]))
            continue;
        unsigned lo, hi;
        life_range(lv, b, &lo, &hi);
        for (unsigned i = first_at(lv, by_pos, lo); i < n; i++) {
            unsigned q = by_pos[i];
            if (lv->points.v[q].pos > hi)
                break;
            if (lv->points.v[q].await)
                fact(lv, &held, (int)q, b);
        }
    }
    Index ix = index_facts(lv, &held, n, true);
    for (unsigned q = 0; q < n; q++) {
        Await *a = lv->points.v[q].await;
        if (!a)
            continue;
        unsigned from = ix.start[q], count = ix.start[q + 1] - from;
        qsort(ix.v + from, count, sizeof *ix.v, by_uint);
        a->keeps = arena_alloc(&lv->u->arena, (count + 1) * sizeof *a->keeps);
        a->nkeeps = count;
        for (unsigned k = 0; k < count; k++)
            a->keeps[k] = lv->loc[ix.v[from + k]];
    }
}

/* Up to this many frame locals, interference is computed on bitsets:
 * one of the occupied locals per point (a few words each), one of the
 * locals each interferes with; beyond, on lists of facts, which cost what
 * the live ranges hold. */
enum { DENSE_MAX = 256 };

/* Calls at(q, j) for every point q where frame local j (frame[j]) is
 * occupied, in some order. */
typedef void (*OccupiedFn)(void *ctx, unsigned q, unsigned j);

static void occupied_points(LV *lv, Local **frame, unsigned F, const unsigned *by_pos,
                            OccupiedFn at, void *ctx)
{
    Unit *u = lv->u;
    unsigned P = (unsigned)lv->points.n;
    int *jof = arena_alloc(&u->arena, (lv->nloc + 1) * sizeof *jof);
    for (unsigned b = 0; b < lv->nloc; b++)
        jof[b] = -1;
    for (unsigned j = 0; j < F; j++) {
        int b = local_bit(lv, frame[j]);
        if (b < 0) {
            for (unsigned q = 0; q < P; q++)
                at(ctx, q, j);
        } else if (lv->escapes[b]) {
            unsigned lo, hi;
            life_range(lv, (unsigned)b, &lo, &hi);
            for (unsigned i = first_at(lv, by_pos, lo);
                 i < P && lv->points.v[by_pos[i]].pos <= hi; i++)
                at(ctx, by_pos[i], j);
        } else {
            jof[b] = (int)j;
        }
    }
    const Facts *named[2] = { &lv->occupied, &lv->refs };
    for (int t = 0; t < 2; t++)
        for (size_t k = 0; k < named[t]->n; k++) {
            int j = jof[named[t]->v[k].bit];
            if (j >= 0)
                at(ctx, named[t]->v[k].point, (unsigned)j);
        }
}

typedef struct DenseCtx {
    Word *occ; /* by point: W words */
    unsigned W;
} DenseCtx;

static void dense_at(void *ctx, unsigned q, unsigned j)
{
    DenseCtx *d = ctx;
    bit_set(d->occ + (size_t)q * d->W, j);
}

/* The interference of frame locals as a bitset of W words per local. */
static Word *interference_dense(LV *lv, Local **frame, unsigned F, const unsigned *by_pos)
{
    Unit *u = lv->u;
    unsigned P = (unsigned)lv->points.n, W = (F + 63) / 64;
    DenseCtx d = { arena_alloc(&u->arena, ((size_t)P * W + 1) * sizeof(Word)), W };
    occupied_points(lv, frame, F, by_pos, dense_at, &d);
    Word *adj = arena_alloc(&u->arena, ((size_t)F * W + 1) * sizeof(Word));
    /* Going through the points in order, only a local that was not
     * occupied at the point before brings pairs not already seen: it
     * interferes with everything occupied there. */
    for (unsigned q = 0; q < P; q++) {
        const Word *here = d.occ + (size_t)q * W, *before = q ? here - W : NULL;
        for (unsigned w = 0; w < W; w++)
            for (Word m = here[w] & ~(before ? before[w] : 0); m; m &= m - 1) {
                Word *row = adj + (size_t)(w * 64 + (unsigned)__builtin_ctzll(m)) * W;
                for (unsigned v = 0; v < W; v++)
                    row[v] |= here[v];
            }
    }
    /* Symmetric, and no local interferes with itself. */
    for (unsigned x = 0; x < F; x++)
        for (unsigned w = 0; w < W; w++)
            for (Word m = adj[(size_t)x * W + w]; m; m &= m - 1)
                bit_set(adj + (size_t)(w * 64 + (unsigned)__builtin_ctzll(m)) * W, x);
    for (unsigned x = 0; x < F; x++)
        adj[(size_t)x * W + x / 64] &= ~((Word)1 << (x % 64));
    return adj;
}

static void list_at(void *ctx, unsigned q, unsigned j)
{
    LV *lv = ctx;
    fact(lv, &lv->scratch, (int)q, j);
}

/* The interference of frame locals as lists: adj.v[adj.start[x]] ..
 * adj.v[adj.start[x + 1] - 1] are the locals x interferes with (some more
 * than once). */
static Index interference_lists(LV *lv, Local **frame, unsigned F, const unsigned *by_pos)
{
    Unit *u = lv->u;
    unsigned P = (unsigned)lv->points.n;
    lv->scratch.n = 0;
    occupied_points(lv, frame, F, by_pos, list_at, lv);
    Index at = index_facts(lv, &lv->scratch, P, true);

    /* Interference: both occupied at one point of the graph.  Going
     * through the points in order, only a local that was not occupied at
     * the point before brings pairs not already seen. */
    unsigned *seen = arena_alloc(&u->arena, F * sizeof *seen); /* point + 1 */
    unsigned *prev = arena_alloc(&u->arena, F * sizeof *prev); /* last point occupied + 1 */
    unsigned *here = arena_alloc(&u->arena, (F + 1) * sizeof *here);
    Facts clash = { 0 }; /* point: one local, bit: the other */
    for (unsigned q = 0; q < P; q++) {
        unsigned nh = 0;
        for (unsigned k = at.start[q]; k < at.start[q + 1]; k++)
            if (seen[at.v[k]] != q + 1) {
                seen[at.v[k]] = q + 1;
                here[nh++] = at.v[k];
            }
        for (unsigned x = 0; x < nh; x++) {
            if (q > 0 && prev[here[x]] == q)
                continue;
            for (unsigned y = 0; y < nh; y++)
                if (y != x) {
                    fact(lv, &clash, (int)here[x], here[y]);
                    fact(lv, &clash, (int)here[y], here[x]);
                }
        }
        for (unsigned x = 0; x < nh; x++)
            prev[here[x]] = q + 1;
    }
    return index_facts(lv, &clash, F, true);
}

typedef struct Sized {
    long long size;
    unsigned j;
} Sized;

static int by_size(const void *a, const void *b)
{
    const Sized *x = a, *y = b;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return x->j < y->j ? -1 : x->j > y->j;
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
            record_kept(lv, points_by_pos(lv));
        return;
    }
    unsigned *by_pos = points_by_pos(lv);
    record_kept(lv, by_pos);

    /* Which frame locals interfere: both occupied at one point of the
     * graph (occupied: live in or out, or named; from its declaration to
     * the end of its block when its address escaped; everywhere when the
     * analysis does not track it).  With few of them, a bitset per point
     * and one per local; else lists of facts. */
    Word *dense = NULL;
    Index adj = { NULL, NULL };
    if (F <= DENSE_MAX)
        dense = interference_dense(lv, &frame.v[0], F, by_pos);
    else
        adj = interference_lists(lv, &frame.v[0], F, by_pos);
    unsigned W = (F + 63) / 64;

    /* Greedy colouring, largest first (ties in declaration order): each
     * local joins the first slot none of whose locals it clashes with.
     * Volatile and variably modified locals keep a field of their own:
     * the scope rule put them there, and liveness says nothing of them. */
    Sized *order = arena_alloc(&u->arena, F * sizeof *order);
    for (unsigned j = 0; j < F; j++) {
        order[j].j = j;
        order[j].size = local_size(frame.v[j]);
    }
    qsort(order, F, sizeof *order, by_size);
    unsigned *color = arena_alloc(&u->arena, F * sizeof *color);
    bool *colored = arena_alloc(&u->arena, F * sizeof *colored);
    bool *alone = arena_alloc(&u->arena, (F + 1) * sizeof *alone);  /* by colour */
    unsigned *taken = arena_alloc(&u->arena, (F + 1) * sizeof *taken); /* by colour: x + 1 */
    unsigned ncolors = 0;
    for (unsigned i = 0; i < F; i++) {
        unsigned x = order[i].j, c;
        int b = local_bit(lv, frame.v[x]);
        bool ruled = b >= 0 && lv->ruled[b];
        if (F <= DENSE_MAX) {
            const Word *row = dense + (size_t)x * W;
            for (unsigned w = 0; w < W; w++)
                for (Word m = row[w]; m; m &= m - 1) {
                    unsigned y = w * 64 + (unsigned)__builtin_ctzll(m);
                    if (colored[y])
                        taken[color[y]] = x + 1;
                }
        } else {
            for (unsigned k = adj.start[x]; k < adj.start[x + 1]; k++)
                if (colored[adj.v[k]])
                    taken[color[adj.v[k]]] = x + 1;
        }
        for (c = 0; !ruled && c < ncolors; c++)
            if (taken[c] != x + 1 && !alone[c])
                break;
        if (ruled || c == ncolors) {
            c = ncolors++;
            alone[c] = ruled;
        }
        color[x] = c;
        colored[x] = true;
    }

    /* Slots in the order of their first local, locals in declaration order. */
    int *slot_of = arena_alloc(&u->arena, (ncolors + 1) * sizeof *slot_of);
    unsigned *count = arena_alloc(&u->arena, (ncolors + 1) * sizeof *count);
    for (unsigned c = 0; c < ncolors; c++)
        slot_of[c] = -1;
    for (unsigned j = 0; j < F; j++)
        count[color[j]]++;
    for (unsigned j = 0; j < F; j++) {
        unsigned c = color[j];
        if (slot_of[c] < 0) {
            slot_of[c] = (int)f->nslots++;
            f->slots[slot_of[c]].locals =
                arena_alloc(&u->arena, count[c] * sizeof *f->slots[0].locals);
        }
        Slot *s = &f->slots[slot_of[c]];
        s->locals[s->n++] = frame.v[j];
    }
}

/* ------------------------------------------------------------------ */
/* Choosing the frame                                                   */
/* ------------------------------------------------------------------ */

/* The field names taken in one frame, for choose_frame: open addressing,
 * so that naming the fields costs time linear in the locals. */
typedef struct Fields {
    const char **v;
    unsigned cap;
} Fields;

static unsigned field_hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static bool field_taken(const Fields *t, const char *name)
{
    for (unsigned h = field_hash(name) & (t->cap - 1); t->v[h]; h = (h + 1) & (t->cap - 1))
        if (strcmp(t->v[h], name) == 0)
            return true;
    return false;
}

static void field_take(Fields *t, const char *name)
{
    if (field_taken(t, name))
        return;
    unsigned h = field_hash(name) & (t->cap - 1);
    while (t->v[h])
        h = (h + 1) & (t->cap - 1);
    t->v[h] = name;
}

/* Which locals the frame holds, under which field names: parameters
 * always, the lowering's temporaries, and of the body's locals those that
 * may be (analyze.c) and that liveness keeps (or the scope rule, when it
 * is off). */
static void choose_frame(Unit *u, Func *f)
{
    /* Taken: the fields named already (the temporaries'), and each one
     * named here. */
    Fields taken = { NULL, 16 };
    while (taken.cap < 2 * f->locals.n + 2)
        taken.cap *= 2;
    taken.v = arena_alloc(&u->arena, taken.cap * sizeof *taken.v);
    for (size_t i = 0; i < f->locals.n; i++)
        if (f->locals.v[i]->field)
            field_take(&taken, f->locals.v[i]->field);
    for (size_t i = 0; i < f->locals.n; i++) {
        Local *l = f->locals.v[i];
        if (l->is_param) {
            l->in_frame = l->may_frame;
            if (l->in_frame) {
                l->field = l->name;
                field_take(&taken, l->field);
            }
            continue;
        }
        if (l->is_temp) {
            l->in_frame = frame_keeps(f, l, true);
            continue;
        }
        if (!l->may_frame)
            continue;
        l->in_frame = frame_keeps(f, l, await_in(f, l->node->last, l->scope->last));
        if (l->cleanup_across)
            l->in_frame = true; /* its cleanup is the lowering's */
        if (!l->in_frame)
            continue;
        const char *name = l->name;
        for (unsigned k = 1; field_taken(&taken, name); k++)
            name = arena_printf(&u->arena, "%s_%u", l->name, k);
        l->field = name;
        field_take(&taken, name);
    }
}

void frame_unit(Unit *u)
{
    for (size_t i = 0; i < u->funcs.n; i++) {
        Func *f = u->funcs.v[i];
        if (!f->defined || !f->is_async || !f->body)
            continue;
        frame_liveness(u, f);
        choose_frame(u, f);
        frame_share(u, f);
    }
}

/* ------------------------------------------------------------------ */
/* The state graph (states.c)                                           */
/* ------------------------------------------------------------------ */

/* The states each state can reach (state 0: the start, k: resuming after
 * await point k), from the same graph of the lowered body, without the
 * liveness facts: next[s * (n + 1) + k] when from state s the function
 * can suspend next at await point k, finish[s] when it can finish before
 * another await.  False when the graph leaves something out (a jump out
 * of a statement expression, a construct the graph does not know). */
bool state_graph(Unit *u, Func *f, bool *next, bool *finish)
{
    if (!f->lowered || opaque_problem(u, f->body, true))
        return false;
    LV *lv = arena_alloc(&u->arena, sizeof *lv);
    lv->u = u;
    lv->f = f;
    lv->escapes = arena_alloc(&u->arena, sizeof *lv->escapes);
    walk_body(lv);
    if (lv->off)
        return false;
    unsigned n = (unsigned)lv->points.n, ns = (unsigned)f->awaits.n + 1;
    unsigned *seen = arena_alloc(&u->arena, (n + 1) * sizeof *seen); /* state + 1 */
    unsigned *work = arena_alloc(&u->arena, (n + 1) * sizeof *work);
    for (unsigned st = 0; st < ns; st++) {
        /* State 0 starts at the entry, state k where await point k resumes. */
        unsigned top = 0;
        if (!st) {
            seen[lv->entry] = 1;
            work[top++] = (unsigned)lv->entry;
        }
        for (unsigned p = 0; st && p < n; p++) {
            if (!lv->points.v[p].await || lv->points.v[p].await->index != st)
                continue;
            for (size_t k = 0; k < lv->points.v[p].succ.n; k++) {
                unsigned q = lv->points.v[p].succ.v[k];
                if (seen[q] != st + 1) {
                    seen[q] = st + 1;
                    work[top++] = q;
                }
            }
        }
        while (top) {
            unsigned q = work[--top];
            if ((int)q == lv->exit)
                finish[st] = true;
            if (lv->points.v[q].await) {
                next[(size_t)st * ns + lv->points.v[q].await->index] = true;
                continue; /* it suspends there */
            }
            for (size_t k = 0; k < lv->points.v[q].succ.n; k++) {
                unsigned r = lv->points.v[q].succ.v[k];
                if (seen[r] != st + 1) {
                    seen[r] = st + 1;
                    work[top++] = r;
                }
            }
        }
    }
    return true;
}
