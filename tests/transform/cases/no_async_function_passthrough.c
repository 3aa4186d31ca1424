/*
 * A file that includes pinion.h but contains no async function: it passes
 * through with its meaning unchanged (statics, macros, a switch, goto,
 * string literals that mention await and async, comments).
 */
#include <pinion.h>
#include <stdio.h>
#include <string.h>

#define SQUARE(x) ((x) * (x))

static int table[5] = { 1, 2, 3, 4, 5 };

/* not async: await(x) in a comment and "await(x)" in a string are text */
static int fold(const char *s)
{
    int h = 0;
    for (size_t i = 0; s[i]; i++) {
        switch (s[i] % 3) {
        case 0:
            h += s[i];
            break;
        case 1:
            h ^= s[i];
            /* fall through */
        default:
            h = h * 3 + 1;
        }
    }
    if (h < 0)
        goto negative;
    return h % 1000;
negative:
    return -(h % 1000);
}

int main(void)
{
    const char *text = "await(x) and async are only words here";
    int s = 0;
    for (int i = 0; i < 5; i++)
        s += SQUARE(table[i]);
    printf("s=%d fold=%d len=%zu\n", s, fold(text), strlen(text));
    return s % 64;
}
