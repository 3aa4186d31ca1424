/*
 * main.c — the `pinion` command: options, the clang invocation, the
 * phases in order, and the output written atomically.
 *
 *     pinion [OPTIONS] INPUT.c -o OUTPUT.c [-- COMPILER_FLAGS...]
 *
 * The input is parsed once with libclang as C (-std=gnu11 unless the
 * flags say otherwise), with clang's builtin headers and pinion.h found
 * without any -I: pinion.h next to an installed executable
 * (<exe>/../include) or, in a build tree, in the source tree.  Nothing is
 * written unless every phase succeeded; the output and the depfile are
 * written to temporary files in their directories and renamed into place,
 * so a failed run never leaves a partial file and never touches an
 * existing one.  `--target` hands the whole command line to target mode
 * (target.c), which transforms the async sources of one build target
 * together.
 */
#include "transform.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <clang-c/CXCompilationDatabase.h>

#ifndef PINION_VERSION
#define PINION_VERSION "0.0.0"
#endif

static const char usage[] =
    "usage: pinion [OPTIONS] INPUT.c -o OUTPUT.c [-- COMPILER_FLAGS...]\n"
    "       pinion --target NAME --frames-header DIR/pinion_frames/NAME.frames.h [OPTIONS]\n"
    "              A.c -o A.pn.c [--file-flag=FLAG...] B.c -o B.pn.c ... [-- COMPILER_FLAGS...]\n"
    "\n"
    "Rewrites the async functions of INPUT.c into frame structs and poll\n"
    "functions (state machines) that run on libpinion.\n"
    "\n"
    "options:\n"
    "  -o FILE                 write the transformed source to FILE\n"
    "  -p BUILD_DIR            take compiler flags from BUILD_DIR/compile_commands.json\n"
    "  --no-line               do not emit #line directives\n"
    "  -MF FILE                write a make-style depfile listing every file read\n"
    "  -MT TARGET              the target named in the depfile (default: the output)\n"
    "  --print-frame-layout    print each async function's frame layout\n"
    "  --print-states          print each async function's states and what follows each\n"
    "  --format=text|json      format of --print-frame-layout and --print-states\n"
    "                          (default: text)\n"
    "  --no-frame-packing      keep in the frame every local whose scope has an await\n"
    "                          after it, each in a field of its own (no liveness\n"
    "                          analysis, no storage sharing)\n"
    "  --target NAME           target mode: transform all async sources of a build\n"
    "                          target together, so they can await each other\n"
    "  --frames-header FILE    target mode: write the target's opaque frames there\n"
    "  --file-flag=FLAG        target mode: a compiler flag for the input before it\n"
    "  --check-layouts         target mode: check every frame's computed layout with\n"
    "                          _Static_assert, not only the exported ones\n"
    "  --help                  show this help\n"
    "  --version               show the version\n"
    "\n"
    "Flags after -- are the flags the file is compiled with (-I, -D, -std, ...).\n";

/* ------------------------------------------------------------------ */
/* Flags from compile_commands.json                                      */
/* ------------------------------------------------------------------ */

static bool skip_db_flag(const char *a, bool *skip_next)
{
    static const char *const with_value[] = { "-o", "-MF", "-MT", "-MQ", "-Xclang" };
    static const char *const alone[] = { "-c", "-MD", "-MMD", "-MP", "-M", "-MM", "--" };
    for (size_t i = 0; i < sizeof with_value / sizeof *with_value; i++)
        if (strcmp(a, with_value[i]) == 0) {
            *skip_next = true;
            return true;
        }
    for (size_t i = 0; i < sizeof alone / sizeof *alone; i++)
        if (strcmp(a, alone[i]) == 0)
            return true;
    return false;
}

