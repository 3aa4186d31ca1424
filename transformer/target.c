/*
 * target.c — target mode: the async sources of one build target
 * transformed together, so that they can await each other.
 *
 *     pinion --target NAME --frames-header DIR/pinion_frames/NAME.frames.h
 *            [-MF FILE [-MT TARGET]] [--no-line] [--print-frame-layout]
 *            [--check-layouts]
 *            A.c -o A.pn.c [--file-flag=FLAG]... B.c -o B.pn.c ... [-- FLAGS]
 *
 * Every file is parsed into a Unit of its own, as in single-file mode.
 * An async function declared but not defined in a file is then looked up
 * among the other files' definitions (functions with external linkage)
 * and in the frames headers of the targets this one links (every
 * pinion_frames/ *.frames.h under an -I directory); either way the file
 * will include the header that declares the frame opaquely (frames.c),
 * and its analysis treats the frame as known.  After analysis the
 * target-wide call graph is checked for recursion across files, every
 * file is lowered and emitted, and the frames are laid out callee-first,
 * so that a frame embedding another file's frame is measured with that
 * frame's real size.  Then the frames header is written and each defining
 * file gets the checks of the layouts it publishes (with --check-layouts,
 * of every frame it defines: a test of layout.c against the compiler).
 *
 * Outputs (every .pn.c, the frames header, the depfile) are written only
 * when their bytes change, so a build system with restat (Ninja) compiles
 * again only what changed: editing a callee's body recompiles its own
 * file, and the files embedding its frame only if its layout changed.
 * Nothing at all is written when any file has an error.
 */
#include "target.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct Input {
    const char *path;
    const char *output;
    StrVec flags; /* the common flags, then --file-flag ones */
    Options opt;
    Unit *unit;
    Buf text; /* the transformed file */
} Input;

typedef struct Target {
    Arena arena;
    const char *name;
    const char *header;  /* path of the frames header written */
    const char *include; /* ... and how outputs include it */
    const char *own_real; /* its real path, to skip when scanning -I */
    const char *depfile, *dep_target;
    bool no_line, print_layout, layout_json;
    bool no_frame_packing;
    bool check_layouts; /* check every frame's layout, not only exported ones */
    VEC(Input *) inputs;
    StrVec common; /* flags after -- */
    VEC(TFunc *) defs; /* async definitions of every file, file by file */
    VEC(TFunc *) exported; /* ... those with external linkage */
    LibFrames libs;
    StrVec lib_headers; /* frames headers read, for the depfile */
} Target;

