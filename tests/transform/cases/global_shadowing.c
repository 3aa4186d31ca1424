/*
 * Locals and parameters that shadow file-scope variables: uses of the
 * global before and after the shadowing block must still reach the
 * global, and uses inside must reach the local, across awaits.
 */
#include <pinion.h>
#include <stdio.h>

int count = 100;
static int limit = 3;

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(int limit)
{
    count += await(id(1)); /* the global */
    int before = count;
    {
        int count = await(id(5)); /* shadows the global */
        count += limit;           /* the parameter */
        await(pn_yield());
        printf("inner count=%d limit=%d\n", count, limit);
    }
    count += await(id(10)); /* the global again */
    printf("before=%d global count=%d param limit=%d\n", before, count, limit);
    return count + limit;
}

int main(void)
{
    int r = pn_block_on(run(7));
    printf("r=%d global limit=%d count=%d\n", r, limit, count);
    return r & 0x7f;
}
