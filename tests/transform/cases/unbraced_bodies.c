/*
 * Awaits as the whole body of unbraced `if`, `else`, `for`, `while` and
 * `do` statements, and a dangling `else`.  Lowering must not split such a
 * body from its statement.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

static async int hit(int v)
{
    calls++;
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int acc = 0;
    for (int i = 0; i < 3; i++)
        acc += await(hit(i));
    printf("for: acc=%d calls=%d\n", acc, calls);

    int n = 3;
    while (n--)
        await(hit(n));
    printf("while: n=%d calls=%d\n", n, calls);

    int d = 0;
    do
        d += await(hit(2));
    while (d < 5);
    printf("do: d=%d calls=%d\n", d, calls);

    for (int i = 0; i < 4; i++)
        if (i % 2)
            if (i == 3)
                acc += await(hit(300));
            else
                acc += await(hit(10));
        else
            acc += await(hit(1000));
    printf("if/else: acc=%d calls=%d\n", acc, calls);

    if (acc > 0)
        ;
    else
        await(hit(-1));
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            while (await(hit(0)))
                acc = -1;
    printf("end: acc=%d calls=%d\n", acc, calls);
    return acc % 100 + calls;
}

int main(void)
{
    return pn_block_on(run());
}
