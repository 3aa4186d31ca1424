/*
 * Declarations with several declarators, async functions among them:
 * `async` before the specifiers makes every function declared async, an
 * `async` after one declarator only that one, and the variables and
 * ordinary functions of the same declaration must stay declared (with
 * their initialisers and their specifiers) while the async ones become
 * forward declarations of their generated functions.  A lowering that
 * rewrites only the first declarator leaves `, g(int a);` behind, which
 * does not compile; one that drops the others loses `ptr`, `fp`, `z`.
 */
#include <pinion.h>
#include <stdio.h>

static async int f(int a), g(int a);
int plain(int), h(int) async, *ptr, (*fp)(int) = plain, arr[2] = { 1, 2 };
int x, y = 3;
static int z, two(void) __attribute__((unused)), last(int) async;
static const char *const names[] = { "a", "b" }, *one = "c";
static async void v1(void), v2(int, char *);

static async int f(int a) { await(pn_yield()); return a + 1; }
static async int g(int a) { await(pn_yield()); return a + 2; }
async int h(int a) { await(pn_yield()); return await(f(a)) * await(g(a)); }
int plain(int a) { return a * 7; }
static async int last(int a) { await(pn_yield()); return a - 1; }
static async void v1(void) { await(pn_yield()); puts("v1"); }
static async void v2(int n, char *s) { await(pn_yield()); printf("v2 %d %s\n", n, s); }
static int two(void) { return 2; }

static async int run(void)
{
    int r = await(h(2));
    await(v1());
    await(v2(3, "s"));
    ptr = &x;
    *ptr = await(last(10));
    return r + fp(1) + arr[1] + x + y + z + await(last(1));
}

int main(void)
{
    printf("%d\n", pn_block_on(run()));
    printf("%s %s %s\n", names[0], names[1], one);
    return 0;
}
