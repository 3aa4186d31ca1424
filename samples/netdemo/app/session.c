/*
 * session.c — netdemo's session: the warm-up from main.c, then netlib's
 * session, each awaited with its frame inline in this one.
 */
#include <pinion.h>
#include <netlib.h>

#include "demo.h"

async int run_session(const char *const *requests, size_t n, struct report *rep)
{
    int sum = await(warm_up(3));
    report_step("warm-up sum", sum);
    return await(nl_session(requests, n, report_reply, rep));
}
