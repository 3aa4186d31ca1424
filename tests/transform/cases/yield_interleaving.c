/*
 * Two tasks that print and yield in turn.  Tasks interleave only at
 * awaits, and await(pn_yield()) lets every other ready task run before
 * the yielding one continues, so with the runtime's FIFO run queue the
 * print order is fixed: A0 B0 A1 B1 ...  The synchronous reading runs
 * each spawned task to completion on the spot, so this case compares the
 * transformed run with yield_interleaving.expected instead of the erased
 * run's output (the exit status is still compared).  Between two awaits a
 * task runs alone: the shared `owner` check counts any intrusion.
 */
#include <pinion.h>
#include <stdio.h>

static char owner;
static int intrusions;

static async void chatter(char name, int steps)
{
    for (int i = 0; i < steps; i++) {
        owner = name;
        printf("%c%d\n", name, i);
        if (owner != name)
            intrusions++;
        await(pn_yield());
    }
    printf("%c done\n", name);
}

static async int run(void)
{
    pn_task *a = pn_spawn(chatter('A', 3));
    pn_task *b = pn_spawn(chatter('B', 4));
    int ra = await(pn_join(a));
    int rb = await(pn_join(b));
    printf("joined %d %d intrusions %d\n", ra, rb, intrusions);
    return intrusions;
}

int main(void)
{
    return pn_block_on(run());
}
