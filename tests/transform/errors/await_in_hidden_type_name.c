// expect: 15:36: error: await in a type name that cannot be rewritten
/*
 * libclang shows no expression inside the type of a _Generic association,
 * so an await written in a typeof there could be neither erased nor
 * lowered (it would be copied as text, calling the async function by its
 * old name); a typedef declared first works.
 */
#include <pinion.h>

static async int get(int v) { await(pn_yield()); return v; }

static async int run(int n)
{
    typedef __typeof__(await(get(0))) fine;
    int g = _Generic(n, __typeof__(await(get(1))): 1, default: 2);
    return g + (int)sizeof(fine);
}

int main(void)
{
    return pn_block_on(run(1));
}
