/*
 * pinion.h — the Pinion dialect and runtime.
 *
 * This one header serves two readers.  Before transformation it makes an
 * async source file valid C that clangd, clang-tidy and compilers accept:
 * `async` is an annotation, `await(E)` has the type of `E`.  After
 * transformation it is the ABI the generated state machines and the
 * runtime agree on: frames that start with a `pn_future` header, poll and
 * drop functions, contexts, wakers, tasks, and the runtime's own leaf
 * futures.  docs/abi.md explains every rule stated here.
 *
 * Naming: `pn_` is public, `pn__` is internal (fields and functions the
 * generated code may use but users should not).  For an async function
 * NAME the transformer (and the runtime, for its own leaves) provides:
 *
 *     struct NAME__frame                      first member: pn_future pn__hdr;
 *                                             member pn__ret unless void
 *     void   NAME__init(struct NAME__frame *, PARAMS...);   create, unpolled
 *     pn_poll NAME__poll(pn_future *, pn_context *);        advance
 *     void   NAME__drop(pn_future *);                       cancel in flight
 *     extern const pn_future_vtable NAME__vtable;
 *
 * Ownership is stated on each function below: "caller owns" means the
 * caller must release what it got; "borrowed" means it must not.
 */
#ifndef PINION_H
#define PINION_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PINION_VERSION_MAJOR 0
#define PINION_VERSION_MINOR 1
#define PINION_VERSION_PATCH 0
#define PINION_VERSION_STRING "0.1.0"

#if defined(__GNUC__) || defined(__clang__)
#define PN_EXPORT __attribute__((visibility("default")))
#define PN__NORETURN __attribute__((noreturn))
#else
#define PN_EXPORT
#define PN__NORETURN
#endif

/* ------------------------------------------------------------------ */
/* The dialect                                                          */
/* ------------------------------------------------------------------ */

/*
 * `pn_async` marks an async function.  Under clang it is an annotation the
 * transformer reads from the AST; elsewhere it is empty.  `pn_await(E)`
 * keeps the type of E; the call to pn__await_point() only marks the site
 * in the AST (it is never emitted by the transformer).  Defining
 * PINION_ERASE gives the plain synchronous reading of a program (the
 * erasure oracle): async vanishes and await(E) is (E).
 *
 * The markers are declared and never defined, with the `error` attribute
 * where the compiler has it (gcc, clang 14 and later): a source that uses
 * the dialect and is compiled as it is, neither transformed nor read with
 * PINION_ERASE, does not build, and the message says why.  The attribute
 * is diagnosed when code is generated, so everything that only reads the
 * source (the transformer through libclang, clangd, clang-tidy, `clang
 * -fsyntax-only`) sees valid C.  Elsewhere the link fails on the missing
 * marker.
 */
#if defined(PINION_ERASE)
#define pn_async
#define pn_await(E) (E)
#define pn_block_on(CALL) (CALL)
#else
#if defined(PN__TRANSFORMER)
/* What the transformer reads: the annotation marks an async function, and
 * the calling convention gives async functions and the pointers declared
 * `async` a type of their own, so that clang's own checks of conversions
 * find every mix of the two (the transformer reports them as errors).
 * The convention never reaches generated code. */
#define pn_async __attribute__((annotate("pinion.async"), preserve_most))
#elif defined(__clang__)
#define pn_async __attribute__((annotate("pinion.async")))
#else
#define pn_async
#endif
#if defined(__has_attribute)
#if __has_attribute(error)
#define PN__UNTRANSFORMED                                                                   \
    __attribute__((error("this source uses async/await and must be transformed before "   \
                         "it is compiled: list it in pinion_target_sources() (CMake) or "  \
                         "run `pinion IN.c -o OUT.c` and compile OUT.c; -DPINION_ERASE "   \
                         "compiles its synchronous reading instead")))
#endif
#endif
#ifndef PN__UNTRANSFORMED
#define PN__UNTRANSFORMED
#endif
PN__UNTRANSFORMED void pn__await_point(void);
PN__UNTRANSFORMED void pn__block_on_point(void);
#define pn_await(E) (pn__await_point(), (E))
#define pn_block_on(CALL) (pn__block_on_point(), (CALL))
#endif

typedef struct pn_task pn_task;

#if defined(PINION_ERASE)
/* Erased: the call runs to completion right here and no task exists. */
static inline pn_task *pn__erased_task(void) { return (pn_task *)0; }
#define pn_spawn(CALL) ((void)(CALL), pn__erased_task())
#else
PN__UNTRANSFORMED pn_task *pn__spawn_point(void);
#define pn_spawn(CALL) ((void)(CALL), pn__spawn_point())
#endif

/*
 * pn_spawn_local(CALL): as pn_spawn, but in a pool of workers
 * (pn_set_workers) the task stays on the spawning thread for its whole
 * life, as every task does without a pool.  Erased, it is pn_spawn.
 */
PN_EXPORT void pn__spawn_local_begin(void);
PN_EXPORT pn_task *pn__spawn_local_end(pn_task *t);
#if defined(PINION_ERASE)
#define pn_spawn_local(CALL) ((void)(CALL), pn__erased_task())
#else
static inline pn_task *pn__spawn_local_point(void) { return (pn_task *)0; }
#define pn_spawn_local(CALL) ((void)(CALL), pn__spawn_local_point())
#endif

/*
 * Boxing: await(pn_boxed(f(x))) awaits f with its frame on the heap
 * instead of inline.  That is what makes a recursive await possible (a
 * frame cannot contain itself); it costs one allocation per boxed await,
 * freed when the child completes or is dropped.  Erased, it is the call.
 */
#if defined(PINION_ERASE)
#define pn_boxed(CALL) (CALL)
#else
PN__UNTRANSFORMED void pn__boxed_point(void);
#define pn_boxed(CALL) (pn__boxed_point(), (CALL))
#endif
/* Storage of a boxed frame, from this thread's pn_allocator.  The await's
 * value has the callee's type and no room for an error, so running out of
 * memory here aborts with a message naming the size. */
PN_EXPORT void *pn__box_alloc(size_t size, size_t align);
PN_EXPORT void pn__box_free(void *p, size_t size);

/*
 * Concurrency inside one task.  Each branch B is `await(CALL)` or
 * `LVALUE = await(CALL)`; the children's frames live inline in the
 * caller's frame, so neither construct allocates.
 *   pn_all(B0, B1, ...)   runs every branch concurrently and completes when
 *                         all have; each assignment happens as its branch
 *                         completes.
 *   pn_race(B0, B1, ...)  completes with the first branch that completes:
 *                         performs that branch's assignment, drops (cancels)
 *                         the others, and evaluates to the winner's index.
 * A timeout is a race against await(pn_sleep_ms(ms)).  Erased, pn_all runs
 * the branches in order and pn_race runs B0 alone, which wins: index 0.
 */
