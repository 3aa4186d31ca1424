/*
 * A statement whose `;` comes after invocations of macros that expand to
 * nothing (`n++ TRACE(n);`, `n++TRACE(1);`, `n += 2 NOTHING;`), as the
 * body of constructs the lowering rebuilds, and as the value of a
 * statement expression that awaits.  A lowering that ended the statement
 * before the macro would leave its `;` out of the rebuilt body.  The
 * local n shadows a global n: a copy that was not rewritten would change
 * the global.
 */
#include <pinion.h>
#include <stdio.h>

#pragma GCC diagnostic ignored "-Wmisleading-indentation"

#define TRACE(x)
#define NOTHING

int n = 100;

static int global_n(void)
{
    return n;
}

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(int start)
{
    int n = await(id(start));
    if (await(id(n)) > 0) n++ TRACE(n);
    printf("if: n=%d\n", n);
    if (await(id(n)) < 0) n = 0 TRACE(1); else n++TRACE(1);
    printf("else: n=%d\n", n);
    while (await(id(n)) < 10) n += 2 NOTHING TRACE(2) NOTHING;
    printf("while: n=%d\n", n);
    for (int i = 0; i < await(id(3)); i++) n += i TRACE(i);
    printf("for: n=%d\n", n);
    do n *= 2 TRACE(n); while (await(id(n)) < 100);
    printf("do: n=%d\n", n);
    switch (await(id(n % 2))) {
    case 0: n += 5 NOTHING;
        break;
    default: n += 7 NOTHING;
    }
    printf("switch: n=%d\n", n);
    if (await(id(1)))
        goto lab;
    n = 0;
lab: n += await(id(3)) TRACE(lab);
    printf("label: n=%d\n", n);
    int v = ({ int w = await(id(n)); w + n TRACE(w); });
    printf("value: v=%d n=%d global=%d\n", v, n, global_n());
    return v + n;
}

int main(void)
{
    int r = pn_block_on(run(1));
    printf("r=%d global=%d\n", r, n);
    return r & 0x7f;
}
