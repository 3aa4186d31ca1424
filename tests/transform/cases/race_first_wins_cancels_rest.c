/*
 * pn_race(B0, B1, ...) completes with the first branch to complete,
 * performs that branch's assignment only, cancels the others and yields
 * the winner's index.  Branch 0 always wins here (the synchronous reading
 * runs branch 0 alone), and the losers have no effect before their first
 * suspension; a loser that ran on would print and count its completion.  A loser sleeping for seconds must be cancelled with its
 * timer released: the program finishes quickly.
 */
#define _POSIX_C_SOURCE 200809L
#include <pinion.h>
#include <stdio.h>
#include <time.h>

static int loser_finished;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static async int quick(int v)
{
    await(pn_yield());
    return v + 1;
}

static async int slow(int v)
{
    for (int i = 0; i < 5; i++)
        await(pn_yield());
    loser_finished++;
    printf("slow(%d) finished\n", v);
    return v;
}

static async int run(void)
{
    long long start = now_ms();
    int r = -1, s = -1;
    int w = pn_race(r = await(quick(10)), s = await(slow(20)));
    printf("winner=%d r=%d s=%d\n", w, r, s);

    /* A timeout that does not fire: the work wins, the timer is dropped. */
    int got = 0;
    int t = pn_race(got = await(quick(41)), await(pn_sleep_ms(5000)));
    printf("timeout race: winner=%d got=%d\n", t, got);

    int wins = 0;
    for (int i = 0; i < 3; i++)
        wins += pn_race(await(quick(i)), await(pn_sleep_ms(3000))) == 0;
    long long elapsed = now_ms() - start;
    printf("wins=%d loser_finished=%d fast=%d\n", wins, loser_finished, elapsed < 2000);

    /* Awaited on its own, slow() does finish. */
    int alone = await(slow(7));
    printf("alone=%d loser_finished=%d\n", alone, loser_finished);
    return w + t + wins + loser_finished;
}

int main(void)
{
    return pn_block_on(run());
}
