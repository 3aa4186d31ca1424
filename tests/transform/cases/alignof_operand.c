/*
 * `_Alignof` of a type in an async body next to awaits, and `sizeof` of
 * a variable-free expression mentioning an await: neither evaluates
 * anything, and the values match the synchronous program.
 */
#include <pinion.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>

struct wide {
    char c;
    long double ld;
};

static int calls;

static async double get_double(void)
{
    calls++;
    await(pn_yield());
    return 2.5;
}

static async int run(void)
{
    size_t a = _Alignof(struct wide);
    double d = await(get_double());
    size_t b = alignof(double) + sizeof(await(get_double()));
    _Alignas(16) char buf[32];
    buf[0] = (char)(d * 2);
    int aligned = ((size_t)buf % 16) == 0;
    await(pn_yield());
    printf("a=%zu b=%zu d=%.1f buf0=%d aligned=%d calls=%d\n", a, b, d, buf[0], aligned, calls);
    return (int)(a + b) + calls;
}

int main(void)
{
    return pn_block_on(run());
}
