/*
 * `break` and `continue` in nested while/for/do loops around awaits: each
 * affects only its innermost loop, and a `break` inside a `switch` inside
 * a loop leaves only the switch.
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
    int trace = 0;
    int i = 0;
    while (i < 5) {
        i++;
        int j = 0;
        for (;;) {
            j = await(id(j + 1));
            if (j == 2)
                continue;
            if (j > i)
                break;
            trace += j;
        }
        if (i == 3)
            continue;
        switch (await(id(i % 3))) {
        case 0:
            trace += 100;
            break;
        case 1:
            do {
                if (await(id(j)) > 3)
                    break;
                trace += 1000;
            } while (0);
            break;
        default:
            continue;
        }
        printf("i=%d j=%d trace=%d\n", i, j, trace);
    }
    printf("i=%d trace=%d\n", i, trace);
    return trace % 128;
}

int main(void)
{
    return pn_block_on(run());
}
