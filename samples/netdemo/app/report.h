/*
 * report.h — what netdemo prints (plain C).
 */
#ifndef NETDEMO_REPORT_H
#define NETDEMO_REPORT_H

#include <stddef.h>

struct report {
    size_t replies;
    size_t errors; /* replies that are NOT_FOUND or ERROR */
};

void report_init(struct report *r);
void report_step(const char *what, int n);
/* An nl_reply_fn: prints one exchange and counts it; ud is a struct report. */
void report_reply(size_t index, const char *request, const char *reply, void *ud);
void report_summary(const struct report *r, int handled);

#endif