static int db_flags(Arena *a, const char *dir, const char *input, StrVec *out)
{
    CXCompilationDatabase_Error err = CXCompilationDatabase_NoError;
    CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, &err);
    if (err != CXCompilationDatabase_NoError || !db)
        return tool_error("cannot read a compilation database in '%s'", dir);
    char abs[PATH_MAX];
    const char *key = realpath(input, abs) ? abs : input;
    CXCompileCommands cmds = clang_CompilationDatabase_getCompileCommands(db, key);
    unsigned n = cmds ? clang_CompileCommands_getSize(cmds) : 0;
    if (n > 0) {
        CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, 0);
        const char *file = cx_take(a, clang_CompileCommand_getFilename(cmd));
        const char *wd = cx_take(a, clang_CompileCommand_getDirectory(cmd));
        if (*wd)
            vec_push(a, out, arena_printf(a, "-working-directory=%s", wd));
        unsigned nargs = clang_CompileCommand_getNumArgs(cmd);
        bool skip_next = false;
        for (unsigned i = 1; i < nargs; i++) {
            const char *arg = cx_take(a, clang_CompileCommand_getArg(cmd, i));
            if (skip_next) {
                skip_next = false;
                continue;
            }
            if (skip_db_flag(arg, &skip_next) || strcmp(arg, file) == 0 ||
                strcmp(arg, input) == 0)
                continue;
            const char *base = strrchr(file, '/');
            if (base && strcmp(arg, base + 1) == 0)
                continue;
            vec_push(a, out, arg);
        }
    }
    if (cmds)
        clang_CompileCommands_dispose(cmds);
    clang_CompilationDatabase_dispose(db);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Depfile                                                              */
/* ------------------------------------------------------------------ */

typedef struct Deps {
    Arena *arena;
    VEC(const char *) files;
} Deps;

static void inclusion(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
    (void)stack;
    (void)depth;
    Deps *d = data;
    const char *name = cx_take(d->arena, clang_getFileName(file));
    for (size_t i = 0; i < d->files.n; i++)
        if (strcmp(d->files.v[i], name) == 0)
            return;
    vec_push(d->arena, &d->files, name);
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

static int write_depfile(Unit *u, const char *path, const char *target)
{
    if (!target) /* parse_args refuses -MF without -o or -MT */
        return -1;
    Deps d = { &u->arena, { 0 } };
    clang_getInclusions(u->tu, inclusion, &d);
    Buf b = { 0 };
    make_escape(&b, target);
    buf_puts(&b, ":");
    for (size_t i = 0; i < d.files.n; i++) {
        buf_puts(&b, " \\\n  ");
        make_escape(&b, d.files.v[i]);
    }
    buf_puts(&b, "\n");
    int r = write_atomically(path, b.data, b.len);
    buf_free(&b);
    return r;
}

/* ------------------------------------------------------------------ */

static int parse_args(int argc, char **argv, Options *o, Arena *a, StrVec *flags)
{
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (strcmp(s, "--") == 0) {
            for (i++; i < argc; i++)
                vec_push(a, flags, argv[i]);
            break;
        }
        bool has_value = strcmp(s, "-o") == 0 || strcmp(s, "-p") == 0 ||
                         strcmp(s, "-MF") == 0 || strcmp(s, "-MT") == 0;
        if (has_value && i + 1 >= argc)
            return tool_error("option '%s' needs a value", s);
        if (strcmp(s, "-o") == 0)
            o->output = argv[++i];
        else if (strcmp(s, "-p") == 0)
            o->build_dir = argv[++i];
        else if (strcmp(s, "-MF") == 0)
            o->depfile = argv[++i];
        else if (strcmp(s, "-MT") == 0)
            o->dep_target = argv[++i];
        else if (strcmp(s, "--no-line") == 0)
            o->no_line = true;
        else if (strcmp(s, "--print-frame-layout") == 0)
            o->print_layout = true;
        else if (strcmp(s, "--print-states") == 0)
            o->print_states = true;
        else if (strcmp(s, "--format=json") == 0)
            o->layout_json = true;
        else if (strcmp(s, "--format=text") == 0)
            o->layout_json = false;
        else if (strcmp(s, "--no-frame-packing") == 0)
            o->no_frame_packing = true;
        else if (s[0] == '-' && s[1] != '\0')
            return tool_error("unknown option '%s' (see pinion --help)", s);
        else if (o->input)
            return tool_error("more than one input file ('%s')", s);
        else
            o->input = s;
    }
    if (!o->input)
        return tool_error("%s", "no input file (see pinion --help)");
    if (!o->output && !o->print_layout && !o->print_states)
        return tool_error("%s", "no output file: use -o OUTPUT.c");
    if (o->depfile && !o->output && !o->dep_target)
        return tool_error("%s", "-MF needs -o or -MT to name the target");
    return 0;
}