#if defined(PINION_ERASE)
/* The winner's index comes from a call, so a race used as a statement
 * does not warn about an unused operand. */
static inline int pn__race_erased(void) { return 0; }
#define pn_all(...) ((void)(__VA_ARGS__))
#define pn_race(B0, ...) ((void)(B0), pn__race_erased())
#else
PN__UNTRANSFORMED void pn__all_point(void);
PN__UNTRANSFORMED int pn__race_point(void);
#define pn_all(...) (pn__all_point(), __VA_ARGS__, (void)0)
#define pn_race(...) (pn__race_point(), __VA_ARGS__, pn__race_point())
#endif

/*
 * Scope-bound cleanup: `pn_autofree char *buf = malloc(n);` frees buf,
 * `pn_autoclose int fd = socket(...);` closes fd when it is >= 0, when the
 * local's scope ends, as __attribute__((cleanup)) does (on every way out
 * of the scope, in reverse order of declaration).
 */
static inline void pn__autofree(void *p) { free(*(void **)p); }
/* cleanup() hands the function a pointer to the variable, an int *. */
static inline void pn__autoclose(int *fd) // NOLINT(readability-non-const-parameter)
{
    if (*fd >= 0)
        close(*fd);
}
#define pn_autofree __attribute__((cleanup(pn__autofree)))
#define pn_autoclose __attribute__((cleanup(pn__autoclose)))

#ifndef PINION_NO_KEYWORDS
#define async pn_async
#define await pn_await
#endif

/* ------------------------------------------------------------------ */
/* The frame ABI                                                        */
/* ------------------------------------------------------------------ */

typedef enum pn_poll { PN_PENDING = 0, PN_READY = 1 } pn_poll;

/* Every frame begins with this header.  pn__state is 0 for a frame that
 * was created and never polled, PN__STATE_DONE once it returned PN_READY,
 * and the frame's own business in between (the poll function sets it to
 * PN__STATE_DONE itself before returning PN_READY).  pn__pin records (in
 * debug builds) the low 32 bits of the frame's address at its first poll;
 * init sets both fields to 0. */
typedef struct pn_future {
    uint32_t pn__state;
    uint32_t pn__pin;
} pn_future;

#define PN__STATE_DONE UINT32_MAX

typedef struct pn_context pn_context;
typedef pn_poll (*pn_poll_fn)(pn_future *self, pn_context *cx);
typedef void (*pn_drop_fn)(pn_future *self);

/* What the runtime needs to own a frame it did not generate the call for:
 * a spawned task's root, or the root of pn_block_on.  poll may be called
 * again after it returned PN_PENDING (a wake may be spurious), never after
 * PN_READY.  drop cancels a frame that was initialised and has not
 * completed, polled or not: it releases whatever the in-flight leaf
 * registered (timer, fd interest, channel wait, waker) and the children
 * it owns; the frame is not polled again. */
typedef struct pn_future_vtable {
    pn_poll_fn poll;
    pn_drop_fn drop;
    const char *name;     /* the async function's name, for messages */
    size_t size;          /* sizeof(struct NAME__frame) */
    size_t align;         /* _Alignof(struct NAME__frame) */
    size_t result_offset; /* offsetof(struct NAME__frame, pn__ret) */
    size_t result_size;   /* sizeof pn__ret, 0 for void */
} pn_future_vtable;

/* What a debugger or the runtime's task dump needs to walk a frame from
 * the root of a task to the leaf it waits in, emitted by the transformer
 * next to each async function and registered by a constructor of the
 * generated file (pn__func_register; a destructor unregisters it when
 * the object is unloaded).  State k of the frame (1..pn__nstates) is the
 * await on source line pn__sites[k].pn__line of pn__file; its children
 * are pn__children[first .. first + count): one for a plain await, one per
 * branch for pn_all and pn_race.  A child's offset is where its frame
 * sits in the parent's, or where the pointer to it sits when it is boxed.
 * pn__live is the offset of pn_all's mask of running branches, -1 when
 * every branch is live until the site completes. */
typedef struct pn__await_child {
    uint32_t pn__offset;
    uint32_t pn__boxed;
    const pn_future_vtable *pn__vt;
} pn__await_child;

typedef struct pn__await_site {
    uint32_t pn__line;
    uint16_t pn__first, pn__count;
    int32_t pn__live;
} pn__await_site;

typedef struct pn__func_info {
    struct pn__func_info *pn__next; /* the runtime's registry */
    const pn_future_vtable *pn__vt;
    const char *pn__file;
    uint32_t pn__line; /* the async function's own line */
    uint32_t pn__nstates;
    const pn__await_site *pn__sites; /* [pn__nstates + 1], or NULL when there are none */
    const pn__await_child *pn__children;
} pn__func_info;

PN_EXPORT void pn__func_register(pn__func_info *info);
PN_EXPORT void pn__func_unregister(pn__func_info *info);

/* Pin checking: on by default unless NDEBUG.  Generated poll functions
 * call pn__pin_check at entry. */
#ifndef PN_PIN_CHECK
#ifdef NDEBUG
#define PN_PIN_CHECK 0
#else
#define PN_PIN_CHECK 1
#endif
#endif

/* Both abort with a message naming the async function. */
PN_EXPORT PN__NORETURN void pn__pin_moved(const char *name, uint32_t first_low32,
                                          const void *now);
PN_EXPORT PN__NORETURN void pn__bad_state(const char *name, uint32_t state);

static inline void pn__pin_check(pn_future *f, const char *name)
{
#if PN_PIN_CHECK
    uint32_t here = (uint32_t)(uintptr_t)f | 1u; /* never 0 */
    if (f->pn__pin == 0)
        f->pn__pin = here;
    else if (f->pn__pin != here)
        pn__pin_moved(name, f->pn__pin, f);
#else
    (void)f;
    (void)name;
#endif
}

/* The same check as a statement, which generated poll functions use: a
 * macro leaves a debugger nothing to step into. */
#if PN_PIN_CHECK
#define pn__pin_check_here(f, name)                                                         \
    do {                                                                                    \
        uint32_t pn__here = (uint32_t)(uintptr_t)(f) | 1u;                                  \
        if ((f)->pn__pin == 0)                                                              \
            (f)->pn__pin = pn__here;                                                        \
        else if ((f)->pn__pin != pn__here)                                                  \
            pn__pin_moved((name), (f)->pn__pin, (f));                                       \
    } while (0)
