/*
 * asyncify.c — turn a csmith program into an async Pinion program.
 *
 * The csmith soak test compares a random program with its async version:
 * every generated function (func_N) becomes `async`, every call of one
 * inside a func_N becomes `await(...)`, every call of one elsewhere (main)
 * becomes `pn_block_on(...)`, and every block of a func_N starts with
 * `await(pn_yield());` so that the transformed program suspends all over
 * the place.  Read with -DPINION_ERASE the result is the original program
 * plus no-op calls, so both must print the same checksum.
 *
 * This is a test tool, not part of the product, and it relies on the
 * regular shape of csmith 2.x output instead of parsing C:
 *   - generated functions are named func_<digits>; no other identifier
 *     has that form, and they are never used except by direct calls;
 *   - their declarations and definitions are at file scope and start
 *     with storage-class/function specifiers (static, inline) followed by
 *     the return type and the name;
 *   - a `{` inside a function body starts a block unless it follows `=`
 *     or sits inside an initialiser; a `{` after `)` closes the header of
 *     if/for/while/switch (csmith emits no compound literals);
 *   - comments, string and character literals and preprocessor lines
 *     never need rewriting.
 * Anything that breaks these assumptions makes the tool stop with an
 * error naming the line, so a new csmith version cannot silently produce
 * a wrong test.
 *
 * Usage: asyncify INPUT.c > OUTPUT.c
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tok_kind { TOK_IDENT, TOK_NUMBER, TOK_STRING, TOK_PUNCT, TOK_SKIP };

struct token {
    enum tok_kind kind;
    size_t start, len;
    int line;
};

struct tokens {
    struct token *v;
    size_t n, cap;
};

/* Text inserted before (or after) the token with the given index. */
struct insertion {
    size_t tok;
    int after;
    const char *text;
};

struct rewriter {
    const char *src;
    size_t src_len;
    struct tokens toks;
    struct insertion *ins;
    size_t nins, capins;
};

static void die_at(int line, const char *what)
{
    fprintf(stderr, "asyncify: line %d: %s\n", line, what);
    exit(2);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "asyncify: out of memory\n");
        exit(2);
    }
    return q;
}

static void push_token(struct tokens *t, enum tok_kind kind, size_t start, size_t len, int line)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->v = xrealloc(t->v, t->cap * sizeof *t->v);
    }
    t->v[t->n++] = (struct token){ kind, start, len, line };
}

/* Splits the source into tokens.  Comments, whitespace and whole
 * preprocessor lines become TOK_SKIP so that the rewriter never looks
 * at them; multi-character punctuators are kept whole so that `==` is
 * never mistaken for `=`. */
static void tokenize(struct rewriter *rw)
{
    static const char *const puncts[] = { "<<=", ">>=", "...", "->", "++", "--", "<<", ">>",
                                          "<=", ">=", "==", "!=", "&&", "||", "*=", "/=",
                                          "%=", "+=", "-=", "&=", "^=", "|=", "##" };
    const char *s = rw->src;
    size_t n = rw->src_len, i = 0;
    int line = 1, at_line_start = 1;
    while (i < n) {
        size_t start = i;
        int start_line = line;
        char c = s[i];
        if (c == '\n') {
            line++;
            at_line_start = 1;
            i++;
            push_token(&rw->toks, TOK_SKIP, start, 1, start_line);
            continue;
        }
        if (isspace((unsigned char)c)) {
            i++;
            push_token(&rw->toks, TOK_SKIP, start, 1, start_line);
            continue;
        }
        if (c == '#' && at_line_start) {
            while (i < n && s[i] != '\n') {
                if (s[i] == '\\' && i + 1 < n && s[i + 1] == '\n') {
                    i++;
                    line++;
                }
                i++;
            }
            push_token(&rw->toks, TOK_SKIP, start, i - start, start_line);
            continue;
        }
        at_line_start = 0;
        if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            const char *end = strstr(s + i + 2, "*/");
            if (!end)
                die_at(line, "unterminated comment");
            for (const char *p = s + i; p < end; p++)
                line += *p == '\n';
            i = (size_t)(end - s) + 2;
            push_token(&rw->toks, TOK_SKIP, start, i - start, start_line);
            continue;
        }
        if (c == '/' && i + 1 < n && s[i + 1] == '/') {
            while (i < n && s[i] != '\n')
                i++;
            push_token(&rw->toks, TOK_SKIP, start, i - start, start_line);
            continue;
        }
        if (c == '"' || c == '\'') {
            i++;
            while (i < n && s[i] != c) {
                if (s[i] == '\\')
                    i++;
                if (i < n && s[i] == '\n')
                    die_at(line, "newline in literal");
                i++;
            }
            if (i >= n)
                die_at(line, "unterminated literal");
            i++;
            push_token(&rw->toks, TOK_STRING, start, i - start, start_line);
            continue;
        }
        if (isalpha((unsigned char)c) || c == '_') {
            while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
                i++;
            push_token(&rw->toks, TOK_IDENT, start, i - start, start_line);
            continue;
        }
        if (isdigit((unsigned char)c) || (c == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1]))) {
            /* pp-number: digits, letters, dots, and signs after exponents */
            while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '.' || s[i] == '_' ||
                             ((s[i] == '+' || s[i] == '-') && strchr("eEpP", s[i - 1]))))
                i++;
            push_token(&rw->toks, TOK_NUMBER, start, i - start, start_line);
            continue;
        }
        size_t len = 1;
        for (size_t k = 0; k < sizeof puncts / sizeof puncts[0]; k++) {
            size_t pl = strlen(puncts[k]);
            if (pl > len && i + pl <= n && memcmp(s + i, puncts[k], pl) == 0)
                len = pl;
        }
        i += len;
        push_token(&rw->toks, TOK_PUNCT, start, len, start_line);
    }
}

