// expect: 9:18: error: variadic async function 'sum'
/*
 * The arguments of an async function are stored in its frame; a `...`
 * parameter list has no fixed layout to store, so it is refused.
 */
#include <pinion.h>
#include <stdarg.h>

static async int sum(int n, ...)
{
    va_list ap;
    int total = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        total += va_arg(ap, int);
    va_end(ap);
    await(pn_yield());
    return total;
}

int main(void)
{
    return pn_block_on(sum(2, 1, 2));
}
