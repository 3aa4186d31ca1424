/*
 * test_erased.c — the blocking definitions of the runtime's leaves, as a
 * program compiled with -DPINION_ERASE calls them: async vanishes, each
 * await(E) is E, and every leaf blocks until done.  Results follow the
 * async leaves' convention (negative errno, never -EAGAIN).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pinion.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PINION_ERASE
#error "this suite is the erased reading: build it with -DPINION_ERASE"
#endif

Suite *make_suite(void);

static async int sum_after_sleep(int a, int b)
{
    await(pn_sleep_ms(20));
    await(pn_yield());
    return a + b;
}

START_TEST(erased_sleep_blocks_for_its_duration)
{
    uint64_t before = pn_now_ns();
    int v = pn_block_on(sum_after_sleep(2, 3));
    ck_assert_int_eq(v, 5);
    ck_assert_uint_ge(pn_now_ns() - before, 20000000u);
}
END_TEST

START_TEST(erased_spawn_runs_the_call_and_join_reports_success)
{
    pn_task *t = pn_spawn(sum_after_sleep(1, 1));
    ck_assert_ptr_null(t);
    ck_assert_int_eq(await(pn_join(t)), 0);
    int v = 0;
    ck_assert_int_eq(await(pn_join_result(t, &v, sizeof v)), -EINVAL);
}
END_TEST

START_TEST(erased_io_waits_on_nonblocking_fds)
{
    int sv[2];
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
    static char big[1 << 20];
    memset(big, 'x', sizeof big);
    /* Larger than the socket buffers: pn_write_all must wait for room,
     * which only a reader can make, so read from a child process. */
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(sv[0]);
        static char in[1 << 16];
        size_t total = 0;
        ssize_t n;
        while ((n = await(pn_read(sv[1], in, sizeof in))) > 0)
            total += (size_t)n;
        _exit(n == 0 && total == sizeof big ? 0 : 1);
    }
    close(sv[1]);
    ck_assert_int_eq(await(pn_write_all(sv[0], big, sizeof big)), (ssize_t)sizeof big);
    close(sv[0]);
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_int_eq(await(pn_read(sv[0], big, 1)), -EBADF);
    ck_assert_int_eq(await(pn_wait_readable(sv[0])), -EBADF);
}
END_TEST

START_TEST(erased_read_reports_end_of_file_and_errors)
{
    int p[2];
    ck_assert_int_eq(pipe2(p, O_NONBLOCK), 0);
    ck_assert_int_eq(await(pn_write(p[1], "ab", 2)), 2);
    close(p[1]);
    char buf[4];
    ck_assert_int_eq(await(pn_wait_readable(p[0])), 0);
    ck_assert_int_eq(await(pn_read(p[0], buf, sizeof buf)), 2);
    ck_assert_int_eq(await(pn_read(p[0], buf, sizeof buf)), 0);
    close(p[0]);
}
END_TEST

START_TEST(erased_channel_fails_where_it_would_wait_forever)
{
    pn_chan *c = pn_chan_new(sizeof(int), 1);
    ck_assert_ptr_nonnull(c);
    int v = 7, out = 0;
    ck_assert_int_eq(await(pn_chan_send(c, &v)), 0);
    ck_assert_int_eq(await(pn_chan_send(c, &v)), -EDEADLK); /* full, no receiver */
    ck_assert_int_eq(await(pn_chan_recv(c, &out)), 0);
    ck_assert_int_eq(out, 7);
    ck_assert_int_eq(await(pn_chan_recv(c, &out)), -EDEADLK); /* empty, no sender */
    pn_chan_close(c);
    ck_assert_int_eq(await(pn_chan_recv(c, &out)), -EPIPE);
    ck_assert_int_eq(await(pn_chan_send(c, &v)), -EPIPE);
    pn_chan_free(c);
    pn_shutdown();
}
END_TEST

static void add(Suite *s, const char *name, const TTest *test)
{
    TCase *tc = tcase_create(name);
    tcase_add_test(tc, test);
    suite_add_tcase(s, tc);
}

Suite *make_suite(void)
{
    Suite *s = suite_create("core_erased");
    add(s, "erased_sleep_blocks_for_its_duration", erased_sleep_blocks_for_its_duration);
    add(s, "erased_spawn_runs_the_call_and_join_reports_success",
        erased_spawn_runs_the_call_and_join_reports_success);
    add(s, "erased_io_waits_on_nonblocking_fds", erased_io_waits_on_nonblocking_fds);
    add(s, "erased_read_reports_end_of_file_and_errors", erased_read_reports_end_of_file_and_errors);
    add(s, "erased_channel_fails_where_it_would_wait_forever",
        erased_channel_fails_where_it_would_wait_forever);
    return s;
}
