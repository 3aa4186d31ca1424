/*
 * test_conns.c — the connection table of samples/servers/conns.c: the
 * limit, slot reuse, shutdown's pass (idle ones, then all, their tasks
 * cancelled), and that every release closes the socket and calls the
 * server's release hook once.
 * The tasks are real ones, sleeping, as a connection task waiting for
 * its client does; the live tests cover whole servers.
 */
#include <check.h>
#include <fcntl.h>
#include <unistd.h>

#include "conns.h"
#include "servers_check.h"

struct test_conn {
    struct srv_conn base;
    int *released; /* counts calls of the release hook */
};

static void test_release(struct srv_conn *c)
{
    struct test_conn *t = (struct test_conn *)c;
    if (t->released != NULL)
        (*t->released)++;
}

static int open_fd(void)
{
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    ck_assert_int_ge(fd, 0);
    return fd;
}

static int fd_is_open(int fd)
{
    return fcntl(fd, F_GETFD) >= 0;
}

START_TEST(table_refuses_beyond_its_limit_and_reuses_slots)
{
    struct srv_conns t;
    ck_assert_int_eq(srv_conns_init(&t, 2, sizeof(struct test_conn), test_release), 0);
    int a = open_fd(), b = open_fd(), c = open_fd();
    struct srv_conn *ca = srv_conns_open(&t, a);
    struct srv_conn *cb = srv_conns_open(&t, b);
    ck_assert_ptr_nonnull(ca);
    ck_assert_ptr_nonnull(cb);
    ck_assert_ptr_null(srv_conns_open(&t, c));
    ck_assert_uint_eq(t.live, 2);
    srv_conn_finish(&t, ca);
    ck_assert(!fd_is_open(a));
    ck_assert_uint_eq(t.live, 1);
    struct srv_conn *cc = srv_conns_open(&t, c);
    ck_assert_ptr_eq(cc, ca); /* the freed slot, zeroed again */
    ck_assert_int_eq(cc->fd, c);
    ck_assert_int_eq(cc->idle, 0);
    srv_conns_fini(&t);
    ck_assert(!fd_is_open(b));
    ck_assert(!fd_is_open(c));
}
END_TEST

/* A real task that sleeps for a minute: what a connection task waiting
 * for its client looks like to the table. */
static pn_task *sleeping_task(void)
{
    pn_task *t = NULL;
    struct pn_sleep_ms__frame *f = pn__task_reserve(&pn_sleep_ms__vtable, &t);
    ck_assert_ptr_nonnull(f);
    pn_sleep_ms__init(f, 60000);
    return pn__task_start(t);
}

/* Lets the spawned tasks run up to their first wait. */
static void run_briefly(void)
{
    struct pn_sleep_ms__frame root;
    pn_sleep_ms__init(&root, 1);
    pn__block_on(&root.pn__hdr, &pn_sleep_ms__vtable);
}

START_TEST(shutdown_pass_cancels_the_tasks)
{
    struct srv_conns t;
    int released = 0;
    ck_assert_int_eq(srv_conns_init(&t, 8, sizeof(struct test_conn), test_release), 0);
    int fds[4];
    for (int i = 0; i < 4; i++) {
        fds[i] = open_fd();
        struct test_conn *c = (struct test_conn *)srv_conns_open(&t, fds[i]);
        c->released = &released;
        c->base.task = sleeping_task();
        c->base.idle = i % 2;
    }
    run_briefly();
    ck_assert_uint_eq(srv_conns_cancel_idle(&t, 0), 2);
    ck_assert_int_eq(released, 2);
    ck_assert(fd_is_open(fds[0]));
    ck_assert(!fd_is_open(fds[1]));
    ck_assert(fd_is_open(fds[2]));
    ck_assert(!fd_is_open(fds[3]));
    ck_assert_uint_eq(t.live, 2);
    run_briefly(); /* the survivors still sleep, the cancelled never run again */
    srv_conns_fini(&t); /* cancels the other two */
    ck_assert_int_eq(released, 4); /* each slot released once */
    ck_assert(!fd_is_open(fds[0]));
    ck_assert(!fd_is_open(fds[2]));
    pn_shutdown();
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
    Suite *s = suite_create("servers_conns");
    SERVERS_CASE(s, table_refuses_beyond_its_limit_and_reuses_slots);
    SERVERS_CASE(s, shutdown_pass_cancels_the_tasks);
    return s;
}
