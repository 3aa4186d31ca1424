/* Macros in an async body: one naming a local, one expanding an argument
 * that awaits twice, and an assert from the C library. */
#include <pinion.h>
#include <assert.h>

#define BUMP() (count++)
#define TWICE(e) ((e) + (e))

static async int one(void)
{
    await(pn_yield());
    return 1;
}

static async int use_macros(void)
{
    int count = 0;
    BUMP();
    int two = TWICE(await(one()));
    assert(two == 2);
    BUMP();
    return count + two;
}

int main(void)
{
    return pn_block_on(use_macros()) == 4 ? 0 : 1;
}
