/*
 * Async functions called before they are defined, through a prototype:
 * the caller's frame embeds the callee's, so the generated code must
 * order the frame definitions itself.  Also an async prototype repeated
 * and one declared inside the file after its use.
 */
#include <pinion.h>
#include <stdio.h>

static async int later(int v);
static async long much_later(long v);

static async int first(int v)
{
    int a = await(later(v));
    long b = await(much_later(a));
    return (int)b + 1;
}

static async int later(int v);

static async int later(int v)
{
    await(pn_yield());
    return v * 3;
}

static async long much_later(long v)
{
    await(pn_yield());
    return v - 2;
}

int main(void)
{
    int r = pn_block_on(first(5));
    printf("first(5)=%d\n", r);
    return r;
}
