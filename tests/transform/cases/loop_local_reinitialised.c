/*
 * A local declared with an initialiser inside a loop body is
 * re-initialised on every iteration even though it lives in the frame,
 * and a backward goto to before a declaration re-runs its initialiser.
 */
#include <pinion.h>
#include <stdio.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int total = 0;
    for (int i = 0; i < 4; i++) {
        int k = 100;
        int arr[2] = { i, i };
        k += await(id(i));
        arr[1] += await(id(k));
        printf("i=%d k=%d arr=%d,%d\n", i, k, arr[0], arr[1]);
        total += k + arr[1];
    }

    int passes = 0;
again:
    passes++;
    {
        int fresh = 7;
        fresh += await(id(passes));
        printf("pass %d fresh=%d\n", passes, fresh);
        total += fresh;
        if (passes < 3)
            goto again;
    }
    return total;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("total %d\n", r);
    return r & 0x7f;
}
