/*
 * Statements written on the same line right after a null statement (an
 * empty macro's `TRACE(1);`, `;;`, the empty body of an `if`, `while` or
 * `for`, a label's `;`, a `case 1:;`) or right after a block's `}`, in a
 * function that awaits.  The local `n` shadows a global `n` and lives in
 * the frame: a lowering that copied the glued statement twice would run
 * its increment twice, and a copy it did not rewrite would touch the
 * global instead of the frame local.
 */
#include <pinion.h>
#include <stdio.h>

#pragma GCC diagnostic ignored "-Wempty-body"
#pragma GCC diagnostic ignored "-Wmisleading-indentation"

#define TRACE(x)
#define INC(v) ((v) += 1000)

int n = 100;
int k = 7;

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
    TRACE(1);n += 1;
    printf("empty macro: n=%d global=%d\n", n, global_n());
    await(pn_yield());
    ;;n += 2;
    TRACE(1);TRACE(2);INC(n);
    printf("null statements: n=%d\n", n);
    await(pn_yield());
    if (n < 0) ;n += 3;
    while (n < 0) ;n += 4;
    for (int i = 0; i < n - 2000; i++) ;n += 5;
    if (n < 0) TRACE(1);n += 6;
    do ; while (n < 0);n += 7;
    printf("empty bodies: n=%d\n", n);
    await(pn_yield());
    goto lab;
lab:;n += 8;
    { n += 9; }n += 10;
    if (n > 0) { n += 11; }n += 12;
    printf("label and blocks: n=%d\n", n);
    await(pn_yield());
    TRACE(1);int k = n + await(id(3));
    TRACE(1);int m = k + 1;
    printf("declarations: k=%d m=%d\n", k, m);
    await(pn_yield());
    switch (n % 3) {
    case 0:;n += 13;
        break;
    case 1:;n += 14;
        break;
    default:;n += 15;
    }
    switch (await(id(n % 3))) {
    case 0:;n += 16;
        await(pn_yield());
        break;
    case 1:;n += 17;
        await(pn_yield());
        break;
    default:;n += 18;
        await(pn_yield());
    }
    printf("case labels: n=%d k=%d m=%d\n", n, k, m);
    return n + m;
}

/* The same inside constructs the lowering rebuilds: a loop whose
 * condition awaits, an if whose condition awaits, a statement expression
 * that awaits. */
static async int inside(int start)
{
    int n = start;
    int i = 0;
    while (await(id(i)) < 3) {
        TRACE(i);n += 1;
        if (n < 0) ;n += 2;
        i++;;n += 3;
        { n += 4; }n += 5;
        printf("loop %d: n=%d\n", i, n);
    }
    if (await(id(n)) > 0) {
        TRACE(1);n += 6;
        ;INC(n);
    } else {
        ;n -= 1;
    }
    printf("if: n=%d global=%d\n", n, global_n());
    int v = ({
        TRACE(1);n += 7;
        int w = await(id(n));
        ;n += 8;
        { n += 9; }w += n;
        w;
    });
    printf("statement expression: v=%d n=%d global=%d\n", v, n, global_n());
    return v + n;
}

int main(void)
{
    int r = pn_block_on(run(1));
    printf("r=%d global n=%d k=%d\n", r, n, k);
    r += pn_block_on(inside(5));
    printf("r=%d global n=%d\n", r, n);
    return r & 0x7f;
}
