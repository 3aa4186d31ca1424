/*
 * Awaits written inside the arguments of function-like macros (a
 * checking macro, a clamp, a logging macro that stringifies its argument,
 * and a statement macro), each expanded exactly once.
 */
#include <pinion.h>
#include <stdio.h>

#define CHECK(cond) ((cond) ? 1 : (printf("check failed: %s\n", #cond), 0))
#define CLAMP(v, lo, hi) ((v) < (lo) ? (lo) : (v) > (hi) ? (hi) : (v))
#define LOG_INT(expr) printf("%s = %d\n", #expr, (expr))
#define REPEAT3(stmt)                                                                       \
    do {                                                                                    \
        stmt;                                                                               \
        stmt;                                                                               \
        stmt;                                                                               \
    } while (0)

static int calls;

static async int id(int v)
{
    calls++;
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int ok = CHECK(await(id(1)) == 1) + CHECK(await(id(2)) == 3);
    int c = await(id(50));
    int clamped = CLAMP(c, 0, 10);
    LOG_INT(await(id(42)));
    int total = 0;
    REPEAT3(total += await(id(7)));
    printf("ok=%d clamped=%d total=%d calls=%d\n", ok, clamped, total, calls);
    return ok + clamped + total + calls;
}

int main(void)
{
    return pn_block_on(run());
}
