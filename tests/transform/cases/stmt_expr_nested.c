/*
 * Statement expressions that await, nested: inside one another's
 * declarations, values and conditions, inside the arguments of an awaited
 * call, and through a macro that nests itself (each expansion declaring a
 * local of the same name, which the inner one shadows).  A wrong lowering
 * would mix up the shadowed locals, take the value of the wrong level, or
 * run an inner one at the wrong time.
 */
#include <pinion.h>
#include <stdio.h>

#define TRY(e) ({ long r_ = (e); if (r_ < 0) return (int)r_; r_; })
#define TWICE(e) ({ long t_ = (e); await(pn_yield()); t_ * 2; })

static int order[32];
static int norder;

static async long id(long v)
{
    await(pn_yield());
    if (norder < 32)
        order[norder++] = (int)v;
    return v;
}

static async long sum2(long a, long b)
{
    await(pn_yield());
    return a + b;
}

static async int nested(long k)
{
    long a = ({
        long x = await(id(k));
        long y = ({
            long z = await(id(x + 1));
            ({ await(id(z + 1)); }) + z;
        });
        x * 100 + y;
    });
    printf("a=%ld\n", a);

    long b = TRY(TRY(await(id(k))) + TRY(await(sum2(k, 10))));
    printf("b=%ld\n", b);

    long c = TWICE(TWICE(await(id(k))) + 1);
    printf("c=%ld\n", c);

    long d = await(sum2(({ long p = await(id(3)); ({ await(id(p + 4)); }); }), TRY(await(sum2(k, 0)))));
    printf("d=%ld\n", d);

    if (({ long q = ({ await(id(k)); }); q > 5; }) && TWICE(({ await(id(1)); })) == 2)
        printf("both\n");
    else
        printf("not both\n");
    return (int)(a + b + c + d);
}

int main(void)
{
    int r1 = pn_block_on(nested(7));
    printf("nested(7)=%d\n", r1);
    int r2 = pn_block_on(nested(2));
    printf("nested(2)=%d\n", r2);
    int r3 = pn_block_on(nested(-3));
    printf("nested(-3)=%d\n", r3);
    printf("order:");
    for (int i = 0; i < norder; i++)
        printf(" %d", order[i]);
    printf("\n");
    return (r1 + r2) % 128;
}
