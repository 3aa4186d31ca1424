/* c.c — closes the ring: awaits a.c's fa(). */
#include <pinion.h>

async int fa(int n);

async int fc(int n)
{
    return await(fa(n));
}
