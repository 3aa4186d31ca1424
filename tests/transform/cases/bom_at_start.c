/*
 * This file starts with a UTF-8 byte order mark (EF BB BF), as some
 * editors write it.  Compilers skip it only as the very first bytes of a
 * file: a transformer that wrote its first #line before copying the file
 * put the mark on the second line, where gcc and clang reject it as a
 * stray character.  The mark stays first in the output.
 */
#include <pinion.h>
#include <stdio.h>

static async int add_slowly(int a, int b)
{
    await(pn_yield());
    return a + b;
}

static async int run(void)
{
    int s = 0;
    for (int i = 1; i <= 3; i++) {
        s += await(add_slowly(s, i));
        printf("i=%d s=%d\n", i, s);
    }
    return s;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r - 11;
}
