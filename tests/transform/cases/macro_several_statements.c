/*
 * A macro that expands to several statements (not wrapped in do/while),
 * with awaits in them and naming locals, used where a statement list is
 * allowed.  Each statement of the expansion runs in order.
 */
#include <pinion.h>
#include <stdio.h>

#define TWO_STEPS(v)                                                                        \
    total += await(id(v));                                                                  \
    count++;

#define LOG_AND_WAIT(msg)                                                                   \
    printf("%s total=%d count=%d\n", msg, total, count);                                    \
    await(pn_yield());

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int total = 0, count = 0;
    TWO_STEPS(5)
    LOG_AND_WAIT("first")
    for (int i = 0; i < 3; i++) {
        TWO_STEPS(i * 10)
    }
    LOG_AND_WAIT("second")
    return total + count;
}

int main(void)
{
    return pn_block_on(run());
}
