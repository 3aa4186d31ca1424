/*
 * Jumps into the body of loops whose condition or increment awaits: a
 * `goto` into a while body (the condition, with its await, runs at the end
 * of that pass), a `goto` into a for body (its awaited increment runs),
 * and `case` labels inside a while whose condition awaits.
 */
#include <pinion.h>
#include <stdio.h>

static int tests;

static async int below(int v, int limit)
{
    tests++;
    await(pn_yield());
    return v < limit;
}

static async int next(int v)
{
    await(pn_yield());
    return v + 1;
}

static async int run(int k)
{
    int x = 0, y = 0;
    goto inside_while;
    while (await(below(x, 3))) {
        x++;
inside_while:
        y++;
    }
    printf("k=%d while: x=%d y=%d tests=%d\n", k, x, y, tests);

    int i = 10, body = 0;
    goto inside_for;
    for (i = 0; i < 3; i = await(next(i))) {
inside_for:
        body += i;
    }
    printf("k=%d for: i=%d body=%d\n", k, i, body);

    int n = 0;
    switch (k) {
    case 0:
        while (await(below(n, 5))) {
            n += 2;
            /* fall through */
    case 1:
            n += 1;
        }
        break;
    default:
        n = -1;
    }
    printf("k=%d switch: n=%d tests=%d\n", k, n, tests);
    return x + y + i + body + n;
}

static async int run_all(void)
{
    int s = 0;
    for (int k = 0; k < 3; k++)
        s += await(run(k));
    return s;
}

int main(void)
{
    return pn_block_on(run_all()) & 0x7f;
}
