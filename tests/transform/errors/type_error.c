// expect: 17:9: error: no member named 'missing' in 'struct point'
/*
 * A type error found by clang is reported at its original position with
 * exit status 1, like the transformer's own diagnostics.
 */
#include <pinion.h>

struct point {
    int x, y;
};

static async int run(void)
{
    struct point p = { 1, 2 };
    await(pn_yield());
    return p.x +
      p.missing;
}

int main(void)
{
    return pn_block_on(run());
}
