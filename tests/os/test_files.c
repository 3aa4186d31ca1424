/*
 * test_files.c — pn_pread, pn_pwrite, pn_open and pn_fsync.
 *
 * What is pinned down: data written in pieces comes back intact; errors
 * are negative errno values; a read of pages that are not cached goes
 * through the pool (a pool thread appears) while a timer of another task
 * keeps firing; a dropped read never writes into the caller's buffer
 * after the drop (ASan watches the freed buffer); a dropped pn_open
 * leaves no descriptor open.
 */
#include "os_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A temporary file, already unlinked: only the fd names it. */
static int temp_file(void)
{
    char path[] = "/tmp/pinion-os-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    unlink(path);
    return fd;
}

static void fill(unsigned char *b, size_t n, unsigned seed)
{
    unsigned x = seed | 1u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b[i] = (unsigned char)x;
    }
}

/* Writes all of buf at off, in pieces of at most piece bytes. */
static async ssize_t write_all_at(int fd, const unsigned char *buf, size_t n, off_t off,
                                  size_t piece)
{
    size_t done = 0;
    while (done < n) {
        size_t want = n - done < piece ? n - done : piece;
        ssize_t k = await(pn_pwrite(fd, buf + done, want, off + (off_t)done));
        if (k <= 0)
            return k < 0 ? k : -EIO;
        done += (size_t)k;
    }
    return (ssize_t)done;
}

/* Reads up to n bytes at off until end of file. */
static async ssize_t read_all_at(int fd, unsigned char *buf, size_t n, off_t off)
{
    size_t done = 0;
    while (done < n) {
        ssize_t k = await(pn_pread(fd, buf + done, n - done, off + (off_t)done));
        if (k < 0)
            return k;
        if (k == 0)
            break;
        done += (size_t)k;
    }
    return (ssize_t)done;
}

#define BIG (3u * 1024 * 1024 + 77)

static void pwrite_then_pread_round_trip__body(void)
{
    unsigned char *out = malloc(BIG), *in = malloc(BIG);
    fill(out, BIG, 7);
    int fd = temp_file();
    ck_assert_int_eq(pn_block_on(write_all_at(fd, out, BIG, 0, 100000)), BIG);
    memset(in, 0, BIG);
    ck_assert_int_eq(pn_block_on(read_all_at(fd, in, BIG + 100, 0)), BIG); /* stops at EOF */
    ck_assert_int_eq(memcmp(in, out, BIG), 0);
    /* At an offset, and the fd's own offset never moved. */
    ck_assert_int_eq(pn_block_on(read_all_at(fd, in, 10, 1000)), 10);
    ck_assert_int_eq(memcmp(in, out + 1000, 10), 0);
    ck_assert_int_eq(lseek(fd, 0, SEEK_CUR), 0);
    close(fd);
    free(out);
    free(in);
    pn_shutdown();
}

START_TEST(pwrite_then_pread_round_trip)
{
    pwrite_then_pread_round_trip__body();
}
END_TEST

static async ssize_t pread_once(int fd, void *buf, size_t n, off_t off)
{
    return await(pn_pread(fd, buf, n, off));
}

static async ssize_t pwrite_once(int fd, const void *buf, size_t n, off_t off)
{
    return await(pn_pwrite(fd, buf, n, off));
}

static async int fsync_once(int fd)
{
    return await(pn_fsync(fd));
}

static async int open_once(const char *path, int flags, unsigned mode)
{
    return await(pn_open(path, flags, mode));
}

