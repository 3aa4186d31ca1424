// expect: 13:42: error: async on 'level', which is not a function or a pointer to one (its type is 'int')
// expect: 15:34: error: async on 'n', which is not a function or a pointer to one (its type is 'int')
// expect: 21:31: error: async on 'bytes', which is not a function or a pointer to one (its type is 'long')
// expect: 26:40: error: async on 'v', which is not a function or a pointer to one (its type is 'int')
/*
 * A parameter declared async that is no pointer to an async function is
 * refused as a variable is, in a prototype, a definition (async or not)
 * and in the parameter list of a parameter that is a pointer to a
 * function; a parameter that is a pointer to an async function is not.
 */
#include <pinion.h>

int log_line(const char *text, async int level);

static async int twice(async int n)
{
    await(pn_yield());
    return 2 * n;
}

static int size_of(async long bytes)
{
    return (int)bytes;
}

static int apply(int (*step)(async int v), int x)
{
    return step(x);
}

static async int call_it(async int (*cb)(int), int x) /* fine */
{
    return await(cb(x));
}

int main(void)
{
    return pn_block_on(call_it(twice, 1)) + size_of(2) + apply(0, 3) + log_line("x", 1);
}
