/* main.c — runs the program's async functions from synchronous code. */
#include <stdio.h>

#include "app.h"

int main(void)
{
    int total = pn_block_on(app_total(4));
    int other = pn_block_on(app_other(1));
    printf("%s: total %d, other %d\n", app_text(), total, other);
    pn_shutdown();
    return 0;
}
