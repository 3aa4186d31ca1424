/*
 * dump_tasks.c — pn_dump_tasks on tasks parked on each kind of leaf.
 *
 * A root task spawns tasks that park on a timer (two async functions
 * deep), on a pipe, on a channel, on the join of another task, and in a
 * pn_all of a timer and a channel; it dumps them and checks each task's
 * chain of awaits line by line: the functions, the lines of the awaits
 * in this file (found through their "DUMP:" marker comments) and what
 * each leaf waits on.  Then it cancels them and checks they are gone,
 * dumps from synchronous code (a spawned task not started yet), and the
 * errors: a NULL stream, a stream that cannot be written.
 *
 * Exits 0 when every check passed; each failure is printed.
 */
#include <pinion.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;

#define CHECK(cond, ...)                                                                    \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                            \
            fprintf(stderr, __VA_ARGS__);                                                   \
            fputc('\n', stderr);                                                            \
            failures++;                                                                     \
        }                                                                                   \
    } while (0)

/* The line of this file that carries the marker comment "DUMP: what". */
static unsigned line_of(const char *what)
{
    FILE *f = fopen(__FILE__, "r");
    if (f == NULL) {
        fprintf(stderr, "cannot read %s\n", __FILE__);
        exit(2);
    }
    char marker[64], text[512];
    snprintf(marker, sizeof marker, "/* DUMP: %s */", what);
    unsigned n = 0, found = 0;
    while (found == 0 && fgets(text, sizeof text, f) != NULL) {
        n++;
        if (strstr(text, marker) != NULL)
            found = n;
    }
    fclose(f);
    if (found == 0) {
        fprintf(stderr, "no marker %s in %s\n", marker, __FILE__);
        exit(2);
    }
    return found;
}

/* "    function (this file:line of marker)", as the dump names the first
 * frame of a chain. */
static const char *at(const char *function, const char *marker)
{
    static char lines[16][600];
    static unsigned next;
    char *s = lines[next++ % 16];
    snprintf(s, sizeof lines[0], "    %s (%s:%u)", function, __FILE__, line_of(marker));
    return s;
}

/* Whether dump holds the lines given (NULL-terminated) one after the
 * other; a line ending in '*' matches any line starting with the rest. */
static bool has_block(const char *dump, ...)
{
    va_list ap;
    va_start(ap, dump);
    const char *first = va_arg(ap, const char *);
    const char *want[16];
    size_t n = 0;
    for (const char *l = first; l != NULL && n < 16; l = va_arg(ap, const char *))
        want[n++] = l;
    va_end(ap);
    for (const char *p = dump; p != NULL && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        const char *q = p;
        size_t i = 0;
        for (; i < n; i++) {
            const char *eol = strchr(q, '\n');
            size_t len = eol ? (size_t)(eol - q) : strlen(q);
            size_t wl = strlen(want[i]);
            bool prefix = wl > 0 && want[i][wl - 1] == '*';
            if (prefix ? (len < wl - 1 || memcmp(q, want[i], wl - 1) != 0)
                       : (len != wl || memcmp(q, want[i], wl) != 0))
                break;
            if (eol == NULL) {
                i++;
                break;
            }
            q = eol + 1;
        }
        if (i == n)
            return true;
    }
    return false;
}

static char *dump_to_string(int *rc)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL) {
        perror("open_memstream");
        exit(2);
    }
    *rc = pn_dump_tasks(f);
    fclose(f);
    return text;
}

static char line_buf[8][128];
static const char *task_line(pn_task *t, const char *rest)
{
    static unsigned next;
    char *s = line_buf[next++ % 8];
    snprintf(s, sizeof line_buf[0], "task %p: %s", (void *)t, rest);
    return s;
}

/* ---- the tasks ---------------------------------------------------- */

static async int nap(uint64_t ms)
{
    return await(pn_sleep_ms(ms)); /* DUMP: nap */
}

static async int sleeper(void)
{
    return await(nap(60000)); /* DUMP: sleeper */
}

static async long reader(int fd)
{
    char c;
    return await(pn_read(fd, &c, 1)); /* DUMP: reader */
}

static async int receiver(pn_chan *ch)
{
    int v;
    return await(pn_chan_recv(ch, &v)); /* DUMP: receiver */
}

static async int joiner(pn_task *t)
{
    return await(pn_join(t)); /* DUMP: joiner */
}

static async int both(pn_chan *ch)
{
    int a = 0, b = 0, v = 0;
    pn_all(a = await(nap(30000)), b = await(pn_chan_recv(ch, &v))); /* DUMP: both */
    return a + b + v;
}

