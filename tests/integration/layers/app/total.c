/* total.c — awaits the library: this frame holds layer_sum()'s, which
 * holds layer_step()'s. */
#include <layers.h>

#include "app.h"

async int app_total(int n)
{
    int s = await(layer_sum(n));
    return s * 10;
}
