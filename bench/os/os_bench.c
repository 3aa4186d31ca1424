/*
 * os_bench.c — the operating-system services measured (docs/performance.md,
 * "Blocking work and files"):
 *
 *   os_bench blocking N        N round trips of await(pn_blocking(fn)) with a
 *                              trivial fn, one after the other: ns per trip
 *   os_bench read FILE [MODE]  FILE read in 64 KiB chunks, first by a plain
 *                              pread loop, then by a task awaiting pn_pread
 *                              while another task ticks a 1 ms timer: MB/s
 *                              of both, their ratio, and how late the timer
 *                              was at worst (and, for comparison, the same
 *                              timer with nothing else running).  MODE "cold" drops the file's
 *                              pages (POSIX_FADV_DONTNEED) before each run.
 *
 * bench/os/tokio_blocking is the tokio peer of the first (spawn_blocking).
 */
#include <pinion.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

static long trivial(void *arg)
{
    return (long)(intptr_t)arg;
}

static async long round_trips(long n)
{
    long sum = 0;
    for (long i = 0; i < n; i++)
        sum += await(pn_blocking(trivial, (void *)(intptr_t)1));
    return sum;
}

struct tick {
    int stop;
    long ticks;
    long over_1ms, over_2ms; /* ticks later than that */
    uint64_t worst_ns;
};

static async void ticker(struct tick *t)
{
    uint64_t due = pn_now_ms() + 1;
    while (!t->stop) {
        await(pn_sleep_until_ms(due));
        uint64_t now = pn_now_ns();
        uint64_t late = now > due * 1000000u ? now - due * 1000000u : 0;
        if (late > t->worst_ns)
            t->worst_ns = late;
        t->over_1ms += late > 1000000u;
        t->over_2ms += late > 2000000u;
        t->ticks++;
        due = now / 1000000u + 1;
    }
}

static async long read_file(int fd, char *buf, struct tick *t)
{
    pn_task *tk = pn_spawn(ticker(t));
    long total = 0;
    for (;;) {
        ssize_t k = await(pn_pread(fd, buf, CHUNK, total));
        if (k <= 0)
            break;
        total += k;
    }
    t->stop = 1;
    await(pn_join(tk));
    return total;
}

/* The ticker alone, as long as a read took: how late the machine itself
 * makes a 1 ms timer (other processes, the host). */
static async void ticker_alone(struct tick *t, uint64_t ms)
{
    pn_task *tk = pn_spawn(ticker(t));
    await(pn_sleep_ms(ms));
    t->stop = 1;
    await(pn_join(tk));
}

static void drop_cache(int fd, int cold)
{
    if (cold)
        posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "blocking") == 0) {
        long n = atol(argv[2]);
        pn_block_on(round_trips(1000)); /* the pool's thread is started */
        uint64_t t0 = pn_now_ns();
        long sum = pn_block_on(round_trips(n));
        uint64_t t1 = pn_now_ns();
        printf("pn_blocking round trip: %.0f ns (%ld trips)\n", (double)(t1 - t0) / (double)n,
               sum);
        pn_shutdown();
        return sum == n ? 0 : 1;
    }
    if (argc >= 3 && strcmp(argv[1], "read") == 0) {
        int cold = argc >= 4 && strcmp(argv[3], "cold") == 0;
        int fd = open(argv[2], O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            perror(argv[2]);
            return 1;
        }
        char *buf = malloc(CHUNK);
        drop_cache(fd, cold);
        uint64_t t0 = pn_now_ns();
        long plain = 0;
        for (;;) {
            ssize_t k = pread(fd, buf, CHUNK, plain);
            if (k <= 0)
                break;
            plain += k;
        }
        uint64_t t1 = pn_now_ns();
        drop_cache(fd, cold);
        struct tick t = {0};
        uint64_t t2 = pn_now_ns();
        long got = pn_block_on(read_file(fd, buf, &t));
        uint64_t t3 = pn_now_ns();
        double mb_plain = (double)plain / 1e6 / ((double)(t1 - t0) / 1e9);
        double mb_pn = (double)got / 1e6 / ((double)(t3 - t2) / 1e9);
        printf("%s read of %ld MiB: plain pread %.0f MB/s, pn_pread %.0f MB/s (%.2fx), "
               "1 ms timer: %ld ticks, %ld over 1 ms late, %ld over 2 ms, worst %.2f ms\n",
               cold ? "cold" : "cached", got >> 20, mb_plain, mb_pn, mb_pn / mb_plain, t.ticks,
               t.over_1ms, t.over_2ms, (double)t.worst_ns / 1e6);
        struct tick idle = {0};
        pn_block_on(ticker_alone(&idle, (t3 - t2) / 1000000u + 1));
        printf("  the same timer with nothing else running: %ld ticks, %ld over 1 ms late, "
               "%ld over 2 ms, worst %.2f ms\n",
               idle.ticks, idle.over_1ms, idle.over_2ms, (double)idle.worst_ns / 1e6);
        free(buf);
        close(fd);
        pn_shutdown();
        return got == plain ? 0 : 1;
    }
    fprintf(stderr, "usage: %s blocking N | read FILE [cold]\n", argv[0]);
    return 2;
}
