/*
 * frames.c — frames headers: how one file learns the frame of an async
 * function that another file defines.
 *
 * An await embeds the callee's frame in the caller's, so the caller's
 * compiler needs the callee frame's size and alignment; but the real
 * struct may name types private to the defining file.  Target mode
 * therefore publishes, per build target, pinion_frames/TARGET.frames.h:
 * for every async function with external linkage an opaque struct of the
 * real size and alignment whose pn__hdr and pn__ret sit where the real
 * frame has them, padded to the size, and the declarations of its init,
 * poll and drop functions and vtable.
 *
 * Each function's part is guarded twice: PN__WANT_<name> (defined by the
 * including file for the frames it embeds) and PN__HAVE_<name> (declared
 * once per translation unit).  So a file sees only what it asks for, and
 * never an opaque copy of a frame it defines itself, and a file may
 * include the header again further down when a later frame embeds a
 * frame whose parameter types are only declared there.  The defining file
 * checks the published numbers with _Static_assert: a wrong layout is a
 * build error, never memory corruption.
 *
 * A comment line above each part records the layout in a fixed form,
 * which target mode reads back from the headers of the libraries a target
 * links (frames_scan_dir).
 */
#include "target.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fixed form of the layout comment: "pinion frame NAME: size N, align A". */
static const char layout_mark[] = "/* pinion frame ";

const char *frames_include_name(Arena *a, const char *path)
{
    const char *base = strrchr(path, '/');
    if (!base)
        return arena_strdup(a, path);
    const char *dir = base;
    while (dir > path && dir[-1] != '/')
        dir--;
    return arena_strdup(a, dir);
}

/* ------------------------------------------------------------------ */
/* Where an output includes frames headers                               */
/* ------------------------------------------------------------------ */

static void want(Buf *out, Func **need, size_t n)
{
    /* One #include per header, each after the wishes it serves; headers in
     * the order their first frame is needed. */
    for (size_t i = 0; i < n; i++) {
        if (!need[i])
            continue;
        const char *header = need[i]->frames_header;
        for (size_t j = i; j < n; j++)
            if (need[j] && strcmp(need[j]->frames_header, header) == 0) {
                buf_printf(out, "#define PN__WANT_%s\n", need[j]->name);
                if (j != i)
                    need[j] = NULL;
            }
        buf_printf(out, "#include \"%s\"\n", header);
    }
}

void frames_prelude(Unit *u, Func *f, Buf *out)
{
    VEC(Func *) need = { 0 };
    if (!f->defined) {
        /* A pn_block_on / pn_spawn helper of another file's function. */
        if (f->frames_header && !f->frame_included) {
            f->frame_included = true;
            vec_push(&u->arena, &need, f);
        }
    } else {
        for (size_t i = 0; i < f->callees.n; i++) {
            Func *g = f->callees.v[i];
            if (g->frames_header && !g->frame_included) {
                g->frame_included = true;
                vec_push(&u->arena, &need, g);
            }
        }
    }
    want(out, need.v, need.n);
}

/* ------------------------------------------------------------------ */
/* Writing a frames header                                               */
/* ------------------------------------------------------------------ */

static long long round_up(long long v, long long a)
{
    return a > 0 ? (v + a - 1) / a * a : v;
}

static int by_name(const void *a, const void *b)
{
    const TFunc *x = *(TFunc *const *)a, *y = *(TFunc *const *)b;
    return strcmp(x->func->name, y->func->name);
}

/* One function's part of the header.  Types are spelled as its first
 * declaration spells them (usually the prototype in a public header),
 * since that is what a file embedding the frame has seen. */
