// expect: 15:18: error: pn_spawn of a choice between calls: choose the function instead and call it through a pointer declared async, pn_spawn((c ? f : g)(x))
// expect: 16:13: error: await of a choice between calls: choose the function instead and call it through a pointer declared async, await((c ? f : g)(x))
/*
 * pn_spawn and await take one async call; a choice between two calls is
 * one error that says how to write it (no second error for each call in
 * it), since (c ? f : g)(x) is a call through a pointer declared async.
 */
#include <pinion.h>

static async int f(int x) { await(pn_yield()); return x; }
static async int g(int x) { return x + 1; }

static async int run(int c)
{
    pn_task *t = pn_spawn(c ? f(1) : g(2));
    int v = await(c ? f(3) : g(4));
    return v + await(pn_join(t));
}

int main(void)
{
    return pn_block_on(run(1));
}
