/*
 * Chained assignments with an await at the end of the chain, assignment
 * used as a value in a condition, and an await result stored into
 * several places of different types at once.
 */
#include <pinion.h>
#include <stdio.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int a, b, c;
    a = b = c = await(id(300));
    char ch;
    long l;
    l = ch = (char)await(id(65));
    int n = 0, v;
    while ((v = await(id(n))) < 4)
        n = v + 1;
    printf("a=%d b=%d c=%d ch=%c l=%ld n=%d v=%d\n", a, b, c, ch, l, n, v);
    return a / 100 + b / 100 + c / 100 + (int)l + n + v;
}

int main(void)
{
    return pn_block_on(run());
}