static void header_part(Buf *out, TFunc *d)
{
    Unit *u = d->unit;
    Func *f = d->func;
    CXCursor decl = clang_getCanonicalCursor(f->cur);
    CXType ret = f->ret_type;
    bool from_decl = clang_getCursorKind(decl) == CXCursor_FunctionDecl &&
                     clang_Cursor_getNumArguments(decl) == (int)f->nparams;
    if (from_decl)
        ret = clang_getCursorResultType(decl);

    long long end = 8; /* pn_future: two uint32_t */
    buf_printf(out, "\n%s%s: size %lld, align %lld (%s) */\n", layout_mark, f->name, d->size,
               d->align, d->file);
    buf_printf(out, "#if defined(PN__WANT_%s) && !defined(PN__HAVE_%s)\n", f->name, f->name);
    buf_printf(out, "#define PN__HAVE_%s\n", f->name);
    buf_printf(out, "struct %s__frame {\n", f->name);
    buf_printf(out, "    _Alignas(%lld) pn_future pn__hdr;\n", d->align);
    if (!f->is_void) {
        buf_puts(out, "    ");
        spell_type(u, out, ret, "pn__ret", true);
        buf_puts(out, ";\n");
        end = round_up(8, clang_Type_getAlignOf(ret)) + clang_Type_getSizeOf(ret);
    }
    if (d->size > end)
        buf_printf(out, "    unsigned char pn__opaque[%lld];\n", d->size - end);
    buf_puts(out, "};\n");
    buf_printf(out, "void %s__init(struct %s__frame *", f->name, f->name);
    for (unsigned i = 0; i < f->nparams; i++) {
        CXType t = from_decl ? clang_getCursorType(clang_Cursor_getArgument(decl, i))
                             : f->ptypes[i];
        buf_puts(out, ", ");
        if (f->ppromoted && f->ppromoted[i])
            buf_puts(out, f->ppromoted[i]); /* a K&R definition's (emit.c) */
        else
            spell_type(u, out, t, NULL, false);
    }
    buf_puts(out, ");\n");
    buf_printf(out, "pn_poll %s__poll(pn_future *, pn_context *);\n", f->name);
    buf_printf(out, "void %s__drop(pn_future *);\n", f->name);
    buf_printf(out, "extern const pn_future_vtable %s__vtable;\n", f->name);
    buf_puts(out, "#endif\n");
}

void frames_header_text(Arena *a, Buf *out, const char *target, TFunc **defs, size_t n)
{
    TFunc **sorted = arena_alloc(a, (n + 1) * sizeof *sorted);
    if (n) {
        memcpy(sorted, defs, n * sizeof *sorted);
        qsort(sorted, n, sizeof *sorted, by_name);
    }
    buf_printf(out,
               "/*\n"
               " * pinion_frames/%s.frames.h: the opaque frames of target %s, written by\n"
               " * `pinion --target %s`.  Do not edit.\n"
               " *\n"
               " * A file that embeds one of these frames defines PN__WANT_<function> and\n"
               " * includes this header where the function's parameter and result types\n"
               " * are declared; each part is declared at most once per translation unit.\n"
               " * The size and alignment are the real frame's, checked where it is\n"
               " * defined; only pn__hdr and pn__ret may be touched from outside.\n"
               " */\n"
               "#include <pinion.h>\n",
               target, target, target);
    for (size_t i = 0; i < n; i++)
        header_part(out, sorted[i]);
}

static void line_directive(Buf *out, unsigned line, const char *path)
{
    buf_printf(out, "#line %u \"", line);
    for (const char *p = path; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_putc(out, '\\');
        buf_putc(out, *p);
    }
    buf_puts(out, "\"\n");
}