/* Writes a report to stdout; *err keeps the first write error's errno. */
static void put_stdout(const Buf *b, int *err)
{
    if (fwrite(b->data ? b->data : "", 1, b->len, stdout) != b->len && !*err)
        *err = errno ? errno : EIO;
}

/* Flushes stdout; false, with the reason on stderr, when anything written
 * to it was lost. */
static bool stdout_written(int err)
{
    errno = 0;
    if (fflush(stdout) != 0 && !err)
        err = errno ? errno : EIO;
    if (!err && ferror(stdout))
        err = EIO;
    if (!err)
        return true;
    tool_error("writing standard output: %s", strerror(err));
    return false;
}

static int run(Unit *u, Options *o)
{
    CXIndex index = clang_createIndex(0, 0);
    int status = 1;
    if (!unit_open(u, index, o))
        goto out;

    diag_clang(u);
    if (u->diags.errors)
        goto report;
    parse_unit(u);
    analyze_unit(u);
    if (u->diags.errors)
        goto report;
    lower_unit(u);
    if (u->diags.errors)
        goto report;
    frame_unit(u);
    if (u->diags.errors)
        goto report;
    Buf out = { 0 };
    bool ok = emit_unit(u, &out);
    if (!ok || u->diags.errors) {
        buf_free(&out);
        goto report;
    }
    int err = 0;
    if (o->print_layout) {
        Buf lay = { 0 };
        print_layouts(u, &lay, o->layout_json);
        put_stdout(&lay, &err);
        buf_free(&lay);
    }
    if (o->print_states) {
        Buf states = { 0 };
        print_states(u, &states, o->layout_json);
        put_stdout(&states, &err);
        buf_free(&states);
    }
    /* A report that did not reach its reader (a full disk, a closed pipe)
     * is a failure, and the output is then not written either. */
    if ((o->print_layout || o->print_states) && !stdout_written(err)) {
        buf_free(&out);
        goto out;
    }
    status = 0;
    if (o->output && write_atomically(o->output, out.data ? out.data : "", out.len) != 0) {
        tool_error("cannot write '%s'", o->output);
        status = 1;
    }
    if (!status && o->depfile &&
        write_depfile(u, o->depfile, o->dep_target ? o->dep_target : o->output) != 0) {
        tool_error("cannot write '%s'", o->depfile);
        if (o->output)
            unlink(o->output);
        status = 1;
    }
    buf_free(&out);
    goto out;
report:
    diag_print(u);
out:
    if (u->tu)
        clang_disposeTranslationUnit(u->tu);
    clang_disposeIndex(index);
    return status;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            Arena a = { 0 };
            printf("pinion %s (%s)\n", PINION_VERSION, cx_take(&a, clang_getClangVersion()));
            arena_free(&a);
            return 0;
        }
    }
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--target") == 0)
            return target_main(argc, argv); /* target.c */
    Unit u = { 0 };
    Options o = { 0 };
    StrVec flags = { 0 };
    int status = parse_args(argc, argv, &o, &u.arena, &flags);
    if (!status && o.build_dir) {
        StrVec db = { 0 };
        status = db_flags(&u.arena, o.build_dir, o.input, &db);
        for (size_t i = 0; i < flags.n; i++)
            vec_push(&u.arena, &db, flags.v[i]);
        flags = db;
    }
    if (!status) {
        o.cflags = flags.v;
        o.ncflags = (unsigned)flags.n;
        u.opt = &o;
        status = run(&u, &o);
    }
    arena_free(&u.arena);
    return status;
}