static int tok_is(const struct rewriter *rw, size_t i, const char *text)
{
    const struct token *t = &rw->toks.v[i];
    return t->kind != TOK_SKIP && t->len == strlen(text) && memcmp(rw->src + t->start, text, t->len) == 0;
}

static int is_generated_func(const struct rewriter *rw, size_t i)
{
    const struct token *t = &rw->toks.v[i];
    if (t->kind != TOK_IDENT || t->len < 6 || memcmp(rw->src + t->start, "func_", 5) != 0)
        return 0;
    for (size_t k = 5; k < t->len; k++)
        if (!isdigit((unsigned char)rw->src[t->start + k]))
            return 0;
    return 1;
}

/* Index of the next significant token after i, or toks.n. */
static size_t next_sig(const struct rewriter *rw, size_t i)
{
    for (i++; i < rw->toks.n && rw->toks.v[i].kind == TOK_SKIP; i++)
        ;
    return i;
}

static void insert(struct rewriter *rw, size_t tok, int after, const char *text)
{
    if (rw->nins == rw->capins) {
        rw->capins = rw->capins ? rw->capins * 2 : 256;
        rw->ins = xrealloc(rw->ins, rw->capins * sizeof *rw->ins);
    }
    rw->ins[rw->nins++] = (struct insertion){ tok, after, text };
}

#define MAX_NEST 4096

/* One pass over the significant tokens, tracking file scope versus
 * function bodies, the parentheses still open (with the token that
 * preceded each `(`, to recognise calls and statement headers), and
 * initialiser braces. */
