#include "work.h"

async int work_twice(int x)
{
    await(pn_yield());
    return 2 * x;
}
