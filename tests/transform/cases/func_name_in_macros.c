/*
 * __func__ and __PRETTY_FUNCTION__ reached through macros inside async
 * functions: a user macro that prints where it is (expanded in plain
 * statements, in a statement that awaits, in a macro argument next to an
 * await), one whose body awaits, one built like assert's failure path
 * (`__extension__ __PRETTY_FUNCTION__`), and assert itself, which the
 * lowering keeps as written.  The macro bodies cannot be edited, so a
 * lowering that only rewrote the names written in the function's text
 * still printed "run__poll" from inside them.
 */
#include <pinion.h>
#include <assert.h>
#include <stdio.h>
#include <string.h>

#if defined(__clang__)
#define PRETTY_RUN "int run(int)"
#else
#define PRETTY_RUN "run"
#endif

#define WHERE() printf("%s:%d\n", __func__, __LINE__)
#define WHERE_AFTER(e) printf("%s:%d:%d\n", __func__, __LINE__, (e))
#define NAMED_YIELD() ({ await(pn_yield()); __func__; })
#define REPORT(c) report(#c, (c), __extension__ __PRETTY_FUNCTION__)

static int report(const char *what, int ok, const char *func)
{
    printf("%s -> %d in %s (%d)\n", what, ok, strcmp(func, PRETTY_RUN) == 0 ? "run" : func, ok);
    return ok;
}

static async int id(int v)
{
    await(pn_yield());
    WHERE();
    return v;
}

static async int run(int k)
{
    WHERE();
    await(pn_yield());
    WHERE();
    WHERE_AFTER(await(id(k)));
    int v = await(id(k + 1));
    assert(v == k + 1);
    assert(strcmp(__func__, "run") == 0);
    printf("yielded in %s\n", NAMED_YIELD());
    REPORT(v > k);
    REPORT(await(id(v)) == v);
    if (v) {
        WHERE();
        await(pn_yield());
        WHERE();
    }
    return v;
}

int main(void)
{
    WHERE();
    int r = pn_block_on(run(4));
    WHERE();
    return r;
}
