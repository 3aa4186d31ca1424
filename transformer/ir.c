/*
 * ir.c — questions about the IR that several phases ask.
 *
 * The operator of a binary or unary node (libclang 14 has no call for it:
 * read from the tokens between the operands, from a macro's definition,
 * or from macro.c's parse of one), the parts of a `for` statement, the
 * jumps that leave or enter a statement expression, and whether a
 * local's address escapes where it is named.  Analysis, liveness
 * and lowering all ask these; keeping them here keeps those phases from
 * depending on each other.
 */
#include "transform.h"

#include <string.h>


/* The token before the one spelled at `off` in `file`, lexing that file's
 * logical line (for operators that sit in a macro definition). */
static char *token_before_in(Unit *u, CXFile file, unsigned off)
{
    size_t size = 0;
    const char *buf = clang_getFileContents(u->tu, file, &size);
    if (!buf || off > size)
        return NULL;
    unsigned start = off;
    while (start > 0) {
        if (buf[start - 1] == '\n' && !(start >= 2 && buf[start - 2] == '\\'))
            break;
        start--;
    }
    Tok t;
    if (!lex_last_before(buf, (unsigned)size, start, off, &t))
        return NULL;
    return arena_strndup(&u->arena, buf + t.begin, t.end - t.begin);
}

/* The token after the one spelled at `off` in `file`. */
static char *token_after_in(Unit *u, CXFile file, unsigned off)
{
    size_t size = 0;
    const char *buf = clang_getFileContents(u->tu, file, &size);
    if (!buf || off >= size)
        return NULL;
    Tok t = lex_next(buf, (unsigned)size, off);
    t = lex_next(buf, (unsigned)size, t.end);
    if (t.kind == TK_EOF)
        return NULL;
    return arena_strndup(&u->arena, buf + t.begin, t.end - t.begin);
}

/* Reads the operator of a binary or unary node from tokens; sets n->op and
 * n->optext (NULL when it cannot be told). */
static Op classify_unary(const char *text, bool prefix)
{
    if (!prefix)
        return text[0] == '+' ? OP_POSTINC : OP_POSTDEC;
    return strcmp(text, "&") == 0    ? OP_ADDR
           : strcmp(text, "*") == 0  ? OP_DEREF
           : strcmp(text, "++") == 0 ? OP_PREINC
           : strcmp(text, "--") == 0 ? OP_PREDEC
                                     : OP_OTHER;
}

