/*
 * pinion_os.h — blocking work and operating-system services: the
 * blocking pool (pn_blocking), deadlines (pn_sleep_until_ms), name
 * resolution (pn_getaddrinfo), regular files (pn_pread, pn_pwrite,
 * pn_open, pn_fsync), signals (pn_signal_watch, pn_signal_wait) and child
 * processes (pn_waitpid).  Included by pinion.h: user code includes
 * pinion.h only.
 *
 * Each service is a leaf future (docs/leaf-futures.md) with the usual
 * pieces, and a blocking definition for the PINION_ERASE reading.  Every
 * one is cancellable: dropping a frame (pn_cancel, a lost race, a
 * timeout, pn_shutdown) leaves nothing behind, as each section says.
 * README.md, "Blocking work and operating-system services", explains the
 * rules at more length.
 */
#ifndef PINION_OS_H
#define PINION_OS_H

#ifndef PINION_H
#error "include <pinion.h>, not <pinion_os.h>"
#endif

#ifdef __cplusplus
extern "C" {
#endif

struct addrinfo;
struct pn__job;

/* ------------------------------------------------------------------ */
/* The blocking pool                                                    */
/* ------------------------------------------------------------------ */

/*
 * await(pn_blocking(fn, arg)): run fn(arg) on a thread of the runtime's
 * blocking pool and give its result; the task suspends meanwhile and the
 * rest of its thread runs on.  fn runs on another thread: what it touches
 * must be safe to touch from there, and it must not use this thread's
 * runtime (no pn_spawn, no channels).  fn NULL gives -EINVAL.  When the
 * pool can start no thread at all and none exists, or the job's small
 * record cannot be allocated, fn runs on the calling thread (blocking
 * it) rather than never: the result is always fn's.
 *
 * One pool serves the process.  It starts without threads, grows by one
 * thread whenever a call finds none idle, up to pn_set_blocking_threads
 * (default: four per online core, at least 4, at most 512; calls beyond
 * wait in FIFO order), and a thread idle for pn_set_blocking_idle_ms
 * (default 10000) exits.  Pool threads run with every signal blocked.
 *
 * Cancellation: a call still waiting for a thread never runs.  Once fn
 * runs nothing can stop it: the task goes on at once (its frame is
 * dropped), fn runs to its end on the pool thread and its result is
 * discarded.  So arg must stay valid until fn returns, which the
 * cancelled caller cannot observe: anything a call that may be cancelled
 * shares with fn (arg itself, what it points to) must not live in the
 * caller's frame; give fn ownership of a heap record (fn frees it) or
 * share one with a reference count.  At process exit, threads still
 * inside fn are ended by the exit like any other thread.
 */
pn_async PN_EXPORT long pn_blocking(long (*fn)(void *arg), void *arg);
struct pn_blocking__frame {
    pn_future pn__hdr;
    long pn__ret;
    long (*fn)(void *arg);
    void *arg;
    struct pn__job *job; /* the pool's record, while submitted */
};
PN_EXPORT void pn_blocking__init(struct pn_blocking__frame *f, long (*fn)(void *arg), void *arg);
PN__DECLARE_IO_LEAF(pn_blocking, long);

/* The pool's bound on threads (0 is -EINVAL), from now on: a smaller one
 * lets extra threads finish what they run and leave.  0 or -EINVAL. */
PN_EXPORT int pn_set_blocking_threads(unsigned max);
/* How long a pool thread waits for work before it exits; 0 restores the
 * default (10000 ms).  Applies from a thread's next wait. */
PN_EXPORT void pn_set_blocking_idle_ms(unsigned ms);

/* ------------------------------------------------------------------ */
/* Deadlines                                                            */
/* ------------------------------------------------------------------ */

/* await(pn_sleep_until_ms(deadline)): suspend until pn_now_ms() >=
 * deadline (never earlier, possibly a little later, like pn_sleep_ms); a
 * deadline already passed returns at once without suspending.  Returns
 * 0.  Cancelling unlinks the timer. */
pn_async PN_EXPORT int pn_sleep_until_ms(uint64_t deadline);
struct pn_sleep_until_ms__frame {
    pn_future pn__hdr;
    union {
        int pn__ret;
        pn__timer timer; /* before the first poll, pn__deadline_ms holds deadline */
    };
};
PN_EXPORT void pn_sleep_until_ms__init(struct pn_sleep_until_ms__frame *f, uint64_t deadline);
PN__DECLARE_IO_LEAF(pn_sleep_until_ms, int);

/* ------------------------------------------------------------------ */
/* Name resolution                                                      */
/* ------------------------------------------------------------------ */

/* await(pn_getaddrinfo(node, service, hints, &res)): getaddrinfo(3) on
 * the blocking pool.  Returns its result code (0, or EAI_NONAME and the
 * others, which gai_strerror names; EAI_SYSTEM leaves errno of the pool
 * thread, so it is reported as EAI_SYSTEM only).  On 0, *res holds the
 * list, which the caller owns and frees with freeaddrinfo; otherwise *res
 * is untouched.  node, service and hints are copied at the first poll.
 * Cancelling a look-up that is under way lets it finish on its thread;
 * the list it produces is freed there, and *res is never written. */
pn_async PN_EXPORT int pn_getaddrinfo(const char *node, const char *service,
                                      const struct addrinfo *hints, struct addrinfo **res);
struct pn_getaddrinfo__frame {
    pn_future pn__hdr;
    int pn__ret;
    const char *node;
    const char *service;
    const struct addrinfo *hints;
    struct addrinfo **res;
    struct pn__job *job;
};
PN_EXPORT void pn_getaddrinfo__init(struct pn_getaddrinfo__frame *f, const char *node,
                                    const char *service, const struct addrinfo *hints,
                                    struct addrinfo **res);
PN__DECLARE_IO_LEAF(pn_getaddrinfo, int);

/* ------------------------------------------------------------------ */
/* Regular files                                                        */
/* ------------------------------------------------------------------ */

/*
 * pn_pread and pn_pwrite: pread(2) and pwrite(2) at an explicit offset
 * (the fd's own offset is neither used nor moved), that never block the
 * thread.  Each first tries the call with RWF_NOWAIT, which the kernel
 * completes on the spot when it needs no disk (data in the page cache);
 * otherwise the call goes to the blocking pool.  Results: bytes
 * transferred (0 at end of file for pn_pread), or a negative errno value.
 * Either may transfer less than asked, before the end of the file too
 * (the part already cached, or at most PN_FILE_CHUNK bytes per trip
 * through the pool): loop, as with pn_read.  A regular file is meant; for
 * pipes and sockets use pn_read / pn_write.
 *
 * Cancellation: a pool trip reads into, or writes from, a buffer of its
 * own (copied to or from buf on the caller's thread), so a dropped call
 * never touches buf afterwards, and since the offset is explicit, a
 * dropped pn_pread consumes nothing a later read would miss.  A dropped
 * pn_pwrite may or may not have written its bytes (as a write cut by a
 * crash): write them again, or not, knowing that.
 */
#define PN_FILE_CHUNK ((size_t)1 << 20)

pn_async PN_EXPORT ssize_t pn_pread(int fd, void *buf, size_t n, off_t off);
struct pn_pread__frame {
    pn_future pn__hdr;
    ssize_t pn__ret;
    int fd;
    void *buf;
    size_t n;
    off_t off;
    struct pn__job *job;
};
PN_EXPORT void pn_pread__init(struct pn_pread__frame *f, int fd, void *buf, size_t n, off_t off);
PN__DECLARE_IO_LEAF(pn_pread, ssize_t);

pn_async PN_EXPORT ssize_t pn_pwrite(int fd, const void *buf, size_t n, off_t off);
struct pn_pwrite__frame {
    pn_future pn__hdr;
    ssize_t pn__ret;
    int fd;
    const void *buf;
    size_t n;
    off_t off;
    struct pn__job *job;
};
PN_EXPORT void pn_pwrite__init(struct pn_pwrite__frame *f, int fd, const void *buf, size_t n,
                               off_t off);
PN__DECLARE_IO_LEAF(pn_pwrite, ssize_t);

/* await(pn_open(path, flags, mode)): open(2) on the blocking pool, with
 * O_CLOEXEC added.  The new fd (the caller owns it), or a negative errno
 * value.  path is copied at the first poll.  A dropped call whose open
 * went through closes the fd on the pool thread: nothing leaks. */
pn_async PN_EXPORT int pn_open(const char *path, int flags, unsigned mode);
struct pn_open__frame {
    pn_future pn__hdr;
    int pn__ret;
    int flags;
    unsigned mode;
    const char *path;
    struct pn__job *job;
};
PN_EXPORT void pn_open__init(struct pn_open__frame *f, const char *path, int flags, unsigned mode);
PN__DECLARE_IO_LEAF(pn_open, int);

/* await(pn_fsync(fd)): fsync(2) on the blocking pool.  0 or a negative
 * errno value.  A dropped call still completes the fsync on its thread.
 * Pool trips of pn_pread, pn_pwrite and pn_fsync work on a duplicate of
 * fd, so the caller may close fd right after dropping one: the call
 * still under way acts on the file it was meant for, never on whatever
 * reuses the number. */
pn_async PN_EXPORT int pn_fsync(int fd);
struct pn_fsync__frame {
    pn_future pn__hdr;
    int pn__ret;
    int fd;
    struct pn__job *job;
};
PN_EXPORT void pn_fsync__init(struct pn_fsync__frame *f, int fd);
PN__DECLARE_IO_LEAF(pn_fsync, int);

/* ------------------------------------------------------------------ */
/* Signals                                                              */
/* ------------------------------------------------------------------ */

/*
 * pn_signal_watch(signo): from now on signo is delivered to
 * pn_signal_wait rather than to its disposition.  It blocks signo in the
 * calling thread (the blocking pool's threads block every signal
 * already) and opens the signalfd that reads it.  Deliveries that arrive
 * while no task waits stay pending in the kernel and go to the next
 * pn_signal_wait: none is lost (but the kernel merges repeats of one
 * standard signal that arrive before they are read, as always).  Call it
 * from main before starting other threads, which inherit the mask; a
 * thread the program starts later and that unblocks signo may take the
 * delivery instead.  Children started with fork/exec inherit the mask
 * too: unblock what they need (posix_spawnattr_setsigmask).  0, or
 * -EINVAL for a signal that cannot be waited for (SIGKILL, SIGSTOP, the
 * fault signals SIGSEGV, SIGBUS, SIGILL, SIGFPE, a number out of range),
 * or -errno from signalfd.  Idempotent; there is no unwatch.
 *
 * await(pn_signal_wait(signo)): the next delivery of signo, which it
 * watches first if needed (so a delivery before the first wait is lost
 * unless pn_signal_watch ran earlier).  Returns signo, or the negative
 * errno value of pn_signal_watch.  Every task waiting for signo when a
 * delivery is read sees it, on any thread; a wait that starts after that
 * waits for the next one.  A dropped wait leaves no registration, and a
 * delivery it did not read stays for the next wait.
 */
PN_EXPORT int pn_signal_watch(int signo);

pn_async PN_EXPORT int pn_signal_wait(int signo);
typedef struct pn__signal_waiter {
    struct pn__signal_waiter *pn__next, *pn__prev;
    pn_waker *pn__waker;
    uint64_t pn__seen; /* the delivery count when the wait started */
    int pn__linked;
} pn__signal_waiter;
struct pn_signal_wait__frame {
    pn_future pn__hdr;
    int pn__ret;
    int signo;
    pn__signal_waiter waiter;
    struct pn_wait_readable__frame readable; /* in flight while the state says so */
};
PN_EXPORT void pn_signal_wait__init(struct pn_signal_wait__frame *f, int signo);
PN__DECLARE_IO_LEAF(pn_signal_wait, int);

/* ------------------------------------------------------------------ */
/* Child processes                                                      */
/* ------------------------------------------------------------------ */

/*
 * await(pn_waitpid(pid, &status, options)): waitpid(2) without blocking
 * the thread.  For pid > 0 without WUNTRACED or WCONTINUED it waits on a
 * pidfd (pidfd_open, Linux 5.3), which becomes readable when the child
 * exits, and then reaps it with waitpid; otherwise (any child, a process
 * group, stops and continues, or no pidfd) it checks with WNOHANG at
 * growing intervals (1 ms, doubling up to 50 ms).  Returns what waitpid
 * returns: the child's pid (status written, if not NULL), 0 with WNOHANG
 * when no child changed state, or a negative errno value (-ECHILD for a
 * pid that is not an unwaited child).  *status is only written on
 * success, on the caller's thread.
 *
 * Cancellation: a dropped pn_waitpid has not reaped the child (reaping
 * happens in the poll that completes): a later wait still gets its
 * status.  Its pidfd is closed.
 */
pn_async PN_EXPORT pid_t pn_waitpid(pid_t pid, int *status, int options);
struct pn_waitpid__frame {
    pn_future pn__hdr;
    pid_t pn__ret;
    pid_t pid;
    int *status;
    int options;
    int pidfd;           /* -1 when none */
    uint32_t backoff_ms; /* the polling interval, when there is no pidfd */
    union {
        struct pn_wait_readable__frame readable;
        struct pn_sleep_ms__frame sleep;
    } u;
};
PN_EXPORT void pn_waitpid__init(struct pn_waitpid__frame *f, pid_t pid, int *status, int options);
PN__DECLARE_IO_LEAF(pn_waitpid, pid_t);

#ifdef __cplusplus
}
#endif
#endif /* PINION_OS_H */