static int terr(const char *fmt, const char *arg)
{
    fputs("pinion: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return 1;
}

/* ------------------------------------------------------------------ */
/* Command line                                                         */
/* ------------------------------------------------------------------ */

static int parse_target_args(int argc, char **argv, Target *T)
{
    Arena *a = &T->arena;
    Input *last = NULL;
    int i = 1;
    for (; i < argc; i++) {
        const char *s = argv[i];
        if (strcmp(s, "--") == 0) {
            for (i++; i < argc; i++)
                vec_push(a, &T->common, argv[i]);
            break;
        }
        bool has_value = strcmp(s, "-o") == 0 || strcmp(s, "-MF") == 0 ||
                         strcmp(s, "-MT") == 0 || strcmp(s, "--target") == 0 ||
                         strcmp(s, "--frames-header") == 0;
        if (has_value && i + 1 >= argc)
            return terr("option '%s' needs a value", s);
        if (strcmp(s, "--target") == 0) {
            T->name = argv[++i];
        } else if (strcmp(s, "--frames-header") == 0) {
            T->header = argv[++i];
        } else if (strcmp(s, "-MF") == 0) {
            T->depfile = argv[++i];
        } else if (strcmp(s, "-MT") == 0) {
            T->dep_target = argv[++i];
        } else if (strcmp(s, "-o") == 0) {
            if (!last || last->output)
                return terr("'-o %s' must follow the input file it names the output of",
                            argv[i + 1]);
            last->output = argv[++i];
        } else if (strncmp(s, "--file-flag=", 12) == 0) {
            if (!last)
                return terr("'%s' must follow the input file it applies to", s);
            if (s[12])
                vec_push(a, &last->flags, s + 12);
        } else if (strcmp(s, "--no-line") == 0) {
            T->no_line = true;
        } else if (strcmp(s, "--print-frame-layout") == 0) {
            T->print_layout = true;
        } else if (strcmp(s, "--check-layouts") == 0) {
            T->check_layouts = true;
        } else if (strcmp(s, "--format=json") == 0) {
            T->layout_json = true;
        } else if (strcmp(s, "--format=text") == 0) {
            T->layout_json = false;
        } else if (strcmp(s, "--no-frame-packing") == 0) {
            T->no_frame_packing = true;
        } else if (strcmp(s, "-p") == 0) {
            return terr("%s", "-p is not available with --target: give the flags after --");
        } else if (s[0] == '-' && s[1] != '\0') {
            return terr("unknown option '%s' (see pinion --help)", s);
        } else {
            last = arena_alloc(a, sizeof *last);
            last->path = s;
            vec_push(a, &T->inputs, last);
        }
    }
    if (!T->name || !*T->name)
        return terr("%s", "--target needs a name");
    if (!T->header)
        return terr("%s", "--target needs --frames-header DIR/pinion_frames/NAME.frames.h");
    const char *inc = frames_include_name(a, T->header);
    if (strncmp(inc, "pinion_frames/", 14) != 0)
        return terr("the frames header '%s' must be in a directory named pinion_frames",
                    T->header);
    T->include = inc;
    if (!T->inputs.n)
        return terr("%s", "no input file (see pinion --help)");
    for (size_t k = 0; k < T->inputs.n; k++) {
        Input *in = T->inputs.v[k];
        if (!in->output)
            return terr("no output for '%s': write -o OUTPUT.c after it", in->path);
        for (size_t j = 0; j < k; j++)
            if (strcmp(T->inputs.v[j]->output, in->output) == 0)
                return terr("'%s' is the output of two inputs", in->output);
        /* Common flags first, so a file's own -D/-I come after them as
         * they would on its compiler command line. */
        StrVec all = { 0 };
        for (size_t j = 0; j < T->common.n; j++)
            vec_push(a, &all, T->common.v[j]);
        for (size_t j = 0; j < in->flags.n; j++)
            vec_push(a, &all, in->flags.v[j]);
        in->flags = all;
        in->opt.input = in->path;
        in->opt.output = in->output;
        in->opt.no_line = T->no_line;
        in->opt.no_frame_packing = T->no_frame_packing;
        in->opt.cflags = all.v;
        in->opt.ncflags = (unsigned)all.n;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Files                                                                */
/* ------------------------------------------------------------------ */

static bool make_parents(const char *path)
{
    char buf[PATH_MAX];
    size_t n = strlen(path);
    if (n >= sizeof buf)
        return false;
    memcpy(buf, path, n + 1);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    return true;
}

/* Writes data to path unless the file already holds exactly that, so an
 * unchanged output keeps its time stamp.  0 on success. */
static int write_if_changed(const char *path, const char *data, size_t len)
{
    FILE *fp = fopen(path, "rb");
    if (fp) {
        bool same = true;
        char chunk[8192];
        size_t at = 0, n;
        while (same && (n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
            if (at + n > len || memcmp(chunk, data + at, n) != 0)
                same = false;
            at += n;
        }
        same = same && !ferror(fp) && at == len;
        fclose(fp);
        if (same)
            return 0;
    }
    if (!make_parents(path))
        return -1;
    return write_atomically(path, data, len);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* ------------------------------------------------------------------ */
/* Functions across files                                               */
/* ------------------------------------------------------------------ */

static TFunc *exported_by_name(Target *T, const char *name)
{
    for (size_t i = 0; i < T->exported.n; i++)
        if (strcmp(T->exported.v[i]->func->name, name) == 0)
            return T->exported.v[i];
    return NULL;
}

static void collect_definitions(Target *T)
{
    for (size_t k = 0; k < T->inputs.n; k++) {
        Unit *u = T->inputs.v[k]->unit;
        for (size_t i = 0; i < u->funcs.n; i++) {
            Func *f = u->funcs.v[i];
            if (!f->is_async || !f->defined || !f->body)
                continue;
            TFunc *d = arena_alloc(&T->arena, sizeof *d);
            d->unit = u;
            d->func = f;
            d->file = base_name(u->path);
            vec_push(&T->arena, &T->defs, d);
            if (f->is_static)
                continue;
            TFunc *other = exported_by_name(T, f->name);
            if (other) {
                diag_at_cursor(u, f->cur, "async function '%s' is also defined in %s", f->name,
                               other->unit->path);
                continue;
            }
            vec_push(&T->arena, &T->exported, d);
        }
    }
}

/* Every -I (and -isystem) directory of the flags, in order, once. */
static void include_dirs(Target *T, StrVec *out)
{
    for (size_t k = 0; k < T->inputs.n; k++) {
        StrVec *fl = &T->inputs.v[k]->flags;
        for (size_t i = 0; i < fl->n; i++) {
            const char *s = fl->v[i], *dir = NULL;
            if ((strcmp(s, "-I") == 0 || strcmp(s, "-isystem") == 0) && i + 1 < fl->n)
                dir = fl->v[++i];
            else if (strncmp(s, "-I", 2) == 0 && s[2])
                dir = s + 2;
            else if (strncmp(s, "-isystem", 8) == 0 && s[8])
                dir = s + 8;
            if (!dir)
                continue;
            bool seen = false;
            for (size_t j = 0; j < out->n; j++)
                seen |= strcmp(out->v[j], dir) == 0;
            if (!seen)
                vec_push(&T->arena, out, dir);
        }
    }
}

static bool read_library_frames(Target *T)
{
    StrVec dirs = { 0 };
    include_dirs(T, &dirs);
    bool ok = true;
    for (size_t i = 0; i < dirs.n; i++)
        ok &= frames_scan_dir(&T->arena, dirs.v[i], T->own_real, &T->libs, &T->lib_headers);
    return ok;
}

static LibFrame *library_frame(Target *T, const char *name)
{
    for (size_t i = 0; i < T->libs.n; i++)
        if (strcmp(T->libs.v[i].name, name) == 0)
            return &T->libs.v[i];
    return NULL;
}

/* Async functions a file declares without defining them: another file's
 * (laid out later) or another target's (laid out in its frames header). */
static void resolve_external(Target *T, Unit *u)
{
    for (size_t i = 0; i < u->funcs.n; i++) {
        Func *g = u->funcs.v[i];
        if (!g->is_async || g->defined || g->frame_known)
            continue;
        TFunc *d = exported_by_name(T, g->name);
        if (d) {
            g->frames_header = T->include;
            g->frame_known = true;
            continue;
        }
        LibFrame *lf = library_frame(T, g->name);
        if (lf) {
            g->frames_header = lf->header;
            g->frame_size = lf->size;
            g->frame_align = lf->align;
            g->frame_known = true;
        }
    }
}

/* The definition an await of g in unit u reaches, if it is in the target. */
static TFunc *node_of(Target *T, Unit *u, Func *g)
{
    if (!g)
        return NULL;
    if (g->defined && g->body) {
        for (size_t i = 0; i < T->defs.n; i++)
            if (T->defs.v[i]->unit == u && T->defs.v[i]->func == g)
                return T->defs.v[i];
        return NULL;
    }
    if (g->frames_header && strcmp(g->frames_header, T->include) == 0)
        return exported_by_name(T, g->name);
    return NULL;
}

/* The callees of one await point: the callee, or each branch's. */
static unsigned await_callees(Await *a, Func **out, unsigned cap)
{
    if (a->boxed)
        return 0;
    if (!a->nbranches) {
        out[0] = a->callee;
        return a->callee ? 1 : 0;
    }
    unsigned n = 0;
    for (unsigned b = 0; b < a->nbranches && n < cap; b++)
        out[n++] = a->branches[b].callee;
    return n;
}

enum { MAX_EDGES = 64 };

typedef struct Path {
    VEC(TFunc *) funcs;
    VEC(Node *) via; /* via.v[i]: the await in funcs.v[i] that calls funcs.v[i + 1] */
} Path;

/* Recursion that crosses files.  Each file has refused its own cycles
 * already, so a cycle found here runs through another file; it is
 * reported at the await that enters it, in that await's file. */
static void cycle_walk(Target *T, TFunc *n, Path *p)
{
    n->visit = 1;
    vec_push(&T->arena, &p->funcs, n);
    Func *f = n->func;
    for (size_t i = 0; i < f->awaits.n; i++) {
        Await *a = f->awaits.v[i];
        Func *callees[MAX_EDGES];
        unsigned nc = await_callees(a, callees, MAX_EDGES);
        for (unsigned k = 0; k < nc; k++) {
            TFunc *m = node_of(T, n->unit, callees[k]);
            if (!m)
                continue;
            vec_push(&T->arena, &p->via, a->node);
            if (m->visit == 1) {
                size_t start = 0;
                while (p->funcs.v[start] != m)
                    start++;
                bool crosses = false;
                Buf b = { 0 };
                for (size_t j = start; j < p->funcs.n; j++) {
                    buf_printf(&b, "%s -> ", p->funcs.v[j]->func->name);
                    TFunc *next = j + 1 < p->funcs.n ? p->funcs.v[j + 1] : m;
                    crosses |= next->unit != p->funcs.v[j]->unit;
                }
                buf_puts(&b, m->func->name);
                if (crosses) {
                    Unit *u = p->funcs.v[start]->unit;
                    Node *at = p->via.v[start];
                    node_range(u, at);
                    diag_at(u, at->fb, "recursive async call without boxing: %s", b.data);
                }
                buf_free(&b);
            } else if (m->visit == 0) {
                cycle_walk(T, m, p);
            }
            p->via.n--;
        }
    }
    p->funcs.n--;
    n->visit = 2;
}

/* Callee-first: a frame is laid out once every frame it embeds is, and
 * another file's frame is handed to the embedding file's copy of the
 * callee before layout.c measures the embedding frame. */
static void lay_out(Target *T, TFunc *n)
{
    n->visit = 1;
    Func *f = n->func;
    for (size_t i = 0; i < f->awaits.n; i++) {
        Func *callees[MAX_EDGES];
        unsigned nc = await_callees(f->awaits.v[i], callees, MAX_EDGES);
        for (unsigned k = 0; k < nc; k++) {
            TFunc *m = node_of(T, n->unit, callees[k]);
            if (!m)
                continue;
            if (m->visit == 0)
                lay_out(T, m);
            if (m->unit != n->unit) {
                callees[k]->frame_size = m->size;
                callees[k]->frame_align = m->align;
            }
        }
    }
    frame_layout(n->unit, f, &n->size, &n->align);
    n->visit = 2;
}

/* ------------------------------------------------------------------ */
/* Depfile                                                              */
/* ------------------------------------------------------------------ */

typedef struct Deps {
    Arena *arena;
    StrVec *files;
} Deps;

static void add_dep(Arena *a, StrVec *files, const char *name)
{
    for (size_t i = 0; i < files->n; i++)
        if (strcmp(files->v[i], name) == 0)
            return;
    vec_push(a, files, name);
}

static void inclusion(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
    (void)stack;
    (void)depth;
    Deps *d = data;
    add_dep(d->arena, d->files, cx_take(d->arena, clang_getFileName(file)));
}

static void make_escape(Buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == ' ' || *s == '#' || *s == '\\')
            buf_putc(b, '\\');
        if (*s == '$')
            buf_putc(b, '$');
        buf_putc(b, *s);
    }
}

static void depfile_text(Target *T, Buf *b)
{
    StrVec files = { 0 };
    Deps d = { &T->arena, &files };
    for (size_t k = 0; k < T->inputs.n; k++)
        clang_getInclusions(T->inputs.v[k]->unit->tu, inclusion, &d);
    for (size_t i = 0; i < T->lib_headers.n; i++)
        add_dep(&T->arena, &files, T->lib_headers.v[i]);
    make_escape(b, T->dep_target ? T->dep_target : T->header);
    buf_puts(b, ":");
    for (size_t i = 0; i < files.n; i++) {
        buf_puts(b, " \\\n  ");
        make_escape(b, files.v[i]);
    }
    buf_puts(b, "\n");
}

/* ------------------------------------------------------------------ */
/* Frame layouts on request                                             */
/* ------------------------------------------------------------------ */

/* Single-file mode prints one {"frames": [...]} per file; target mode
 * prints one for the whole target. */
static void print_target_layouts(Target *T)
{
    Buf out = { 0 };
    if (T->layout_json)
        buf_puts(&out, "{\"frames\": [");
    bool any = false;
    for (size_t k = 0; k < T->inputs.n; k++) {
        Buf one = { 0 };
        print_layouts(T->inputs.v[k]->unit, &one, T->layout_json);
        if (!T->layout_json) {
            if (one.len) {
                if (any)
                    buf_putc(&out, '\n');
                buf_add(&out, one.data, one.len);
                any = true;
            }
        } else if (one.len) {
            const char *open = strchr(one.data, '[');
            const char *close = strrchr(one.data, ']');
            if (open && close && close > open) {
                const char *b = open + 1, *e = close;
                while (b < e && (*b == '\n' || *b == ' '))
                    b++;
                while (e > b && (e[-1] == '\n' || e[-1] == ' '))
                    e--;
                if (e > b) {
                    buf_puts(&out, any ? ",\n  " : "\n  ");
                    buf_add(&out, b, (size_t)(e - b));
                    any = true;
                }
            }
        }
        buf_free(&one);
    }
    if (T->layout_json)
        buf_puts(&out, any ? "\n]}\n" : "]}\n");
    fwrite(out.data ? out.data : "", 1, out.len, stdout);
    buf_free(&out);
}

/* ------------------------------------------------------------------ */

static bool report(Target *T)
{
    bool errors = false;
    for (size_t k = 0; k < T->inputs.n; k++) {
        Unit *u = T->inputs.v[k]->unit;
        if (u && u->diags.errors) {
            diag_print(u);
            errors = true;
        }
    }
    return errors;
}

static int transform(Target *T, CXIndex index)
{
    bool failed = false;
    for (size_t k = 0; k < T->inputs.n; k++) {
        Input *in = T->inputs.v[k];
        in->unit = arena_alloc(&T->arena, sizeof *in->unit);
        in->unit->opt = &in->opt;
        if (!unit_open(in->unit, index, &in->opt)) {
            failed = true;
            continue;
        }
        diag_clang(in->unit);
        if (!in->unit->diags.errors)
            parse_unit(in->unit);
    }
    if (report(T) || failed)
        return 1;
    if (!read_library_frames(T))
        return 1;
    collect_definitions(T);
    if (report(T))
        return 1;
    for (size_t k = 0; k < T->inputs.n; k++)
        resolve_external(T, T->inputs.v[k]->unit);
    for (size_t k = 0; k < T->inputs.n; k++)
        analyze_unit(T->inputs.v[k]->unit);
    if (report(T))
        return 1;
    Path path = { { 0 }, { 0 } };
    for (size_t i = 0; i < T->defs.n; i++)
        if (T->defs.v[i]->visit == 0)
            cycle_walk(T, T->defs.v[i], &path);
    if (report(T))
        return 1;
    for (size_t k = 0; k < T->inputs.n; k++)
        lower_unit(T->inputs.v[k]->unit);
    if (report(T))
        return 1;
    for (size_t k = 0; k < T->inputs.n; k++)
        frame_unit(T->inputs.v[k]->unit);
    if (report(T))
        return 1;
    for (size_t k = 0; k < T->inputs.n; k++) {
        Input *in = T->inputs.v[k];
        if (!emit_unit(in->unit, &in->text))
            failed = true;
    }
    if (report(T) || failed)
        return 1;

    for (size_t i = 0; i < T->defs.n; i++)
        T->defs.v[i]->visit = 0;
    for (size_t i = 0; i < T->defs.n; i++)
        if (T->defs.v[i]->visit == 0)
            lay_out(T, T->defs.v[i]);
    Buf header = { 0 };
    frames_header_text(&T->arena, &header, T->name, T->exported.v, T->exported.n);
    for (size_t k = 0; k < T->inputs.n; k++) {
        Input *in = T->inputs.v[k];
        if (T->check_layouts)
            frames_asserts(in->unit, &in->text, T->include, T->defs.v, T->defs.n, T->no_line);
        else
            frames_asserts(in->unit, &in->text, T->include, T->exported.v, T->exported.n,
                           T->no_line);
    }
    if (T->print_layout)
        print_target_layouts(T);

    int status = 0;
    for (size_t k = 0; k < T->inputs.n && !status; k++) {
        Input *in = T->inputs.v[k];
        if (write_if_changed(in->output, in->text.data ? in->text.data : "", in->text.len))
            status = terr("cannot write '%s'", in->output);
    }
    if (!status && write_if_changed(T->header, header.data, header.len))
        status = terr("cannot write '%s'", T->header);
    if (!status && T->depfile) {
        Buf dep = { 0 };
        depfile_text(T, &dep);
        if (write_if_changed(T->depfile, dep.data, dep.len))
            status = terr("cannot write '%s'", T->depfile);
        buf_free(&dep);
    }
    buf_free(&header);
    return status;
}

int target_main(int argc, char **argv)
{
    Target T = { 0 };
    int status = parse_target_args(argc, argv, &T);
    if (status) {
        arena_free(&T.arena);
        return status;
    }
    /* Our own header, from an earlier run, sits in an -I directory too: it
     * is known by its real path.  (Without its directory there is no such
     * file to skip.) */
    char dir[PATH_MAX];
    const char *slash = strrchr(T.header, '/');
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - T.header), T.header);
    char real[PATH_MAX];
    if (realpath(dir, real))
        T.own_real = arena_printf(&T.arena, "%s/%s", real, slash + 1);

    CXIndex index = clang_createIndex(0, 0);
    status = transform(&T, index);
    for (size_t k = 0; k < T.inputs.n; k++) {
        Input *in = T.inputs.v[k];
        if (in->unit) {
            if (in->unit->tu)
                clang_disposeTranslationUnit(in->unit->tu);
            arena_free(&in->unit->arena);
        }
        buf_free(&in->text);
    }
    clang_disposeIndex(index);
    arena_free(&T.arena);
    return status;
}
