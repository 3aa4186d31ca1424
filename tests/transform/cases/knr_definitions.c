/*
 * K&R definitions of async functions, declared first without a
 * prototype: their parameters are the ones the definition lists, and a
 * caller passes each after the default argument promotions (a `char` as
 * an int, a `float` as a double), which the function converts back, as
 * the synchronous program does.  A lowering that takes `f();` for a
 * variadic declaration refuses them; one that loses a parameter stores
 * garbage in the frame.
 */
#include <pinion.h>
#include <stdio.h>

static async int add();
static async double mix();

static async int add(a, b)
int a;
int b;
{
    await(pn_yield());
    return a + b;
}

static async double mix(c, x, s, n, p)
char c;
float x;
short s;
long n;
const char *p;
{
    await(pn_yield());
    printf("mix %c %.3f %d %ld %s\n", c, x, s, n, p);
    c++;
    x *= 2;
    await(pn_yield());
    printf("mix again %c %.3f\n", c, x);
    return c + x + s + n;
}

static async int run(v)
int v;
{
    char c = 'a';
    float x = 1.25f;
    short s = -3;
    int a = await(add(v, 2));
    await(pn_yield());
    double d = await(mix(c, x, s, 40L, "run"));
    printf("a %d d %.3f\n", a, d);
    return a + (int)d;
}

static async int spawner()
{
    pn_task *t = pn_spawn(add(3, 4));
    pn_task *u = pn_spawn(mix('s', 2.0f, 1, 2L, "spawned"));
    return await(pn_join(t)) + await(pn_join(u));
}

int main()
{
    int r = pn_block_on(run(5));
    printf("run %d\n", r);
    double d = pn_block_on(mix('x', 0.5f, 7, 1L, "main"));
    printf("main %.3f\n", d);
    printf("joined %d\n", pn_block_on(spawner()));
    return r == 7 + 137 ? 0 : 1;
}
