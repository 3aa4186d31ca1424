/*
 * Parameters of every shape survive suspension: scalars modified in the
 * body, a struct passed by value (a copy, the caller's is untouched), an
 * array parameter (a pointer), a const-qualified pointer, and many
 * parameters of different sizes in one function.
 */
#include <pinion.h>
#include <stdint.h>
#include <stdio.h>

struct vec {
    double x, y, z;
    char name[8];
};

static async double scale(struct vec v, double k, int times[3], const char *tag)
{
    for (int i = 0; i < 3; i++) {
        await(pn_yield());
        times[i] += i;
        k += 0.5;
    }
    v.x *= k;
    v.name[0] = 'V';
    await(pn_yield());
    printf("  %s: v=(%.1f,%.1f,%.1f) %s k=%.1f\n", tag, v.x, v.y, v.z, v.name, k);
    return v.x + v.y + v.z;
}

static async long many(char c, short s, int i, long l, long long ll, unsigned char uc, float f,
                       double d, uint64_t u64, int8_t i8)
{
    await(pn_yield());
    c++;
    s = (short)(s * 2);
    await(pn_yield());
    return c + s + i + l + ll + uc + (long)f + (long)d + (long)u64 + i8;
}

static async int run(void)
{
    struct vec v = { 1, 2, 3, "vec" };
    int times[3] = { 10, 20, 30 };
    double r = await(scale(v, 2.0, times, "first"));
    printf("r=%.1f caller v.x=%.1f name=%s times=%d,%d,%d\n", r, v.x, v.name, times[0], times[1],
           times[2]);
    long m = await(many('a', 300, -4, 100000L, 1LL << 33, 255, 2.75f, -1.5, UINT64_C(7), -8));
    printf("m=%ld\n", m);
    return (int)r + (int)(m % 100);
}

int main(void)
{
    return pn_block_on(run()) & 0x7f;
}
