// expect: 16:5: error: async function 'twice' is first declared without async
// expect: 19:6: error: async function 'thrice' is first declared without async
/*
 * `async` is an attribute: it holds from the declaration that says it
 * onwards, so a function declared without it first is an ordinary
 * function up to its async declaration, and calls there are plain calls
 * to it (and an await of one is not an await of an async call).  The
 * transformed program has no such function, only its frame and poll
 * function, declared where the async declaration is: refused at the
 * first declaration.  An async declaration followed by plain ones is
 * fine (the attribute is inherited); one after the definition is ignored
 * by clang, which leaves the function a plain one.
 */
#include <pinion.h>

int twice(int);
static async int helper(int v);

long thrice(long);
async long thrice(long);

static async int helper(int v)
{
    return await(twice(v)) + (int)await(thrice(v));
}

async int twice(int v)
{
    await(pn_yield());
    return 2 * v;
}

async long thrice(long v)
{
    await(pn_yield());
    return 3 * v;
}

static async int inherited(int v);
static int inherited(int v);
static int inherited(int v)
{
    return await(helper(v));
}

int main(void)
{
    return pn_block_on(inherited(1));
}
