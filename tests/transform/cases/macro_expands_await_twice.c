/*
 * A macro whose argument contains an await and is expanded twice: each
 * expansion is its own await point and its own call, exactly as in the
 * synchronous program (the callee counts its calls).
 */
#include <pinion.h>
#include <stdio.h>

#define TWICE(e) ((e) + (e))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

static int calls;

static async int next_value(void)
{
    calls++;
    await(pn_yield());
    return calls * 10;
}

static async int run(void)
{
    int t = TWICE(await(next_value()));
    printf("t=%d calls=%d\n", t, calls);
    /* MAX evaluates the winner twice: three calls when a > b is decided
     * by the first pair. */
    int m = MAX(await(next_value()), 5);
    printf("m=%d calls=%d\n", m, calls);
    int n = MAX(1, await(next_value()));
    printf("n=%d calls=%d\n", n, calls);
    return t + m + n + calls;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r % 100;
}
