/* app.h — the program's async functions (defs.c) and its table (table.c). */
#ifndef APP_H
#define APP_H

#include "ptrops.h"

async int app_square(int x);
async int app_add_ten(int x);

/* Defined in table.c: the program's operations and the library's. */
extern const struct ptr_named_op app_ops[];
extern const int app_op_count;
ptr_op app_find(const char *name);

#endif