#else
#define pn__pin_check_here(f, name) ((void)(f), (void)(name))
#endif

/* ------------------------------------------------------------------ */
/* Context and wakers                                                   */
/* ------------------------------------------------------------------ */

/* A waker is a counted reference to the task that is being polled.
 * Lifetime: pn_waker_clone returns a reference the caller owns;
 * pn_waker_wake and pn_waker_drop consume one; a task's memory stays valid
 * while references exist, and waking a task that already completed or was
 * cancelled does nothing.  Threads: pn_waker_clone and pn_wake_current
 * only inside a poll; pn_waker_wake, pn_waker_wake_by_ref and
 * pn_waker_drop from any thread, until the owning thread calls
 * pn_shutdown or exits (a call from another thread must have returned by
 * then).  The wake functions and pn_waker_drop accept NULL. */
typedef struct pn_waker pn_waker;

/* The executor makes one context per poll of a task and every poll
 * function passes the one it got on to its children unchanged: a context
 * is never made or copied by anyone else.  pn__woken is how a task asks
 * to be polled again without the cost of a wake: the executor clears it
 * before the poll and, when the poll returns PN_PENDING with PN__WOKEN
 * set, puts the task at the back of its run queue with no atomic
 * operation and no reference taken.  The other bits are the executor's. */
struct pn_context {
    pn_waker *pn__waker; /* borrowed for the duration of one poll */
    uint32_t pn__woken;  /* PN__WOKEN and executor bits, see above */
};

#define PN__WOKEN 1u

PN_EXPORT pn_waker *pn_waker_clone(pn_context *cx); /* caller owns */
PN_EXPORT void pn_waker_wake(pn_waker *w);          /* consumes w */
PN_EXPORT void pn_waker_wake_by_ref(pn_waker *w);   /* keeps w */
PN_EXPORT void pn_waker_drop(pn_waker *w);          /* consumes w */
/* Wake the task being polled (what pn_yield does).  Also a function-like
 * macro over an inline body, as the C library does for getc: a call is
 * one store, and the function itself stays for whoever takes its
 * address.  The same holds for pn_yield__init/__poll/__drop below. */
PN_EXPORT void pn_wake_current(pn_context *cx);
static inline void pn__wake_current(pn_context *cx)
{
    cx->pn__woken |= PN__WOKEN;
}
#define pn_wake_current(cx) pn__wake_current(cx)

/* ------------------------------------------------------------------ */
/* Tasks and the executor                                               */
/* ------------------------------------------------------------------ */

/* Spawning, as generated code does it: reserve a task for a root frame of
 * vt->size bytes, initialise the frame in place, then start it.  Returns
 * the frame storage, or NULL (and *out untouched) when memory runs out.
 * pn__task_start queues the task and returns the handle; it is first
 * polled by pn__block_on on this thread. */
PN_EXPORT void *pn__task_reserve(const pn_future_vtable *vt, pn_task **out);
PN_EXPORT pn_task *pn__task_start(pn_task *t);
/*
 * Awaiting through a pointer to an async function (docs/abi.md, "Pointers
 * to async functions").  A pointer declared async points to NAME__ptr, a
 * function with NAME's own signature that the transformer emits beside
 * NAME's poll function.  Called while this thread's runtime has a request
 * open, it claims frame storage for NAME (pn__dyn_claim), initialises
 * NAME's frame there with its arguments and returns at once; called with
 * none open (from code that was not transformed) it runs NAME to
 * completion, as pn_block_on does, which is what the synchronous reading
 * of the call means.
 *
 * An await through a pointer keeps a struct pn__dyn__frame in the caller's
 * frame, where an inline child frame would be: the callee's frame comes
 * from the runtime's frame pools (per-size free lists: no malloc per
 * await in steady state) and goes back when it completes or is dropped,
 * its result copied to `pn__out` first.
 *     (pn__dyn_begin(&d, &ret, sizeof ret, pn__cx), (void)(fp)(args), pn__dyn_end(&d))
 * NAME__ptr polls the callee once before it returns (pn__dyn_start).
 * pn__dyn_end aborts if the pointer's target did not claim (a plain
 * function made to look async by a cast); a claim whose result size is
 * not the pointer's aborts before the callee runs.  pn_spawn(fp(args)) is the same
 * between pn__dyn_spawn_begin() and pn__dyn_spawn_end(), which gives the
 * task (NULL when memory runs out, as pn_spawn does).
 */
struct pn__dyn__frame;
/* The callee's poll as the slot calls it: polls the callee and, once it
 * completes, copies its result to pn__out and gives its frame storage
 * back (NAME__resume, beside NAME__ptr). */
typedef pn_poll (*pn__dyn_resume_fn)(struct pn__dyn__frame *d, pn_context *cx);
struct pn__dyn__frame {
    pn_future pn__hdr;              /* pn__state: PN__DYN_* below */
    void *pn__frame;                /* the callee's frame, NULL once released */
    const pn_future_vtable *pn__vt; /* the callee's */
    void *pn__out;                  /* where the result goes, NULL for void */
    pn__dyn_resume_fn pn__resume;   /* the callee's, set when it claims */
};
/* The slot's states: 0 from pn__dyn_begin until NAME__ptr polls the
 * callee (before the call through the pointer returns); PN__DYN_POLLED when NAME__ptr polled the callee once and it is pending
 * (the await's own first poll then returns PN_PENDING without polling it
 * again); PN__DYN_RUNNING after that; PN__STATE_DONE once it completed. */
#define PN__DYN_POLLED 1u
#define PN__DYN_RUNNING 2u
PN_EXPORT void pn__dyn_begin(struct pn__dyn__frame *d, void *out, size_t out_size,
                             pn_context *cx);
PN_EXPORT void pn__dyn_end(struct pn__dyn__frame *d);
PN_EXPORT pn_poll pn__dyn__poll(pn_future *f, pn_context *cx);
PN_EXPORT void pn__dyn__drop(pn_future *f);
/* The slot's vtable, for the frame walks of pn_dump_tasks and the trace,
 * which follow pn__frame and pn__vt to the callee. */
PN_EXPORT extern const pn_future_vtable pn__dyn__vtable;
PN_EXPORT void pn__dyn_spawn_begin(void);
PN_EXPORT pn_task *pn__dyn_spawn_end(void);
/* NAME__ptr's side: PN__DYN_NONE when no request is open; PN__DYN_SPAWN
 * for a spawn, *mem is where to initialise the task's frame (NULL when
 * memory ran out); PN__DYN_AWAIT for an await, *mem is the frame storage
 * and the open request is the slot to start (pn__dyn_start). */
