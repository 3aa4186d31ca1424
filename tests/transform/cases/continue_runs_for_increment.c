/*
 * `continue` inside a `for` whose increment awaits must still run the
 * increment (with its await).  A lowering that turns the increment into
 * code at the end of the body and forgets to redirect `continue` loops
 * forever or skips increments; the printed trace shows which.
 */
#include <pinion.h>
#include <stdio.h>

static async int next(int i)
{
    await(pn_yield());
    printf("  next(%d)\n", i);
    return i + 1;
}

static async int run(void)
{
    int seen = 0;
    for (int i = 0; i < 10; i = await(next(i))) {
        if (i % 2 == 0) {
            printf("skip %d\n", i);
            continue;
        }
        await(pn_yield());
        if (i == 7) {
            printf("stop at %d\n", i);
            break;
        }
        printf("keep %d\n", i);
        seen += i;
    }

    /* Nested loops: continue in the inner loop runs only the inner
     * increment; continue in the outer loop runs the outer one. */
    int pairs = 0;
    for (int a = 0; a < 3; a = await(next(a))) {
        for (int b = 0; b < 3; b = await(next(b))) {
            if (a == b)
                continue;
            pairs += a * 10 + b;
        }
        if (a == 1)
            continue;
        printf("outer a=%d pairs=%d\n", a, pairs);
    }
    printf("seen=%d pairs=%d\n", seen, pairs);
    return seen + pairs;
}

int main(void)
{
    return pn_block_on(run()) & 0x7f;
}
