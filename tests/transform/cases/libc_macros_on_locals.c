/*
 * Standard library macros used on frame locals and around awaits, as
 * real code does: assert, the <ctype.h> classifiers, errno, offsetof and
 * the <stdint.h> constant macros.  Their expansions are the C library's
 * business (glibc's differ between compilers), so the transformed code
 * must still compile with both gcc and clang and behave the same.
 */
#include <pinion.h>
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct rec {
    char tag;
    int64_t value;
};

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(void)
{
    char text[] = "a1b22c333";
    int digits = 0, letters = 0;
    for (int i = 0; text[i]; i++) {
        await(pn_yield());
        if (isdigit((unsigned char)text[i]))
            digits += text[i] - '0';
        else if (isalpha((unsigned char)text[i]))
            letters++;
        text[i] = (char)toupper((unsigned char)text[i]);
    }
    int three = await(id(3));
    assert(three == 3);
    assert(await(id(4)) == 4);
    errno = await(id(ERANGE));
    int saved = errno;
    size_t off = offsetof(struct rec, value) + (size_t)await(id(0));
    int64_t big = INT64_C(1) << await(id(40));
    printf("text=%s digits=%d letters=%d errno-is-erange=%d off-ok=%d big=%lld\n", text, digits,
           letters, saved == ERANGE, off == offsetof(struct rec, value), (long long)big);
    return digits + letters;
}

int main(void)
{
    return pn_block_on(run());
}
