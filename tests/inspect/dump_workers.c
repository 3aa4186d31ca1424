/*
 * dump_workers.c — pn_dump_tasks on a pool of two workers.
 *
 * The root task (worker 0) spawns tasks that park on a channel, a timer,
 * a pipe and a mutex, in rounds, until each kind has tasks placed on both
 * workers (each task notes the worker of its first poll, where it stays).
 * Then it dumps: every task must be listed, in the part of the worker it
 * is on, with its chain (the function and the line of its await in this
 * file, found through the "DUMP:" markers) and what the leaf waits on.
 * A task on worker 1 dumps too (worker 0 then writes its part at its next
 * look), and a task in its first poll.  Last, every task is cancelled, and a dump must list the root
 * alone once the workers have dropped them.
 *
 * Exits 0 when every check passed; each failure is printed.
 */
#include <pinion.h>

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
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

/* ---- the tasks ---------------------------------------------------- */

enum { K_CHAN, K_SLEEP, K_PIPE, K_MUTEX, K_NOTIFY, KINDS };
#define PER_KIND 32

static const char *const kind_fn[KINDS] = {"on_chan", "on_sleep", "on_pipe", "on_mutex",
                                            "on_notify"};

static pn_chan *chan;
/* One pipe per pipe task, non-blocking: [i][0] is what it reads. */
static int pipes[PER_KIND][2];
static pn_mutex mutex;
/* The worker each task first ran on, + 1 (0: not polled yet). */
static _Atomic unsigned where[KINDS][PER_KIND];

static async int on_chan(unsigned i)
{
    atomic_store(&where[K_CHAN][i], pn__current_worker() + 1);
    int v;
    return await(pn_chan_recv(chan, &v)); /* DUMP: on_chan */
}

static async int on_sleep(unsigned i)
{
    atomic_store(&where[K_SLEEP][i], pn__current_worker() + 1);
    return await(pn_sleep_ms(60000)); /* DUMP: on_sleep */
}

static async int on_pipe(unsigned i)
{
    atomic_store(&where[K_PIPE][i], pn__current_worker() + 1);
    char c;
    return (int)await(pn_read(pipes[i][0], &c, 1)); /* DUMP: on_pipe */
}

static async int on_mutex(unsigned i)
{
    atomic_store(&where[K_MUTEX][i], pn__current_worker() + 1);
    await(pn_mutex_lock(&mutex)); /* DUMP: on_mutex */
    pn_mutex_unlock(&mutex);
    return 0;
}

/* Woken, it dumps (the root wakes one on worker 1). */
static pn_notify notifies[PER_KIND];
static char *notified_dump;

static async int on_notify(unsigned i)
{
    atomic_store(&where[K_NOTIFY][i], pn__current_worker() + 1);
    await(pn_notify_wait(&notifies[i])); /* DUMP: on_notify */
    int rc;
    notified_dump = dump_to_string(&rc);
    return rc;
}

/* It dumps in its first poll, before anything made it wait. */
static char *first_poll_dump;

static async int dump_at_once(void)
{
    int rc;
    first_poll_dump = dump_to_string(&rc);
    return rc;
}

static void spin_ms(unsigned ms)
{
    uint64_t end = pn_now_ms() + ms;
    while (pn_now_ms() < end) {
    }
}

/* Keeps worker 0 busy while the idle worker takes what was shared, which
 * worker 0 would otherwise take back at its next look. */
static async int spinner(void)
{
    spin_ms(20);
    return 0;
}

static pn_task *tasks[KINDS][PER_KIND];
static unsigned spawned[KINDS];

static bool on_both(unsigned k)
{
    bool seen[2] = {false, false};
    for (unsigned i = 0; i < spawned[k]; i++) {
        unsigned w = atomic_load(&where[k][i]);
        if (w == 1 || w == 2)
            seen[w - 1] = true;
    }
    return seen[0] && seen[1];
}

static bool all_polled(void)
{
    for (unsigned k = 0; k < KINDS; k++)
        for (unsigned i = 0; i < spawned[k]; i++)
            if (atomic_load(&where[k][i]) == 0)
                return false;
    return true;
}

