/* b.c — second file of the ring, through a static helper. */
#include <pinion.h>

async int fc(int n);

static async int relay(int n)
{
    return await(fc(n));
}

async int fb(int n)
{
    await(pn_yield());
    return await(relay(n));
}
