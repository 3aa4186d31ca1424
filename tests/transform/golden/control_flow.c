/* Awaits in loop conditions, a for increment, short-circuit operands and
 * a conditional: the lowered forms of each. */
#include <pinion.h>

async int next(int v);

async int walk(int limit)
{
    int total = 0;
    while (await(next(total)) < limit)
        total += 2;
    for (int i = 0; i < limit; i = await(next(i))) {
        if (i % 3 == 0)
            continue;
        total += i;
    }
    if (total > 10 && await(next(total)) > 20)
        total = -total;
    return total > 0 ? await(next(total)) : 0;
}

async int next(int v)
{
    await(pn_yield());
    return v + 1;
}
