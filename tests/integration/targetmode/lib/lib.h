/* lib.h — a small library of async functions in two files. */
#ifndef TM_LIB_H
#define TM_LIB_H

#include <pinion.h>

/* Lives in the caller's memory and is filled in by acc_sum(). */
struct acc {
    int total;
    char tag[5];
};

async int twice(int x);                /* twice.c */
async long acc_sum(struct acc *a, int n); /* sum.c: twice(1) + ... + twice(n) */

#endif
