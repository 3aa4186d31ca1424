// expect: 23:9: error: async function 'release' cannot be the cleanup function of 'held'
// expect: 30:13: error: async function 'release' cannot be the cleanup function of 'inner'
// expect: 42:9: error: async function 'release' cannot be the cleanup function of 'by_macro'
// expect: 43:9: error: async function 'release' cannot be the cleanup function of 'by_argument'
// expect: 47:13: error: async function 'release' cannot be the cleanup function of 'loop_held'
/*
 * A variable's cleanup function is called synchronously when the
 * variable's scope ends: an async one would only create its frame, so its
 * body would never run.  Refused in ordinary functions and in async ones,
 * wherever the variable is declared, and through macros.
 */
#include <pinion.h>
#include <stdio.h>

static async void release(int *p)
{
    await(pn_yield());
    printf("released %d\n", *p);
}

static int sync_user(void)
{
    int held __attribute__((cleanup(release))) = 1;
    return held;
}

static async int async_user(void)
{
    {
        int inner __attribute__((__cleanup__(release))) = 2;
        printf("%d\n", inner);
    }
    await(pn_yield());
    return 0;
}

#define AUTO_RELEASE __attribute__((cleanup(release)))
#define CLEANED_BY(f) __attribute__((cleanup(f)))

int main(void)
{
    int by_macro AUTO_RELEASE = 3;
    int by_argument CLEANED_BY(release) = 4;
    (void)by_macro;
    (void)by_argument;
    for (int i = 0; i < 2; i++) {
        int loop_held __attribute__((cleanup(release))) = i;
        (void)loop_held;
    }
    return sync_user() + pn_block_on(async_user());
}