void node_op(Unit *u, Node *n)
{
    if (n->op != OP_NONE)
        return;
    if (n->optext) {
        /* Found earlier by macro_operators, for a neighbour. */
        if (n->kind == NK_UNARY) {
            CXSourceLocation mine = clang_getRangeStart(node_extent(n));
            CXSourceLocation kid = clang_getRangeStart(node_extent(n->kids[0]));
            n->op = classify_unary(n->optext, !clang_equalLocations(mine, kid));
        } else {
            n->op = binary_op_class(n->optext);
        }
        return;
    }
    if (n->kind == NK_BINARY || n->kind == NK_COMPOUND_ASSIGN) {
        if (n->nkids != 2)
            return;
        Node *l = n->kids[0], *r = n->kids[1];
        node_range(u, l);
        node_range(u, r);
        char *text = NULL;
        /* The operand on the right starts later in the file (it is written
         * there, or a macro invoked there): the operator is the token just
         * before it. */
        bool arg_after_body =
            r->bkind == LK_ARG && (l->bkind == LK_BODY || l->bkind == LK_BODY_IN_ARG);
        Tok t;
        if (l->exact && r->fb >= l->fe && r->bkind != LK_ELSEWHERE) {
            /* Exactly one token between the operands' texts. */
            t = lex_next(u->src, u->len, l->fe);
            Tok after = lex_next(u->src, u->len, t.end);
            if (t.end <= r->fb && after.begin >= r->fb)
                text = arena_strndup(&u->arena, u->src + t.begin, t.end - t.begin);
            /* A comma between two arguments of a macro is no operator. */
            if (text && (!is_binary_op_text(text) ||
                         (strcmp(text, ",") == 0 && macro_arg_comma(u, t.begin))))
                text = NULL;
        }
        if (!text && r->fb > l->fb && !arg_after_body && r->bkind != LK_ELSEWHERE &&
            lex_last_before(u->src, u->len, l->fb, r->fb, &t)) {
            text = arena_strndup(&u->arena, u->src + t.begin, t.end - t.begin);
            /* Two arguments of one macro joined by an operator of its body
             * (`#define ADD(a, b) a + b`) show the comma between them. */
            if (strcmp(text, ",") == 0 && macro_arg_comma(u, t.begin))
                text = NULL;
            else if (l->bkind == LK_ARG && r->bkind == LK_ARG &&
                     lex_has_toplevel_comma(u->src, l->fb, t.begin))
                text = NULL;
            if (text && !is_binary_op_text(text))
                text = NULL;
        }
        /* The right operand begins a macro argument: the operator is the
         * definition's, before that parameter. */
        if (!text)
            text = (char *)macro_arg_operator(u, n);
        /* Both operands inside one macro body: read the definition. */
        if (!text &&
            (r->bkind == LK_BODY || r->bkind == LK_BODY_IN_ARG || r->bkind == LK_ELSEWHERE)) {
            CXSourceLocation rloc = clang_getRangeStart(node_extent(r));
            CXFile sf = NULL;
            unsigned so = 0;
            if (spelled_token(u, rloc, NULL, &sf, &so) && sf)
                text = token_before_in(u, sf, so);
        }
        /* Operands out of macro bodies: read the definitions. */
        if ((!text || !is_binary_op_text(text)) && macro_operators(u, n))
            text = (char *)n->optext;
        if (!text || !is_binary_op_text(text)) {
            n->optext = NULL;
            return;
        }
        n->optext = text;
        n->op = binary_op_class(text);
        if (n->kind == NK_COMPOUND_ASSIGN && n->op != OP_COMPOUND)
            n->optext = NULL, n->op = OP_NONE;
        return;
    }
    if (n->kind == NK_UNARY && n->nkids == 1) {
        Node *k = n->kids[0];
        CXSourceLocation mine = clang_getRangeStart(node_extent(n));
        CXSourceLocation kid = clang_getRangeStart(node_extent(k));
        char *text = NULL;
        if (!clang_equalLocations(mine, kid)) {
            node_range(u, n);
            if (n->bkind == LK_FILE || n->bkind == LK_ARG) {
                Tok t = lex_next(u->src, u->len, n->fb);
                text = arena_strndup(&u->arena, u->src + t.begin, t.end - t.begin);
            } else if (!spelled_token(u, mine, &text, NULL, NULL)) {
                return;
            }
            n->optext = text;
            n->op = strcmp(text, "&") == 0    ? OP_ADDR
                    : strcmp(text, "*") == 0  ? OP_DEREF
                    : strcmp(text, "++") == 0 ? OP_PREINC
                    : strcmp(text, "--") == 0 ? OP_PREDEC
                                              : OP_OTHER;
            return;
        }
        /* Postfix: the operator follows the operand's last token. */
        node_range(u, k);
        Node *s = node_strip(k);
        if (k->exact && (k->bkind == LK_FILE || k->bkind == LK_ARG)) {
            Tok t = lex_next(u->src, u->len, k->fe);
            text = arena_strndup(&u->arena, u->src + t.begin, t.end - t.begin);
        } else if (s && (s->kind == NK_DECLREF || s->kind == NK_MEMBER)) {
            CXFile sf = NULL;
            unsigned so = 0;
            if (spelled_token(u, clang_getCursorLocation(s->cur), NULL, &sf, &so) && sf)
                text = token_after_in(u, sf, so);
        }
        if (!text && macro_operators(u, n))
            text = (char *)n->optext;
        if (text && (strcmp(text, "++") == 0 || strcmp(text, "--") == 0)) {
            n->optext = text;
            n->op = text[0] == '+' ? OP_POSTINC : OP_POSTDEC;
        } else {
            n->optext = NULL;
            n->op = OP_POSTINC; /* some postfix ++/--: enough for the analysis */
        }
    }
}

/* ------------------------------------------------------------------ */
/* Statement parts                                                      */
/* ------------------------------------------------------------------ */

/* Whether the label a goto names is a label statement inside `within`
 * (compared by location: libclang's referenced cursor is not always equal
 * to the one the walk built). */
static bool label_inside(Node *within, CXSourceLocation at)
{
    if (within->kind == NK_LABEL && clang_equalLocations(clang_getCursorLocation(within->cur), at))
        return true;
    for (unsigned i = 0; i < within->nkids; i++)
        if (label_inside(within->kids[i], at))
            return true;
    return false;
}

