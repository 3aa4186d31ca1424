/*
 * `break` and `continue` inside loops whose condition or increment awaits
 * (and so are rewritten), mixed with inner constructs that own their own
 * break/continue: a `continue` inside an inner do-while or for belongs to
 * that inner loop, a `break` inside a switch belongs to the switch, and a
 * `continue` inside a switch belongs to the enclosing loop.
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

    /* Increment awaits; continue inside an inner do-while and an inner for. */
    for (int i = 0; i < 4; i = await(id(i + 1))) {
        int k = 0;
        do {
            k++;
            if (k < 3)
                continue; /* to the do-while's condition */
            trace += 1;
        } while (k < 4);
        for (int j = 0; j < 3; j++) {
            if (j == 1)
                continue; /* to this for's j++ */
            trace += 10;
        }
        switch (i) {
        case 1:
            continue; /* the outer for: runs its awaited increment */
        case 2:
            break; /* the switch only */
        default:
            trace += 100;
        }
        trace += 1000;
    }
    printf("for: trace=%d\n", trace);

    /* Condition awaits; break inside a switch and inside an inner while. */
    int n = 0;
    while (await(id(n)) < 6) {
        n++;
        int m = 0;
        while (1) {
            if (++m == 2)
                break; /* the inner while only */
        }
        switch (n % 3) {
        case 0:
            break;
        case 1:
            trace += 2;
            continue;
        default:
            trace += 20;
        }
        if (n == 5)
            break; /* the outer while */
        trace += m * 200;
    }
    printf("while: n=%d trace=%d\n", n, trace);

    /* do-while whose condition awaits; continue from a nested switch. */
    int d = 0;
    do {
        d++;
        switch (d) {
        case 2:
            continue; /* to the awaited condition */
        }
        trace += 5;
    } while (await(id(d)) < 4);
    printf("do: d=%d trace=%d\n", d, trace);
    return trace % 128;
}

int main(void)
{
    return pn_block_on(run());
}