#define PN__DYN_NONE 0
#define PN__DYN_SPAWN 1
#define PN__DYN_AWAIT 2
PN_EXPORT int pn__dyn_claim(const pn_future_vtable *vt, void **mem);
/* Returns a callee's frame storage to the pools (the slow half of the
 * completion and of pn__dyn__drop). */
PN_EXPORT void pn__dyn_free(void *frame, const pn_future_vtable *vt);
PN_EXPORT PN__NORETURN void pn__dyn_busy(void);

/*
 * The common case of an await through a pointer, inlined where it is
 * generated: this thread's open request and its free frame blocks of the
 * small size classes (16-byte steps up to PN__DYN_SMALL_MAX bytes, for
 * frames aligned no more than the allocator aligns), kept in one
 * thread-local object that the functions above (runtime/src/dyn.c) share.
 * A begin, a claim from a free list, an end, and a completion that gives
 * the block back are then a few loads and stores each, with no call but
 * the ones through the pointer and the callee's vtable; everything else
 * (an empty free list, a full one, a large or over-aligned frame, a spawn,
 * the aborts) calls the functions above.  pn__req is the await being set
 * up between pn__dyn_begin and pn__dyn_end (or, during a spawn through a
 * pointer, a marker of dyn.c's whose pn__vt is set, so that no fast claim
 * takes it), NULL otherwise; an await's request is claimed once its
 * pn__vt is set.
 */
#if defined(__GNUC__) || defined(__clang__)
#define PN__EXPECT(x, v) __builtin_expect(!!(x), v)
#define PN__DYN_OTHER __attribute__((noinline, cold))
#else
#define PN__EXPECT(x, v) (x)
#define PN__DYN_OTHER
#endif
#define PN__DYN_CLASSES 24
#define PN__DYN_SMALL_MAX 256u
#define PN__DYN_KEEP 64u
#ifdef __cplusplus
#define PN__DYN_ALIGN alignof(max_align_t)
#define PN__THREAD_LOCAL thread_local
#else
#define PN__DYN_ALIGN _Alignof(max_align_t)
#define PN__THREAD_LOCAL _Thread_local
#endif

struct pn__dyn_cache {
    struct pn__dyn__frame *pn__req;
    size_t pn__size;                               /* the open await's result size */
    pn_context *pn__cx;                            /* the open await's context */
    void *pn__free[PN__DYN_CLASSES];               /* by size class, a list through the blocks */
    unsigned short pn__nfree[PN__DYN_CLASSES];     /* at most PN__DYN_KEEP each */
};
PN_EXPORT extern PN__THREAD_LOCAL struct pn__dyn_cache pn__dyn_cache;

/* The class of a small frame (size <= PN__DYN_SMALL_MAX): a constant
 * where the size is (in NAME__ptr, whose vtable is its file's). */
static inline size_t pn__dyn_small_class(size_t size)
{
    return size == 0 ? 0 : (size + 15) / 16 - 1;
}

/* Whether the inline paths serve frames of vt: 1 to PN__DYN_SMALL_MAX
 * bytes (a frame has at least its header), aligned as the allocator
 * aligns.  Their class is then (size - 1) / 16. */
static inline int pn__dyn_pooled(const pn_future_vtable *vt)
{
    return vt->align <= PN__DYN_ALIGN && vt->size - 1 < PN__DYN_SMALL_MAX;
}

static inline void pn__dyn_begin_inline(struct pn__dyn__frame *d, void *out, size_t out_size,
                                        pn_context *cx)
{
    if (PN__EXPECT(pn__dyn_cache.pn__req != NULL, 0))
        pn__dyn_busy();
    d->pn__hdr.pn__state = 0;
    d->pn__hdr.pn__pin = 0;
    d->pn__vt = NULL;
    d->pn__out = out;
    pn__dyn_cache.pn__req = d;
    pn__dyn_cache.pn__size = out_size;
    pn__dyn_cache.pn__cx = cx;
}

static inline void pn__dyn_end_inline(struct pn__dyn__frame *d)
{
    pn__dyn_cache.pn__req = NULL;
    if (PN__EXPECT(d->pn__vt == NULL, 0))
        (pn__dyn_end)(d); /* aborts, saying why */
}

/* NAME__ptr's common case: an await's request is open, unclaimed, its
 * result has the size of vt's, and a free block of the frame's class is
 * there, which it takes (*mem); returns the slot, or NULL to send
 * NAME__ptr to NAME__ptr_other and pn__dyn_claim. */
static inline struct pn__dyn__frame *pn__dyn_claim_pooled(const pn_future_vtable *vt, void **mem)
{
    struct pn__dyn__frame *d = pn__dyn_cache.pn__req;
    if (PN__EXPECT(d != NULL && d->pn__vt == NULL && pn__dyn_cache.pn__size == vt->result_size,
                   1) &&
        pn__dyn_pooled(vt)) {
        size_t c = (vt->size - 1) / 16;
        void *p = pn__dyn_cache.pn__free[c];
        if (PN__EXPECT(p != NULL, 1)) {
            void *next;
            memcpy(&next, p, sizeof next);
            pn__dyn_cache.pn__free[c] = next;
            pn__dyn_cache.pn__nfree[c]--;
            d->pn__frame = p;
            d->pn__vt = vt;
            *mem = p;
            return d;
        }
    }
    return NULL;
}

/* NAME__ptr, once the callee's frame is initialised: its first poll, on
 * the spot, where its type is known (NAME__resume, inlined), instead of
 * through its vtable at the await.  The request is closed meanwhile, so
 * that the callee may await through pointers itself, and reopened after,
 * so that a second claim still finds it taken. */
static inline void pn__dyn_start(struct pn__dyn__frame *d, pn__dyn_resume_fn resume)
{
    d->pn__resume = resume;
    pn__dyn_cache.pn__req = NULL;
    if (resume(d, pn__dyn_cache.pn__cx) == PN_PENDING)
        d->pn__hdr.pn__state = PN__DYN_POLLED;
    pn__dyn_cache.pn__req = d;
}

/* NAME__resume, once the callee completed: its result (rsize bytes at
 * res; none for a void callee) to pn__out, its block back. */
static inline void pn__dyn_done(struct pn__dyn__frame *d, const pn_future_vtable *vt,
                                const void *res, size_t rsize)
{
    void *p = d->pn__frame;
    if (rsize != 0)
        memcpy(d->pn__out, res, rsize);
    d->pn__frame = NULL;
    d->pn__hdr.pn__state = PN__STATE_DONE;
    if (PN__EXPECT(pn__dyn_pooled(vt), 1)) {
        size_t c = (vt->size - 1) / 16;
        if (PN__EXPECT(pn__dyn_cache.pn__nfree[c] < PN__DYN_KEEP, 1)) {
            void *next = pn__dyn_cache.pn__free[c];
            memcpy(p, &next, sizeof next);
            pn__dyn_cache.pn__free[c] = p;
            pn__dyn_cache.pn__nfree[c]++;
            return;
        }
    }
    (pn__dyn_free)(p, vt);
}