static Node *jump_out(Node *se, Node *n)
{
    switch (n->kind) {
    case NK_BREAK:
    case NK_CONTINUE:
        if (!n->target || n->target->index < se->index || n->target->index > se->last)
            return n;
        break;
    case NK_GOTO: {
        bool inside = false;
        for (unsigned i = 0; i < n->nkids; i++)
            if (clang_getCursorKind(n->kids[i]->cur) == CXCursor_LabelRef &&
                label_inside(se, clang_getCursorLocation(
                                     clang_getCursorReferenced(n->kids[i]->cur))))
                inside = true;
        if (!inside)
            return n;
        break;
    }
    default:
        if (clang_getCursorKind(n->cur) == CXCursor_IndirectGotoStmt)
            return n;
        if (clang_getCursorKind(n->cur) == CXCursor_AsmStmt) {
            /* asm goto: it may continue at the labels it names. */
            for (unsigned i = 0; i < n->nkids; i++)
                if (clang_getCursorKind(n->kids[i]->cur) == CXCursor_LabelRef)
                    return n;
        }
        break;
    }
    for (unsigned i = 0; i < n->nkids; i++) {
        Node *j = jump_out(se, n->kids[i]);
        if (j)
            return j;
    }
    return NULL;
}

Node *stmtexpr_jump_out(Node *se)
{
    return jump_out(se, se);
}

Node *stmtexpr_jump_in(Node *body, Node *se)
{
    if (body->index >= se->index && body->index <= se->last)
        return NULL;
    if (body->kind == NK_GOTO)
        for (unsigned i = 0; i < body->nkids; i++)
            if (clang_getCursorKind(body->kids[i]->cur) == CXCursor_LabelRef &&
                label_inside(se, clang_getCursorLocation(
                                     clang_getCursorReferenced(body->kids[i]->cur))))
                return body;
    for (unsigned i = 0; i < body->nkids; i++) {
        Node *j = stmtexpr_jump_in(body->kids[i], se);
        if (j)
            return j;
    }
    return NULL;
}

/* Splits a `for` into its parts; libclang omits absent ones, so the
 * header's semicolons decide which child is which. */
bool for_parts(Unit *u, Node *n, Node **init, Node **cond, Node **inc, Node **body)
{
    *init = *cond = *inc = NULL;
    *body = n->nkids ? n->kids[n->nkids - 1] : NULL;
    if (n->nkids == 4) {
        *init = n->kids[0];
        *cond = n->kids[1];
        *inc = n->kids[2];
        return true;
    }
    if (n->nkids <= 1)
        return true;
    node_range(u, n);
    if (n->bkind == LK_FILE || n->bkind == LK_ARG) {
        Tok t = lex_next(u->src, u->len, n->fb); /* for */
        t = lex_next(u->src, u->len, t.end);     /* ( */
        if (tok_is(u->src, t, "(")) {
            unsigned semi[2] = { 0, 0 };
            int nsemi = 0, depth = 1;
            for (t = lex_next(u->src, u->len, t.end); t.kind != TK_EOF && depth > 0;
                 t = lex_next(u->src, u->len, t.end)) {
                if (tok_is(u->src, t, "(") || tok_is(u->src, t, "[") || tok_is(u->src, t, "{"))
                    depth++;
                else if (tok_is(u->src, t, ")") || tok_is(u->src, t, "]") || tok_is(u->src, t, "}"))
                    depth--;
                else if (depth == 1 && tok_is(u->src, t, ";") && nsemi < 2)
                    semi[nsemi++] = t.begin;
            }
            if (nsemi == 2) {
                for (unsigned i = 0; i + 1 < n->nkids; i++) {
                    Node *k = n->kids[i];
                    node_range(u, k);
                    if (k->fb < semi[0] || k->kind == NK_DECLSTMT)
                        *init = k;
                    else if (k->fb < semi[1])
                        *cond = k;
                    else
                        *inc = k;
                }
                return true;
            }
        }
    }
    if (n->nkids == 2 && n->kids[0]->kind == NK_DECLSTMT) {
        *init = n->kids[0];
        return true;
    }
    return false;
}

/* Whether the address of the local named by `ref` may outlive the
 * expression: `&x` (also of a member or an element), or an array (or array
 * member) used as a value, which decays to a pointer.  Element and member
 * accesses, sizeof and plain value uses do not let it escape. */
bool ref_escapes(Unit *u, Node *ref)
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
        CXType ct = clang_getCanonicalType(t);
        bool array = ct.kind == CXType_ConstantArray || ct.kind == CXType_IncompleteArray ||
                     ct.kind == CXType_VariableArray;
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

/* Whether an await point of f lies in the pre-order range (after, end]:
 * f's await points are numbered in pre-order, so their nodes' indices
 * increase and a binary search finds the first one after `after`. */
bool await_in(Func *f, unsigned after, unsigned end)
{
    size_t lo = 0, hi = f->awaits.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->awaits.v[mid]->node->index <= after)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->awaits.n && f->awaits.v[lo]->node->index <= end;
}
