/* twin.c — defines fa() again, as a.c does. */
#include <pinion.h>

async int fa(int n)
{
    await(pn_yield());
    return n;
}
