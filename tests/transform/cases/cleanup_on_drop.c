/*
 * Dropping a suspended frame runs the cleanups of the locals in scope at
 * the await where it waits, innermost first: the awaited child's before
 * the parent's, within one function in reverse order of declaration; then
 * the leaf's registrations are released.  Shown for a cancelled task
 * (nested awaits), the loser of a race, a task parked on a channel, one
 * parked on a pipe, and tasks still alive at pn_shutdown.  Locals whose
 * scope has ended, or not begun, are not cleaned up.  (Cancellation has
 * no synchronous reading, hence the expected output; the synchronous
 * reading only has to terminate.)
 */
#define _POSIX_C_SOURCE 200809L
#include <pinion.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static void note(int *v)
{
    printf("  cleanup %d\n", *v);
}

#define GUARD(name, v) __attribute__((cleanup(note), unused)) int name = (v)

static async int child(int base, int ms)
{
    GUARD(c1, base + 1);
    await(pn_yield());
    GUARD(c2, base + 2);
    await(pn_sleep_ms((uint64_t)ms));
    return c1 + c2;
}

static async int parent(int base, int ms)
{
    {
        GUARD(done, base + 90); /* its scope ends before the drop */
        await(pn_yield());
    }
    GUARD(p1, base + 10);
    int r = await(child(base, ms));
    GUARD(p2, base + 20); /* not reached */
    return r + p1 + p2;
}

typedef async int (*child_fn)(int base, int ms);

/* The child through a pointer, boxed, and in both branches of a pn_all. */
static async int indirect(int base, int ms)
{
    GUARD(i1, base + 30);
    child_fn f = child;
    int a = await(f(base, ms));
    int b = await(pn_boxed(child(base + 3, ms)));
    return a + b + i1;
}

static async int both(int base, int ms)
{
    GUARD(b1, base + 40);
    int x = 0, y = 0;
    pn_all(x = await(child(base, ms)), y = await(child(base + 3, ms)));
    return x + y + b1;
}

static async int on_channel(pn_chan *c)
{
    GUARD(k, 300);
    int v = 0;
    await(pn_chan_recv(c, &v));
    return v;
}

static async int on_pipe(int fd)
{
    GUARD(k, 400);
    char b;
    return (int)await(pn_read(fd, &b, 1));
}

static async int run(void)
{
    printf("cancel a task in nested awaits:\n");
    pn_task *t = pn_spawn(parent(100, 300));
    await(pn_sleep_ms(5));
    pn_cancel(t);
    printf("race, the second branch loses:\n");
    int a = 0;
    int idx = pn_race(await(pn_sleep_ms(5)), a = await(parent(200, 300)));
    printf("  race %d %d\n", idx, a);
    printf("cancel a task awaiting through a pointer:\n");
    t = pn_spawn(indirect(600, 300));
    await(pn_sleep_ms(5));
    pn_cancel(t);
    printf("cancel a task in pn_all:\n");
    t = pn_spawn(both(700, 300));
    await(pn_sleep_ms(5));
    pn_cancel(t);
    printf("cancel a task parked on a channel:\n");
    pn_chan *c = pn_chan_new(sizeof(int), 1);
    t = pn_spawn(on_channel(c));
    await(pn_yield());
    pn_cancel(t);
    pn_chan_close(c);
    pn_chan_free(c);
    printf("cancel a task parked on a pipe:\n");
    int p[2];
    if (pipe(p) != 0 || fcntl(p[0], F_SETFL, O_NONBLOCK) != 0)
        return 1;
#ifdef PINION_ERASE
    (void)!write(p[1], "x", 1); /* the synchronous reading must not block */
#endif
    t = pn_spawn(on_pipe(p[0]));
    await(pn_yield());
    pn_cancel(t);
    close(p[0]);
    close(p[1]);
    printf("left for pn_shutdown:\n");
    pn_detach(pn_spawn(parent(500, 300)));
    await(pn_sleep_ms(5));
    return 0;
}

int main(void)
{
    pn_block_on(run());
    pn_shutdown();
    printf("done\n");
    return 0;
}
