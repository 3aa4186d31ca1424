/*
 * transform.h — the data the transformer's phases hand to each other.
 *
 * The pipeline is parse.c (libclang → IR), analyze.c (await points,
 * misuse, the locals that may be in the frame), lower.c (IR → lowered
 * statements), liveness.c (the frames, from the lowered statements),
 * emit.c (lowered statements + original text → C text) and layout.c /
 * states.c (--print-frame-layout, --print-states); main.c drives them in
 * that order.  Everything hangs off one
 * Unit, passed explicitly: there is no global state.  All IR memory comes
 * from the Unit's arena and is released at once.
 *
 * Source positions are byte offsets into the main file's buffer ("file
 * offsets").  libclang reports macro-expanded code at the macro's
 * invocation; the Node fields below record how trustworthy a node's
 * offsets are (see parse.c).
 */
#ifndef PINION_TRANSFORM_H
#define PINION_TRANSFORM_H

#include <clang-c/Index.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* ------------------------------------------------------------------ */
/* buf.c: arena, growable buffers and arrays                           */
/* ------------------------------------------------------------------ */

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
    ArenaBlock *head;
} Arena;

void *arena_alloc(Arena *a, size_t size); /* zeroed, 16-byte aligned */
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(Arena *a);

/* A growable byte buffer on the heap; always NUL-terminated. */
typedef struct Buf {
    char *data;
    size_t len, cap;
} Buf;

