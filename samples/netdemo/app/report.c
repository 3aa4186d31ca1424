/*
 * report.c — netdemo's output, one line per event, in a fixed format that
 * the integration tests compare byte for byte.
 */
#include "report.h"

#include <stdio.h>
#include <string.h>

void report_init(struct report *r)
{
    r->replies = 0;
    r->errors = 0;
}

void report_step(const char *what, int n)
{
    printf("%s %d\n", what, n);
}

void report_reply(size_t index, const char *request, const char *reply, void *ud)
{
    struct report *r = ud;
    r->replies++;
    if (strncmp(reply, "NOT_FOUND", 9) == 0 || strncmp(reply, "ERROR", 5) == 0)
        r->errors++;
    printf("[%2zu] %-16s -> %s\n", index + 1, request, reply);
}

void report_summary(const struct report *r, int handled)
{
    printf("server handled %d requests, %zu replies, %zu not found or refused\n", handled,
           r->replies, r->errors);
}