static inline pn_poll pn__dyn_poll_inline(pn_future *f, pn_context *cx)
{
    struct pn__dyn__frame *d = (struct pn__dyn__frame *)(void *)f;
    uint32_t s = d->pn__hdr.pn__state;
    if (PN__EXPECT(s == PN__DYN_RUNNING, 1))
        return d->pn__resume(d, cx);
    if (s == PN__STATE_DONE)
        return PN_READY; /* it completed in NAME__ptr */
    /* PN__DYN_POLLED: NAME__ptr's poll was the await's first (every claim
     * starts the callee, and pn__dyn_end aborts when none claimed). */
    d->pn__hdr.pn__state = PN__DYN_RUNNING;
    return PN_PENDING;
}

/* Function-like macros over the inline bodies, as for pn_yield: the
 * functions stay for the vtable and for whoever takes their address. */
#define pn__dyn_begin(d, out, out_size, cx) pn__dyn_begin_inline(d, out, out_size, cx)
#define pn__dyn_end(d) pn__dyn_end_inline(d)
#define pn__dyn__poll(f, cx) pn__dyn_poll_inline(f, cx)

/* Run this thread's runtime until `root` (initialised, pinned by the
 * caller, usually on its stack) completes; spawned tasks run meanwhile
 * and the ones still alive afterwards stay for the next pn__block_on or
 * pn_shutdown.  Calling it from inside a running task aborts. */
PN_EXPORT void pn__block_on(pn_future *root, const pn_future_vtable *vt);

/* A task handle (pn_task *, from pn_spawn) is owned by the caller and is
 * given up exactly once: to pn_join / pn_join_result (awaited or not), to
 * pn_detach, or to pn_cancel.  Tasks belong to the runtime of the thread
 * that spawned them; these functions must be called on that thread or,
 * for a task of a pool of workers (pn_set_workers), on any of its
 * workers.
 *
 * pn_detach: the caller gives up the handle; the task runs on and frees
 * itself when done.  pn_cancel: drops the task's frame now (every timer
 * and fd interest of its in-flight leaf is released) and gives up the
 * handle; cancelling a task that already finished just gives up the
 * handle.  pn_cancel may also be called, through a copy of the pointer,
 * on a task whose handle a pending pn_join owns: that join then returns
 * -ECANCELED and releases the handle itself.  Both accept NULL.  A task
 * that cancels itself is dropped as soon as its current poll returns.
 *
 * Handles are checked, in every build: a handle carries a generation of
 * its task's memory, and using one that was already given up (a second
 * join, a join, detach or cancel after a join, detach or cancel, a
 * detach while a join owns it) aborts with a message naming the call and
 * the task's function, even when the memory holds another task by now.
 * A handle is not the task's address: compare handles, never dereference
 * them. */
PN_EXPORT void pn_detach(pn_task *t);
PN_EXPORT void pn_cancel(pn_task *t);

/* Workers: pn_set_workers(n) makes the tasks spawned from then on (with
 * pn_spawn; pn_spawn_local ones excepted) run on n threads, this one among
 * them: n - 1 threads are started now and wait for work.  Each worker
 * has its own ready lists (depth first, as on one thread), timers and
 * reactor; a new task goes to the spawner's lists, or to an idle worker,
 * and an idle worker takes unstarted tasks from busy ones.  A task is
 * placed on the worker that polls it first and stays there: a task moves
 * between threads only before its first poll, and its frame never moves.
 * n = 1 (the default) is the single-thread runtime.  Call it from a
 * thread's main code, not from a task: before pn_block_on, or between
 * two calls of it.  The other workers run their tasks also while this
 * thread is outside pn_block_on; its own tasks wait for the next one.
 * pn_shutdown (or the thread's exit) stops the pool: every task is
 * cancelled on its worker and the threads exit.  Returns 0; -EINVAL for
 * n = 0 or more than 127; -EBUSY from inside a task or a worker thread,
 * while the current pool still has tasks, or when this thread set an
 * allocator (a pool's memory comes from malloc: a task may be freed on
 * any worker); -ENOMEM, -EAGAIN (threads) when resources run out.  In a
 * pool, pn_cancel of a task placed on another worker (or not started
 * yet) only asks: it is dropped on its worker before its next poll, and
 * a pending pn_join of it returns -ECANCELED once it is.
 * pn__current_worker() is the index of the calling thread in its pool
 * (0 without a pool), for tests and diagnostics. */
PN_EXPORT int pn_set_workers(unsigned n);
PN_EXPORT unsigned pn__current_worker(void);

/* Tear down this thread's runtime: cancel every task still alive (their
 * frames are dropped) and release all runtime memory; handles and wakers
 * of its tasks are invalid afterwards.  Not from inside a task.  Safe to
 * call when nothing was ever run; a thread that exits without calling it
 * gets it called at exit.  The runtime starts afresh on next use. */
PN_EXPORT void pn_shutdown(void);

/* Memory: every allocation of this thread's runtime (task slab, reactor
 * table, channels) goes through this allocator, malloc by default.  It
 * must return memory aligned for any object (as malloc does); free gets
 * the size that was asked for.  The setting is per thread and survives
 * pn_shutdown.  Returns 0, -EBUSY while memory from the current allocator
 * is still in use (set it first, or after pn_shutdown), -EINVAL if a
 * function is missing.  NULL restores malloc. */
typedef struct pn_allocator {
    void *(*alloc)(size_t size, void *ud); /* NULL on failure */
    void (*free)(void *p, size_t size, void *ud);
    void *ud;
} pn_allocator;
PN_EXPORT int pn_set_allocator(const pn_allocator *a);

/* Busy polling: when this thread's executor runs out of ready tasks, it
 * keeps looking for I/O readiness, due timers and other threads' wakes
 * for up to us microseconds before it sleeps in epoll_wait.  0 (the
 * default) sleeps at once.  It trades CPU time (at most us per idle
 * period) for wake-up latency: a server whose requests come back within
 * microseconds answers them without the cost of a sleep and a wake-up,
 * which on a virtual machine is paid by the client's write.  The setting
 * is per thread and survives pn_shutdown. */
PN_EXPORT void pn_set_busy_poll_us(unsigned us);

