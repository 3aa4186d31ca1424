/*
 * A local struct with bit-fields (signed, unsigned, of width 1 and
 * wider, and an unnamed padding field) kept across awaits; assignments
 * truncate to the field width exactly as in the synchronous program.
 */
#include <pinion.h>
#include <stdio.h>

struct flags {
    unsigned ready : 1;
    unsigned level : 3;
    int delta : 5;
    unsigned : 2;
    unsigned wide : 12;
};

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(void)
{
    struct flags f = { .ready = 1, .level = 5, .delta = -3, .wide = 4000 };
    int checksum = 0;
    for (int i = 0; i < 6; i++) {
        f.level = (unsigned)await(id(f.level + 3)) & 7u;
        f.delta = await(id(f.delta - 7)) % 16;
        f.ready = !f.ready;
        f.wide = (unsigned)(f.wide + (unsigned)await(id(100))) & 0xfffu;
        printf("i=%d ready=%u level=%u delta=%d wide=%u\n", i, f.ready, f.level, f.delta, f.wide);
        checksum += (int)f.level + f.delta + (int)f.wide;
    }
    return checksum;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("checksum %d\n", r);
    return r & 0x7f;
}
