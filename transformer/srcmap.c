/*
 * srcmap.c — positions in the main file.
 *
 * Every phase speaks of source positions as byte offsets into the main
 * file's buffer; this file turns libclang's locations into such offsets,
 * offsets into presumed line numbers, and a location into the token
 * spelled there.  Diagnostics, parsing and lowering all use it, so it
 * depends on nothing but libclang and the lexer.
 */
#include "transform.h"

unsigned offset_of(Unit *u, CXSourceLocation loc)
{
    CXFile f;
    unsigned off = 0;
    clang_getFileLocation(loc, &f, NULL, NULL, &off);
    if (!f || !clang_File_isEqual(f, u->file))
        return 0;
    return off;
}

bool spelled_token(Unit *u, CXSourceLocation loc, char **text, CXFile *file, unsigned *off)
{
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(u->tu, clang_getRange(loc, loc), &toks, &n);
    if (!n)
        return false;
    if (text)
        *text = cx_take(&u->arena, clang_getTokenSpelling(u->tu, toks[0]));
    CXFile f = NULL;
    unsigned o = 0;
    clang_getFileLocation(clang_getTokenLocation(u->tu, toks[0]), &f, NULL, NULL, &o);
    if (file)
        *file = f;
    if (off)
        *off = o;
    clang_disposeTokens(u->tu, toks, n);
    return true;
}

/* Line numbers from a table of the main file's line starts: clang's
 * presumed locations are much slower, and needed only when the input
 * itself says #line. */
unsigned line_at(Unit *u, unsigned offset)
{
    if (!u->line_starts) {
        VEC(unsigned) starts = { 0 };
        vec_push(&u->arena, &starts, 0u);
        for (unsigned i = 0; i < u->len; i++)
            if (u->src[i] == '\n')
                vec_push(&u->arena, &starts, i + 1);
        u->line_starts = starts.v;
        u->nlines = (unsigned)starts.n;
        for (unsigned i = 0; i < u->nlines && !u->has_line_directives; i++) {
            Tok hash = lex_next(u->src, u->len, u->line_starts[i]);
            if (!tok_is(u->src, hash, "#"))
                continue;
            Tok word = lex_next(u->src, u->len, hash.end);
            u->has_line_directives = tok_is(u->src, word, "line") || word.kind == TK_NUMBER;
        }
    }
    if (u->has_line_directives) {
        unsigned line = 0;
        CXSourceLocation l = clang_getLocationForOffset(u->tu, u->file, offset);
        clang_getPresumedLocation(l, NULL, &line, NULL);
        return line;
    }
    unsigned lo = 0, hi = u->nlines;
    while (hi - lo > 1) {
        unsigned mid = (lo + hi) / 2;
        if (u->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo + 1;
}
