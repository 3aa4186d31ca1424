/*
 * Awaits nested in awaits, in the arguments of function-like macros whose
 * bodies supply operators, with brackets of every kind, commas inside
 * parentheses and an argument ending in an index.  Where an invocation
 * ends and whether a node's text is one argument are read once per
 * bracket pair and remembered: a wrong pair (one of a neighbour, or one
 * matched across kinds where the preprocessor matches parentheses only)
 * would take text from the wrong argument or cut an invocation short,
 * and the program would print other sums or fail to compile.
 */
#include <pinion.h>
#include <stdio.h>

#define ADD(a, b) a + b
#define MUL(a, b) (a) * (b)
#define FIRST(a, b) (a)
#define PICK(arr, i) arr[i]

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int twice(int v)
{
    await(pn_yield());
    return 2 * v;
}

static async int run(void)
{
    int t[4] = { 10, 20, 30, 40 };
    int a = ADD(await(id(await(twice(await(id(1)))))), await(id(3)));
    printf("a=%d\n", a);
    int b = MUL(ADD(await(id(2)), t[await(id(1))]), await(twice(await(id(ADD(1, 2))))));
    printf("b=%d\n", b);
    int c = FIRST(await(id((await(id(4)), await(twice(5))))), ((int[]){ 1, 2 })[1]);
    printf("c=%d\n", c);
    int d = PICK(t, await(id(await(id(await(id(3)))))));
    printf("d=%d\n", d);
    int e = ADD(t[await(id(0))], await(id(t[await(id(2))])) * ADD(await(id(1)), 1));
    printf("e=%d\n", e);
    int f = await(id(await(id(await(id(await(id(await(id(await(id(7))))))))))));
    printf("f=%d\n", f);
    return a + b + c + d + e + f;
}

int main(void)
{
    return pn_block_on(run()) == 0;
}
