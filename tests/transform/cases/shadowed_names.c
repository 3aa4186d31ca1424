/*
 * The same name declared in nested scopes (and a parameter shadowed by a
 * local), each living across awaits.  Every scope must see its own
 * variable; an inner write must not leak to the outer one.
 */
#include <pinion.h>
#include <stdio.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(int x)
{
    printf("param x=%d\n", x);
    int total = x;
    {
        int x = await(id(100));
        {
            int x = await(id(200));
            x += await(id(1));
            printf("innermost x=%d\n", x);
            total += x;
        }
        x += await(id(2));
        printf("inner x=%d\n", x);
        total += x;
        for (int x = 0; x < 3; x++) {
            int y = await(id(x));
            total += y;
            printf("loop x=%d\n", x);
        }
        printf("inner x after loop=%d\n", x);
    }
    x += await(id(3));
    printf("param x now=%d total=%d\n", x, total);
    return total + x;
}

int main(void)
{
    int r = pn_block_on(run(5));
    printf("r=%d\n", r);
    return r % 100;
}
