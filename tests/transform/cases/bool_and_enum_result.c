/*
 * `_Bool` and enum results: a _Bool result is 0 or 1 whatever the callee
 * computed, and an enum result compares and switches like its constants.
 */
#include <pinion.h>
#include <stdbool.h>
#include <stdio.h>

enum mode { MODE_OFF, MODE_SLOW = 5, MODE_FAST = 9 };

static async bool is_odd(int v)
{
    await(pn_yield());
    return v & 1;
}

static async _Bool nonzero(int v)
{
    await(pn_yield());
    return v; /* converted to 0 or 1 */
}

static async enum mode pick_mode(int load)
{
    await(pn_yield());
    return load > 10 ? MODE_FAST : load > 0 ? MODE_SLOW : MODE_OFF;
}

static async int run(void)
{
    int odd_count = 0;
    for (int i = 0; i < 7; i++)
        odd_count += await(is_odd(i));
    int nz = await(nonzero(40)) + await(nonzero(0)) + await(nonzero(-3));
    int score = 0;
    for (int load = -1; load < 20; load += 7) {
        enum mode m = await(pick_mode(load));
        switch (m) {
        case MODE_OFF:
            score += 1;
            break;
        case MODE_SLOW:
            score += 10;
            break;
        case MODE_FAST:
            score += 100;
            break;
        }
        printf("load=%d mode=%d\n", load, (int)m);
    }
    printf("odd_count=%d nz=%d score=%d\n", odd_count, nz, score);
    return odd_count + nz + score;
}

int main(void)
{
    return pn_block_on(run()) & 0x7f;
}
