// expect: 12:10: error: variable-length array 'buf' lives across an await
/*
 * A variable-length array has no size the frame struct could reserve,
 * so one whose lifetime includes an await point is refused.
 */
#include <pinion.h>
#include <stddef.h>

static async int fill(size_t n)
{
    int total = 0;
    char buf[n];
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)i;
    await(pn_yield());
    for (size_t i = 0; i < n; i++)
        total += buf[i];
    return total;
}

int main(void)
{
    return pn_block_on(fill(5));
}