static void file_errors_are_negative_errno__body(void)
{
    char buf[16];
    int closed = fcntl(2, F_DUPFD_CLOEXEC, 900); /* a number nothing else takes */
    close(closed);
    ck_assert_int_eq(pn_block_on(pread_once(closed, buf, sizeof buf, 0)), -EBADF);
    ck_assert_int_eq(pn_block_on(pwrite_once(closed, buf, sizeof buf, 0)), -EBADF);
    ck_assert_int_eq(pn_block_on(fsync_once(closed)), -EBADF);
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(pn_block_on(pread_once(p[0], buf, sizeof buf, 0)), -ESPIPE);
    ck_assert_int_eq(pn_block_on(fsync_once(p[1])), -EINVAL);
    close(p[0]);
    close(p[1]);
    int fd = temp_file();
    ck_assert_int_eq(pn_block_on(pread_once(fd, buf, sizeof buf, -1)), -EINVAL);
    ck_assert_int_eq(pn_block_on(pread_once(fd, buf, sizeof buf, 0)), 0); /* empty: EOF */
    ck_assert_int_eq(pn_block_on(fsync_once(fd)), 0);
    close(fd);
    ck_assert_int_eq(pn_block_on(open_once("/nonexistent/pinion", O_RDONLY, 0)), -ENOENT);
    ck_assert_int_eq(pn_block_on(open_once("/tmp", O_WRONLY, 0)), -EISDIR);
    int d = pn_block_on(open_once("/tmp", O_RDONLY | O_DIRECTORY, 0));
    ck_assert_int_ge(d, 0);
    ck_assert_int_eq(pn_block_on(pread_once(d, buf, sizeof buf, 0)), -EISDIR);
    ck_assert_int_ne(fcntl(d, F_GETFD) & FD_CLOEXEC, 0);
    close(d);
    pn_shutdown();
}

START_TEST(file_errors_are_negative_errno)
{
    file_errors_are_negative_errno__body();
}
END_TEST

#define UNCACHED (48u * 1024 * 1024)
#define CHUNK (64u * 1024)

/* A file of n bytes whose pages are not in the page cache. */
static int uncached_file(size_t n)
{
    int fd = temp_file();
    unsigned char *b = malloc(CHUNK);
    fill(b, CHUNK, 3);
    for (size_t off = 0; off < n; off += CHUNK)
        ck_assert_int_eq(pwrite(fd, b, CHUNK, (off_t)off), CHUNK);
    free(b);
    ck_assert_int_eq(fsync(fd), 0);
    ck_assert_int_eq(posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED), 0);
    return fd;
}

static async ssize_t read_beside_ticker(int fd, size_t n, struct ticker *t)
{
    pn_task *tk = pn_spawn(ticker_run(t));
    unsigned char *buf = malloc(CHUNK);
    ssize_t total = 0;
    for (;;) {
        ssize_t k = await(pn_pread(fd, buf, CHUNK, total));
        if (k <= 0) {
            if (k < 0)
                total = k;
            break;
        }
        total += k;
    }
    free(buf);
    t->stop = 1;
    await(pn_join(tk));
    (void)n;
    return total;
}

static void uncached_read_keeps_timers_on_time__body(void)
{
    int fd = uncached_file(UNCACHED);
    struct ticker t = {.period_ms = 5};
    uint64_t start = pn_now_ms();
    ck_assert_int_eq(pn_block_on(read_beside_ticker(fd, UNCACHED, &t)), UNCACHED);
    uint64_t took = pn_now_ms() - start;
    ck_assert_uint_lt(t.max_late_ms, 60);
    fprintf(stderr, "read %u MiB uncached in %llu ms, %d ticks, worst %llu ms late, %d pool "
                    "threads\n",
            UNCACHED >> 20, (unsigned long long)took, t.ticks,
            (unsigned long long)t.max_late_ms, os_count_pool_threads());
    close(fd);
    pn_shutdown();
}

START_TEST(uncached_read_keeps_timers_on_time)
{
    uncached_read_keeps_timers_on_time__body();
}
END_TEST

/* Whether the page at off is in the page cache. */
static bool page_cached(int fd, off_t off)
{
    long page = sysconf(_SC_PAGESIZE);
    void *m = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, fd, off - off % page);
    ck_assert_ptr_ne(m, MAP_FAILED);
    unsigned char v = 0;
    ck_assert_int_eq(mincore(m, (size_t)page, &v), 0);
    munmap(m, (size_t)page);
    return v & 1;
}

