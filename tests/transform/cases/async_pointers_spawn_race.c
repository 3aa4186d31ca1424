/*
 * Spawning, joining, block_on, pn_all and pn_race through pointers:
 * tasks spawned with pn_spawn(fp(x)) and joined (each adds its result to
 * a total); pn_block_on(fp(x)) from main; pn_all of two awaits
 * through pointers; a race between an await through a pointer and a
 * direct one, where the loser is dropped (its cleanup must leave no timer
 * behind: the second block_on sleeps after the first root is gone).  The
 * erased program runs each call to completion; race branch 0 wins.
 */
#include <pinion.h>
#include <stdio.h>

typedef async int (*job_fn)(int);

static int finished, total;

static async int slow_square(int x)
{
    await(pn_sleep_ms(1));
    finished++;
    total += x * x;
    return x * x;
}

static async int quick_neg(int x)
{
    await(pn_yield());
    finished++;
    total += -x;
    return -x;
}

static async int sleeper(int ms)
{
    await(pn_sleep_ms((uint64_t)ms));
    finished++;
    return ms;
}

static async int run(void)
{
    job_fn jobs[] = { slow_square, quick_neg, slow_square };
    pn_task *t[3];
    for (int i = 0; i < 3; i++)
        t[i] = pn_spawn(jobs[i](i + 2));
    for (int i = 0; i < 3; i++)
        await(pn_join(t[i]));
    int sum = total;
    printf("spawned sum %d\n", sum);
    int a = 0, b = 0;
    job_fn f = quick_neg, g = slow_square;
    pn_all(a = await(f(5)), b = await(g(6)));
    printf("all %d %d\n", a, b);
    job_fn fast = quick_neg;
    int w = 0;
    int idx = pn_race(w = await(fast(9)), await(sleeper(200)));
    printf("race %d %d\n", idx, w);
    return sum + a + b;
}

int main(void)
{
    job_fn j = slow_square;
    printf("block_on %d\n", pn_block_on(j(7)));
    printf("run %d\n", pn_block_on(run()));
    printf("sleep %d\n", pn_block_on(sleeper(1)));
    printf("finished %d\n", finished);
    return 0;
}
