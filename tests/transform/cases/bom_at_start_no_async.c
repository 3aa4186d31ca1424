/*
 * A file that starts with a UTF-8 byte order mark and holds no async
 * code is copied as it is, the mark still first: written after the first
 * #line, it is a stray character that gcc and clang reject.
 */
#include <stdio.h>

int main(void)
{
    puts("copied");
    return 3;
}
