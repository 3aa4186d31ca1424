/* twice.c — a callee whose frame holds a buffer across its await. */
#include "lib.h"

async int twice(int x)
{
    char pad[40];
    pad[0] = (char)x;
    await(pn_yield());
    return pad[0] * 2; /* BODY */
}
