/*
 * yield_main.h — the driver every yield_chain variant shares.
 *
 * The variants are the same program written four ways: Pinion async C
 * (transformed, and lowered by hand), a hand-written state machine on a
 * minimal executor, and C++20 coroutines.  Each defines
 *
 *     uint64_t bench_chain(uint64_t n);
 *         n times: an outer function awaits an inner one, which yields
 *         once and returns its argument i; returns the sum of the i's.
 *     uint64_t bench_depth(unsigned depth, uint64_t n);
 *         a chain of `depth` functions (1..16) each awaiting the next,
 *         the innermost yielding n times; returns n.
 *     void bench_frames(void);
 *         reports frame sizes as "frame/<fn> bytes" lines, where the
 *         variant can know them (the transformed build leaves that to
 *         `pinion --print-frame-layout`).
 *
 * The variant's file includes this header near its top: the header holds
 * the prototypes and the program's one main().  BENCH_VARIANT, a compile
 * definition, is the variant's label.  One driver keeps the timing and
 * the self-checks identical across C and C++.
 *
 * Usage: PROG chain N | PROG depth D N | PROG frames
 */
#ifndef PINION_BENCH_YIELD_MAIN_H
#define PINION_BENCH_YIELD_MAIN_H

#include "bench_util.h"

#ifndef BENCH_VARIANT
#error "compile with -DBENCH_VARIANT=\"label\""
#endif

#define BENCH_MAX_DEPTH 16u

uint64_t bench_chain(uint64_t n);
uint64_t bench_depth(unsigned depth, uint64_t n);
void bench_frames(void);

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "chain") == 0) {
        uint64_t n = bench_arg_count(argc, argv, 2);
        uint64_t t0 = bench_now_ns();
        uint64_t sum = bench_chain(n);
        uint64_t t1 = bench_now_ns();
        if (sum != n * (n - 1) / 2)
            bench_fail("bench_chain returned a wrong sum");
        bench_report2("yield_chain", BENCH_VARIANT, "ns_per_yield", (double)(t1 - t0) / (double)n);
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "depth") == 0) {
        uint64_t depth = bench_arg_count(argc, argv, 2);
        uint64_t n = bench_arg_count(argc, argv, 3);
        if (depth > BENCH_MAX_DEPTH)
            bench_fail("depth is 1..16");
        uint64_t t0 = bench_now_ns();
        uint64_t got = bench_depth((unsigned)depth, n);
        uint64_t t1 = bench_now_ns();
        if (got != n)
            bench_fail("bench_depth returned a wrong count");
        char name[32];
        snprintf(name, sizeof name, "yield_depth%u", (unsigned)depth);
        bench_report2(name, BENCH_VARIANT, "ns_per_yield", (double)(t1 - t0) / (double)n);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "frames") == 0) {
        bench_frames();
        return 0;
    }
    fprintf(stderr, "usage: %s chain N | %s depth D N | %s frames\n", argv[0], argv[0], argv[0]);
    return 2;
}

#endif
