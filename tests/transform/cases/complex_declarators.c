/*
 * Locals with declarators whose type cannot be written as "TYPE name":
 * pointers to functions, arrays of function pointers, pointers to arrays,
 * functions returning pointers, and multi-level const pointers, all
 * living across awaits and used after resuming.
 */
#include <pinion.h>
#include <stdio.h>

typedef int (*binop)(int, int);

static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
static const char *hello(void) { return "hello"; }
static const char *world(void) { return "world"; }

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int (*op)(int, int) = add;
    binop ops[2] = { add, mul };
    const char *(*greet[2])(void) = { hello, world };
    int matrix[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
    int (*row)[3] = &matrix[0];
    const char *words[] = { "a", "b", "c" };
    const char *const *pw = words;
    int (*(*pick)(void)) = NULL;
    (void)pick;

    int x = op(await(id(2)), 3);
    op = ops[await(id(1))];
    int y = op(x, await(id(4)));
    row++;
    int z = (*row)[await(id(2))];
    pw += await(id(2));
    printf("x=%d y=%d z=%d %s %s %s\n", x, y, z, greet[await(id(0))](), greet[1](), *pw);
    return x + y + z;
}

int main(void)
{
    return pn_block_on(run());
}
