// expect: 22:36: error: async function 'work' cannot be the target of alias 'work_now'
// expect: 23:37: error: async function 'work' cannot be the target of alias 'work_data'
// expect: 24:44: error: async function 'work' cannot be the target of weakref 'weak_work'
// expect: 31:34: error: async function 'pick' cannot be the resolver of ifunc 'chosen'
// expect: 34:21: error: async function 'work' cannot be the target of alias 'work_too'
/*
 * An alias, a weak reference or an ifunc resolver makes a second,
 * synchronous way into a function: calling the alias would call the async
 * function without await (the transformed code does not even define it,
 * only its frame's functions), and the loader calls an ifunc resolver
 * before main.  Refused on functions and variables, with the attribute
 * through a macro too.
 */
#include <pinion.h>

async int work(int x)
{
    await(pn_yield());
    return x;
}

int work_now(int x) __attribute__((alias("work")));
extern int work_data __attribute__((__alias__("work")));
static int weak_work(int x) __attribute__((weakref("work")));

static async void *pick(void)
{
    return (void *)0;
}

int chosen(int x) __attribute__((ifunc("pick")));

#define SAME_AS(f) __attribute__((alias(#f)))
int work_too(int x) SAME_AS(work);

int main(void)
{
    return pn_block_on(work(0));
}
