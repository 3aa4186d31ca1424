/*
 * await(pn_sleep_ms(n)) returns 0 and only after at least n milliseconds,
 * in a loop and with locals that live across the sleeps.
 */
#define _POSIX_C_SOURCE 200809L
#include <pinion.h>
#include <stdio.h>
#include <time.h>

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static async int run(void)
{
    int early = 0, rcs = 0;
    const int delays[] = { 5, 0, 20, 1 };
    for (int i = 0; i < 4; i++) {
        long long start = now_ms();
        rcs += await(pn_sleep_ms((uint64_t)delays[i]));
        long long took = now_ms() - start;
        if (took < delays[i])
            early++;
        printf("slept %d ms: %s\n", delays[i], took >= delays[i] ? "ok" : "EARLY");
    }
    return early * 10 + rcs;
}

int main(void)
{
    return pn_block_on(run());
}
