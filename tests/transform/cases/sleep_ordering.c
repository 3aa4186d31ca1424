/*
 * Tasks sleeping for different durations wake in deadline order, never
 * early.  The synchronous reading runs each sleeper to completion at its
 * spawn, so this case compares the transformed run with
 * sleep_ordering.expected (the exit status is still compared with the
 * erased run).  The durations are far apart; the order does not depend
 * on machine load because expired timers fire in deadline order.
 */
#define _POSIX_C_SOURCE 200809L
#include <pinion.h>
#include <stdio.h>
#include <time.h>

static char woke[8];
static int nwoke;
static int early;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static async void sleeper(char name, int ms)
{
    long long start = now_ms();
    int rc = await(pn_sleep_ms((uint64_t)ms));
    if (now_ms() - start < ms || rc != 0)
        early++;
    woke[nwoke++] = name;
    printf("%c woke after >= %d ms\n", name, ms);
}

static async int run(void)
{
    pn_task *t[4];
    t[0] = pn_spawn(sleeper('a', 90));
    t[1] = pn_spawn(sleeper('b', 30));
    t[2] = pn_spawn(sleeper('c', 60));
    t[3] = pn_spawn(sleeper('d', 0));
    for (int i = 0; i < 4; i++)
        await(pn_join(t[i]));
    printf("order %.4s early %d\n", woke, early);
    return early;
}

int main(void)
{
    return pn_block_on(run());
}
