/*
 * bench_util.h — what every benchmark program shares: a monotonic clock,
 * numbers from the command line, the peak resident set size, and the one
 * output format that tools/bench parses.
 *
 * A result is one line on standard output with three tab-separated
 * fields, name, metric and value:
 *
 *     yield_chain/hand	ns_per_yield	2.31
 *
 * tools/bench runs each program several times and reports the median of
 * every (name, metric) pair, so a program measures once per run and keeps
 * everything else (usage, failed self-checks) on standard error.
 *
 * Header-only and valid as C11 and as C++20: the C++ coroutine variants
 * time themselves with this very code.  clock_gettime is POSIX, so every
 * benchmark is compiled with _GNU_SOURCE on the command line (a definition
 * here would come too late: pinion.h includes system headers first).
 */
#ifndef PINION_BENCH_UTIL_H
#define PINION_BENCH_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void bench_report(const char *name, const char *metric, double value)
{
    printf("%s\t%s\t%.6g\n", name, metric, value);
}

/* Like bench_report, for names built from parts ("yield_depth4/hand"). */
static inline void bench_report2(const char *name, const char *variant, const char *metric,
                                 double value)
{
    printf("%s/%s\t%s\t%.6g\n", name, variant, metric, value);
}

/* Exits with a message: a benchmark whose self-check fails must not print
 * a number that tools/bench would take for a result. */
static inline void bench_fail(const char *what)
{
    fprintf(stderr, "benchmark failed: %s\n", what);
    exit(2);
}

/* argv[i] as a positive count, or bench_fail. */
static inline uint64_t bench_arg_count(int argc, char **argv, int i)
{
    if (i >= argc)
        bench_fail("missing count argument");
    char *end = NULL;
    unsigned long long v = strtoull(argv[i], &end, 10);
    if (end == argv[i] || *end != '\0' || v == 0)
        bench_fail("count arguments are positive decimal integers");
    return (uint64_t)v;
}

/* Peak resident set size in KiB, from the VmHWM line of /proc/self/status
 * (the figure getrusage reports as ru_maxrss); -1 if it cannot be read. */
static inline long bench_peak_rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL)
        return -1;
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "VmHWM:", 6) == 0) {
            kib = strtol(line + 6, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kib;
}

#endif
