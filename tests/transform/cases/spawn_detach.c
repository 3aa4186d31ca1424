/*
 * A detached task runs on unobserved: the parent never joins it, and it
 * finishes (updating a static) while the parent sleeps.  The parent then
 * reads what it wrote.
 */
#include <pinion.h>
#include <stdio.h>

static int progress;

static async void background(int steps)
{
    for (int i = 0; i < steps; i++) {
        await(pn_yield());
        progress += i + 1;
    }
}

static async int run(void)
{
    pn_detach(pn_spawn(background(5)));
    /* Sleep until it is done (bounded, so a task that never finishes
     * shows as a wrong progress value rather than a hang). */
    for (int waited = 0; progress < 15 && waited < 2000; waited++)
        await(pn_sleep_ms(1));
    printf("progress=%d\n", progress);
    return progress;
}

int main(void)
{
    return pn_block_on(run());
}
