/*
 * Statement expressions without an await in an async function, after
 * and beside awaits: each is copied as it is written, its locals stay
 * ordinary locals (they live and die inside it, never across an await),
 * and a return inside it leaves the async function with its result.  A
 * wrong analysis would keep their locals in the frame, which the copied
 * text cannot name, or lose a value an await outlives.
 *
 * layout: f frame a m big n k
 */
#include <pinion.h>
#include <stdio.h>

static long sync_(long v)
{
    return v;
}

static async long id(long v)
{
    await(pn_yield());
    return v;
}

static async int f(long a)
{
    long big[8] = { 0 };
    big[1] = a;
    long n = ({ long r = sync_(a); if (r < 0) return -1; r; });
    long m = await(id(n)) + ({
                 long s = 0;
                 for (int i = 0; i < 4; i++) {
                     if (i == 1)
                         continue;
                     if (i == 3)
                         break;
                     s += i + 10;
                 }
                 s;
             });
    printf("  n=%ld m=%ld\n", n, m);
    long k = ({ long r = sync_(m); if (r > 100) return -2; r; }) + await(id(1));
    await(pn_yield());
    long q = ({ long t = k * 2; t + 1; });
    printf("  k=%ld q=%ld\n", k, q);
    return (int)(n + m + k + q + big[1]);
}

int main(void)
{
    int r1 = pn_block_on(f(3));
    int r2 = pn_block_on(f(-2));
    int r3 = pn_block_on(f(200));
    printf("%d %d %d\n", r1, r2, r3);
    return (r1 + 3) % 128;
}
