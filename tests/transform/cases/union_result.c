/*
 * An async function returning a union: the caller reads the member that
 * was written, and the bytes of the whole union arrive intact.
 */
#include <pinion.h>
#include <stdio.h>
#include <string.h>

union value {
    long long i;
    double d;
    char text[12];
};

static async union value make(int kind)
{
    union value v;
    memset(&v, 0, sizeof v);
    await(pn_yield());
    switch (kind) {
    case 0:
        v.i = -1234567890123LL;
        break;
    case 1:
        v.d = 0.125;
        break;
    default:
        strcpy(v.text, "eleven char");
        break;
    }
    await(pn_yield());
    return v;
}

static async int run(void)
{
    union value a = await(make(0));
    union value b = await(make(1));
    union value c = await(make(2));
    printf("a.i=%lld b.d=%.3f c.text=%s\n", a.i, b.d, c.text);
    printf("direct %s\n", await(make(2)).text);
    return (int)(a.i % 100) + (int)(b.d * 8) + (int)strlen(c.text);
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r < 0 ? -r : r;
}
