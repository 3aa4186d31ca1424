/*
 * target.h — what target mode's two files share.
 *
 * target.c transforms the async sources of one build target together:
 * one Unit per file, a call graph across them, frame layouts computed
 * callee-first.  frames.c turns those layouts into the target's frames
 * header, reads the frames headers of the libraries a target links, and
 * tells the emitter where a file must include them.  Docs: cross-file.md.
 */
#ifndef PINION_TARGET_H
#define PINION_TARGET_H

#include "transform.h"

/* An async function defined in one file of the target. */
typedef struct TFunc {
    Unit *unit;
    Func *func;
    const char *file;      /* the defining file's base name, for comments */
    long long size, align; /* its frame, once laid out */
    int visit;             /* graph walks: 0 new, 1 on the path, 2 done */
} TFunc;

/* An opaque frame that another target's frames header declares. */
typedef struct LibFrame {
    const char *name;
    const char *header; /* as #included: pinion_frames/X.frames.h */
    long long size, align;
} LibFrame;

typedef VEC(LibFrame) LibFrames;

/* "pinion_frames/X.frames.h" for a frames header path: how outputs
 * #include it (the directory holding pinion_frames/ is an -I of every
 * target that needs it). */
const char *frames_include_name(Arena *a, const char *path);

/* The frames header of target `target`: an opaque frame and the
 * declarations of every function in defs (sorted by name here). */
void frames_header_text(Arena *a, Buf *out, const char *target, TFunc **defs, size_t n);

/* Appends to the output of unit u the checks that its frames among defs
 * have the layouts computed for them (those the frames header `include`
 * publishes, for the exported ones). */
void frames_asserts(Unit *u, Buf *out, const char *include, TFunc **defs, size_t n,
                    bool no_line);

/* Reads DIR/pinion_frames/ *.frames.h (in name order), skipping the file
 * whose real path is `skip`: each frame declared there goes to `out`,
 * each file read to `read`.  Returns false when a header is malformed. */
bool frames_scan_dir(Arena *a, const char *dir, const char *skip, LibFrames *out, StrVec *read);

#endif
