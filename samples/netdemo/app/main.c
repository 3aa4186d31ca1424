/*
 * main.c — netdemo: a warm-up of the program's own async code, then a
 * key-value session through netlib.
 *
 * warm_up() is async code of this file, run with pn_block_on; the session
 * is netlib's synchronous entry point, which runs netlib's async code the
 * same way.  The output is deterministic: the tests compare it with
 * netdemo.expected.
 */
#include <pinion.h>
#include <netlib.h>

#include <stdio.h>
#include <stdlib.h>

#include "report.h"

static const char *const requests[] = {
    "SET colour blue", "SET size 3", "GET colour", "GET shape", "DEL colour",
    "GET colour",      "SET shape round", "GET shape", "FLY away", "QUIT",
};
#define REQUESTS (sizeof requests / sizeof *requests)

/* Counts down with a short sleep between steps, so the program shows a
 * suspended task resuming where it left off (its loop counter and sum
 * survive each await). */
static async int warm_up(int from)
{
    int sum = 0;
    for (int i = from; i > 0; i--) {
        await(pn_sleep_ms(1));
        report_step("warm-up", i);
        sum += i;
    }
    return sum;
}

int main(void)
{
    int sum = pn_block_on(warm_up(3));
    report_step("warm-up sum", sum);

    struct report rep;
    report_init(&rep);
    int handled = nl_run_session(requests, REQUESTS, report_reply, &rep);
    if (handled < 0) {
        fprintf(stderr, "netdemo: session failed: error %d\n", -handled);
        return EXIT_FAILURE;
    }
    report_summary(&rep, handled);
    pn_shutdown();
    return handled == (int)REQUESTS && rep.replies == REQUESTS ? EXIT_SUCCESS : EXIT_FAILURE;
}
