/* table.c — the library's table of the operations defined in ops.c. */
#include "ptrops.h"

const struct ptr_named_op lib_ops[] = {
    { "double", lib_double },
    { "negate", &lib_negate },
};
const int lib_op_count = sizeof lib_ops / sizeof *lib_ops;