static async int scenario(int rd, pn_chan *ch, pn_chan *ch2)
{
    pn_task *s = pn_spawn(sleeper());
    pn_task *r = pn_spawn(reader(rd));
    pn_task *c = pn_spawn(receiver(ch));
    pn_task *j = pn_spawn(joiner(s));
    pn_task *b = pn_spawn(both(ch2));
    await(pn_yield());
    await(pn_yield());

    int rc;
    char *dump = dump_to_string(&rc);
    printf("%s", dump);
    CHECK(rc == 6, "pn_dump_tasks returned %d, not 6", rc);
    CHECK(has_block(dump, "pinion: 6 tasks", NULL), "no header line");
    CHECK(strstr(dump, ": scenario (pn_block_on), running\n") != NULL,
          "the root task is not shown running");
    CHECK(has_block(dump, task_line(s, "sleeper, parked"), at("sleeper", "sleeper"),
                    at("nap", "nap"), "    pn_sleep_ms: timer, deadline *", NULL),
          "the sleeper's chain is not sleeper -> nap -> timer");
    const char *timer = strstr(dump, "pn_sleep_ms: timer, deadline ");
    unsigned long long deadline = 0, in = 0;
    CHECK(timer != NULL && sscanf(timer, "pn_sleep_ms: timer, deadline %llu ms (in %llu ms)",
                                  &deadline, &in) == 2,
          "no deadline and remaining time on the timer line");
    CHECK(in > 29000 && in <= 60001, "the timer is due in %llu ms, not within 60 s", in);
    char fd_line[64];
    snprintf(fd_line, sizeof fd_line, "    pn_read: fd %d, readable", rd);
    CHECK(has_block(dump, task_line(r, "reader, parked"), at("reader", "reader"), fd_line, NULL),
          "the reader's chain is not reader -> pn_read on fd %d", rd);
    char ch_line[96];
    snprintf(ch_line, sizeof ch_line, "    pn_chan_recv: channel %p, receive, 0 of 2 buffered",
             (void *)ch);
    CHECK(has_block(dump, task_line(c, "receiver, parked"), at("receiver", "receiver"), ch_line,
                    NULL),
          "the receiver's chain is not receiver -> pn_chan_recv");
    char join_line[96];
    snprintf(join_line, sizeof join_line, "    pn_join: join of task %p (sleeper)", (void *)s);
    CHECK(has_block(dump, task_line(j, "joiner, parked"), at("joiner", "joiner"), join_line,
                    NULL),
          "the joiner's chain is not joiner -> pn_join of the sleeper");
    char both_line[600], ch2_line[96];
    snprintf(both_line, sizeof both_line, "%s pn_all of 2", at("both", "both"));
    snprintf(ch2_line, sizeof ch2_line,
             "            pn_chan_recv: channel %p, receive, 0 of 1 buffered", (void *)ch2);
    char nap_line[600];
    snprintf(nap_line, sizeof nap_line, "        %s", at("nap", "nap"));
    CHECK(has_block(dump, task_line(b, "both, parked"), both_line, "        [0]", nap_line,
                    "            pn_sleep_ms: timer, deadline *", "        [1]", ch2_line,
                    NULL),
          "the pn_all's chain is not both -> [0] nap -> timer, [1] pn_chan_recv");
    free(dump);

    /* Cancelled tasks are gone; the cancelled sleeper ends its join. */
    pn_cancel(r);
    pn_cancel(c);
    pn_cancel(b);
    pn_cancel(s);
    int joined = 0;
    CHECK(await(pn_join_result(j, &joined, sizeof joined)) == 0, "joining the joiner failed");
    CHECK(joined == -ECANCELED, "the joiner's join returned %d, not -ECANCELED", joined);
    dump = dump_to_string(&rc);
    CHECK(rc == 1, "after cancelling, %d tasks left, not 1", rc);
    CHECK(has_block(dump, "pinion: 1 task", "task *", NULL) &&
              strstr(dump, ": scenario (pn_block_on), running\n") != NULL,
          "after cancelling, the dump is not the root alone:\n%s", dump);
    free(dump);
    return 0;
}

int main(void)
{
    int fds[2];
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) {
        perror("pipe2");
        return 2;
    }
    pn_chan *ch = pn_chan_new(sizeof(int), 2);
    pn_chan *ch2 = pn_chan_new(sizeof(int), 1);
    if (ch == NULL || ch2 == NULL)
        return 2;

    /* Before anything ran on this thread. */
    int rc;
    char *dump = dump_to_string(&rc);
    CHECK(rc == 0 && strcmp(dump, "pinion: 0 tasks\n") == 0, "an idle runtime dumps %d: %s", rc,
          dump);
    free(dump);

    CHECK(pn_block_on(scenario(fds[0], ch, ch2)) == 0, "the scenario failed");

    /* From synchronous code: a task spawned and not started yet. */
    pn_task *t = pn_spawn(sleeper());
    dump = dump_to_string(&rc);
    printf("%s", dump);
    char not_started[600];
    snprintf(not_started, sizeof not_started, "    sleeper (%s:%u) not started", __FILE__,
             line_of("sleeper") - 2); /* the function's own line */
    CHECK(rc == 1 && has_block(dump, task_line(t, "sleeper, ready"), not_started, NULL),
          "a spawned task is not shown ready, not started:\n%s", dump);
    free(dump);
    pn_cancel(t);
    dump = dump_to_string(&rc);
    CHECK(rc == 0 && strcmp(dump, "pinion: 0 tasks\n") == 0, "after cancelling: %d: %s", rc,
          dump);
    free(dump);

    /* Errors. */
    CHECK(pn_dump_tasks(NULL) == -EINVAL, "a NULL stream is not -EINVAL");
    FILE *full = fopen("/dev/full", "w");
    if (full != NULL) {
        CHECK(pn_dump_tasks(full) == -EIO, "a stream that cannot be written is not -EIO");
        fclose(full);
    }

    pn_chan_free(ch);
    pn_chan_free(ch2);
    close(fds[0]);
    close(fds[1]);
    pn_shutdown();
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
