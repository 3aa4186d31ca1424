/*
 * The loser of a race is a chain of user async functions suspended in a
 * timer several levels down.  Cancelling it must drop every frame of the
 * chain and release the timer: the timer node lives inside the root
 * frame on main's stack, so a timer left behind would be touched by the
 * second pn_block_on (which sleeps) after that stack frame is gone.
 */
#define _POSIX_C_SOURCE 200809L
#include <pinion.h>
#include <stdio.h>
#include <time.h>

static int woke;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static async int bottom(int ms)
{
    int local[4] = { 1, 2, 3, 4 };
    await(pn_sleep_ms((uint64_t)ms));
    woke++;
    return local[3];
}

static async int middle(int ms)
{
    int r = await(bottom(ms));
    woke++;
    return r + 1;
}

static async int top(int ms)
{
    await(pn_yield());
    return await(middle(ms)) + 1;
}

static async int quick(void)
{
    await(pn_yield());
    await(pn_yield());
    return 7;
}

static async int first_round(void)
{
    int got = 0, lost = 0;
    int w = pn_race(got = await(quick()), lost = await(top(400)));
    printf("winner=%d got=%d lost=%d woke=%d\n", w, got, lost, woke);
    return w;
}

static async int second_round(void)
{
    int direct = await(top(1)); /* run on its own, the chain completes */
    await(pn_sleep_ms(600));    /* outlives the cancelled timer's deadline */
    printf("direct=%d\n", direct);
    return woke;
}

int main(void)
{
    long long start = now_ms();
    int w = pn_block_on(first_round());
    int later = pn_block_on(second_round());
    long long elapsed = now_ms() - start;
    printf("after second round: woke=%d slept-enough=%d\n", later, elapsed >= 600);
    return w * 10 + later;
}
