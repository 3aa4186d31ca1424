/*
 * test_signals.c — pn_signal_watch and pn_signal_wait.
 *
 * What is pinned down: a delivery reaches a task that waits while other
 * tasks wait elsewhere (a timer); two waiters both see one delivery; a
 * delivery that arrives before anyone waits is not lost; a dropped wait
 * does not consume the delivery meant for the next one; waiters on two
 * threads (two runtimes) both see one delivery; signals that cannot be
 * waited for are refused.
 */
#include "os_util.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

static async int wait_sig(int signo, int *got)
{
    int r = await(pn_signal_wait(signo));
    *got = r;
    return r;
}

static async int send_later(int signo, uint64_t ms)
{
    await(pn_sleep_ms(ms));
    return kill(getpid(), signo);
}

static async int one_waiter(void)
{
    int got = 0;
    pn_task *w = pn_spawn(wait_sig(SIGUSR1, &got));
    pn_task *s = pn_spawn(send_later(SIGUSR1, 20));
    struct ticker t = {.period_ms = 5};
    pn_task *tk = pn_spawn(ticker_run(&t));
    await(pn_join(w));
    await(pn_join(s));
    t.stop = 1;
    await(pn_join(tk));
    return got;
}

static void signal_reaches_its_waiter__body(void)
{
    ck_assert_int_eq(pn_signal_watch(SIGUSR1), 0);
    ck_assert_int_eq(pn_block_on(one_waiter()), SIGUSR1);
    pn_shutdown();
}

START_TEST(signal_reaches_its_waiter)
{
    signal_reaches_its_waiter__body();
}
END_TEST

static async int two_waiters(void)
{
    int a = 0, b = 0;
    pn_task *wa = pn_spawn(wait_sig(SIGUSR2, &a));
    pn_task *wb = pn_spawn(wait_sig(SIGUSR2, &b));
    await(pn_sleep_ms(5)); /* both are waiting */
    kill(getpid(), SIGUSR2);
    await(pn_join(wa));
    await(pn_join(wb));
    return a == SIGUSR2 && b == SIGUSR2;
}

static void two_waiters_both_see_one_delivery__body(void)
{
    ck_assert_int_eq(pn_block_on(two_waiters()), 1);
    pn_shutdown();
}

START_TEST(two_waiters_both_see_one_delivery)
{
    two_waiters_both_see_one_delivery__body();
}
END_TEST

static async int wait_now(int signo)
{
    return await(pn_signal_wait(signo));
}

static void delivery_before_the_wait_is_not_lost__body(void)
{
    ck_assert_int_eq(pn_signal_watch(SIGHUP), 0);
    ck_assert_int_eq(kill(getpid(), SIGHUP), 0); /* nobody waits yet */
    usleep(10000);
    ck_assert_int_eq(pn_block_on(wait_now(SIGHUP)), SIGHUP);
    pn_shutdown();
}

START_TEST(delivery_before_the_wait_is_not_lost)
{
    delivery_before_the_wait_is_not_lost__body();
}
END_TEST

static async int dropped_wait_then_next(void)
{
    int w = pn_race(await(pn_signal_wait(SIGALRM)), await(pn_sleep_ms(10)));
    if (w != 1)
        return -1;
    kill(getpid(), SIGALRM); /* after the drop: for the next wait */
    return await(pn_signal_wait(SIGALRM));
}

static void dropped_wait_leaves_the_delivery_for_the_next__body(void)
{
    ck_assert_int_eq(pn_block_on(dropped_wait_then_next()), SIGALRM);
    pn_shutdown();
}

START_TEST(dropped_wait_leaves_the_delivery_for_the_next)
{
    dropped_wait_leaves_the_delivery_for_the_next__body();
}
END_TEST

static atomic_int other_waiting, other_got;

static async int wait_and_flag(void)
{
    atomic_store(&other_waiting, 1);
    return await(pn_signal_wait(SIGWINCH));
}

static void *other_thread(void *arg)
{
    (void)arg;
    atomic_store(&other_got, pn_block_on(wait_and_flag()));
    pn_shutdown();
    return NULL;
}

static async int wait_beside_thread(void)
{
    int got = 0;
    pn_task *w = pn_spawn(wait_sig(SIGWINCH, &got));
    while (!atomic_load(&other_waiting))
        await(pn_sleep_ms(1));
    await(pn_sleep_ms(10)); /* its wait is registered */
    kill(getpid(), SIGWINCH);
    await(pn_join(w));
    return got;
}

static void waiters_on_two_threads_both_see_it__body(void)
{
    ck_assert_int_eq(pn_signal_watch(SIGWINCH), 0); /* before the thread: it inherits */
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, other_thread, NULL), 0);
    ck_assert_int_eq(pn_block_on(wait_beside_thread()), SIGWINCH);
    pthread_join(th, NULL);
    ck_assert_int_eq(atomic_load(&other_got), SIGWINCH);
    pn_shutdown();
}

START_TEST(waiters_on_two_threads_both_see_it)
{
    waiters_on_two_threads_both_see_it__body();
}
END_TEST

static void unwaitable_signals_are_refused__body(void)
{
    ck_assert_int_eq(pn_signal_watch(SIGKILL), -EINVAL);
    ck_assert_int_eq(pn_signal_watch(SIGSEGV), -EINVAL);
    ck_assert_int_eq(pn_signal_watch(0), -EINVAL);
    ck_assert_int_eq(pn_signal_watch(1000), -EINVAL);
    ck_assert_int_eq(pn_block_on(wait_now(SIGSTOP)), -EINVAL);
    pn_shutdown();
}

START_TEST(unwaitable_signals_are_refused)
{
    unwaitable_signals_are_refused__body();
}
END_TEST

void add_signal_cases(Suite *s)
{
    TEST_ADD(s, signal_reaches_its_waiter);
    TEST_ADD(s, two_waiters_both_see_one_delivery);
    TEST_ADD(s, delivery_before_the_wait_is_not_lost);
    TEST_ADD(s, dropped_wait_leaves_the_delivery_for_the_next);
    TEST_ADD(s, waiters_on_two_threads_both_see_it);
    TEST_ADD(s, unwaitable_signals_are_refused);
}
