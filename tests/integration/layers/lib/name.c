/* name.c — plain C in the library. */
#include "layers.h"

const char *layer_name(void)
{
    return "layers";
}
