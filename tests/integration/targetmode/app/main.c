/* main.c — awaited by run.c, and runs run.c's run() with pn_block_on. */
#include <stdio.h>

#include "app.h"

async int bump(int v)
{
    await(pn_sleep_ms(1));
    return v + 1;
}

int main(void)
{
    long r = pn_block_on(run(5));
    printf("run %ld\n", r);
    pn_shutdown();
    return 0;
}
