/* other.c — async code that embeds no frame of another file: no edit in
 * the library compiles it again. */
#include "app.h"

async int app_other(int k)
{
    await(pn_yield());
    return k + 1;
}
