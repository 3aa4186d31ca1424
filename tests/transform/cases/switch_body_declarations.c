/*
 * Declarations inside a switch body: one before the first case label
 * (its storage exists, its initialiser never runs, so it has none), and
 * blocks inside cases with their own locals, all living across awaits.
 */
#include <pinion.h>
#include <stdio.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(int k)
{
    int out = 0;
    switch (k) {
        int shared;
    case 0:
        shared = await(id(10));
        out = shared;
        /* fall through */
    case 1:
        shared = await(id(20)) + (k == 0 ? out : 0);
        out += shared;
        break;
    case 2: {
        int local[3] = { 1, 2, 3 };
        local[await(id(1))] += await(id(100));
        out = local[0] + local[1] + local[2];
        break;
    }
    default: {
        struct {
            int a;
            char c;
        } s = { await(id(5)), 'x' };
        await(pn_yield());
        out = s.a + s.c;
    }
    }
    return out;
}

static async int run_all(void)
{
    int total = 0;
    for (int k = 0; k < 4; k++) {
        int r = await(run(k));
        printf("run(%d) = %d\n", k, r);
        total += r;
    }
    return total;
}

int main(void)
{
    return pn_block_on(run_all()) & 0x7f;
}