/* Inspecting a running program.  pn_dump_tasks writes every task of this
 * thread's runtime (and, on a worker of a pool, of every worker) to out,
 * one paragraph each: its id (the handle
 * pn_spawn returned, as %p prints it, while the handle is not given up),
 * its function, whether it is ready, running or parked, and, for a task
 * that is not running, its chain of awaits from its root frame to the
 * leaf, one line per async function as `function (file:line)` of the
 * await it is parked at, and last what the leaf waits on (a timer and
 * its deadline, an fd and the event, a channel, a task to join).  Call
 * it from a task or from synchronous code between pn_block_on calls,
 * never from a signal handler (it takes a lock and writes through
 * stdio): a program that wants a dump on a signal notices the signal in
 * its loop (a signalfd awaited with pn_wait_readable, say) and calls it
 * there.  On a pool the output is one part per worker ("worker N: K
 * tasks"), each written by that worker's thread at its next look between
 * batches (the caller's at once) while the caller waits, so each part is
 * a consistent picture of its worker but the parts are taken one after
 * another; a worker that comes to no look within a second is named and
 * skipped; pool tasks that finished are not listed.  Returns the number
 * of tasks written, -EINVAL for a NULL out, or -EIO when writing failed.
 * Nothing is allocated. */
PN_EXPORT int pn_dump_tasks(FILE *out);

/* Monotonic clock, milliseconds and nanoseconds. */
PN_EXPORT uint64_t pn_now_ms(void);
PN_EXPORT uint64_t pn_now_ns(void);

/* ------------------------------------------------------------------ */
/* Leaf futures of the runtime                                          */
/* ------------------------------------------------------------------ */

/*
 * Each leaf below is declared twice over.  `pn_async RET NAME(PARAMS)` is
 * the prototype the untransformed source type-checks against; libpinion
 * also defines it as a plain blocking function, so a program read with
 * PINION_ERASE (the erasure oracle) links and runs synchronously.  The
 * NAME__frame struct and NAME__init/__poll/__drop are what transformed
 * code uses.
 */

/* Intrusive timer node (no allocation per sleep), linked into a slot of
 * the runtime's timer wheel exactly while pn__waker is non-NULL.  The
 * deadline is in CLOCK_MONOTONIC milliseconds.  Internal fields. */
typedef struct pn__timer_link {
    struct pn__timer_link *pn__next, *pn__prev;
} pn__timer_link;

typedef struct pn__timer {
    uint64_t pn__deadline_ms;
    pn__timer_link pn__link;
    pn_waker *pn__waker;
} pn__timer;

/* One fd wait, inside an I/O leaf's frame: registered with the reactor
 * exactly while pn__waker is non-NULL (reactor.c). */
typedef struct pn__io_wait {
    struct pn__io_wait *pn__next;
    int pn__fd;
    uint32_t pn__events;
    pn_waker *pn__waker;
} pn__io_wait;

/* await(pn_yield()): suspend once; every other ready task runs first. */
pn_async PN_EXPORT void pn_yield(void);
struct pn_yield__frame {
    pn_future pn__hdr;
};
PN_EXPORT void pn_yield__init(struct pn_yield__frame *f);
PN_EXPORT pn_poll pn_yield__poll(pn_future *f, pn_context *cx);
PN_EXPORT void pn_yield__drop(pn_future *f);
PN_EXPORT extern const pn_future_vtable pn_yield__vtable;

/* The yield is the hot path of every cooperative loop, so its calls are
 * inlined into the caller (see pn_wake_current): state 0 asks to be
 * polled again and suspends, state 1 completes. */
static inline void pn__yield_init(struct pn_yield__frame *f)
{
    f->pn__hdr.pn__state = 0;
    f->pn__hdr.pn__pin = 0;
}

static inline pn_poll pn__yield_poll(pn_future *self, pn_context *cx)
{
    pn__pin_check(self, "pn_yield");
    if (self->pn__state == 0) {
        self->pn__state = 1;
        pn__wake_current(cx);
        return PN_PENDING;
    }
    if (self->pn__state != 1)
        pn__bad_state("pn_yield", self->pn__state);
    self->pn__state = PN__STATE_DONE;
    return PN_READY;
}

#define pn_yield__init(f) pn__yield_init(f)
#define pn_yield__poll(self, cx) pn__yield_poll((self), (cx))
#define pn_yield__drop(self) ((void)(self)) /* nothing to release */

/* await(pn_sleep_ms(ms)): suspend for at least ms milliseconds, measured
 * on CLOCK_MONOTONIC from the first poll; never less, possibly a little
 * more (deadlines are rounded up to a whole millisecond, and sleeps that
 * end at the same moment resume in the order they started).  ms == 0
 * returns at once without suspending.  Returns 0. */
pn_async PN_EXPORT int pn_sleep_ms(uint64_t ms);
/* The result shares its storage with the timer's deadline: the result is
 * only written once the timer is done with, and the frame stays 40
 * bytes (a sleeping task's memory is mostly this frame). */
struct pn_sleep_ms__frame {
    pn_future pn__hdr;
    union {
        int pn__ret;
        pn__timer timer; /* before the first poll, pn__deadline_ms holds ms */
    };
};
PN_EXPORT void pn_sleep_ms__init(struct pn_sleep_ms__frame *f, uint64_t ms);
PN_EXPORT pn_poll pn_sleep_ms__poll(pn_future *f, pn_context *cx);
PN_EXPORT void pn_sleep_ms__drop(pn_future *f);
PN_EXPORT extern const pn_future_vtable pn_sleep_ms__vtable;

/* await(pn_join(t)): wait for t to finish and release the handle.
 * Returns 0 when it ran to completion, -ECANCELED when it was cancelled
 * (pn_cancel through another copy of the pointer, or pn_shutdown), -EINVAL
 * for a NULL handle, -EDEADLK when t is the task awaiting it.  Dropping a
 * pending join (its awaiting task was cancelled) releases the handle: t
 * runs on, detached. */
pn_async PN_EXPORT int pn_join(pn_task *t);
struct pn_join__frame {
    pn_future pn__hdr;
    int pn__ret;
    pn_task *task;
};
PN_EXPORT void pn_join__init(struct pn_join__frame *f, pn_task *t);
PN_EXPORT pn_poll pn_join__poll(pn_future *f, pn_context *cx);
PN_EXPORT void pn_join__drop(pn_future *f);
PN_EXPORT extern const pn_future_vtable pn_join__vtable;

/* await(pn_join_result(t, &v, sizeof v)): the typed join.  As pn_join, and
 * on completion copies the task's result (its frame's pn__ret) into *out.
 * Returns -EINVAL at once (copying nothing, releasing the handle: t runs
 * on, detached) when size differs from the size of the task's result
 * (0 for a void function). */
