/*
 * One function with three hundred await points (written with macros that
 * expand to comma expressions, so every expansion is its own point) and a
 * loop around twenty more: the dispatch must reach every state, with
 * numbers well past 255.
 */
#include <pinion.h>
#include <stdio.h>

static async int step(int *n, int k)
{
    await(pn_yield());
    *n = *n * 3 % 1000003 + k;
    return *n;
}

#define S(k) await(step(&n, k))
#define S10(k)                                                                              \
    (S(k), S(k + 1), S(k + 2), S(k + 3), S(k + 4), S(k + 5), S(k + 6), S(k + 7), S(k + 8),   \
     S(k + 9))
#define S100(k)                                                                             \
    (S10(k), S10(k + 10), S10(k + 20), S10(k + 30), S10(k + 40), S10(k + 50), S10(k + 60),  \
     S10(k + 70), S10(k + 80), S10(k + 90))

static async int run(void)
{
    int n = 1;
    S100(0);
    printf("after 100: n=%d\n", n);
    S100(100);
    printf("after 200: n=%d\n", n);
    S100(200);
    printf("after 300: n=%d\n", n);
    for (int i = 0; i < 3; i++) {
        S10(i);
        int last = S10(i * 7);
        if (last != n)
            printf("comma value %d != n %d\n", last, n);
    }
    printf("end: n=%d\n", n);
    return n % 128;
}

int main(void)
{
    return pn_block_on(run());
}
