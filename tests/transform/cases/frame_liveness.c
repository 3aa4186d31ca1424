/*
 * Only locals live across an await are in the frame, and locals never live
 * at the same time share its storage.  Each function below pins down one
 * way of getting that wrong: a local left out of the frame though it is
 * read after a resumption (through a loop's back edge, a backward goto, a
 * case fallthrough, a pn_all target, a pointer), or two locals overlapping
 * while both hold values (the printed values would then be clobbered).
 * The `layout:` lines are what run_layout.sh checks in pinion's
 * --print-frame-layout: the exact frame locals of a function, pairs that
 * must share storage, and frames that must be smaller than the scope rule
 * makes them (--no-frame-packing).
 */
#include <pinion.h>
#include <stdio.h>
#include <string.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

/* `carry` is written after the await and read before the next one, `t` is
 * dead at the await; `out` and `i` come back round the loop.
 * layout: backedge frame n out i
 * layout: backedge smaller */
static async int backedge(int n)
{
    int carry = 1, out = 0;
    for (int i = 0; i < n; i++) {
        int t = carry * 3;
        out += await(id(t));
        carry = out % 7 + 1;
    }
    printf("backedge: out=%d carry=%d\n", out, carry);
    return out;
}

/* `k` and `acc` come back through the goto; `w` is written anew each
 * time before the await.
 * layout: gotos frame n k acc */
static async int gotos(int n)
{
    int k = 0, acc = 0;
again:
    ;
    int w = k * 2 + 1;
    acc += await(id(w));
    if (++k < n)
        goto again;
    printf("gotos: acc=%d\n", acc);
    return acc;
}

/* Blocks of different cases never run at the same time: their locals
 * share storage.  `buf` is lent to snprintf, so it stays in the frame
 * for the whole of its block.
 * layout: cases frame v r buf d
 * layout: cases shared buf d */
static async int cases(int v)
{
    int r = 0;
    switch (v) {
    case 0: {
        int a = 5;
        r += await(id(a));
    }
    /* fall through */
    case 1: {
        char buf[16];
        snprintf(buf, sizeof buf, "<%d>", r);
        r += await(id((int)strlen(buf)));
        r += buf[1];
        break;
    }
    default: {
        double d = v / 4.0;
        r = await(id((int)d));
        r += (int)(d * 8);
    }
    }
    printf("cases(%d): r=%d\n", v, r);
    return r;
}

/* A pn_all target is stored while the other branch is still suspended. */
static async int targets(int n)
{
    int a = -1, b = -1;
    pn_all(a = await(id(n)), b = await(id(n + 1)));
    printf("targets: a=%d b=%d\n", a, b);
    return a * 10 + b;
}

/* A pointer to `cell` is used after the await, so `cell` stays; the
 * second block's array takes over the first block's storage.
 * layout: lend shared cell q
 * layout: lend shared p big
 * layout: lend smaller */
static async int lend(int n)
{
    int total = 0;
    {
        int cell = n;
        int *p = &cell;
        await(id(0));
        *p += 100;
        total += cell;
    }
    {
        long big[4] = { 1, 2, 3, 4 };
        long *q = big;
        await(id(0));
        big[0] += q[3] * 1000;
        total += (int)big[0];
    }
    printf("lend: total=%d\n", total);
    return total;
}

/* Two phases in one block: `first` is dead before `second` is born.
 * layout: phases frame n first second
 * layout: phases shared first second
 * layout: phases smaller */
static async int phases(int n)
{
    long first = n * 3L;
    first += await(id(1));
    printf("phases: first=%ld\n", first);
    long second = 1L << 40;
    second += await(id(2));
    printf("phases: second=%ld\n", second);
    return (int)(second % 1000);
}

/* Short-circuit operands and a conditional around locals that are read
 * after the await of the same expression. */
static async int shortcircuit(int n)
{
    int x = n, z = 0;
    if (x > 1 && await(id(x)) > 2)
        z = x;
    int m = n > 3 ? await(id(x + 1)) : x - 1;
    int q;
    q = (x = 7, await(id(3)));
    printf("shortcircuit(%d): z=%d m=%d q=%d x=%d\n", n, z, m, q, x);
    return z + m + q + x;
}

int main(void)
{
    int sum = pn_block_on(backedge(5));
    sum += pn_block_on(gotos(3));
    sum += pn_block_on(cases(0)) + pn_block_on(cases(1)) + pn_block_on(cases(9));
    sum += pn_block_on(targets(4));
    sum += pn_block_on(lend(4));
    sum += pn_block_on(phases(5));
    sum += pn_block_on(shortcircuit(1)) + pn_block_on(shortcircuit(5));
    printf("sum=%d\n", sum);
    return sum == 0;
}
