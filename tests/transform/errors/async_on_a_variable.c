// expect: 25:15: error: async on 'x', which is not a function or a pointer to one (its type is 'int')
// expect: 26:11: error: async on 'y', which is not a function or a pointer to one (its type is 'int')
// expect: 15:19: error: async on 'limit', which is not a function or a pointer to one (its type is 'long')
// expect: 34:15: error: async on 'count', which is not a function or a pointer to one (its type is 'int')
/*
 * async makes a function, or a pointer to one, async; on any other
 * variable it means nothing, and `async y = 6` declares y only through
 * C89's implicit int (async is an attribute to the compiler that reads it
 * for the transformer, and nothing with async erased: there `y = 6` names
 * an undeclared y).  Both are refused, on members too; pointers to async
 * functions, and arrays of them, are not.
 */
#include <pinion.h>

static async long limit = 3;
static async int (*table[2])(int);

static async int id(int v)
{
    return v;
}

int main(void)
{
    async int x = 5;
    async y = 6;
    async int (*fp)(int) = id;
    table[0] = fp;
    return x + y + (int)limit + (table[0] != 0);
}

struct ops {
    async int (*run)(int); /* a pointer to an async function: fine */
    async int count;
};
