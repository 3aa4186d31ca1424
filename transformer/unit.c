/*
 * unit.c — opening an input and writing outputs, for both drivers.
 *
 * `pinion FILE` (main.c) and target mode (target.c) parse their inputs the
 * same way: as C, -std=gnu11 unless the flags say otherwise, with clang's
 * builtin headers and pinion.h found without any -I (pinion.h next to an
 * installed executable, <exe>/../include, or in the source tree of a
 * build), warnings off.  Both write their outputs atomically: to a
 * temporary file in the output's directory, renamed into place, so a
 * failed run never leaves a partial file and never touches an existing
 * one.
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

void tool_report(const char *fmt, const char *arg)
{
    fputs("pinion: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
}

/* ------------------------------------------------------------------ */
/* Where pinion.h and clang's builtin headers are                        */
/* ------------------------------------------------------------------ */

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static const char *pinion_include_dir(Arena *a)
{
#ifdef PINION_INSTALL_INCLUDE_REL
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char *dir = arena_printf(a, "%s/%s", exe, PINION_INSTALL_INCLUDE_REL);
            if (exists(arena_printf(a, "%s/pinion.h", dir)))
                return dir;
        }
    }
#endif
#ifdef PINION_BUILD_INCLUDE_DIR
    return PINION_BUILD_INCLUDE_DIR;
#else
    (void)a;
    return NULL;
#endif
}

static const char *resource_dir(void)
{
    const char *env = getenv("PINION_CLANG_RESOURCE_DIR");
    if (env && *env)
        return env;
#ifdef PINION_CLANG_RESOURCE_DIR
    return PINION_CLANG_RESOURCE_DIR;
#else
    return NULL;
#endif
}

/* ------------------------------------------------------------------ */
/* Atomic writes                                                        */
/* ------------------------------------------------------------------ */

int write_atomically(const char *path, const char *data, size_t len)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return -1;
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp.XXXXXX", 12);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    int ok = fchmod(fd, 0666 & ~mask) == 0;
    size_t done = 0;
    while (ok && done < len) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            ok = 0;
        else
            done += (size_t)w;
    }
    if (close(fd) != 0)
        ok = 0;
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    if (!ok)
        unlink(tmp);
    free(tmp);
    return ok ? 0 : -1;
}

/* Parses o->input with libclang into u (tu, file, src, len, path), with
 * the flags the file is compiled with plus what every parse needs.  On
 * failure reports why and returns false; u->tu may then be set or not. */
bool unit_open(Unit *u, CXIndex index, const Options *o)
{
    Arena *a = &u->arena;
    VEC(const char *) args = { 0 };
    vec_push(a, &args, "-x");
    vec_push(a, &args, "c");
    const char *res = resource_dir();
    if (res) {
        vec_push(a, &args, "-resource-dir");
        vec_push(a, &args, res);
    }
    bool has_std = false;
    for (unsigned i = 0; i < o->ncflags; i++)
        if (strncmp(o->cflags[i], "-std=", 5) == 0 || strcmp(o->cflags[i], "-std") == 0)
            has_std = true;
    if (!has_std)
        vec_push(a, &args, "-std=gnu11");
    for (unsigned i = 0; i < o->ncflags; i++)
        vec_push(a, &args, o->cflags[i]);
    const char *inc = pinion_include_dir(a);
    if (inc) {
        vec_push(a, &args, "-I");
        vec_push(a, &args, inc);
    }
    /* pinion.h gives async functions and pointers their own type. */
    vec_push(a, &args, "-DPN__TRANSFORMER=1");
    /* Warnings belong to the compiler that builds the output (diag.c
     * reports none), except those through which clang finds an async
     * function or pointer mixed with one that is not (diag.c turns them
     * into errors); -Werror must not make errors of the others.  Not
     * -Wno-everything: it silences the diagnostics that are errors by
     * default too (`return;` in a function returning int), and pinion
     * would accept what the compiler refuses. */
    vec_push(a, &args, "-Wno-error");
    vec_push(a, &args, "-Wincompatible-function-pointer-types");
    vec_push(a, &args, "-Wcompare-distinct-pointer-types");
    vec_push(a, &args, "-Wpointer-type-mismatch");
    vec_push(a, &args, "-ferror-limit=0");

    CXTranslationUnit tu = NULL;
    enum CXErrorCode ec = clang_parseTranslationUnit2(
        index, o->input, args.v, (int)args.n, NULL, 0,
        CXTranslationUnit_DetailedPreprocessingRecord | CXTranslationUnit_KeepGoing, &tu);
    if (ec != CXError_Success || !tu) {
        tool_error("cannot parse '%s'", o->input);
        return false;
    }
    u->tu = tu;
    u->file = clang_getFile(tu, o->input);
    size_t size = 0;
    u->src = u->file ? clang_getFileContents(tu, u->file, &size) : NULL;
    if (!u->src) {
        tool_error("cannot read '%s'", o->input);
        return false;
    }
    u->len = (unsigned)size;
    u->path = cx_take(a, clang_getFileName(u->file));
    return true;
}