/* Where the part of worker w starts in dump, and where it ends. */
static void part_of(const char *dump, unsigned w, const char **start, const char **end)
{
    char head[32];
    snprintf(head, sizeof head, "\nworker %u: ", w);
    *start = strstr(dump, head);
    snprintf(head, sizeof head, "\nworker %u: ", w + 1);
    *end = *start != NULL ? strstr(*start, head) : NULL;
    if (*end == NULL && *start != NULL)
        *end = *start + strlen(*start);
}

/* Checks that dump lists task (kind k, index i) in its worker's part with
 * its chain. */
static void check_task(const char *dump, unsigned k, unsigned i)
{
    char want[512], leaf[160];
    switch (k) {
    case K_CHAN:
        snprintf(leaf, sizeof leaf, "    pn_chan_recv: channel %p, receive, 0 of 1 buffered\n",
                 (void *)chan);
        break;
    case K_SLEEP:
        snprintf(leaf, sizeof leaf, "    pn_sleep_ms: timer, deadline ");
        break;
    case K_PIPE:
        snprintf(leaf, sizeof leaf, "    pn_read: fd %d, readable\n", pipes[i][0]);
        break;
    case K_MUTEX:
        snprintf(leaf, sizeof leaf, "    pn_mutex_lock: mutex %p\n", (void *)&mutex);
        break;
    default:
        snprintf(leaf, sizeof leaf, "    pn_notify_wait: notification %p\n",
                 (void *)&notifies[i]);
        break;
    }
    snprintf(want, sizeof want, "task %p: %s, parked\n    %s (%s:%u)\n%s", (void *)tasks[k][i],
             kind_fn[k], kind_fn[k], __FILE__, line_of(kind_fn[k]), leaf);
    unsigned w = atomic_load(&where[k][i]) - 1;
    const char *start, *end;
    part_of(dump, w, &start, &end);
    const char *found = start != NULL ? strstr(start, want) : NULL;
    CHECK(found != NULL && found < end, "task %u of %s is not listed on worker %u as:\n%s", i,
          kind_fn[k], w, want);
}

