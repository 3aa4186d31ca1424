/*
 * Kernel-style macros declare their temporaries with `__typeof__` of
 * their arguments inside a statement expression, so an argument that
 * awaits is written twice: once in `__typeof__`, which C does not
 * evaluate, and once in the initialiser, which it does.  Only the second
 * is an await point.  A wrong lowering makes the copy inside typeof an
 * await point too (a jump to a resume label that is never defined), or
 * calls the callee twice.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

static async int get(int v)
{
    calls++;
    await(pn_yield());
    return v;
}

static async double get_double(double v)
{
    calls++;
    await(pn_yield());
    return v;
}

#define MAX(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
#define MIN(a, b) ({ __auto_type _a = (a); __auto_type _b = (b); _a < _b ? _a : _b; })
#define SWAP(x, y) do { __typeof__(x) _t = (x); (x) = (y); (y) = _t; } while (0)
#define TWICE(e) ({ __typeof__(e) _v = (e); await(pn_yield()); _v * 2; })
#define SIZE_AND_VALUE(e) (sizeof(__typeof__(e)) * 100 + (e))

static async int run(void)
{
    int m = MAX(await(get(4)), 3);
    printf("m=%d calls=%d\n", m, calls);
    int k = MAX(1, await(get(2))) + MAX(await(get(5)), await(get(6)));
    printf("k=%d calls=%d\n", k, calls);
    double d = MAX(await(get_double(1.5)), 0.5);
    printf("d=%.1f calls=%d\n", d, calls);
    int n = MIN(await(get(9)), 8);
    printf("n=%d calls=%d\n", n, calls);
    int p = 1, q = 2;
    SWAP(p, q);
    await(pn_yield());
    printf("p=%d q=%d\n", p, q);
    int t = TWICE(await(get(21)));
    printf("t=%d calls=%d\n", t, calls);
    long s = (long)SIZE_AND_VALUE(await(get(7)));
    printf("s=%ld calls=%d\n", s, calls);
    return m + k + (int)d + n + t + (int)s + calls;
}

int main(void)
{
    return pn_block_on(run()) & 0x7f;
}
