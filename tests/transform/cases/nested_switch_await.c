/*
 * A switch inside a case of another switch, with awaits in both.  A
 * `break` in the inner switch leaves only the inner one; resuming at an
 * await inside the inner switch must not disturb the outer dispatch.
 */
#include <pinion.h>
#include <stdio.h>

static async int twice(int v)
{
    await(pn_yield());
    return v * 2;
}

static async int route(int outer, int inner)
{
    int r = 0;
    switch (outer) {
    case 'a':
        r = await(twice(1));
        switch (inner) {
        case 1:
            r += await(twice(10));
            break;
        case 2:
            r += await(twice(20));
            /* fall through */
        default:
            r += await(twice(30));
            break;
        }
        r += 1000; /* runs after the inner break */
        break;
    case 'b':
        switch (await(twice(inner))) {
        case 2:
            r = 2;
            break;
        case 4:
            switch (inner + 1) {
            case 3:
                r = await(twice(333));
                break;
            }
            r += 7;
            break;
        default:
            r = -1;
        }
        break;
    default:
        r = await(twice(-5));
    }
    return r;
}

static async int run(void)
{
    const char outers[] = "abz";
    int sum = 0;
    for (int i = 0; outers[i]; i++) {
        for (int j = 1; j <= 3; j++) {
            int r = await(route(outers[i], j));
            printf("route(%c, %d) = %d\n", outers[i], j, r);
            sum += r;
        }
    }
    return sum;
}

int main(void)
{
    int s = pn_block_on(run());
    printf("sum %d\n", s);
    return s & 0x7f;
}
