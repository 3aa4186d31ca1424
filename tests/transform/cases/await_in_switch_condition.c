/*
 * An await as the controlling expression of a `switch` runs once per
 * execution of the switch; the value selects the case, including the
 * default and a case reached by a converted (char) result.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

static async char letter(int i)
{
    calls++;
    await(pn_yield());
    return "axbyz"[i];
}

static async int run(void)
{
    int score = 0;
    for (int i = 0; i < 5; i++) {
        switch (await(letter(i))) {
        case 'a':
            score += 1;
            break;
        case 'b':
            score += 20;
            /* fall through */
        case 'z':
            score += 300;
            break;
        default:
            score += 4000;
            break;
        }
        printf("i=%d score=%d calls=%d\n", i, score, calls);
    }
    switch (await(letter(0)) + await(letter(2))) {
    case 'a' + 'b':
        printf("sum matched\n");
        score *= 2;
        break;
    }
    return score % 1000 + calls;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r % 128;
}
