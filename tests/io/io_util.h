/*
 * io_util.h — fixtures shared by the I/O and channel suites: sockets set
 * up the way the tests need them, a checksum, and the few lines every
 * hand-lowered frame or test repeats (a vtable, spawning, blocking on a
 * root).
 *
 * The frames in these suites are written the way the transformer writes
 * them: a struct with pn_future pn__hdr first, a poll function switching
 * on pn__hdr.pn__state, child frames inline in a union, a drop function
 * that drops the child in flight.  Each one is preceded by the async C
 * it stands for.
 */
#ifndef PINION_TESTS_IO_UTIL_H
#define PINION_TESTS_IO_UTIL_H

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pinion.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Each suite's entry point, called by tests/check_main.c. */
Suite *make_suite(void);

/* Registers test FN in a case of its own, named after it: CTest runs one
 * case per test through CK_RUN_CASE (tests/CMakeLists.txt). */
#define TEST_ADD(SUITE, FN)                                                                 \
    do {                                                                                    \
        TCase *tc_ = tcase_create(#FN);                                                     \
        tcase_set_timeout(tc_, 30);                                                         \
        tcase_add_test(tc_, FN);                                                            \
        suite_add_tcase((SUITE), tc_);                                                      \
    } while (0)

/* The vtable of a hand-lowered frame without a result. */
#define TEST_VTABLE_VOID(NAME)                                                              \
    static const pn_future_vtable NAME##__vtable = {                                        \
        NAME##__poll, NAME##__drop, #NAME, sizeof(struct NAME##__frame),                    \
        _Alignof(struct NAME##__frame), 0, 0}

/* The same, for a frame that several test files share. */
#define TEST_VTABLE_SHARED(NAME)                                                            \
    const pn_future_vtable NAME##__vtable = {                                               \
        NAME##__poll, NAME##__drop, #NAME, sizeof(struct NAME##__frame),                    \
        _Alignof(struct NAME##__frame), 0, 0}

/* pn_spawn(NAME(args...)) as generated code spells it: reserve the task,
 * initialise the frame in place, start it. */
#define TEST_SPAWN(TASK, NAME, ...)                                                         \
    do {                                                                                    \
        pn_task *spawn_task_;                                                               \
        struct NAME##__frame *spawn_frame_ = pn__task_reserve(&NAME##__vtable, &spawn_task_); \
        ck_assert_ptr_nonnull(spawn_frame_);                                                \
        NAME##__init(spawn_frame_, __VA_ARGS__);                                            \
        (TASK) = pn__task_start(spawn_task_);                                               \
    } while (0)

/* pn_detach(pn_spawn(NAME(args...))): the task runs on by itself. */
#define TEST_SPAWN_DETACHED(NAME, ...)                                                      \
    do {                                                                                    \
        pn_task *detached_;                                                                 \
        TEST_SPAWN(detached_, NAME, __VA_ARGS__);                                           \
        pn_detach(detached_);                                                               \
    } while (0)

/* pn_block_on(NAME(args...)) as generated code spells it, with the root
 * frame at FRAME: initialise it in place, run it to completion.  NAME may
 * be a leaf (pn_read, ...) as well as a hand-lowered frame. */
#define TEST_BLOCK_ON(NAME, FRAME, ...)                                                     \
    do {                                                                                    \
        NAME##__init((FRAME), __VA_ARGS__);                                                 \
        pn__block_on(&(FRAME)->pn__hdr, &NAME##__vtable);                                   \
    } while (0)

static inline void test_set_nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    ck_assert_int_ge(fl, 0);
    ck_assert_int_eq(fcntl(fd, F_SETFL, fl | O_NONBLOCK), 0);
}

/* A non-blocking AF_UNIX stream pair; with small_buffers the kernel
 * buffers are shrunk so that large transfers need many partial writes. */
static inline void test_socketpair(int sv[2], int small_buffers)
{
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
    if (small_buffers) {
        int size = 4096;
        for (int i = 0; i < 2; i++) {
            ck_assert_int_eq(setsockopt(sv[i], SOL_SOCKET, SO_SNDBUF, &size, sizeof size), 0);
            ck_assert_int_eq(setsockopt(sv[i], SOL_SOCKET, SO_RCVBUF, &size, sizeof size), 0);
        }
    }
}

/* A TCP socket bound to 127.0.0.1 on an ephemeral port, listening when
 * asked; *addr receives the bound address. */
static inline int test_tcp_bound(struct sockaddr_in *addr, int listening)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(fd, 0);
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr->sin_port = 0;
    ck_assert_int_eq(bind(fd, (struct sockaddr *)addr, sizeof *addr), 0);
    socklen_t len = sizeof *addr;
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)addr, &len), 0);
    ck_assert_int_ne(addr->sin_port, 0);
    if (listening)
        ck_assert_int_eq(listen(fd, 16), 0);
    return fd;
}

/* An fd number that is certainly closed: nothing else in the process
 * opens fds this high, not even the runtime creating its epoll fd. */
static inline int test_closed_fd(void)
{
    int fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 900);
    ck_assert_int_ge(fd, 900);
    ck_assert_int_eq(close(fd), 0);
    return fd;
}

static inline int test_tcp_socket(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(fd, 0);
    return fd;
}

/* FNV-1a, folded in chunk by chunk. */
#define TEST_FNV_INIT UINT64_C(0xcbf29ce484222325)
static inline uint64_t test_fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

/* Deterministic bytes that do not repeat with any short period. */
static inline void test_fill(unsigned char *buf, size_t n, uint32_t seed)
{
    uint32_t x = seed | 1u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (unsigned char)x;
    }
}

#endif
