/*
 * Duff's device with an await in the loop body: case labels inside a
 * do-while inside a switch.  Resuming at the await must continue the
 * loop, not re-enter the switch, and every element is copied once.
 */
#include <pinion.h>
#include <stdio.h>

static async int transform(int v)
{
    await(pn_yield());
    return v * 3 + 1;
}

static async int copy(int *to, const int *from, int count)
{
    int n = (count + 3) / 4;
    int calls = 0;
    switch (count % 4) {
    case 0:
        do {
            *to++ = await(transform(*from++));
            calls++;
            /* fall through */
        case 3:
            *to++ = await(transform(*from++));
            calls++;
            /* fall through */
        case 2:
            *to++ = await(transform(*from++));
            calls++;
            /* fall through */
        case 1:
            *to++ = await(transform(*from++));
            calls++;
        } while (--n > 0);
    }
    return calls;
}

static async int run(void)
{
    int src[11], dst[11];
    for (int i = 0; i < 11; i++) {
        src[i] = i * i;
        dst[i] = -1;
    }
    int total = 0;
    for (int count = 1; count <= 11; count += 3) {
        int calls = await(copy(dst, src, count));
        printf("count=%d calls=%d:", count, calls);
        for (int i = 0; i < 11; i++)
            printf(" %d", dst[i]);
        printf("\n");
        total += calls;
    }
    return total;
}

int main(void)
{
    return pn_block_on(run());
}
