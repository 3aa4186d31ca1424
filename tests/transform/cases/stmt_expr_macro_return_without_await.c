/*
 * The error-handling macro around plain calls in an async function:
 * `TRY(sync_call())` has no await, but the return inside it comes out of
 * the macro's body, where it cannot be edited into the poll function's
 * return, so the statement expression is rebuilt from its statements like
 * one that awaits.  Beside awaits, nested in an awaiting one, on the
 * right of && (not run when the left is false), in a loop condition, in
 * a void function, and in an async function without any await.  A wrong
 * lowering would return the poll function's status instead of the
 * result, run the skipped operand, or evaluate the condition once.
 */
#include <pinion.h>
#include <stdio.h>

#define TRY(e) ({ long try_r_ = (e); if (try_r_ < 0) return (int)try_r_; try_r_; })
#define CHECK(e) ({ if ((e) < 0) { printf("  check failed\n"); return; } })

static int calls;

static long sync_(long v)
{
    calls++;
    return v;
}

static async long id(long v)
{
    await(pn_yield());
    return v;
}

static async int mixed(long a, long b)
{
    long x = TRY(sync_(a));
    long y = await(id(x)) + TRY(sync_(b));
    printf("  x=%ld y=%ld\n", x, y);
    long z = TRY(await(id(TRY(sync_(b - 10)))));
    printf("  z=%ld\n", z);
    int skipped = a > 100 && TRY(sync_(-9)) > 0;
    printf("  skipped=%d\n", skipped);
    long n = 0;
    while (TRY(sync_(a - n)) > 0 && n < 3)
        n += await(id(1));
    printf("  n=%ld\n", n);
    return (int)(x + y + z + n);
}

static async int no_await(long a)
{
    return (int)TRY(sync_(a)) * 2;
}

static async void checks(long a)
{
    CHECK(sync_(a));
    await(pn_yield());
    CHECK(sync_(a - 5));
    printf("  checks passed\n");
}

int main(void)
{
    int r = pn_block_on(mixed(5, 20));
    printf("mixed(5,20)=%d calls=%d\n", r, calls);
    r = pn_block_on(mixed(-1, 20));
    printf("mixed(-1,20)=%d calls=%d\n", r, calls);
    r = pn_block_on(mixed(5, -2));
    printf("mixed(5,-2)=%d calls=%d\n", r, calls);
    r = pn_block_on(mixed(5, 3));
    printf("mixed(5,3)=%d calls=%d\n", r, calls);
    r = pn_block_on(mixed(2, 20));
    printf("mixed(2,20)=%d calls=%d\n", r, calls);
    printf("no_await(4)=%d no_await(-4)=%d\n", pn_block_on(no_await(4)), pn_block_on(no_await(-4)));
    pn_block_on(checks(9));
    pn_block_on(checks(2));
    pn_block_on(checks(-1));
    printf("calls=%d\n", calls);
    return calls % 128;
}
