/* defs.c — the program's own async operations. */
#include "app.h"

async int app_square(int x)
{
    await(pn_yield());
    return x * x;
}

async int app_add_ten(int x)
{
    int r = x;
    for (int i = 0; i < 10; i++) {
        await(pn_yield());
        r++;
    }
    return r;
}
