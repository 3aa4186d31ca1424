/*
 * `static inline` async functions, awaited from a loop; the inline
 * specifier must not change what they compute.
 */
#include <pinion.h>
#include <stdio.h>

static inline async int inc(int v)
{
    await(pn_yield());
    return v + 1;
}

static inline async int add_n(int v, int n)
{
    for (int i = 0; i < n; i++)
        v = await(inc(v));
    return v;
}

int main(void)
{
    int r = pn_block_on(add_n(10, 7));
    printf("r=%d\n", r);
    return r;
}