static void uncached_read_goes_through_the_pool__body(void)
{
    int fd = uncached_file(4u * 1024 * 1024);
    ck_assert_int_eq(os_count_pool_threads(), 0);
    char buf[4096];
    /* The kernel may keep a page a while after POSIX_FADV_DONTNEED, or
     * bring it back (readahead) before the read: each attempt reads a page
     * of its own that mincore said was out, until one needed the disk. */
    int pooled = 0;
    for (int attempt = 0; attempt < 8 && !pooled; attempt++) {
        off_t off = (off_t)(2 + attempt % 2) * 1024 * 1024 + (off_t)attempt * 65536;
        for (int i = 0; i < 200 && page_cached(fd, off); i++) {
            usleep(10000);
            ck_assert_int_eq(posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED), 0);
        }
        ck_assert_int_eq(pn_block_on(pread_once(fd, buf, sizeof buf, off)), sizeof buf);
        /* RWF_NOWAIT said the pages needed the disk: a pool thread read them. */
        pooled = os_count_pool_threads();
    }
    ck_assert_int_eq(pooled, 1);
    close(fd);
    pn_shutdown();
}

START_TEST(uncached_read_goes_through_the_pool)
{
    uncached_read_goes_through_the_pool__body();
}
END_TEST

static async int spawn_read_then_cancel(int fd, unsigned char *buf)
{
    pn_task *t = pn_spawn(pread_once(fd, buf, CHUNK, 0));
    await(pn_yield()); /* it tried RWF_NOWAIT and went to the pool */
    pn_cancel(t);
    return 0;
}

static void cancelled_read_never_touches_the_buffer__body(void)
{
    for (int i = 0; i < 20; i++) {
        int fd = uncached_file(CHUNK);
        unsigned char *buf = malloc(CHUNK);
        pn_block_on(spawn_read_then_cancel(fd, buf));
        free(buf); /* a pool read into it now would be a use after free */
        close(fd); /* and the pool reads through its own duplicate */
    }
    usleep(100000);
    pn_shutdown();
}

START_TEST(cancelled_read_never_touches_the_buffer)
{
    cancelled_read_never_touches_the_buffer__body();
}
END_TEST

/* A call that completes closes its fd: what is left open can only be
 * what a dropped pn_open failed to close. */
static async int open_and_close(const char *path)
{
    int fd = await(pn_open(path, O_RDONLY, 0));
    if (fd >= 0)
        close(fd);
    return fd;
}

static async int open_then_cancel(const char *path, int n)
{
    for (int i = 0; i < n; i++) {
        pn_task *t = pn_spawn(open_and_close(path));
        if (i % 2 == 1)
            await(pn_yield()); /* some are queued, some under way, some done */
        pn_cancel(t);
    }
    return 0;
}

static void cancelled_open_leaves_no_descriptor__body(void)
{
    pn_block_on(open_then_cancel("/etc/hostname", 1)); /* the runtime's own fds exist */
    usleep(50000);
    int fds = os_count_fds();
    pn_block_on(open_then_cancel("/etc/hostname", 50));
    /* The pool closes what it opened for the dropped calls. */
    for (int i = 0; i < 200 && os_count_fds() != fds; i++)
        usleep(5000);
    ck_assert_int_eq(os_count_fds(), fds);
    pn_shutdown();
}

START_TEST(cancelled_open_leaves_no_descriptor)
{
    cancelled_open_leaves_no_descriptor__body();
}
END_TEST

void add_file_cases(Suite *s)
{
    TEST_ADD(s, pwrite_then_pread_round_trip);
    TEST_ADD(s, file_errors_are_negative_errno);
    TEST_ADD(s, uncached_read_keeps_timers_on_time);
    TEST_ADD(s, uncached_read_goes_through_the_pool);
    TEST_ADD(s, cancelled_read_never_touches_the_buffer);
    TEST_ADD(s, cancelled_open_leaves_no_descriptor);
}