static async int scenario(void)
{
    pn_mutex_init(&mutex);
    CHECK(pn_mutex_try_lock(&mutex) == 0, "cannot take the mutex");
    /* Rounds of spawns until each kind has tasks on both workers. */
    for (unsigned round = 0; round < PER_KIND; round++) {
        pn_detach(pn_spawn(spinner()));
        for (unsigned j = 0; j < KINDS; j++) {
            /* A kind in every position: the look shares every other one. */
            unsigned k = (j + round) % KINDS;
            unsigned i = spawned[k]++;
            switch (k) {
            case K_CHAN:
                tasks[k][i] = pn_spawn(on_chan(i));
                break;
            case K_SLEEP:
                tasks[k][i] = pn_spawn(on_sleep(i));
                break;
            case K_PIPE:
                tasks[k][i] = pn_spawn(on_pipe(i));
                break;
            case K_MUTEX:
                tasks[k][i] = pn_spawn(on_mutex(i));
                break;
            default:
                pn_notify_init(&notifies[i]);
                tasks[k][i] = pn_spawn(on_notify(i));
                break;
            }
        }
        /* The root's poll outlasts the slice: at the look that follows,
         * the idle worker is handed every other task of the round. */
        spin_ms(3);
        for (unsigned wait = 0; wait < 2000 && !all_polled(); wait++)
            await(pn_sleep_ms(1));
        bool done = true;
        for (unsigned k = 0; k < KINDS; k++)
            done = done && on_both(k);
        if (done)
            break;
        await(pn_sleep_ms(2)); /* the other worker goes idle again */
    }
    CHECK(all_polled(), "some tasks never ran");
    for (unsigned k = 0; k < KINDS; k++)
        CHECK(on_both(k), "no %s task ran on each worker in %u rounds", kind_fn[k], PER_KIND);
    unsigned n = 0;
    for (unsigned k = 0; k < KINDS; k++)
        n += spawned[k];

    /* From worker 0, inside the root's poll. */
    int rc;
    char *dump = dump_to_string(&rc);
    printf("%s", dump);
    CHECK(rc == (int)n + 1, "pn_dump_tasks returned %d, not %u", rc, n + 1);
    CHECK(strncmp(dump, "pinion: 2 workers\nworker 0: ", 28) == 0, "no header lines");
    CHECK(strstr(dump, ": scenario (pn_block_on), running\n") != NULL,
          "the root task is not shown running");
    char total[64];
    snprintf(total, sizeof total, "pinion: %u tasks in all\n", n + 1);
    CHECK(strstr(dump, total) != NULL, "no closing line '%s'", total);
    for (unsigned k = 0; k < KINDS; k++)
        for (unsigned i = 0; i < spawned[k]; i++)
            check_task(dump, k, i);
    free(dump);

    /* From worker 1: worker 0 writes its part at its next look, while
     * the root waits in its join. */
    unsigned on1 = 0;
    while (on1 < spawned[K_NOTIFY] - 1 && atomic_load(&where[K_NOTIFY][on1]) != 2)
        on1++;
    pn_notify_one(&notifies[on1]);
    int got = -1;
    CHECK(await(pn_join_result(tasks[K_NOTIFY][on1], &got, sizeof got)) == 0,
          "the join of the task that dumps failed");
    CHECK(got == (int)n + 1, "the dump from worker 1 returned %d, not %u", got, n + 1);
    if (notified_dump != NULL) {
        printf("%s", notified_dump);
        char running[96];
        snprintf(running, sizeof running, "task %p: on_notify, running\n",
                 (void *)tasks[K_NOTIFY][on1]);
        const char *start, *end;
        part_of(notified_dump, 1, &start, &end);
        const char *r = start != NULL ? strstr(start, running) : NULL;
        CHECK(r != NULL && r < end, "the dumping task is not shown running on worker 1");
        CHECK(strstr(notified_dump, ": scenario (pn_block_on), parked\n") != NULL,
              "the root is not shown parked in its join");
        for (unsigned k = 0; k < KINDS; k++)
            for (unsigned i = 0; i < spawned[k]; i++)
                if (k != K_NOTIFY || i != on1)
                    check_task(notified_dump, k, i);
        free(notified_dump);
    }
    tasks[K_NOTIFY][on1] = NULL;

    /* From a pool task's first poll: it is listed, running. */
    pn_task *at_once = pn_spawn(dump_at_once());
    got = -1;
    CHECK(await(pn_join_result(at_once, &got, sizeof got)) == 0,
          "the join of the task that dumps in its first poll failed");
    CHECK(got == (int)n + 1, "the dump from a first poll returned %d, not %u", got, n + 1);
    if (first_poll_dump != NULL) {
        char running[96];
        snprintf(running, sizeof running, "task %p: dump_at_once, running\n", (void *)at_once);
        CHECK(strstr(first_poll_dump, running) != NULL,
              "the task dumping in its first poll is not shown running:\n%s", first_poll_dump);
        free(first_poll_dump);
    }

    /* Cancelled, they leave their workers' lists. */
    for (unsigned k = 0; k < KINDS; k++)
        for (unsigned i = 0; i < spawned[k]; i++)
            if (tasks[k][i] != NULL)
                pn_cancel(tasks[k][i]);
    for (unsigned wait = 0; wait < 2000; wait++) {
        dump = dump_to_string(&rc);
        if (rc == 1)
            break;
        free(dump);
        dump = NULL;
        await(pn_sleep_ms(1));
    }
    CHECK(rc == 1, "after the cancels the dump lists %d tasks, not the root alone", rc);
    free(dump);
    pn_mutex_unlock(&mutex);
    return 0;
}

int main(void)
{
    for (unsigned i = 0; i < PER_KIND; i++) {
        if (pipe2(pipes[i], O_NONBLOCK | O_CLOEXEC) != 0) {
            perror("pipe2");
            return 2;
        }
    }
    if (pn_set_workers(2) != 0) {
        fprintf(stderr, "pn_set_workers(2) failed\n");
        return 2;
    }
    if ((chan = pn_chan_new(sizeof(int), 1)) == NULL) {
        fprintf(stderr, "pn_chan_new failed\n");
        return 2;
    }
    int rc = pn_block_on(scenario());
    CHECK(rc == 0, "the scenario returned %d", rc);
    pn_shutdown();
    pn_chan_free(chan);
    for (unsigned i = 0; i < PER_KIND; i++) {
        close(pipes[i][0]);
        close(pipes[i][1]);
    }
    if (failures == 0)
        printf("dump_workers: ok\n");
    return failures != 0;
}
