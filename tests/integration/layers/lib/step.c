/* step.c — one step, built on sum.c's layer_base(). */
#include "layers.h"

async int layer_step(int v)
{
    /* LAYOUT */
    int base = await(layer_base());
    return v + base; /* BODY */
}
