/*
 * main.c — netdemo: a key-value session through netlib, after a warm-up.
 *
 * The program's async code spans two files and a library: program()
 * here awaits run_session() from session.c, which awaits warm_up() from
 * this file and nl_session() from netlib, whose frame holds the server's,
 * and so on down to a socket read.  Every one of those frames lives inside
 * its caller's, and the outermost one on main's stack (pn_block_on): the
 * whole program runs without a heap allocation per await.  The output is
 * deterministic; the tests compare it with netdemo.expected, and with the
 * program's synchronous reading (netdemo_erased).
 */
#include <pinion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "demo.h"

static const char *const requests[] = {
    "SET colour blue", "SET size 3", "GET colour", "GET shape", "DEL colour",
    "GET colour",      "SET shape round", "GET shape", "FLY away", "QUIT",
};
#define REQUESTS (sizeof requests / sizeof *requests)

/* A suspended task resumes where it left off: the loop counter and the
 * sum survive each await. */
async int warm_up(int from)
{
    int sum = 0;
    for (int i = from; i > 0; i--) {
        await(pn_sleep_ms(1));
        report_step("warm-up", i);
        sum += i;
    }
    return sum;
}

static async int program(void)
{
    struct report rep;
    report_init(&rep);
    int handled = await(run_session(requests, REQUESTS, &rep));
    if (handled < 0)
        return handled;
    report_summary(&rep, handled);
    return handled == (int)REQUESTS && rep.replies == REQUESTS ? 0 : -EPROTO;
}

int main(void)
{
    int status = pn_block_on(program());
    pn_shutdown();
    if (status < 0) {
        fprintf(stderr, "netdemo: session failed: error %d\n", -status);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
