/* a.c — first of three files whose functions await each other in a ring. */
#include <pinion.h>

async int fb(int n);

async int fa(int n)
{
    if (n <= 0)
        return 0;
    return await(fb(n - 1)) + 1;
}
