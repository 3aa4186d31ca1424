/*
 * An await in a `do ... while` condition runs after each pass of the
 * body, and `continue` in the body jumps to the condition (running its
 * await) rather than to the top of the body.
 */
#include <pinion.h>
#include <stdio.h>

static async int below(int v, int limit)
{
    await(pn_yield());
    printf("  below(%d, %d)\n", v, limit);
    return v < limit;
}

static async int run(void)
{
    int i = 0, body = 0;
    do {
        body++;
        i += 2;
        if (i == 4)
            continue;
        printf("body i=%d\n", i);
    } while (await(below(i, 9)));
    printf("i=%d body=%d\n", i, body);

    /* The body runs once even when the condition is false at once. */
    int once = 0;
    do
        once++;
    while (await(below(100, 0)));

    /* Nested do-while, each condition awaiting. */
    int outer = 0, inner_total = 0;
    do {
        int inner = 0;
        do
            inner++;
        while (await(below(inner, outer + 1)));
        inner_total += inner;
    } while (await(below(++outer, 3)));
    printf("once=%d outer=%d inner_total=%d\n", once, outer, inner_total);
    return i + body + once + outer + inner_total;
}

int main(void)
{
    return pn_block_on(run());
}
