/*
 * os_util.h — what the operating-system service suites share: the
 * ticker that shows a service does not block its thread, descriptor and
 * thread counts for "nothing left behind", and Check's registration.
 *
 * The suites are written in the async dialect and transformed at build
 * time (pinion_target_sources), so each test reads as the program a user
 * would write.
 */
#ifndef PINION_TESTS_OS_UTIL_H
#define PINION_TESTS_OS_UTIL_H

#include <check.h>
#include <pinion.h>
#include <stdatomic.h>
#include <stdint.h>

Suite *make_suite(void);
void add_blocking_cases(Suite *s);
void add_file_cases(Suite *s);
void add_signal_cases(Suite *s);
void add_process_cases(Suite *s);
void add_dns_cases(Suite *s);

/* Each case is START_TEST(NAME) { NAME__body(); } with the body an
 * ordinary function: the transformer rewrites pn_block_on in code it
 * sees as written, not inside the expansion of Check's macro. */
#define TEST_ADD(SUITE, FN)                                                                 \
    do {                                                                                    \
        TCase *tc_ = tcase_create(#FN);                                                     \
        tcase_set_timeout(tc_, 30);                                                         \
        tcase_add_test(tc_, FN);                                                            \
        suite_add_tcase((SUITE), tc_);                                                      \
    } while (0)

/* A task that sleeps to a deadline every period_ms until told to stop,
 * and records how late it woke at worst: the proof that the thread kept
 * running while a service was under way. */
struct ticker {
    uint64_t period_ms;
    int stop;
    int ticks;
    uint64_t max_late_ms;
};
async void ticker_run(struct ticker *t);

/* Open descriptors of the process (/proc/self/fd), its threads
 * (/proc/self/task), and the blocking pool's among them (named
 * "pn-blocking"). */
int os_count_fds(void);
int os_count_threads(void);
int os_count_pool_threads(void);
/* Wait (sleeping, up to limit_ms) until the pool has at most n threads;
 * returns the count then. */
int os_wait_pool_threads_at_most(int n, unsigned limit_ms);

#endif
