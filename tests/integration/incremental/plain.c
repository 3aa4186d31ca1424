/* plain.c — ordinary C in the same target: never transformed. */
#include "parts.h"

const char *greeting(void)
{
    return "incremental";
}