pn_async PN_EXPORT int pn_join_result(pn_task *t, void *out, size_t size);
struct pn_join_result__frame {
    pn_future pn__hdr;
    int pn__ret;
    pn_task *task;
    void *out;
    size_t size;
};
PN_EXPORT void pn_join_result__init(struct pn_join_result__frame *f, pn_task *t, void *out,
                                    size_t size);
PN_EXPORT pn_poll pn_join_result__poll(pn_future *f, pn_context *cx);
PN_EXPORT void pn_join_result__drop(pn_future *f);
PN_EXPORT extern const pn_future_vtable pn_join_result__vtable;

/*
 * File-descriptor I/O on non-blocking fds.  One error convention for all
 * of them: a negative errno value (-ECONNRESET, -EBADF, ...) on failure,
 * otherwise what the wrapped POSIX call returns (bytes, 0 at end of file,
 * a new fd).  EAGAIN never comes back: the task waits for readiness.
 * EINTR is retried.  The fd must be O_NONBLOCK: a blocking fd blocks the
 * whole thread in the syscall, every task on it and any timeout raced
 * against the call (regular files excepted: they never wait).  Debug
 * builds of the runtime (without NDEBUG) check it at the first poll of
 * pn_read, pn_write, pn_write_all, pn_accept and pn_connect (one fcntl)
 * and abort with a message naming the call and the fd.  Writes to
 * sockets use MSG_NOSIGNAL: a vanished peer is -EPIPE, not SIGPIPE.
 * Several tasks may wait on one fd (a reader and a writer, say); dropping
 * a waiting frame unregisters it.  Closing an fd while a task waits on it
 * is a bug, as in any event loop.
 */
#define PN__DECLARE_IO_LEAF(NAME, RET)                                                      \
    PN_EXPORT pn_poll NAME##__poll(pn_future *f, pn_context *cx);                           \
    PN_EXPORT void NAME##__drop(pn_future *f);                                              \
    PN_EXPORT extern const pn_future_vtable NAME##__vtable

pn_async PN_EXPORT ssize_t pn_read(int fd, void *buf, size_t n);
struct pn_read__frame {
    pn_future pn__hdr;
    ssize_t pn__ret;
    int fd;
    void *buf;
    size_t n;
    pn__io_wait wait;
};
PN_EXPORT void pn_read__init(struct pn_read__frame *f, int fd, void *buf, size_t n);
PN__DECLARE_IO_LEAF(pn_read, ssize_t);

pn_async PN_EXPORT ssize_t pn_write(int fd, const void *buf, size_t n);
struct pn_write__frame {
    pn_future pn__hdr;
    ssize_t pn__ret;
    int fd;
    const void *buf;
    size_t n;
    pn__io_wait wait;
};
PN_EXPORT void pn_write__init(struct pn_write__frame *f, int fd, const void *buf, size_t n);
PN__DECLARE_IO_LEAF(pn_write, ssize_t);

/* Writes all n bytes (looping over partial writes); returns n or -errno. */
pn_async PN_EXPORT ssize_t pn_write_all(int fd, const void *buf, size_t n);
struct pn_write_all__frame {
    pn_future pn__hdr;
    ssize_t pn__ret;
    int fd;
    const void *buf;
    size_t n;
    size_t done;
    pn__io_wait wait;
};
PN_EXPORT void pn_write_all__init(struct pn_write_all__frame *f, int fd, const void *buf,
                                  size_t n);
PN__DECLARE_IO_LEAF(pn_write_all, ssize_t);

/* Returns a new non-blocking, close-on-exec fd. */
pn_async PN_EXPORT int pn_accept(int fd, struct sockaddr *addr, socklen_t *addrlen);
struct pn_accept__frame {
    pn_future pn__hdr;
    int pn__ret;
    int fd;
    struct sockaddr *addr;
    socklen_t *addrlen;
    pn__io_wait wait;
};
PN_EXPORT void pn_accept__init(struct pn_accept__frame *f, int fd, struct sockaddr *addr,
                               socklen_t *addrlen);
PN__DECLARE_IO_LEAF(pn_accept, int);

/* Connects a non-blocking socket; returns 0 or -errno. */
pn_async PN_EXPORT int pn_connect(int fd, const struct sockaddr *addr, socklen_t addrlen);
struct pn_connect__frame {
    pn_future pn__hdr;
    int pn__ret;
    int fd;
    const struct sockaddr *addr;
    socklen_t addrlen;
    pn__io_wait wait;
};
PN_EXPORT void pn_connect__init(struct pn_connect__frame *f, int fd,
                                const struct sockaddr *addr, socklen_t addrlen);
PN__DECLARE_IO_LEAF(pn_connect, int);

/* Raw readiness: wait until fd is readable / writable.  Returns 0 or -errno
 * (-EBADF for a closed fd). */
pn_async PN_EXPORT int pn_wait_readable(int fd);
struct pn_wait_readable__frame {
    pn_future pn__hdr;
    int pn__ret;
    int fd;
    pn__io_wait wait;
};
PN_EXPORT void pn_wait_readable__init(struct pn_wait_readable__frame *f, int fd);
PN__DECLARE_IO_LEAF(pn_wait_readable, int);

pn_async PN_EXPORT int pn_wait_writable(int fd);
struct pn_wait_writable__frame {
    pn_future pn__hdr;
    int pn__ret;
    int fd;
    pn__io_wait wait;
};
PN_EXPORT void pn_wait_writable__init(struct pn_wait_writable__frame *f, int fd);
PN__DECLARE_IO_LEAF(pn_wait_writable, int);

/* ------------------------------------------------------------------ */
/* Channels                                                             */
/* ------------------------------------------------------------------ */

/* A bounded multi-producer multi-consumer queue of fixed-size elements
 * between tasks, on any threads (any workers of a pool, or tasks of
 * different threads' runtimes).  Each operation takes the channel's lock
 * for a few instructions; what a send copied in happens before the
 * receive that takes it out returns.  Waiters are served in FIFO
 * order: an element, or a free slot, is handed to the oldest waiting
 * receiver, or sender, and no later one can take it first.  After
 * pn_chan_close, sends fail with -EPIPE and receives drain what is
 * buffered, then fail with -EPIPE; every waiter is woken.  pn_chan_new
 * returns NULL when elem_size or capacity is 0 or memory runs out (caller
 * owns the channel); pn_chan_free releases it (NULL is ignored) and must
 * not be called while a task waits on it. */
