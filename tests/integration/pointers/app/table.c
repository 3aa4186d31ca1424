/* table.c — a table of async functions defined in defs.c and in the
 * library, none of them in this file. */
#include "app.h"

#include <string.h>

const struct ptr_named_op app_ops[] = {
    { "square", app_square },
    { "add_ten", &app_add_ten },
    { "double", lib_double },
    { "negate", lib_negate },
};
const int app_op_count = sizeof app_ops / sizeof *app_ops;

ptr_op app_find(const char *name)
{
    for (int i = 0; i < app_op_count; i++)
        if (strcmp(app_ops[i].name, name) == 0)
            return app_ops[i].op;
    return NULL;
}
