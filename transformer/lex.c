/*
 * lex.c — a small C lexer over source buffers.
 *
 * libclang 14's C API leaves out details the lowering needs: which binary
 * operator a BinaryOperator is, where a `for` header's semicolons are, how
 * far a macro invocation extends.  Those are read from the source text
 * with this lexer.  It knows just enough C: identifiers, pp-numbers,
 * string and character literals, punctuators, comments and line splices.
 * It never decides what C means; it only finds token boundaries.
 */
#include "transform.h"

#include <string.h>

bool is_ident_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || (unsigned char)c >= 0x80;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Skips whitespace, comments and backslash-newlines. */
static unsigned skip_space(const char *s, unsigned len, unsigned p)
{
    for (;;) {
        if (p >= len)
            return len;
        char c = s[p];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            p++;
        } else if (c == '\\' && p + 1 < len && (s[p + 1] == '\n' || s[p + 1] == '\r')) {
            p += 2;
        } else if (c == '/' && p + 1 < len && s[p + 1] == '/') {
            while (p < len && s[p] != '\n') {
                if (s[p] == '\\' && p + 1 < len && s[p + 1] == '\n')
                    p++;
                p++;
            }
        } else if (c == '/' && p + 1 < len && s[p + 1] == '*') {
            const char *e = NULL;
            for (unsigned q = p + 2; q + 1 < len; q++)
                if (s[q] == '*' && s[q + 1] == '/') {
                    e = s + q;
                    break;
                }
            p = e ? (unsigned)(e - s) + 2 : len;
        } else {
            return p;
        }
    }
}

static const char *const puncts[] = {
    "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
    "*=",  "/=",  "%=",  "+=", "-=", "&=", "^=", "|=", "##", "<:", ":>", "<%", "%>",
};

Tok lex_next(const char *s, unsigned len, unsigned pos)
{
    Tok t = { TK_EOF, len, len };
    unsigned p = skip_space(s, len, pos);
    if (p >= len)
        return t;
    t.begin = p;
    char c = s[p];
    if (c == '"' || c == '\'') {
        t.kind = c == '"' ? TK_STRING : TK_CHAR;
        p++;
        while (p < len && s[p] != c && s[p] != '\n') {
            if (s[p] == '\\' && p + 1 < len)
                p++;
            p++;
        }
        t.end = p < len ? p + 1 : len;
        return t;
    }
    if (is_digit(c) || (c == '.' && p + 1 < len && is_digit(s[p + 1]))) {
        t.kind = TK_NUMBER;
        p++;
        while (p < len) {
            char d = s[p];
            if ((d == '+' || d == '-') &&
                (s[p - 1] == 'e' || s[p - 1] == 'E' || s[p - 1] == 'p' || s[p - 1] == 'P'))
                p++;
            else if (is_ident_char(d) || d == '.')
                p++;
            else
                break;
        }
        t.end = p;
        return t;
    }
    if (is_ident_char(c)) {
        t.kind = TK_IDENT;
        while (p < len && is_ident_char(s[p]))
            p++;
        /* String and character literals with an encoding prefix. */
        if (p < len && (s[p] == '"' || s[p] == '\'')) {
            unsigned n = p - t.begin;
            const char *w = s + t.begin;
            if ((n == 1 && (*w == 'L' || *w == 'u' || *w == 'U')) ||
                (n == 2 && w[0] == 'u' && w[1] == '8')) {
                Tok lit = lex_next(s, len, p);
                lit.begin = t.begin;
                return lit;
            }
        }
        t.end = p;
        return t;
    }
    t.kind = TK_PUNCT;
    if (!strchr("<>-+&|=!*/%^#.:", c) || p + 1 >= len) {
        t.end = p + 1;
        return t;
    }
    for (size_t i = 0; i < sizeof puncts / sizeof *puncts; i++) {
        size_t n = strlen(puncts[i]);
        if (p + n <= len && memcmp(s + p, puncts[i], n) == 0) {
            t.end = p + (unsigned)n;
            return t;
        }
    }
    t.end = p + 1;
    return t;
}

bool tok_is(const char *src, Tok t, const char *s)
{
    size_t n = strlen(s);
    return t.kind != TK_EOF && t.end - t.begin == n && memcmp(src + t.begin, s, n) == 0;
}

unsigned lex_invocation_end(const char *src, unsigned len, unsigned pos)
{
    Tok t = lex_next(src, len, pos);
    if (t.kind != TK_IDENT)
        return t.end;
    unsigned end = t.end;
    Tok n = lex_next(src, len, end);
    if (!tok_is(src, n, "("))
        return end;
    int depth = 0;
    for (Tok k = n; k.kind != TK_EOF; k = lex_next(src, len, k.end)) {
        if (tok_is(src, k, "("))
            depth++;
        else if (tok_is(src, k, ")") && --depth == 0)
            return k.end;
    }
    return end;
}

bool lex_last_before(const char *src, unsigned len, unsigned from, unsigned limit, Tok *out)
{
    bool found = false;
    for (Tok t = lex_next(src, len, from); t.kind != TK_EOF && t.begin < limit;
         t = lex_next(src, len, t.end)) {
        *out = t;
        found = true;
    }
    return found;
}

bool lex_has_toplevel_comma(const char *src, unsigned b, unsigned e)
{
    int depth = 0;
    for (Tok t = lex_next(src, e, b); t.kind != TK_EOF; t = lex_next(src, e, t.end)) {
        if (t.kind != TK_PUNCT)
            continue;
        char c = src[t.begin];
        if (t.end - t.begin != 1)
            continue;
        if (c == '(' || c == '[' || c == '{')
            depth++;
        else if (c == ')' || c == ']' || c == '}') {
            if (--depth < 0)
                return true;
        } else if (c == ',' && depth == 0)
            return true;
    }
    return depth != 0;
}

/* The class of a binary operator written as in the source (",", "+="...). */
Op binary_op_class(const char *t)
{
    if (strcmp(t, ",") == 0)
        return OP_COMMA;
    if (strcmp(t, "&&") == 0)
        return OP_LAND;
    if (strcmp(t, "||") == 0)
        return OP_LOR;
    if (strcmp(t, "=") == 0)
        return OP_ASSIGN;
    size_t n = strlen(t);
    if (n >= 2 && t[n - 1] == '=' && strcmp(t, "==") != 0 && strcmp(t, "!=") != 0 &&
        strcmp(t, "<=") != 0 && strcmp(t, ">=") != 0)
        return OP_COMPOUND;
    return OP_OTHER;
}

bool is_binary_op_text(const char *t)
{
    static const char *const ops[] = {
        ",", "&&", "||", "=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|=", "+",
        "-", "*",  "/",  "%", "<<", ">>", "<",  ">",  "<=", ">=",  "==",  "!=", "&",  "^",  "|",
    };
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (strcmp(ops[i], t) == 0)
            return true;
    return false;
}

