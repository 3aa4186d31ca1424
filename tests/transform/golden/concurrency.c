/* pn_all, pn_race and pn_spawn: several children at once. */
#include <pinion.h>

static async int work(int v)
{
    await(pn_sleep_ms((uint64_t)v));
    return v * 2;
}

static async int both(void)
{
    int a = 0, b = 0;
    pn_all(a = await(work(1)), b = await(work(2)));
    int first = -1;
    int winner = pn_race(first = await(work(3)), await(pn_sleep_ms(1000)));
    pn_task *t = pn_spawn(work(4));
    await(pn_join(t));
    return a + b + first + winner;
}

int main(void)
{
    return pn_block_on(both()) == 0;
}
