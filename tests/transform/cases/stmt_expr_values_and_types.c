/*
 * What a statement expression that awaits may yield, and what it may
 * declare: a structure (also one with a const member, which cannot be
 * assigned), a member of a structure whose type it declares itself, a
 * value of a typedef it declares, a static local, pn_all inside it, and a
 * value nobody uses (cast to void, or an expression statement).  A wrong
 * lowering would not compile (a type out of scope, an assignment to a
 * const member), or lose part of the value across an await.
 */
#include <pinion.h>
#include <stdio.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

struct P {
    int a;
    int b;
};

struct C {
    const int k;
    int m;
};

static async int run(int k)
{
    int x, y;
    int s = ({ pn_all(x = await(id(k)), y = await(id(2))); x * 10 + y; });
    printf("s=%d\n", s);

    struct P p = ({ struct P t = { await(id(3)), k }; await(pn_yield()); t; });
    printf("p=%d,%d\n", p.a, p.b);

    int q = ({ struct Q { int a, b; } u = { await(id(5)), k * 2 }; await(pn_yield()); u; }).b;
    printf("q=%d\n", q);

    struct C c = ({ struct C t = { await(id(7)), k + 8 }; t; });
    printf("c=%d,%d\n", c.k, c.m);

    int td = ({ typedef int T; T v = await(id(9)); await(pn_yield()); v + k; });
    printf("td=%d\n", td);

    int st = ({ static int calls; calls++; await(pn_yield()); calls; });
    printf("st=%d\n", st);

    (void)({ await(id(1)); 5; });
    ({ int z = await(id(k)); printf("z=%d\n", z); });
    return s + p.a + p.b + q + c.k + c.m + td + st;
}

int main(void)
{
    int r = pn_block_on(run(3));
    printf("r=%d\n", r);
    r += pn_block_on(run(4));
    printf("r=%d\n", r);
    return r % 128;
}