void frames_asserts(Unit *u, Buf *out, const char *include, TFunc **defs, size_t n,
                    bool no_line)
{
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        Func *f = defs[i]->func;
        if (defs[i]->unit != u)
            continue;
        if (first) {
            if (out->len && out->data[out->len - 1] != '\n')
                buf_putc(out, '\n');
            buf_printf(out, "/* The layouts computed for these frames (%s). */\n", include);
            first = false;
        }
        if (!no_line)
            line_directive(out, f->line, u->path);
        buf_printf(out,
                   "_Static_assert(sizeof(struct %s__frame) == %lld &&\n"
                   "               _Alignof(struct %s__frame) == %lld,\n"
                   "               \"the frame of '%s' is not laid out as %s says\");\n",
                   f->name, defs[i]->size, f->name, defs[i]->align, f->name, include);
        if (!f->is_void) {
            long long off = round_up(8, clang_Type_getAlignOf(f->ret_type));
            buf_printf(out,
                       "_Static_assert(offsetof(struct %s__frame, pn__ret) == %lld,\n"
                       "               \"pn__ret of '%s' is not where %s has it\");\n",
                       f->name, off, f->name, include);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Reading the frames headers of linked targets                          */
/* ------------------------------------------------------------------ */

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool read_all(const char *path, Buf *out)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        buf_add(out, chunk, n);
    bool ok = !ferror(fp);
    fclose(fp);
    if (!out->data)
        buf_puts(out, "");
    return ok;
}

/* The decimal number after `prefix` at *s, moving *s past it; false when
 * there is none or it does not fit (sscanf's %lld would not say). */
static bool parse_number(const char **s, const char *prefix, long long *out)
{
    size_t n = strlen(prefix);
    if (strncmp(*s, prefix, n) != 0 || (*s)[n] < '0' || (*s)[n] > '9')
        return false;
    char *end;
    errno = 0;
    *out = strtoll(*s + n, &end, 10);
    *s = end;
    return errno == 0;
}

/* Parses "NAME: size N, align A" after the mark; false when malformed. */
static bool parse_layout(Arena *a, const char *s, LibFrame *lf)
{
    const char *colon = strchr(s, ':');
    if (!colon || colon == s)
        return false;
    for (const char *p = s; p < colon; p++)
        if (!is_ident_char(*p))
            return false;
    const char *p = colon;
    long long size, align;
    if (!parse_number(&p, ": size ", &size) || !parse_number(&p, ", align ", &align))
        return false;
    if (size < 8 || align < 1)
        return false;
    lf->name = arena_strndup(a, s, (size_t)(colon - s));
    lf->size = size;
    lf->align = align;
    return true;
}

bool frames_scan_dir(Arena *a, const char *dir, const char *skip, LibFrames *out, StrVec *read)
{
    const char *fdir = arena_printf(a, "%s/pinion_frames", dir);
    DIR *d = opendir(fdir);
    if (!d)
        return true;
    StrVec names = { 0 };
    const char *suffix = ".frames.h";
    size_t slen = strlen(suffix);
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len > slen && strcmp(e->d_name + len - slen, suffix) == 0)
            vec_push(a, &names, arena_strdup(a, e->d_name));
    }
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, by_string);
    bool ok = true;
    for (size_t i = 0; i < names.n; i++) {
        const char *path = arena_printf(a, "%s/%s", fdir, names.v[i]);
        char real[PATH_MAX];
        if (skip && realpath(path, real) && strcmp(real, skip) == 0)
            continue;
        Buf text = { 0 };
        if (!read_all(path, &text)) {
            fprintf(stderr, "pinion: error: cannot read '%s'\n", path);
            buf_free(&text);
            ok = false;
            continue;
        }
        vec_push(a, read, path);
        const char *header = arena_printf(a, "pinion_frames/%s", names.v[i]);
        for (const char *line = text.data; line && *line;) {
            const char *nl = strchr(line, '\n');
            size_t mlen = sizeof layout_mark - 1;
            if (strncmp(line, layout_mark, mlen) == 0) {
                LibFrame lf = { 0 };
                char *one = arena_strndup(a, line + mlen,
                                          nl ? (size_t)(nl - line) - mlen : strlen(line + mlen));
                if (!parse_layout(a, one, &lf)) {
                    fprintf(stderr, "pinion: error: %s: malformed frame layout line '%s'\n",
                            path, one);
                    ok = false;
                } else {
                    lf.header = header;
                    vec_push(a, out, lf);
                }
            }
            line = nl ? nl + 1 : NULL;
        }
        buf_free(&text);
    }
    return ok;
}
