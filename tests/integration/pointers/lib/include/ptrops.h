/* ptrops.h — the library's async operations, its table of them, and a
 * function that awaits an operation its caller hands it. */
#ifndef PTROPS_H
#define PTROPS_H

#include <pinion.h>

typedef async int (*ptr_op)(int x);

struct ptr_named_op {
    const char *name;
    ptr_op op;
};

async int lib_double(int x);
async int lib_negate(int x);

/* Defined in table.c, of the operations defined in ops.c. */
extern const struct ptr_named_op lib_ops[];
extern const int lib_op_count;

/* Awaits op(x) n times, each on the previous result (apply.c). */
async int lib_apply(ptr_op op, int x, int n);

/* A result of a struct type, and none, through a pointer: the frame of
 * lib_pair_sum(), which holds the slot of each, is published in the
 * library's frames header and embedded in the program's frames. */
struct ptr_pair {
    int lo, hi;
};
typedef async struct ptr_pair (*ptr_pair_op)(int x);
typedef async void (*ptr_note)(const char *what, int v);
async int lib_pair_sum(ptr_pair_op op, ptr_note note, int x);

/* lib_double as a pointer, taken in apply.c. */
ptr_op lib_double_from_apply(void);

#endif
