/*
 * A void async function that falls off the end of its body (with and
 * without a preceding await, after loops and if/else) completes normally,
 * and so does one that uses a bare `return;` early.
 */
#include <pinion.h>
#include <stdio.h>

static int log_count;

static async void note(int v)
{
    await(pn_yield());
    log_count++;
    printf("  note %d\n", v);
}

static async void maybe_return(int v)
{
    if (v < 0) {
        printf("  negative, early return\n");
        return;
    }
    await(note(v));
    if (v > 5)
        return;
    await(note(v + 1000));
}

static async void loop_then_fall(int n)
{
    for (int i = 0; i < n; i++)
        await(note(i));
    if (n > 2)
        printf("  loop_then_fall n=%d big\n", n);
    else
        await(pn_yield());
}

static async void no_await(void)
{
    printf("  no_await runs\n");
}

static async void run(void)
{
    await(maybe_return(-1));
    await(maybe_return(3));
    await(maybe_return(9));
    await(loop_then_fall(3));
    await(loop_then_fall(1));
    await(no_await());
    printf("log_count=%d\n", log_count);
}

int main(void)
{
    pn_block_on(run());
    printf("done\n");
    return log_count;
}
