/*
 * ticks.c — a second async file with its own call chain, offered to
 * main.c as a synchronous function.
 */
#include <pinion.h>

#include "parts.h"

static async int ticks(int n)
{
    int done = 0;
    while (done < n) {
        await(pn_sleep_ms(1));
        done++;
    }
    return done;
}

int run_ticks(int n)
{
    return pn_block_on(ticks(n));
}
