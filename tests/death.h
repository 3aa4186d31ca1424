/*
 * death.h — death tests: run a piece of a case in a child process and
 * check that it dies of SIGABRT having written a given message on its
 * standard error.  The child starts as a copy of the case's process (its
 * runtime, its allocator), so what the case set up before is there.
 */
#ifndef PINION_TESTS_DEATH_H
#define PINION_TESTS_DEATH_H

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEATH_OUTPUT_MAX 4096

/* Runs fn(arg) in a child, which must die of SIGABRT; its standard error
 * goes into out (NUL-terminated) and must contain needle. */
static inline void expect_death(void (*fn)(void *), void *arg, const char *needle,
                                char out[DEATH_OUTPUT_MAX])
{
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], STDERR_FILENO);
        close(p[1]);
        alarm(30); /* a call that hangs instead of aborting fails too */
        fn(arg);
        fprintf(stderr, "death test: the call returned\n");
        fflush(stderr);
        _exit(0);
    }
    close(p[1]);
    size_t len = 0;
    ssize_t n;
    while ((n = read(p[0], out + len, DEATH_OUTPUT_MAX - 1 - len)) > 0)
        len += (size_t)n;
    out[len] = '\0';
    close(p[0]);
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
                  "expected death by SIGABRT, got status 0x%x; stderr: %s", (unsigned)status, out);
    ck_assert_msg(strstr(out, needle) != NULL, "expected \"%s\" on stderr, got: %s", needle, out);
}

#endif
