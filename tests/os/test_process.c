/*
 * test_process.c — pn_waitpid.
 *
 * What is pinned down: a child's exit status arrives while a timer of
 * another task keeps firing; WNOHANG gives 0 for a running child; a pid
 * that is not a child is -ECHILD; a dropped wait reaps nothing (a later
 * waitpid still gets the status) and closes its pidfd; any child
 * (pid -1), which has no pidfd, is found by checking at intervals.
 */
#include "os_util.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child_exiting_after(unsigned ms, int code)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        usleep(ms * 1000u);
        _exit(code);
    }
    return pid;
}

static async pid_t wait_child(pid_t pid, int *status, int options)
{
    return await(pn_waitpid(pid, status, options));
}

static async pid_t wait_beside_ticker(pid_t pid, int *status, struct ticker *t)
{
    pn_task *tk = pn_spawn(ticker_run(t));
    pid_t r = await(pn_waitpid(pid, status, 0));
    t->stop = 1;
    await(pn_join(tk));
    return r;
}

static void waitpid_gets_the_exit_status__body(void)
{
    pid_t pid = child_exiting_after(100, 7);
    int status = -1;
    struct ticker t = {.period_ms = 5};
    ck_assert_int_eq(pn_block_on(wait_beside_ticker(pid, &status, &t)), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 7);
    ck_assert_int_ge(t.ticks, 10);
    ck_assert_uint_lt(t.max_late_ms, 60);
    pn_shutdown();
}

START_TEST(waitpid_gets_the_exit_status)
{
    waitpid_gets_the_exit_status__body();
}
END_TEST

static void waitpid_errors_and_wnohang__body(void)
{
    int status = -1;
    ck_assert_int_eq(pn_block_on(wait_child(getpid(), &status, 0)), -ECHILD);
    ck_assert_int_eq(pn_block_on(wait_child(1, &status, WNOHANG)), -ECHILD);
    pid_t pid = child_exiting_after(100, 0);
    ck_assert_int_eq(pn_block_on(wait_child(pid, &status, WNOHANG)), 0);
    ck_assert_int_eq(status, -1); /* written only on success */
    ck_assert_int_eq(pn_block_on(wait_child(pid, NULL, 0)), pid);
    pn_shutdown();
}

START_TEST(waitpid_errors_and_wnohang)
{
    waitpid_errors_and_wnohang__body();
}
END_TEST

static async int dropped_wait(pid_t pid)
{
    int status = -1;
    return pn_race(await(pn_waitpid(pid, &status, 0)), await(pn_sleep_ms(20)));
}

static void dropped_waitpid_does_not_reap__body(void)
{
    pn_block_on(wait_child(getpid(), NULL, WNOHANG)); /* the runtime's own fds exist */
    int fds = os_count_fds();
    pid_t pid = child_exiting_after(60, 3);
    ck_assert_int_eq(pn_block_on(dropped_wait(pid)), 1); /* the timeout won */
    ck_assert_int_eq(os_count_fds(), fds);               /* its pidfd is closed */
    int status = -1;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid); /* still there to reap */
    ck_assert_int_eq(WEXITSTATUS(status), 3);
    pn_shutdown();
}

START_TEST(dropped_waitpid_does_not_reap)
{
    dropped_waitpid_does_not_reap__body();
}
END_TEST

static void waitpid_any_child__body(void)
{
    pid_t pid = child_exiting_after(30, 5);
    int status = -1;
    ck_assert_int_eq(pn_block_on(wait_child(-1, &status, 0)), pid);
    ck_assert_int_eq(WEXITSTATUS(status), 5);
    ck_assert_int_eq(pn_block_on(wait_child(-1, &status, 0)), -ECHILD);
    pn_shutdown();
}

START_TEST(waitpid_any_child)
{
    waitpid_any_child__body();
}
END_TEST

void add_process_cases(Suite *s)
{
    TEST_ADD(s, waitpid_gets_the_exit_status);
    TEST_ADD(s, waitpid_errors_and_wnohang);
    TEST_ADD(s, dropped_waitpid_does_not_reap);
    TEST_ADD(s, waitpid_any_child);
}
