/*
 * A detached task runs on unobserved: the parent never joins it, and it
 * finishes (writing through a pointer to a static) while the parent
 * sleeps.  The parent then reads what it wrote.
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
    await(pn_sleep_ms(20));
    printf("progress=%d\n", progress);
    return progress;
}

int main(void)
{
    return pn_block_on(run());
}
