// expect: 30:13: error: call of 'add' with 1 argument; its definition has 2 parameters
// expect: 31:13: error: call of 'none' with 1 argument; its definition has 0 parameters
// expect: 37:18: error: call of 'add' with 3 arguments; its definition has 2 parameters
// expect: 39:33: error: call of 'add' with 1 argument; its definition has 2 parameters
/*
 * A function defined without a prototype (K&R, or `f()`) may be called
 * with any number of arguments as far as the compiler is concerned;
 * C leaves a call with another number than the definition's undefined,
 * and the generated init function could not take it.  The call is
 * refused where it is written.
 */
#include <pinion.h>

static async int add(a, b)
int a;
int b;
{
    await(pn_yield());
    return a + b;
}

static async int none()
{
    await(pn_yield());
    return 1;
}

static async int run(void)
{
    int x = await(add(1));
    int y = await(none(2));
    return x + y;
}

int main(void)
{
    pn_task *t = pn_spawn(add(1, 2, 3));
    (void)t;
    return pn_block_on(run()) + pn_block_on(add(4));
}
