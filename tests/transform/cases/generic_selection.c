/*
 * `_Generic` does not evaluate its controlling expression, so an await
 * written there is not an await point; the selected association is
 * evaluated, with its await, and the others are not.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

static async double get_double(void)
{
    calls++;
    await(pn_yield());
    return 1.5;
}

static async int get_int(int v)
{
    calls++;
    await(pn_yield());
    return v;
}

#define KIND(x) _Generic((x), int: "int", double: "double", default: "other")

static async int run(void)
{
    const char *k1 = KIND(await(get_double()));
    const char *k2 = KIND(await(get_int(1)));
    printf("k1=%s k2=%s calls=%d\n", k1, k2, calls);
    int x = 0;
    int v = _Generic(x, int: await(get_int(42)), default: await(get_int(-1)));
    double d = _Generic(1.0f, float: await(get_double()), default: 0.0);
    printf("v=%d d=%.1f calls=%d\n", v, d, calls);
    return v + calls;
}

int main(void)
{
    return pn_block_on(run());
}
