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

#include <stdint.h>
#include <string.h>

/*
 * libclang 14's CXSourceLocation holds clang's SourceManager in ptr_data[0]
 * and the raw SourceLocation in int_data: an offset into the source
 * manager's address space, where each file entered has a contiguous range
 * of its own (its size + 1, for the end-of-file position) and macro
 * expansions have theirs above the top bit.  A location of the main file's
 * text is therefore int_data - (int_data of its offset 0) when that lies
 * within [0, len], which is what clang_getFileLocation and
 * clang_getExpansionLocation would decompose it into, each by a search of
 * the source manager's table of entries: a few hundred instructions a
 * call, asked for every node.  The encoding is checked against libclang's
 * own answers for the first and the last offset before it is used;
 * anything outside the range (a header, a macro expansion, another entry
 * of the same file) is asked of libclang.
 */
static void text_locs_init(Unit *u)
{
    u->text_locs = -1;
    if (!u->file)
        return;
    CXSourceLocation first = clang_getLocationForOffset(u->tu, u->file, 0);
    CXSourceLocation last = clang_getLocationForOffset(u->tu, u->file, u->len);
    if (!first.ptr_data[0] || ((uintptr_t)first.ptr_data[0] & 1) ||
        first.ptr_data[0] != last.ptr_data[0] || first.int_data >= 0x80000000u ||
        last.int_data - first.int_data != u->len || last.int_data < first.int_data)
        return;
    const CXSourceLocation ends[2] = { first, last };
    for (int i = 0; i < 2; i++) {
        CXFile f = NULL, xf = NULL;
        unsigned off = ~0u, xoff = ~0u;
        clang_getFileLocation(ends[i], &f, NULL, NULL, &off);
        clang_getExpansionLocation(ends[i], &xf, NULL, NULL, &xoff);
        unsigned want = i ? u->len : 0;
        if (!f || !xf || !clang_File_isEqual(f, u->file) || !clang_File_isEqual(xf, u->file) ||
            off != want || xoff != want)
            return;
    }
    u->text_sm = first.ptr_data[0];
    u->text_base = first.int_data;
    u->text_locs = 1;
}

bool main_text_offset(Unit *u, CXSourceLocation loc, unsigned *off)
{
    if (!u->text_locs)
        text_locs_init(u);
    if (u->text_locs < 0 || loc.ptr_data[0] != u->text_sm || loc.int_data < u->text_base ||
        loc.int_data - u->text_base > u->len)
        return false;
    *off = loc.int_data - u->text_base;
    return true;
}

unsigned offset_of(Unit *u, CXSourceLocation loc)
{
    CXFile f;
    unsigned off = 0;
    if (main_text_offset(u, loc, &off))
        return off;
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

enum { LINE_BLOCK = 64 };

/* Line numbers from a table of the main file's line starts: clang's
 * presumed locations are much slower, and needed only when the input
 * itself says #line.  A second table gives the line of every
 * LINE_BLOCK-th offset, so that a lookup (one for nearly every node)
 * searches only the few lines of one block. */
unsigned line_at(Unit *u, unsigned offset)
{
    if (!u->line_starts) {
        VEC(unsigned) starts = { 0 };
        vec_push(&u->arena, &starts, 0u);
        unsigned nblocks = u->len / LINE_BLOCK + 3;
        u->block_lines = arena_alloc(&u->arena, nblocks * sizeof *u->block_lines);
        /* Line by line (memchr finds the ends): the blocks that begin on
         * a line, up to its newline, have that line. */
        unsigned blk = 0;
        for (unsigned pos = 0; pos < u->len;) {
            const char *nl = memchr(u->src + pos, '\n', u->len - pos);
            unsigned end = nl ? (unsigned)(nl - u->src) : u->len - 1;
            for (; blk * LINE_BLOCK <= end; blk++)
                u->block_lines[blk] = (unsigned)starts.n - 1;
            if (!nl)
                break;
            vec_push(&u->arena, &starts, end + 1);
            pos = end + 1;
        }
        for (unsigned b = (u->len + LINE_BLOCK - 1) / LINE_BLOCK; b < nblocks; b++)
            u->block_lines[b] = (unsigned)starts.n - 1;
        u->line_starts = starts.v;
        u->nlines = (unsigned)starts.n;
        for (unsigned i = 0; i < u->nlines && !u->has_line_directives; i++) {
            /* A line whose first character after blanks cannot begin a
             * comment, a splice or '#', nor end the line, begins with a
             * token that is no '#': no need to lex it. */
            unsigned c = u->line_starts[i];
            while (c < u->len && (u->src[c] == ' ' || u->src[c] == '\t'))
                c++;
            if (c < u->len && u->src[c] != '#' && u->src[c] != '/' && u->src[c] != '\\' &&
                u->src[c] != '\n' && u->src[c] != '\r' && u->src[c] != '\f' && u->src[c] != '\v')
                continue;
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
    /* The line holding offset is at least that of its block's start and
     * at most that of the next block's start. */
    unsigned blk = offset < u->len ? offset / LINE_BLOCK : (u->len + LINE_BLOCK - 1) / LINE_BLOCK;
    unsigned lo = u->block_lines[blk], hi = u->block_lines[blk + 1] + 1;
    if (hi > u->nlines)
        hi = u->nlines;
    while (hi - lo > 1) {
        unsigned mid = (lo + hi) / 2;
        if (u->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo + 1;
}
