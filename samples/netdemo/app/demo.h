/*
 * demo.h — the async functions netdemo's two async files give each other.
 */
#ifndef NETDEMO_DEMO_H
#define NETDEMO_DEMO_H

#include <pinion.h>
#include <stddef.h>

#include "report.h"

/* main.c: counts down from `from`, a short sleep per step; returns the
 * sum of the steps. */
async int warm_up(int from);

/* session.c: the warm-up, then one netlib session whose replies go to
 * rep.  Returns how many requests the server handled, or a negative
 * errno. */
async int run_session(const char *const *requests, size_t n, struct report *rep);

#endif
