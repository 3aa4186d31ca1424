/*
 * `return` from deep inside loops, switches and blocks, before and after
 * awaits.  The function must complete with the right value and run
 * nothing after the return.
 */
#include <pinion.h>
#include <stdio.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int find(const int *xs, int n, int want)
{
    for (int i = 0; i < n; i++) {
        switch (xs[i] % 3) {
        case 0:
            if (await(id(xs[i])) == want) {
                printf("  found %d at %d (case 0)\n", want, i);
                return i;
            }
            break;
        default: {
            int v = await(id(xs[i] * 1));
            while (v > 0) {
                if (v == want) {
                    printf("  found %d at %d (loop)\n", want, i);
                    return await(id(i + 100));
                }
                v -= 50;
            }
        }
        }
    }
    printf("  %d not found\n", want);
    return -1;
}

static async int run(void)
{
    static const int xs[] = { 3, 8, 13, 21, 34, 55 };
    int total = 0;
    const int wants[] = { 21, 55, 8, 4, 34 };
    for (unsigned k = 0; k < sizeof wants / sizeof wants[0]; k++) {
        int r = await(find(xs, 6, wants[k]));
        printf("find(%d) = %d\n", wants[k], r);
        total += r;
    }
    return total;
}

int main(void)
{
    int t = pn_block_on(run());
    printf("total %d\n", t);
    return t % 100;
}
