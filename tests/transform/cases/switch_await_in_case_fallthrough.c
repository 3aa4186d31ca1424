/*
 * A `switch` whose cases await, fall through into the next case, and
 * resume in the middle of the fallthrough chain.  Resuming must continue
 * inside the same case, not re-dispatch on the controlling value.
 */
#include <pinion.h>
#include <stdio.h>

static async int bump(int v)
{
    await(pn_yield());
    return v + 1;
}

static async int classify(int k)
{
    int acc = 0;
    switch (k) {
    case 0:
        acc = await(bump(acc));
        printf("  case 0 acc=%d\n", acc);
        /* fall through */
    case 1:
        acc = await(bump(acc * 10));
        printf("  case 1 acc=%d\n", acc);
        /* fall through */
    case 2:
    case 3:
        acc = await(bump(acc * 10));
        printf("  case 2/3 acc=%d\n", acc);
        break;
    case 4:
        acc = 400;
        k = 1; /* changing the controlling variable after dispatch */
        acc += await(bump(k));
        printf("  case 4 acc=%d k=%d\n", acc, k);
        /* fall through */
    default:
        await(pn_yield());
        acc += 1000;
        printf("  default acc=%d\n", acc);
    }
    return acc;
}

static async int run(void)
{
    int sum = 0;
    for (int k = 0; k < 7; k++) {
        int r = await(classify(k));
        printf("classify(%d) = %d\n", k, r);
        sum += r;
    }
    return sum;
}

int main(void)
{
    int s = pn_block_on(run());
    printf("sum %d\n", s);
    return s % 97;
}
