/*
 * hello.c — the quick-start sample as a Pinion user writes it.
 *
 * Two countdowns run at once on one thread: one is awaited inline by
 * hello(), the other is spawned as its own task and joined at the end.
 * countdown() lends its local `line` buffer to tick() across an await,
 * which is why a frame must stay where it is once it has been polled.
 *
 * Erase `async` and turn every await(E) into (E), and this is an ordinary
 * sequential C program; the transformed program computes the same, except
 * that the tasks take turns at each await.  hello_lowered.c beside it is
 * what this file becomes after transformation.
 */
#include <pinion.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* After a pause of `ms`, writes one countdown line into the caller's buffer. */
static async int tick(char *buf, size_t size, const char *who, int i, uint64_t ms)
{
    await(pn_sleep_ms(ms));
    return snprintf(buf, size, "%s: %d", who, i);
}

static async int countdown(const char *who, int from, uint64_t ms)
{
    char line[64];
    for (int i = from; i > 0; i--) {
        await(tick(line, sizeof line, who, i, ms));
        puts(line);
    }
    printf("%s: liftoff\n", who);
    return from;
}

static async int hello(void)
{
    pn_task *t = pn_spawn(countdown("spawned", 3, 30));
    int mine = await(countdown("awaited", 2, 50));
    int theirs = 0;
    if (await(pn_join_result(t, &theirs, sizeof theirs)) != 0)
        return -1;
    return mine + theirs;
}

int main(void)
{
    int total = pn_block_on(hello());
    printf("total: %d\n", total);
    pn_shutdown();
    return total == 5 ? EXIT_SUCCESS : EXIT_FAILURE;
}
