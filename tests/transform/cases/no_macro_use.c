/*
 * A file that expands no macro at all (and holds no async code) is copied
 * as it is.  Its preprocessing record lists no expansion, and a
 * transformer that sorted that empty list passed qsort a null pointer:
 * undefined behaviour, which the sanitizer build stops on before writing
 * anything.
 */
#include <stdio.h>

static int twice(int v)
{
    return 2 * v;
}

int main(void)
{
    int r = twice(21);
    printf("twice(21)=%d\n", r);
    return r - 42;
}
