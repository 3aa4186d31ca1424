/*
 * C99 complex results and locals: a `double _Complex` result keeps both
 * parts, and complex arithmetic on awaited values matches the
 * synchronous program.
 */
#include <pinion.h>
#include <complex.h>
#include <stdio.h>

static async double _Complex rotate(double _Complex z)
{
    await(pn_yield());
    return z * I;
}

static async float _Complex halve(float _Complex z)
{
    await(pn_yield());
    return z / 2.0f;
}

static async int run(void)
{
    double _Complex z = 1.0 + 2.0 * I;
    for (int i = 0; i < 3; i++)
        z = await(rotate(z)) + 0.5;
    float _Complex h = await(halve(3.0f - 4.0f * I));
    double re = creal(await(rotate(z))) + crealf(h);
    printf("z=(%.2f,%.2f) h=(%.2f,%.2f) re=%.2f\n", creal(z), cimag(z), crealf(h), cimagf(h), re);
    return (int)(re * 10) & 0x7f;
}

int main(void)
{
    return pn_block_on(run());
}
