/*
 * float, double and long double results keep their precision: a float
 * result is rounded to float before use (as in the synchronous program),
 * and mixing them with integers converts as C says.
 */
#include <pinion.h>
#include <stdio.h>

static async float third_f(void)
{
    await(pn_yield());
    return 1.0f / 3.0f;
}

static async double third_d(void)
{
    await(pn_yield());
    return 1.0 / 3.0;
}

static async long double third_ld(void)
{
    await(pn_yield());
    return 1.0L / 3.0L;
}

static async int run(void)
{
    float f = await(third_f());
    double d = await(third_d());
    long double ld = await(third_ld());
    double from_f = await(third_f());
    int truncated = (int)(await(third_d()) * 100);
    printf("f=%.9g d=%.17g ld=%.21Lg\n", f, d, ld);
    printf("from_f=%.17g same=%d truncated=%d\n", from_f, from_f == (double)f, truncated);
    double sum = 0;
    for (int i = 0; i < 3; i++)
        sum += await(third_d());
    printf("sum=%.17g\n", sum);
    return truncated + (sum == 1.0);
}

int main(void)
{
    return pn_block_on(run());
}
