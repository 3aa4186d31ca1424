/*
 * core_util.h — fixtures of the core suite: an allocator that counts (and
 * on request refuses) what the runtime asks for, installed before every
 * case, and the end-of-case check that pn_shutdown gave everything back.
 *
 * Each case runs in its own process (Check forks), so the runtime, the
 * allocator and the counters start fresh every time.
 */
#ifndef PINION_TESTS_CORE_UTIL_H
#define PINION_TESTS_CORE_UTIL_H

#include "frames.h"

#include <stdlib.h>

struct counting_allocator {
    size_t in_use;    /* bytes handed out and not yet freed */
    size_t allocs;
    size_t frees;
    size_t refused;
    long fail_after;  /* succeed this many more times, then refuse; -1: never refuse */
};

extern struct counting_allocator core_mem;

static inline void *counting_alloc(size_t size, void *ud)
{
    struct counting_allocator *c = ud;
    if (c->fail_after == 0) {
        c->refused++;
        return NULL;
    }
    if (c->fail_after > 0)
        c->fail_after--;
    void *p = malloc(size);
    if (p != NULL) {
        c->in_use += size;
        c->allocs++;
    }
    return p;
}

static inline void counting_free(void *p, size_t size, void *ud)
{
    struct counting_allocator *c = ud;
    ck_assert_uint_ge(c->in_use, size);
    c->in_use -= size;
    c->frees++;
    /* Poisoned, so that a runtime still using freed memory trips over it
     * even without a sanitizer. */
    memset(p, 0xdb, size);
    free(p);
}

/* Checked fixture: every case runs on the counting allocator. */
static inline void core_setup(void)
{
    memset(&core_mem, 0, sizeof core_mem);
    core_mem.fail_after = -1;
    pn_allocator a = {counting_alloc, counting_free, &core_mem};
    ck_assert_int_eq(pn_set_allocator(&a), 0);
}

/* The end of a case: shut the runtime down and check it returned every
 * byte it took. */
static inline void core_finish(void)
{
    pn_shutdown();
    ck_assert_uint_eq(core_mem.in_use, 0);
    ck_assert_uint_eq(core_mem.allocs, core_mem.frees);
    ck_assert_int_eq(pn_set_allocator(NULL), 0);
}

/* One TCase per test, named after it: CTest runs each case alone by
 * setting CK_RUN_CASE to that name.  signal is 0, or the signal the case
 * must die of. */
static inline void core_add(Suite *s, const char *name, const TTest *test, int signal)
{
    TCase *tc = tcase_create(name);
    tcase_add_checked_fixture(tc, core_setup, NULL);
    tcase_set_timeout(tc, 60);
    if (signal != 0)
        tcase_add_test_raise_signal(tc, test, signal);
    else
        tcase_add_test(tc, test);
    suite_add_tcase(s, tc);
}
#define CORE_CASE(SUITE, TEST) core_add((SUITE), #TEST, (TEST), 0)
#define CORE_CASE_SIGNAL(SUITE, TEST, SIG) core_add((SUITE), #TEST, (TEST), (SIG))

/* The suite (for check_main.c) and the case adders of each file, collected
 * by core_suite.c. */
Suite *make_suite(void);
void add_sched_cases(Suite *s);
void add_timer_cases(Suite *s);
void add_task_cases(Suite *s);
void add_alloc_cases(Suite *s);
void add_thread_cases(Suite *s);
void add_abort_cases(Suite *s);
void add_handle_cases(Suite *s);
void add_fair_cases(Suite *s);

#endif