typedef struct pn_chan pn_chan;
PN_EXPORT pn_chan *pn_chan_new(size_t elem_size, size_t capacity);
PN_EXPORT void pn_chan_close(pn_chan *c);
PN_EXPORT void pn_chan_free(pn_chan *c);

typedef struct pn__chan_wait {
    struct pn__chan_wait *pn__next, *pn__prev;
    pn_waker *pn__waker;
    int pn__queued;
} pn__chan_wait;

/* Copies *elem into the channel, waiting while it is full.  0 or -EPIPE. */
pn_async PN_EXPORT int pn_chan_send(pn_chan *c, const void *elem);
struct pn_chan_send__frame {
    pn_future pn__hdr;
    int pn__ret;
    pn_chan *c;
    const void *elem;
    pn__chan_wait wait;
};
PN_EXPORT void pn_chan_send__init(struct pn_chan_send__frame *f, pn_chan *c, const void *elem);
PN__DECLARE_IO_LEAF(pn_chan_send, int);

/* Without waiting: 0 when *elem was copied in (or the oldest element
 * moved into *elem), -EAGAIN when the channel is full (empty) or the
 * free slot (element) is promised to a waiting task, -EPIPE once closed
 * (for a receive: closed and drained). */
PN_EXPORT int pn_chan_try_send(pn_chan *c, const void *elem);
PN_EXPORT int pn_chan_try_recv(pn_chan *c, void *elem);

/* Moves the oldest element into *elem, waiting while empty.  0 or -EPIPE. */
pn_async PN_EXPORT int pn_chan_recv(pn_chan *c, void *elem);
struct pn_chan_recv__frame {
    pn_future pn__hdr;
    int pn__ret;
    pn_chan *c;
    void *elem;
    pn__chan_wait wait;
};
PN_EXPORT void pn_chan_recv__init(struct pn_chan_recv__frame *f, pn_chan *c, void *elem);
PN__DECLARE_IO_LEAF(pn_chan_recv, int);

/* ------------------------------------------------------------------ */
/* Async primitives (sync.c)                                            */
/* ------------------------------------------------------------------ */

/*
 * A semaphore, a mutex and a notification for tasks on any threads.  All
 * three are plain structs the user declares (static, in a frame, on the
 * heap), initialises with their init function, and must not move or
 * free while a task waits on them; none allocates.  A permit (the lock)
 * released while tasks wait is free for whoever asks first, and the
 * oldest waiter is woken to ask for it: a task that releases and
 * acquires again in a loop keeps going instead of queueing behind every
 * waiter (no lock convoy between workers), and a waiter overtaken 4 times
 * is handed the next permit, which nobody can then take first.  Waiters
 * are woken oldest first; a notification (pn_notify_one) is handed to the
 * oldest waiter.  Cancellation: dropping a waiting frame (pn_cancel, a
 * lost pn_race) takes it out of the queue; a waiter that was woken or
 * handed the permit (lock, notification) but dropped before it ran passes
 * it on to the next waiter, so a cancelled waiter never holds it and no
 * wake-up is lost.  Memory order:
 * everything a task did before pn_mutex_unlock (pn_sem_release,
 * pn_notify_one/all) happens before the lock (acquire, wait) that the
 * release let through returns, as with pthread mutexes.
 *
 *   pn_sem_init(&s, n)          n permits
 *   await(pn_sem_acquire(&s))   take one, waiting while there is none
 *   pn_sem_try_acquire(&s)      0, or -EAGAIN when none is free
 *   pn_sem_release(&s)          give one back (waking the oldest waiter)
 *   pn_mutex_init(&m), await(pn_mutex_lock(&m)), pn_mutex_try_lock,
 *   pn_mutex_unlock(&m)         a semaphore of one permit; unlocking a
 *                               mutex that is not locked aborts
 *   pn_notify_init(&n)
 *   await(pn_notify_wait(&n))   wait for a notification
 *   pn_notify_one(&n)           wake the oldest waiter or, when none
 *                               waits, store one notification for the
 *                               next wait (at most one is stored)
 *   pn_notify_all(&n)           wake every task waiting now; stores none
 */
typedef struct pn__sync {
    unsigned pn__lock;  /* a spin lock, through __atomic builtins */
    unsigned pn__woken; /* waiters woken to ask for a permit, on their way */
    size_t pn__permits;
    size_t pn__max; /* permits never exceed it (1: mutex, notify) */
    pn__chan_wait *pn__head, *pn__tail; /* waiting frames, oldest first */
} pn__sync;

typedef struct pn_sem {
    pn__sync pn__s;
} pn_sem;
typedef struct pn_mutex {
    pn__sync pn__s;
} pn_mutex;
typedef struct pn_notify {
    pn__sync pn__s;
} pn_notify;

PN_EXPORT void pn_sem_init(pn_sem *s, size_t permits);
PN_EXPORT int pn_sem_try_acquire(pn_sem *s);
PN_EXPORT void pn_sem_release(pn_sem *s);
PN_EXPORT void pn_mutex_init(pn_mutex *m);
PN_EXPORT int pn_mutex_try_lock(pn_mutex *m);
PN_EXPORT void pn_mutex_unlock(pn_mutex *m);
PN_EXPORT void pn_notify_init(pn_notify *n);
PN_EXPORT void pn_notify_one(pn_notify *n);
PN_EXPORT void pn_notify_all(pn_notify *n);

/* The three waits share one frame layout.  (TYPE is a type name, which
 * cannot be parenthesised.) */
// NOLINTBEGIN(bugprone-macro-parentheses)
#define PN__DECLARE_SYNC_WAIT(NAME, TYPE)                                                   \
    pn_async PN_EXPORT void NAME(TYPE *p);                                                  \
    struct NAME##__frame {                                                                  \
        pn_future pn__hdr;                                                                  \
        pn__sync *s;                                                                        \
        pn__chan_wait wait;                                                                 \
    };                                                                                      \
    PN_EXPORT void NAME##__init(struct NAME##__frame *f, TYPE *p);                          \
    PN_EXPORT pn_poll NAME##__poll(pn_future *f, pn_context *cx);                           \
    PN_EXPORT void NAME##__drop(pn_future *f);                                              \
    PN_EXPORT extern const pn_future_vtable NAME##__vtable
// NOLINTEND(bugprone-macro-parentheses)

PN__DECLARE_SYNC_WAIT(pn_sem_acquire, pn_sem);
PN__DECLARE_SYNC_WAIT(pn_mutex_lock, pn_mutex);
PN__DECLARE_SYNC_WAIT(pn_notify_wait, pn_notify);

#ifdef __cplusplus
}
#endif

/* Blocking work and operating-system services. */
#include "pinion_os.h"

#endif /* PINION_H */
