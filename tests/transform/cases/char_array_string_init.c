/*
 * `char s[] = "text"` (size from the literal, terminator included),
 * `char t[16] = "abc"` (zero padded) and a pointer to a string literal
 * survive awaits; the arrays are writable copies, modified in place.
 */
#include <pinion.h>
#include <stdio.h>
#include <string.h>

static async char upper(char c)
{
    await(pn_yield());
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static async int run(void)
{
    char word[] = "pinion";
    char padded[16] = "abc";
    const char *lit = "literal";
    char empty[] = "";

    printf("sizeof word=%zu padded=%zu empty=%zu\n", sizeof word, sizeof padded, sizeof empty);
    for (size_t i = 0; word[i]; i++)
        word[i] = await(upper(word[i]));
    printf("word=%s\n", word);

    size_t n = strlen(padded);
    for (size_t i = 0; i < 5; i++)
        padded[n + i] = await(upper(lit[i]));
    printf("padded=%s tail-zero=%d\n", padded, padded[15] == 0);

    await(pn_yield());
    printf("lit=%s empty-len=%zu\n", lit, strlen(empty));
    return (int)(strlen(word) + strlen(padded));
}

int main(void)
{
    return pn_block_on(run());
}
