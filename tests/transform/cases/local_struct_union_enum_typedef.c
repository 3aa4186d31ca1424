/*
 * Types declared inside an async function body: a struct, a union, an
 * enum (whose constants are used in case labels) and a typedef, with
 * variables of those types living across awaits.
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
    struct acc {
        int count;
        long total;
    };
    union bits {
        unsigned u;
        unsigned char bytes[sizeof(unsigned)];
    };
    enum colour { RED = 3, GREEN = 5, BLUE = 9 };
    typedef struct acc acc_t;
    typedef enum colour colour_t;

    acc_t acc = { 0, 0 };
    union bits b;
    b.u = 0;
    colour_t seq[] = { RED, BLUE, GREEN, BLUE };
    for (int i = 0; i < 4; i++) {
        colour_t c = (colour_t)await(id((int)seq[i]));
        switch (c) {
        case RED:
            acc.total += 1;
            break;
        case GREEN:
            acc.total += 10;
            break;
        case BLUE:
            acc.total += 100;
            break;
        }
        acc.count++;
        b.bytes[i % sizeof b.bytes] = (unsigned char)await(id(c * 2));
    }
    printf("count=%d total=%ld\n", acc.count, acc.total);
    unsigned x = 0;
    for (size_t i = 0; i < sizeof b.bytes; i++)
        x = x * 31 + b.bytes[i];
    printf("bytes hash=%u sizeof(acc_t)=%d\n", x, (int)(sizeof(acc_t) == sizeof(struct acc)));
    return acc.count + (int)acc.total;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r % 100;
}
