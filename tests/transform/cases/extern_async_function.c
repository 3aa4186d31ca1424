/*
 * Async functions with external linkage (no `static`), declared with a
 * prototype and defined later, awaited from a static one and from each
 * other; main block_on's an external one.
 */
#include <pinion.h>
#include <stdio.h>

async int ext_double(int);
async int ext_entry(void);

static async int helper(int v)
{
    return await(ext_double(v)) + 1;
}

async int ext_double(int v)
{
    await(pn_yield());
    return v * 2;
}

async int ext_entry(void)
{
    int s = 0;
    for (int i = 0; i < 5; i++)
        s += await(helper(i));
    printf("s=%d\n", s);
    return s;
}

int main(void)
{
    return pn_block_on(ext_entry());
}