static void rewrite(struct rewriter *rw)
{
    size_t paren_owner[MAX_NEST]; /* token before each open '(' (or SIZE_MAX) */
    int paren_is_call[MAX_NEST];  /* that '(' opens a func_N call we wrap */
    size_t nparen = 0;
    int brace_depth = 0;  /* block braces only */
    int init_depth = 0;   /* braces of an initialiser being read */
    int in_async = 0;     /* current function body is a func_N */
    int pending_async = -1; /* kind of the function whose body comes next */
    size_t decl_start = SIZE_MAX;
    size_t prev = SIZE_MAX;

    for (size_t i = next_sig(rw, (size_t)-1); i < rw->toks.n; prev = i, i = next_sig(rw, i)) {
        const struct token *t = &rw->toks.v[i];
        int line = t->line;
        if (brace_depth == 0 && init_depth == 0 && nparen == 0 && decl_start == SIZE_MAX)
            decl_start = i;

        if (tok_is(rw, i, "(")) {
            if (nparen == MAX_NEST)
                die_at(line, "parentheses nested too deeply");
            paren_owner[nparen] = prev;
            paren_is_call[nparen] = 0;
            if (prev != SIZE_MAX && is_generated_func(rw, prev)) {
                if (brace_depth == 0) {
                    /* The declarator of a func_N at file scope: mark it
                     * async after its leading specifiers. */
                    if (nparen != 0)
                        die_at(line, "func_N declared inside parentheses");
                    size_t k = decl_start;
                    while (tok_is(rw, k, "static") || tok_is(rw, k, "inline") ||
                           tok_is(rw, k, "extern"))
                        k = next_sig(rw, k);
                    insert(rw, k, 0, "async ");
                    pending_async = 1;
                } else {
                    insert(rw, prev, 0, in_async ? "await(" : "pn_block_on(");
                    paren_is_call[nparen] = 1;
                }
            } else if (brace_depth == 0 && init_depth == 0 && nparen == 0 && prev != SIZE_MAX &&
                       rw->toks.v[prev].kind == TOK_IDENT && pending_async < 0) {
                pending_async = 0; /* some other function: main or a helper */
            }
            nparen++;
            continue;
        }
        if (tok_is(rw, i, ")")) {
            if (nparen == 0)
                die_at(line, "unbalanced ')'");
            nparen--;
            if (paren_is_call[nparen])
                insert(rw, i, 1, ")");
            continue;
        }
        if (tok_is(rw, i, "{")) {
            if (init_depth > 0 || (prev != SIZE_MAX && tok_is(rw, prev, "="))) {
                init_depth++;
                continue;
            }
            if (nparen != 0)
                die_at(line, "'{' inside parentheses (statement expression or compound literal)");
            if (brace_depth == 0) {
                /* A function body, or a struct/union/enum body at file
                 * scope (whose braces are not blocks). */
                if (prev != SIZE_MAX && tok_is(rw, prev, ")")) {
                    if (pending_async < 0)
                        die_at(line, "function body of unknown kind");
                    in_async = pending_async;
                    if (in_async)
                        insert(rw, i, 1, " await(pn_yield());");
                    brace_depth = 1;
                } else {
                    init_depth++; /* type body: skip like an initialiser */
                }
                continue;
            }
            if (prev == SIZE_MAX)
                die_at(line, "'{' at start of file");
            if (tok_is(rw, prev, ")")) {
                /* Only statement headers may precede a block.  The ')'
                 * just seen closed slot nparen, which still names the
                 * token before its '('. */
                size_t owner = paren_owner[nparen];
                if (owner == SIZE_MAX ||
                    !(tok_is(rw, owner, "if") || tok_is(rw, owner, "for") ||
                      tok_is(rw, owner, "while") || tok_is(rw, owner, "switch")))
                    die_at(line, "'{' after ')' that does not close if/for/while/switch");
            } else if (!(tok_is(rw, prev, "else") || tok_is(rw, prev, "do") ||
                         tok_is(rw, prev, "{") || tok_is(rw, prev, "}") ||
                         tok_is(rw, prev, ";") || tok_is(rw, prev, ":"))) {
                die_at(line, "'{' in an unexpected position");
            }
            if (in_async)
                insert(rw, i, 1, " await(pn_yield());");
            brace_depth++;
            continue;
        }
        if (tok_is(rw, i, "}")) {
            if (init_depth > 0) {
                init_depth--;
            } else {
                if (brace_depth == 0)
                    die_at(line, "unbalanced '}'");
                brace_depth--;
                if (brace_depth == 0) {
                    in_async = 0;
                    pending_async = -1;
                    decl_start = SIZE_MAX;
                }
            }
            continue;
        }
        if (tok_is(rw, i, ";") && brace_depth == 0 && init_depth == 0 && nparen == 0) {
            pending_async = -1;
            decl_start = SIZE_MAX;
        }
    }
    if (nparen || brace_depth || init_depth)
        die_at(0, "unbalanced brackets at end of file");
}

/* Position of an insertion in the output: before token t is 2t, after it
 * is 2t+1. */
static size_t insertion_pos(const struct insertion *x)
{
    return x->tok * 2 + (size_t)x->after;
}

static void emit(const struct rewriter *rw, FILE *out)
{
    fputs("#include <pinion.h>\n", out);
    size_t k = 0;
    for (size_t i = 0; i < rw->toks.n; i++) {
        const struct token *t = &rw->toks.v[i];
        for (; k < rw->nins && rw->ins[k].tok == i && !rw->ins[k].after; k++)
            fputs(rw->ins[k].text, out);
        fwrite(rw->src + t->start, 1, t->len, out);
        for (; k < rw->nins && rw->ins[k].tok == i && rw->ins[k].after; k++)
            fputs(rw->ins[k].text, out);
    }
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = xrealloc(NULL, cap + 1);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: asyncify INPUT.c > OUTPUT.c\n");
        return 2;
    }
    struct rewriter rw = { 0 };
    char *src = read_file(argv[1], &rw.src_len);
    rw.src = src;
    tokenize(&rw);
    rewrite(&rw);
    /* A stable insertion sort: the list is nearly in order already, and
     * insertions at the same place keep the order they were made in. */
    for (size_t i = 1; i < rw.nins; i++)
        for (size_t j = i; j > 0 && insertion_pos(&rw.ins[j - 1]) > insertion_pos(&rw.ins[j]); j--) {
            struct insertion tmp = rw.ins[j - 1];
            rw.ins[j - 1] = rw.ins[j];
            rw.ins[j] = tmp;
        }
    emit(&rw, stdout);
    free(rw.toks.v);
    free(rw.ins);
    free(src);
    return ferror(stdout) ? 1 : 0;
}
