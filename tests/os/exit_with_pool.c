/*
 * exit_with_pool.c — a program that exits while the blocking pool has
 * idle threads and one thread stuck inside a call, without pn_shutdown.
 * The exit must be prompt (the test has a short timeout) and, in the
 * sanitizer build, leak-free.  Exits 0 when the calls it waited for gave
 * their results.
 */
#include <pinion.h>
#include <stdatomic.h>
#include <unistd.h>

static atomic_int stuck_started;

static long stuck(void *arg)
{
    (void)arg;
    atomic_store(&stuck_started, 1);
    sleep(30); /* still here when the process exits */
    return 0;
}

static long quick(void *arg)
{
    usleep(20000);
    return (long)(intptr_t)arg;
}

static async long call(long (*fn)(void *), long x)
{
    return await(pn_blocking(fn, (void *)(intptr_t)x));
}

static async int run(void)
{
    pn_detach(pn_spawn(call(stuck, 0)));
    pn_task *t[4];
    for (int i = 0; i < 4; i++)
        t[i] = pn_spawn(call(quick, i));
    long sum = 0;
    for (int i = 0; i < 4; i++) {
        long v = 0;
        await(pn_join_result(t[i], &v, sizeof v));
        sum += v;
    }
    while (!atomic_load(&stuck_started))
        await(pn_sleep_ms(1));
    return sum == 6 ? 0 : 1; /* four threads idle now, one stuck */
}

int main(void)
{
    return pn_block_on(run());
}
