/*
 * The operand of `__typeof__` is not evaluated (its type is not variably
 * modified), so an await written there is no await point: the callee is
 * never called, no state is made for it, and the declared types are the
 * callee's result type.  A wrong lowering counts the await as a state
 * and copies its text (a jump to a resume label that is never defined,
 * or a call of the async function by its old name), or calls the callee.
 * Shapes: a declaration's type, a pointer to it, a typedef, a cast, a
 * compound literal, a structure member, typeof nested in typeof and in
 * sizeof, locals of such types living across awaits, a callee with a
 * `void` or structure result; and in `main`, which is not async.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

struct pair {
    int a, b;
};

static async int get_int(int v)
{
    calls++;
    await(pn_yield());
    return v;
}

static async long get_long(void)
{
    calls++;
    await(pn_yield());
    return 5;
}

static async void nothing(void)
{
    calls++;
    await(pn_yield());
}

static async struct pair get_pair(void)
{
    calls++;
    await(pn_yield());
    struct pair p = { 1, 2 };
    return p;
}

static async int run(int n)
{
    __typeof__(await(get_int(1))) x = 10;
    __typeof(await(get_int(2))) *px = &x;
    typedef __typeof__(await(get_pair())) pair_t;
    pair_t pr = { 3, 4 };
    int y = await(get_int(n));
    long c = (__typeof__(await(get_long())))y + sizeof(__typeof__(await(get_long())));
    printf("x=%d *px=%d pr=%d,%d y=%d c=%ld calls=%d\n", x, *px, pr.a, pr.b, y, c, calls);
    __typeof__(await(get_long())) v = 1;
    await(pn_yield());
    v += x;
    __typeof__(await(nothing())) *vp = &v;
    struct holder {
        __typeof__(await(get_pair())) p;
        __typeof__(__typeof__(await(get_int(3))) *) q;
    } h = { { 7, 8 }, &x };
    int lit = (__typeof__(await(get_int(4)))){ 40 } + *h.q;
    await(pn_yield());
    printf("v=%ld vp=%d h=%d,%d lit=%d sizes=%d calls=%d\n", v, vp == (void *)&v, h.p.a, h.p.b,
           lit, (int)(sizeof(h.p) + sizeof *h.q), calls);
    /* Each callee once for real. */
    long real = await(get_long());
    await(nothing());
    struct pair rp = await(get_pair());
    printf("real=%ld rp=%d,%d calls=%d\n", real, rp.a, rp.b, calls);
    return (int)(x + y + v + lit + real) + calls;
}

int main(void)
{
    /* In a function that is not async too. */
    __typeof__(await(run(6))) r = pn_block_on(run(6));
    printf("r=%d size=%zu calls=%d\n", r, sizeof(__typeof__(await(get_pair()))), calls);
    return r & 0x7f;
}
