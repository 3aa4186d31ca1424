/*
 * __attribute__((cleanup)) on locals whose scope contains awaits: the
 * cleanup runs exactly once on every way out of the scope, in reverse
 * order of declaration, never at a suspension: the end of a block, a
 * return from nested blocks, break and continue out of loop bodies (once
 * per iteration), a goto out of two blocks, a return out of a statement
 * expression, a switch case that breaks.  A wrong lowering runs it at
 * every await (the poll function returns there), not at all (the resume
 * jumps past the declaration), twice, or in the wrong order; the trace
 * shows each.
 */
#include <pinion.h>
#include <stdio.h>

static char trace[512];
static int tn;

static void note(int *v)
{
    tn += snprintf(trace + tn, sizeof trace - (size_t)tn, " c%d", *v);
}

#define GUARD(name, v) __attribute__((cleanup(note), unused)) int name = (v)

static async int tick(int v)
{
    await(pn_yield());
    return v;
}

static async int block_end(void)
{
    int s = 0;
    {
        GUARD(a, 1);
        s += await(tick(a));
        {
            GUARD(b, 2);
            GUARD(c, 3);
            s += await(tick(b + c));
        }
        s += await(tick(10));
    }
    return s;
}

static async int nested_return(int k)
{
    GUARD(a, 4);
    for (int i = 0; i < 3; i++) {
        GUARD(b, 5 + i);
        await(pn_yield());
        if (i == k) {
            GUARD(c, 9);
            return await(tick(a + b + c));
        }
    }
    return -1;
}

static async int loops(void)
{
    int s = 0;
    for (int i = 0; i < 4; i++) {
        GUARD(a, 20 + i);
        s += await(tick(i));
        if (i == 1)
            continue;
        if (i == 3)
            break;
        s += await(tick(a));
    }
    int j = 0;
    while (j < 2) {
        GUARD(w, 30 + j);
        j += await(tick(1));
    }
    do {
        GUARD(d, 40);
        await(pn_yield());
    } while (0);
    return s;
}

static async int goto_out(int k)
{
    int s = 0;
    {
        GUARD(a, 50);
        {
            GUARD(b, 51);
            s += await(tick(b));
            if (k)
                goto out;
            s += await(tick(a));
        }
        s += 100;
    }
out:
    return s;
}

static async int stmt_expr_return(int k)
{
    int s = ({
        GUARD(a, 60);
        int v = await(tick(a));
        if (k)
            return v + 1000;
        v;
    });
    return s;
}

static async int switches(int k)
{
    int s = 0;
    switch (k) {
    case 0: {
        GUARD(a, 70);
        s += await(tick(a));
        break;
    }
    case 1: {
        GUARD(b, 71);
        s += await(tick(b));
    }
    /* fall through */
    default:
        s += await(tick(1));
    }
    return s;
}

static async int run(void)
{
    int r[12];
    r[0] = await(block_end());
    r[1] = await(nested_return(0));
    r[2] = await(nested_return(2));
    r[3] = await(nested_return(5));
    r[4] = await(loops());
    r[5] = await(goto_out(0));
    r[6] = await(goto_out(1));
    r[7] = await(stmt_expr_return(0));
    r[8] = await(stmt_expr_return(1));
    r[9] = await(switches(0));
    r[10] = await(switches(1));
    r[11] = await(switches(2));
    for (int i = 0; i < 12; i++)
        printf("%d ", r[i]);
    printf("\n");
    return 0;
}

int main(void)
{
    pn_block_on(run());
    printf("trace:%s\n", trace);
    return 0;
}
