// expect: 16:51: error: async function 'init_early' cannot be a constructor
// expect: 22:52: error: async function 'init_ranked' cannot be a constructor
// expect: 28:34: error: async function 'at_exit' cannot be a destructor
// expect: 34:48: error: async function 'declared_first' cannot be a destructor
// expect: 41:39: error: async function 'through_macro' cannot be a constructor
/*
 * A constructor or destructor is called synchronously by the C runtime,
 * before main or after it: an async function there would only create its
 * frame (the transformed code does not even define the function), so its
 * body would never run.  Refused on the definition, with a priority, as a
 * destructor, on a separate prototype, and through a macro.
 */
#include <pinion.h>
#include <stdio.h>

static async void init_early(void) __attribute__((constructor));
static async void init_early(void)
{
    await(pn_yield());
}

static async void init_ranked(void) __attribute__((constructor(101)));
static async void init_ranked(void)
{
    await(pn_yield());
}

static async void __attribute__((destructor)) at_exit(void)
{
    await(pn_yield());
    puts("bye");
}

async void declared_first(void) __attribute__((__destructor__));

async void declared_first(void)
{
}

#define AT_START __attribute__((constructor))
static async void through_macro(void) AT_START;
static async void through_macro(void)
{
}

int main(void)
{
    pn_block_on(declared_first());
    return 0;
}
