/*
 * Macros in an async body whose expansions name locals (the body is not
 * spliceable text: it comes from the macro), including macros that
 * assign, take addresses and expand to whole statements.
 */
#include <pinion.h>
#include <stdio.h>

#define ACC (total)
#define ADD_TO_TOTAL(v) (total += (v))
#define SWAP(a, b)                                                                          \
    do {                                                                                    \
        int tmp_ = (a);                                                                     \
        (a) = (b);                                                                          \
        (b) = tmp_;                                                                         \
    } while (0)
#define LAST(arr) ((arr)[sizeof(arr) / sizeof((arr)[0]) - 1])
#define PTR_TO_COUNT (&count)

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int total = 1;
    int count = 0;
    int xs[4] = { 1, 2, 3, 4 };
    int a = 10, b = 20;

    await(pn_yield());
    ADD_TO_TOTAL(await(id(5)));
    SWAP(a, b);
    await(pn_yield());
    LAST(xs) = await(id(ACC * 2));
    *PTR_TO_COUNT += await(id(LAST(xs)));
    printf("total=%d count=%d a=%d b=%d last=%d\n", ACC, count, a, b, LAST(xs));
    return ACC + count + a;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r;
}
