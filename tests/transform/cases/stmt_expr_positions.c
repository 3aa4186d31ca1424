/*
 * A statement expression that awaits, in every position an expression
 * may take: initialiser, right side of = and +=, argument of a plain call
 * and of an awaited call, either operand of a binary operator, subscript,
 * condition of if, while, do, for (and its init and increment), switch,
 * the value of return, a branch of ?: and the right side of && and ||,
 * and a comma operand.  A wrong lowering would evaluate it in the wrong
 * place (before the operand on its left, or once instead of every
 * iteration of a loop condition), lose its value, or run a branch that is
 * not taken.
 */
#include <pinion.h>
#include <stdio.h>

static int log_[64];
static int nlog;

static void note(int v)
{
    if (nlog < 64)
        log_[nlog++] = v;
}

static async int id(int v)
{
    await(pn_yield());
    note(v);
    return v;
}

static async int quiet(int v)
{
    await(pn_yield());
    return v;
}

static int plain3(int a, int b, int c)
{
    return a * 100 + b * 10 + c;
}

static async int add(int a, int b)
{
    await(pn_yield());
    return a + b;
}

static async int run(int k)
{
    int total = 0;

    /* initialiser */
    int a = ({ int t = await(id(k)); t + 1; });
    printf("init a=%d\n", a);

    /* assignment and compound assignment */
    int b;
    b = ({ await(pn_yield()); await(id(a * 2)); });
    b += ({ int u = await(id(3)); u * u; });
    printf("assign b=%d\n", b);

    /* arguments: a plain call and an awaited one */
    int c = plain3(a, ({ int v = await(id(4)); v; }), 5);
    printf("plain call c=%d\n", c);
    int d = await(add(({ await(id(6)); }), ({ int w = 7; await(pn_yield()); w; })));
    printf("async call d=%d\n", d);

    /* operands: left, right, both */
    int e = ({ await(id(8)); }) * 10 + a;
    int f = a * 10 + ({ await(id(9)); });
    int g = ({ await(quiet(1)); }) - ({ await(quiet(2)); });
    printf("operands e=%d f=%d g=%d\n", e, f, g);

    /* subscript */
    int arr[4] = { 10, 20, 30, 40 };
    int h = arr[({ int i = await(id(2)); i + 1; })];
    arr[({ await(id(0)); })] = 99;
    printf("subscript h=%d arr0=%d\n", h, arr[0]);

    /* if */
    if (({ int z = await(id(k)); z > 2; }))
        printf("if: k > 2\n");
    else
        printf("if: k <= 2\n");

    /* while: the condition runs every iteration */
    int n = 0;
    while (({ await(pn_yield()); n < k; }))
        n++;
    printf("while n=%d\n", n);

    /* do ... while */
    int m = 0;
    do {
        m += 2;
        if (m == 4)
            continue;
        total += m;
    } while (({ int lim = await(id(7)); m < lim; }));
    printf("do m=%d total=%d\n", m, total);

    /* for: init, condition and increment */
    int s = 0;
    for (int i = ({ await(id(1)); }); ({ int lim = await(id(4)); i < lim; });
         i += ({ await(pn_yield()); 1; })) {
        if (i == 2)
            continue;
        s += i;
    }
    printf("for s=%d\n", s);

    /* switch */
    switch (({ int sel = await(id(k)); sel % 3; })) {
    case 0: printf("switch 0\n"); break;
    case 1: printf("switch 1\n"); break;
    default: printf("switch other\n"); break;
    }

    /* ?: only the chosen branch runs */
    int before = nlog;
    int t = k > 2 ? ({ await(id(100)); }) : ({ await(id(200)); });
    printf("cond t=%d ran=%d\n", t, nlog - before);

    /* && and || */
    int x = (k > 2) && ({ await(id(11)) == 11; });
    int y = (k > 2) || ({ await(id(12)) == 12; });
    printf("logic x=%d y=%d\n", x, y);

    /* comma */
    int w = (note(50), ({ await(id(51)); }));
    printf("comma w=%d\n", w);

    total += a + b + c + d + e + f + g + h + n + m + s + t + x + y + w;

    /* return */
    return ({ int r = await(id(total)); r % 1000; });
}

int main(void)
{
    int r1 = pn_block_on(run(3));
    printf("run(3)=%d\n", r1);
    int r2 = pn_block_on(run(1));
    printf("run(1)=%d\n", r2);
    printf("log:");
    for (int i = 0; i < nlog; i++)
        printf(" %d", log_[i]);
    printf("\n");
    return (r1 + r2) % 128;
}