void buf_add(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
void buf_free(Buf *b);

/* Arrays that grow inside an arena: VEC(T) v = {0}; vec_push(arena, &v, x). */
#define VEC(T)                                                                              \
    struct {                                                                                \
        T *v;                                                                               \
        size_t n, cap;                                                                      \
    }
void vec_grow_(Arena *a, void **v, size_t *cap, size_t need, size_t elem);
/* The capacity is checked here, not by a call per element pushed. */
#define vec_push(arena, vec, x)                                                             \
    ((vec)->n < (vec)->cap                                                                  \
         ? (void)0                                                                          \
         : vec_grow_((arena), (void **)&(vec)->v, &(vec)->cap, (vec)->n + 1,                \
                     sizeof *(vec)->v),                                                     \
     (vec)->v[(vec)->n++] = (x))

typedef VEC(const char *) StrVec;
typedef VEC(struct Node *) NodeVec;

/* Copies a CXString into the arena and disposes it: the one place
 * CXStrings are consumed. */
char *cx_take(Arena *a, CXString s);
/* The same into buf when it fits (names looked up and dropped at once),
 * else into the arena. */
const char *cx_name(Arena *a, CXString s, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* diag.c: diagnostics                                                  */
/* ------------------------------------------------------------------ */

typedef struct Diag {
    const char *file;
    unsigned line, col;
    unsigned order; /* file offset in the main file, for sorting */
    unsigned seq;   /* arrival, to keep the sort stable */
    const char *severity;
    const char *msg;
} Diag;

typedef struct Diags {
    VEC(Diag) list;
    unsigned errors;
    unsigned *seen; /* open addressing on position and message: index + 1 into list */
    unsigned seen_cap;
} Diags;

/* ------------------------------------------------------------------ */
/* lex.c: a small C lexer for spans the C API does not describe         */
/* ------------------------------------------------------------------ */

typedef enum TokKind { TK_EOF, TK_IDENT, TK_NUMBER, TK_STRING, TK_CHAR, TK_PUNCT } TokKind;

typedef struct Tok {
    TokKind kind;
    unsigned begin, end; /* offsets into the lexed buffer */
} Tok;

/* Next token at or after `pos` (skipping whitespace, comments, line
 * splices and, when skip_pp, preprocessor lines). */
Tok lex_next(const char *src, unsigned len, unsigned pos);
bool tok_is(const char *src, Tok t, const char *s);
bool is_ident_char(int c);
/* End of a macro invocation whose name starts at pos: the name, then a
 * balanced parenthesised argument list if one follows. */
unsigned lex_invocation_end(const char *src, unsigned len, unsigned pos);
/* The last token that begins before `limit`, lexing forward from `from`. */
bool lex_last_before(const char *src, unsigned len, unsigned from, unsigned limit, Tok *out);
/* True when [b, e) holds a ',' or an unbalanced ')' at nesting depth 0. */
bool lex_has_toplevel_comma(const char *src, unsigned b, unsigned e);

/* ------------------------------------------------------------------ */
/* The IR (parse.c)                                                      */
/* ------------------------------------------------------------------ */

typedef struct Func Func;
typedef struct Local Local;
typedef struct Node Node;
typedef struct Await Await;
typedef struct Hoist Hoist;

/* Where a node's first token comes from (parse.c explains). */
typedef enum LocKind {
    LK_UNKNOWN,
    LK_FILE,        /* written in the main file, outside macros */
    LK_ARG,         /* a macro argument written in the main file */
    LK_BODY,        /* a macro body; the invocation is in the file */
    LK_BODY_IN_ARG, /* a macro body, invoked inside another macro's argument */
    LK_ELSEWHERE,   /* a header or scratch space */
} LocKind;

/* Node kinds: the statements and expressions the lowering distinguishes,
 * plus the dialect's markers recognised in the AST. */
typedef enum NodeKind {
    NK_OTHER,      /* anything else (copied or rendered generically) */
    NK_COMPOUND, NK_DECLSTMT, NK_IF, NK_WHILE, NK_DO, NK_FOR, NK_SWITCH, NK_CASE,
    NK_DEFAULT, NK_LABEL, NK_GOTO, NK_BREAK, NK_CONTINUE, NK_RETURN, NK_NULLSTMT,
    NK_VARDECL, NK_TYPEDECL, /* struct/union/enum/typedef declared in a body */
    NK_DECLREF, NK_LITERAL, NK_STRING, NK_PAREN, NK_UNARY, NK_BINARY, NK_COMPOUND_ASSIGN,
    NK_CONDITIONAL, NK_CALL, NK_SUBSCRIPT, NK_MEMBER, NK_CAST, NK_COMPOUND_LITERAL,
    NK_INITLIST, NK_SIZEOF, NK_IMPLICIT, NK_DESIGNATED, NK_STMTEXPR, NK_EXPR_OTHER,
    NK_REF, /* TypeRef, MemberRef, LabelRef and friends: not evaluated */
    NK_AWAIT, NK_SPAWN, NK_BLOCK_ON,
    NK_ALL, NK_RACE, /* pn_all / pn_race: kids are the branches */
    NK_GENERIC,      /* _Generic: kid 0 is not evaluated */
} NodeKind;

/* The dialect's markers: await, pn_spawn, pn_block_on, pn_all, pn_race. */
static inline bool is_marker_kind(NodeKind k)
{
    return k == NK_AWAIT || k == NK_SPAWN || k == NK_BLOCK_ON || k == NK_ALL || k == NK_RACE;
}

/* Binary and unary operators, read from tokens (libclang 14 has no API). */
typedef enum Op {
    OP_NONE, OP_COMMA, OP_LAND, OP_LOR, OP_ASSIGN, OP_COMPOUND, OP_ADDR, OP_DEREF,
    OP_PREINC, OP_PREDEC, OP_POSTINC, OP_POSTDEC, OP_OTHER,
} Op;

/* lex.c: the class of a binary operator written as in the source (",",
 * "+="...), and whether the text is one of C's binary operators. */
Op binary_op_class(const char *t);
bool is_binary_op_text(const char *t);

struct Node {
    NodeKind kind;
    CXCursor cur;
    Node *parent;
    Node **kids;
    unsigned nkids;
    unsigned index, last; /* pre-order number of the node and of its last descendant */
    unsigned fb;          /* file offset where its text begins */
    unsigned fe;          /* ... and ends (meaningful when exact) */
    unsigned line;        /* presumed line of fb */
    LocKind bkind;
    bool exact;        /* [fb, fe) is exactly this node's text */
    bool ranged;       /* fb/fe/bkind/exact have been computed */
    bool has_await;    /* an await point is evaluated in this subtree, or a
                          statement expression the lowering rebuilds */
    bool needs_edit;   /* something in the subtree must be rewritten */
    bool unevaluated;  /* not evaluated by C: see kid_evaluated() in parse.c */
    bool spawn_local;  /* NK_SPAWN of pn_spawn_local: the task stays on its thread */
    bool in_vm_type;   /* evaluated as part of a variably modified type */
    bool is_expr;
    Op op;
    const char *optext; /* operator spelling, when known */
    Local *local;       /* NK_DECLREF to a local, NK_VARDECL */
    Func *callee;       /* NK_AWAIT/NK_SPAWN/NK_BLOCK_ON: the async callee (through a
                           pointer: a Func of its own with `dyn` set) */
    Node *call;         /* ... and the CallExpr */
    Await *await;       /* NK_AWAIT, NK_ALL, NK_RACE */
    bool branch;        /* NK_AWAIT that is a branch of pn_all / pn_race */
    Hoist *hoist;       /* NK_TYPEDECL that is hoisted, or a TypeRef to one */
    Node *target;       /* break/continue: the statement they leave */
    unsigned cont_label; /* loops: label number continue jumps to (0: none) */
    bool cont_used;        /* ... and some continue does */
    bool rewrite_continue; /* NK_CONTINUE that must become a goto */
    bool frame_literal;    /* compound literal alive across an await: lives in the frame */
    bool fn_value;         /* NK_DECLREF of an async function used as a value: NAME__ptr */
    const char *fn_name;   /* NK_DECLREF of a function: its name (NULL: names no function) */
    struct Expr *part;     /* lowering: what replaces this node's text */
    unsigned *kid_begins;  /* parse.c: the kids' extents' starts, sorted, once needed */
    CXSourceRange extent;  /* clang_getCursorExtent of cur, once has_extent (node_extent) */
    bool has_extent;
    /* The kinds of the nodes of this subtree, itself included, one bit per
     * NodeKind (KIND_BIT): a walk that only acts on some kinds skips the
     * subtrees that hold none of them. */
    unsigned long long kinds;
};

#define KIND_BIT(k) (1ull << (k))
_Static_assert(NK_GENERIC < 64, "NodeKind fits Node.kinds");
#define MARKER_KINDS                                                                          \
    (KIND_BIT(NK_AWAIT) | KIND_BIT(NK_SPAWN) | KIND_BIT(NK_BLOCK_ON) | KIND_BIT(NK_ALL) |    \
     KIND_BIT(NK_RACE))

/* The node under parentheses and implicit casts. */
static inline Node *node_strip(Node *n)
{
    while (n && (n->kind == NK_PAREN || n->kind == NK_IMPLICIT) && n->nkids == 1)
        n = n->kids[0];
    return n;
}

struct Local {
    CXCursor decl;
    const char *name;
    const char *field; /* frame field name; NULL when not in the frame */
    CXType type;
    Node *node;        /* the NK_VARDECL, NULL for parameters */
    Node *scope;       /* compound (or for) whose end ends its scope */
    const char *align; /* alignment specifier to keep on its frame field */
    unsigned line;
    bool is_param, is_static, is_extern, in_frame, addr_taken, is_volatile, is_vm;
    bool escapes; /* its address may outlive an expression (liveness.c) */
    bool cleanup; /* __attribute__((cleanup)) (analyze.c) */
    /* ... and an await lies in its scope after its declaration: it lives
     * in the frame, in a field of its own, and the lowering calls
     * cleanup_fn(&local) on every way out of the scope, the drop function
     * at every await in its scope. */
    bool cleanup_across;
    const char *cleanup_fn;
    /* An await point lies in its block (analyze.c): only such a local can
     * hold a value across a suspension, so only such a one may end up in
     * the frame, and the lowering names it symbolically (PC_LOCAL). */
    bool may_frame;
    /* A temporary of the lowering (pn__tN); frame_literal: one holding a
     * compound literal an await can outlast, whose address the program
     * may keep (node: the literal, scope: its block). */
    bool is_temp, frame_literal;
    bool unread; /* a temporary whose value nothing reads (liveness.c) */
};

/* One branch of pn_all / pn_race: `await(CALL)` or `LVALUE = await(CALL)`. */
typedef struct Branch {
    Node *await; /* the NK_AWAIT */
    Node *lvalue; /* NULL for a bare await */
    Func *callee;
} Branch;

struct Await {
    unsigned index; /* 1-based state number */
    Node *node;
    Func *callee;   /* NULL for pn_all / pn_race */
    unsigned line;
    bool boxed;
    bool race;      /* pn_race (else, with branches, pn_all) */
    Branch *branches;
    unsigned nbranches;
    Local **keeps; /* frame locals whose storage this await must keep (liveness.c) */
    unsigned nkeeps;
    /* The cleanup_across locals in scope here, declared before it, in the
     * order a drop runs them: innermost scope first, each in reverse order
     * of declaration (lower.c). */
    Local **cleanups;
    unsigned ncleanups;
    /* The body's locals in scope at the await (lower.c), innermost block
     * first and, within a block, the last declared first: the order in
     * which leaving every scope would end them.  C's scope of a local
     * begins after its declarator, so one whose initialiser awaits is in
     * scope at that await. */
    Local **scope;
    unsigned nscope;
};

/* A type declared inside an async body that a frame field needs, moved to
 * file scope under a unique name. */
struct Hoist {
    CXCursor decl;
    Node *node; /* the NK_TYPEDECL */
    const char *old_name;
    const char *new_name;
    bool anonymous;
    bool emitted;
};

struct Func {
    CXCursor cur; /* definition when there is one, else first declaration */
    const char *name;
    bool is_async;
    /* Stands for the unknown callee of one await, spawn or block_on
     * through a pointer declared async: named pn__dyn, its frame is
     * pinion.h's struct pn__dyn__frame, its result the call's type. */
    bool dyn;
    /* NAME__ptr, what a pointer to NAME points to, is needed: NAME is
     * used as a value in this file. */
    bool needs_ptr;
    bool ptr_emitted;
    bool defined;        /* defined in the main file */
    bool is_static;      /* internal linkage */
    bool is_variadic;
    bool no_proto;       /* declared or defined without a prototype: `f()`, K&R */
    bool params_guessed; /* no_proto and not defined here: parameters taken from a call */
    bool is_void;
    bool frame_known;    /* struct NAME__frame is defined in some header */
    bool has_proto_in_main;
    CXType frame_type;   /* struct NAME__frame from a header, when frame_known */
    CXType ret_type;
    unsigned nparams;
    CXType *ptypes;
    const char **pnames;
    const char **ppromoted; /* K&R definitions: what a caller passes for a parameter
                               whose type the default argument promotions change
                               ("int", "double"), else NULL */
    unsigned fb, fe; /* extent of the definition in the main file */
    unsigned line;
    Node *body;
    VEC(Local *) locals; /* parameters first, then body locals in source order, then
                            the lowering's temporaries */
    VEC(Await *) awaits;
    unsigned ntemps;
    VEC(Hoist *) hoists;
    VEC(Func *) callees;  /* distinct async callees awaited (not boxed) */
    unsigned next_label;
    int visit;            /* recursion check and emission order */
    bool struct_emitted;
    bool needs_block_on, needs_spawn;
    bool needs_spawn_local; /* also a pn_spawn_local: the spawn helper gets a wrapper */
    bool block_on_emitted, spawn_emitted;
    unsigned block_on_line, spawn_line; /* first use of each helper */
    /* The body uses __func__, __FUNCTION__ or __PRETTY_FUNCTION__ (in a
     * macro's body too), which the poll function must still spell as this
     * function's name; pretty_name is clang's __PRETTY_FUNCTION__ literal
     * ("int f(int)"), NULL when the body does not use that one. */
    bool names_itself;
    bool has_cleanup_across; /* some local is cleanup_across */
    bool names_emitted; /* emit.c has defined the arrays standing for them */
    const char *pretty_name;
    struct LBlock *lowered;
    /* Target mode (target.c, frames.c): the frame is another file's,
     * declared opaque by the frames header named here (NULL otherwise),
     * with that size and alignment; frame_included once this output has
     * included its declaration. */
    const char *frames_header;
    long long frame_size, frame_align;
    bool frame_included;
    /* Frame storage (liveness.c): the frame locals grouped into slots, in
     * field order; the locals of one slot share storage. */
    struct Liveness *liveness;
    struct Slot *slots;
    unsigned nslots;
};

/* A pn_block_on / pn_spawn / sizeof-edit site, or an unevaluated async
 * call (in typeof, _Generic's controlling expression), in a function that
 * is not async (async bodies handle theirs through the lowering). */
typedef enum SiteKind {
    SITE_BLOCK_ON, SITE_SPAWN, SITE_SIZEOF, SITE_UNEVALUATED,
    SITE_FNPTR, /* an async function used as a value: NAME__ptr */
} SiteKind;
typedef struct Site {
    SiteKind kind;
    unsigned fb, fe;          /* the text replaced */
    unsigned call_fb, call_fe; /* the call inside it */
    unsigned callee_fb, callee_fe;
    Func *callee;      /* SITE_UNEVALUATED: the call's callee */
    CXType type;       /* SITE_SIZEOF: operand type */
    const char *keyword;
    unsigned top;      /* index of the top-level declaration holding it */
    bool in_async;     /* inside an async body: rewritten by the lowering */
    bool spawn_local;  /* SITE_SPAWN of pn_spawn_local */
} Site;

/* A macro expansion written in the main file (from the preprocessing
 * record).  Markers are the dialect's own macros, which never stringify
 * or paste their arguments. */
typedef struct Expansion {
    unsigned begin, end;
    bool marker;     /* one of the dialect's macros */
    bool rewrites;   /* its definition uses # or ##: an argument's text is not
                        just substituted, so it cannot be edited in place */
    unsigned inv_end; /* end of the invocation with its arguments (0: not yet known) */
    unsigned args;    /* function-like: where its arguments begin, after '(' (0: not one) */
    int enclosing;    /* the function-like invocation around it, by index (-1: none) */
    bool local;      /* defined in the main file */
    int async_body;  /* its definition names async code: -1 not known yet */
    CXCursor def;
    bool system;     /* defined in a system header (or built in): its expansion
                        is the C library's and the compiler's business, so the
                        invocation is always kept as written */
} Expansion;

typedef struct MacroCache {
    CXCursor def;
    unsigned hash;
    bool value;
} MacroCache;

/* One top-level declaration of the main file. */
typedef enum TopKind { TOP_OTHER, TOP_ASYNC_DEF, TOP_ASYNC_PROTO } TopKind;
typedef struct Top {
    TopKind kind;
    unsigned fb, fe;
    Func *func;
    CXCursor cur;
} Top;

typedef struct Options {
    const char *input;
    const char *output;
    const char *depfile;
    const char *dep_target;
    const char *build_dir;
    bool no_line;
    bool print_layout;
    bool layout_json;
    bool print_states; /* --print-states (states.c), in --format too */
    bool no_frame_packing; /* frame locals by the scope rule, none sharing (liveness.c) */
    const char **cflags;
    unsigned ncflags;
} Options;

typedef struct Unit {
    Arena arena;
    Diags diags;
    const Options *opt;
    CXTranslationUnit tu;
    CXFile file;
    const char *path; /* the main file's name as clang reports it */
    const char *src;
    unsigned len;
    VEC(Func *) funcs; /* every function declared async anywhere, and every
                          function defined in the main file */
    VEC(Top) tops;
    VEC(Site) sites;
    VEC(Expansion) expansions; /* sorted by begin */
    VEC(Expansion) rewriting;  /* those that stringify or paste */
    bool invocations_linked;   /* Expansion.args and .enclosing are known (macro.c) */
    VEC(CXCursor) attributed; /* declarations whose attributes analyze.c checks */
    VEC(CXCursor) file_types; /* typedefs, struct, union, enum at file scope (main file) */
    VEC(Func *) inits; /* file-scope initializers, as bodies of nameless holders */
    bool any_async_use; /* something in the main file needs rewriting */
    bool async_written; /* the main file expands async (or pn_async) itself */
    unsigned nhoists;   /* the Hoists of all functions (analyze.c) */
    bool has_box_alloc; /* pinion.h declares pn__box_alloc: boxed awaits work */
    bool box_checked;
    VEC(struct MacroCache) macro_cache;
    unsigned *line_starts; /* offsets where the main file's lines start */
    unsigned nlines;
    unsigned *block_lines; /* the line (index) of every LINE_BLOCK-th offset, srcmap.c */
    bool has_line_directives; /* then lines come from clang's presumed locations */
    /* pinion.h's struct pn__dyn__frame, the slot of an await through a
     * pointer (layout.c). */
    bool dyn_frame_known;
    CXType dyn_frame_type;
    Func **func_map; /* open addressing on the name */
    unsigned func_map_cap;
    /* cursor → Local lookups */
    Local **local_map;
    unsigned local_map_cap, local_map_len;
    /* parse.c: bracket pairs of the main file met by its scans */
    struct BracketMemo *brackets;
    /* parse.c: the names of the function declarations references name,
     * open addressing on clang_hashCursor */
    struct FnName *fn_names;
    unsigned fn_names_cap, fn_names_len;
    /* srcmap.c: the main file's text as libclang encodes its locations */
    int text_locs;            /* 1: known (below), -1: not usable, 0: not looked at */
    const void *text_sm;      /* CXSourceLocation.ptr_data[0] of its locations */
    unsigned text_base;       /* CXSourceLocation.int_data of its offset 0 */
} Unit;

/* diag.c */
void diag_at(Unit *u, unsigned offset, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The operator of a macro expansion around an await cannot be read. */
void diag_unknown_operator(Unit *u, unsigned offset);
void diag_at_cursor(Unit *u, CXCursor c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_clang(Unit *u);
void diag_print(Unit *u);

/* srcmap.c: positions in the main file */
unsigned offset_of(Unit *u, CXSourceLocation loc); /* 0 outside the main file */
/* Whether loc is a location of the main file's own text (not of a macro
 * expansion), and its offset: then its file and expansion locations are
 * both that offset, known without asking libclang. */
bool main_text_offset(Unit *u, CXSourceLocation loc, unsigned *off);
unsigned line_at(Unit *u, unsigned offset); /* presumed line of a main-file offset */
bool spelled_token(Unit *u, CXSourceLocation loc, char **text, CXFile *file, unsigned *off);

/* parse.c */
bool parse_unit(Unit *u);
void node_range(Unit *u, Node *n); /* computes fb/fe/bkind/exact lazily */
CXSourceRange node_extent(Node *n); /* clang_getCursorExtent(n->cur), asked once */
Local *local_lookup(Unit *u, CXCursor decl);
bool in_user_macro(Unit *u, unsigned b, unsigned e);
Expansion *expansion_at(Unit *u, unsigned begin);
bool box_alloc_declared(Unit *u);
Func *func_by_name(Unit *u, const char *name);
Func *unevaluated_callee(Node *n);
const char *node_name(Unit *u, Node *n);

/* macro.c */
bool macro_operators(Unit *u, Node *n);
const char *macro_arg_operator(Unit *u, Node *n); /* right operand begins a macro argument */
bool macro_arg_comma(Unit *u, unsigned off);     /* a comma between macro arguments */
/* The outermost expressions written in the arguments of the macro
 * invocation root, in source order. */
void macro_operands(Unit *u, Node *root, Node *n, NodeVec *out);
/* n lies in the body of a C library macro whose invocation the lowering
 * keeps (its arguments' awaits run before it): n is not lowered itself. */
bool in_kept_system_macro(Unit *u, Node *n);

/* analyze.c */
void analyze_unit(Unit *u);
/* Refuses the attributes of a declaration through which an async function
 * would be called synchronously (constructor, destructor, the target of
 * alias, weakref or ifunc). */
void check_decl_attributes(Unit *u, CXCursor decl);
/* "__func__", "__FUNCTION__" or "__PRETTY_FUNCTION__" when the NK_STRING n
 * is one of them, else NULL. */
const char *function_name_keyword(Unit *u, Node *n);

/* ir.c: questions several phases ask of the IR */

void node_op(Unit *u, Node *n);
bool for_parts(Unit *u, Node *n, Node **init, Node **cond, Node **inc, Node **body);
/* A jump that leaves the statement expression se other than `return`: a
 * break or continue whose loop or switch is outside it, a goto to a label
 * outside it, an indirect goto; NULL when there is none. */
Node *stmtexpr_jump_out(Node *se);
/* A goto of body outside the statement expression se to a label inside
 * it (GNU C forbids it; libclang lets it through), or NULL. */
Node *stmtexpr_jump_in(Node *body, Node *se);
/* Whether the address of the local the NK_DECLREF ref names may outlive
 * the expression: `&x`, or an array used as a value. */
bool ref_escapes(Unit *u, Node *ref);
/* Whether an await point of f lies in (after, end] of the node order. */
bool await_in(Func *f, unsigned after, unsigned end);

/* lower.c: the lowered form of an async body (see lower.c) */
typedef enum PieceKind {
    PC_SRC,   /* main-file text [a, b) */
    PC_STR,   /* literal text */
    PC_FIELD, /* pn__self->NAME */
    PC_LOCAL, /* a local: pn__self->FIELD in the frame, else NAME (emit.c) */
    PC_TYPE,  /* a type, spelled as an abstract declarator or around NAME;
                 a != 0: without its top-level qualifiers */
    PC_LIST,  /* nested Expr */
} PieceKind;

typedef struct Expr Expr;
/* PC_LOCAL: what the piece's evaluation does to the local (liveness.c). */
enum { LA_READ = 1, LA_WRITE = 2 /* certainly overwritten */, LA_ESCAPE = 4 };

typedef struct Piece {
    PieceKind kind;
    unsigned a, b;
    const char *s;
    CXType type;
    Expr *list;
    Local *local; /* PC_LOCAL; a: its LA_ flags */
} Piece;

struct Expr {
    VEC(Piece) p;
};

typedef enum LKind {
    L_TEXT,    /* copied source statements: `e` */
    L_EXPR,    /* e; */
    L_BLOCK,   /* { body } */
    L_IF,      /* if (e) body else els */
    L_WHILE,   /* while (e) body */
    L_DO,      /* do body while (e); */
    L_FOR,     /* for (init; e; inc) body */
    L_SWITCH,  /* switch (e) body */
    L_CASE,    /* case e: */
    L_DEFAULT, /* default: */
    L_LABEL,   /* name: */
    L_GOTO,    /* goto name; */
    L_BREAK,
    L_CONTINUE,
    L_RETURN,  /* e; (the result's store, or none) then state DONE, return PN_READY */
    L_AWAIT,   /* the await protocol of `await` */
    L_COMMENT, /* comments and preprocessor lines kept from the source */
    L_CONCURRENT, /* pn_all / pn_race: several children polled side by side */
    L_DECL,    /* locals that may be in the frame: stores or declarations (decls) */
} LKind;

typedef struct LStmt LStmt;
typedef struct LBlock {
    VEC(LStmt *) s;
    /* The locals a source block (a compound statement, a statement
     * expression's) declares, in declaration order, when this LBlock
     * stands for it. */
    VEC(Local *) locals;
} LBlock;

/* One declarator of an L_DECL.  The emitter writes a store of init into
 * the frame field (nothing without an initialiser) when the local is in
 * the frame, else a declaration of the poll function. */
typedef struct LDecl {
    Local *local;
    Expr *init; /* NULL: none */
    bool list;  /* init is a braced initialiser list */
    unsigned line;
} LDecl;

struct LStmt {
    LKind kind;
    unsigned line;    /* source line this maps to (0: drift) */
    unsigned indent_from; /* L_TEXT: file offset whose line indentation to reuse */
    Expr *e, *init, *inc;
    LBlock *body, *els;
    const char *name;
    Await *await;
    Expr *call;       /* L_AWAIT: the NAME__init(...) call */
    Expr **inits;     /* L_CONCURRENT: each branch's NAME__init(...) */
    Expr **lvalues;   /* ... and what its result is stored into (or NULL) */
    Local *winner;    /* pn_race: the temporary receiving the winner */
    VEC(LDecl) decls; /* L_DECL; e: the declaration's text with its edits, for
                         when none of them is in the frame (NULL: none kept) */
    LStmt *decl;      /* L_FOR: the locals its header declares (an L_DECL) */
    /* For liveness.c and states.c: the pre-order index of the IR node the
     * statement stands for (where it lies among the locals' scopes); node:
     * the loop or switch it is (break and continue name it), the label or
     * goto it is (an L_LABEL of a loop's pn__cont_N: that loop; an L_GOTO
     * of a rewritten continue: that continue), the break or continue it
     * is (NULL: one the lowering made, leaving the innermost loop);
     * nodes: the await-free statements an L_TEXT copies. */
    unsigned pos;
    Node *node;
    NodeVec nodes;
    bool same_line;   /* L_COMMENT trailing the previous statement */
    bool is_decl;     /* begins with a declaration (a label before it needs ;) */
};

/* Lowers every async body of the unit (Func.lowered), after analysis and
 * before liveness.c chooses the frames: it does not know which locals are
 * in the frame, and names each that may be symbolically (PC_LOCAL). */
void lower_unit(Unit *u);

Expr *expr_new(Unit *u);
bool type_has_const_member(CXType t);

/* emit.c */
bool emit_unit(Unit *u, Buf *out);

/* spell.c: under the transformer pinion.h gives async functions, and the pointers
 * declared async, a calling convention of their own: whether t is such a
 * function type, or a pointer to one. */
bool type_is_async_fn(CXType t);
bool type_is_async_fnptr(CXType t);

/* spell.c: C types as text */
void spell_field(Unit *u, Buf *b, Local *l);
void spell_field_as(Unit *u, Buf *b, Local *l, const char *name);
void spell_type(Unit *u, Buf *b, CXType t, const char *name, bool strip_top_quals);

/* layout.c */
void print_layouts(Unit *u, Buf *out, bool json);
void frame_layout(Unit *u, Func *f, long long *size, long long *align);

/* liveness.c: which locals the frame holds (those live across an await
 * point, and those whose address escapes in a block with one) and which
 * of them share storage.  frame_liveness runs after the await points are
 * numbered, frame_keeps decides each body local (by_scope: the scope
 * rule's answer, used when liveness is off), frame_share groups the frame
 * locals into slots once they are named. */
typedef struct Slot {
    Local **locals; /* one: a plain field; several: an anonymous union */
    unsigned n;
} Slot;
void frame_liveness(Unit *u, Func *f);
bool frame_keeps(Func *f, Local *l, bool by_scope);
void frame_share(Unit *u, Func *f);
const char *frame_liveness_off(Func *f); /* why liveness is not used, or NULL */
/* The frames of the unit's async bodies, once they are lowered: liveness,
 * which locals are in the frame (Local.in_frame, .field) and the slots. */
void frame_unit(Unit *u);
/* The successors of each state (--print-states), from the same graph:
 * next[s * (awaits + 1) + k], finish[s]; false when the graph is not
 * complete. */
bool state_graph(Unit *u, Func *f, bool *next, bool *finish);

/* states.c: each async function's state graph (--print-states) */
void print_states(Unit *u, Buf *out, bool json);

/* frames.c: lines the emitter puts before f's frame struct or its
 * pn_block_on/pn_spawn helper (the frames headers it needs; none outside
 * target mode). */
void frames_prelude(Unit *u, Func *f, Buf *out);

/* unit.c: opening an input, writing an output (both drivers) */
bool unit_open(Unit *u, CXIndex index, const Options *o);
int write_atomically(const char *path, const char *data, size_t len);
/* "pinion: error: " and the message on stderr.  tool_error returns 1, in
 * the header so that a caller's analysis sees the status is non-zero. */
void tool_report(const char *fmt, const char *arg);
static inline int tool_error(const char *fmt, const char *arg)
{
    tool_report(fmt, arg);
    return 1;
}

/* target.c: target mode, driven from main.c */
int target_main(int argc, char **argv);

#endif
