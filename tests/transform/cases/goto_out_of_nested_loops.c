/*
 * `goto` out of several nested loops (the classic search-and-exit), and
 * a `goto` to a label just after an await that forms a retry loop.
 */
#include <pinion.h>
#include <stdio.h>

static async int cell(int r, int c)
{
    await(pn_yield());
    return r * 7 + c * 3;
}

static async int run(void)
{
    int found_r = -1, found_c = -1;
    for (int r = 0; r < 5; r++)
        for (int c = 0; c < 5; c++) {
            int v = await(cell(r, c));
            if (v == 23) {
                found_r = r;
                found_c = c;
                goto found;
            }
        }
    printf("not found\n");
    return 1;
found:
    printf("found at %d,%d\n", found_r, found_c);

    int attempts = 0;
    int v = await(cell(0, 0));
retry:
    attempts++;
    if (attempts < 4) {
        v += await(cell(attempts, 1));
        goto retry;
    }
    printf("attempts=%d v=%d\n", attempts, v);
    return found_r * 10 + found_c + v;
}

int main(void)
{
    return pn_block_on(run());
}
