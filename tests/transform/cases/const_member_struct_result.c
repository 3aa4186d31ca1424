/*
 * Structs and unions with const members cannot be assigned, only
 * initialised: as an async function's result, as a local initialised
 * from an await (also a const-qualified one), and as a local with an
 * initialiser list that lives across awaits.  A lowering that stores them by assignment does not
 * compile.
 */
#include <pinion.h>
#include <stdio.h>

struct fixed {
    const int id;
    int count;
};

union tagged {
    const unsigned char tag;
    unsigned value;
};

static async struct fixed make_fixed(int id)
{
    await(pn_yield());
    struct fixed f = { id, id * 2 };
    return f;
}

static async union tagged make_tagged(unsigned v)
{
    await(pn_yield());
    union tagged t = { .tag = (unsigned char)v };
    return t;
}

static async int run(void)
{
    struct fixed a = await(make_fixed(7));
    struct fixed b = { 100, 1 };
    await(pn_yield());
    a.count += await(make_fixed(3)).count;
    b.count++;
    union tagged t = await(make_tagged(0x41));
    const struct fixed c = await(make_fixed(11));
    await(pn_yield());
    printf("a=%d/%d b=%d/%d t=%u c=%d/%d direct=%d\n", a.id, a.count, b.id, b.count, t.tag, c.id,
           c.count, await(make_fixed(9)).id);
    return a.id + a.count + b.id + b.count + t.tag + c.count;
}

int main(void)
{
    return pn_block_on(run()) & 0x7f;
}
