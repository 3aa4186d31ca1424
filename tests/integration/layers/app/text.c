/* text.c — plain C in the program. */
#include <layers.h>

#include "app.h"

const char *app_text(void)
{
    return layer_name();
}
