// expect: 20:14: error: cleanup attribute on 'header', declared in a for statement whose loop awaits, is not supported (declare it in the loop's body or before it)
/*
 * A local with a cleanup function declared in a for statement's header
 * whose loop awaits: its scope is the whole loop, which the lowering
 * takes apart (an awaiting condition or increment moves into the body),
 * so there is no block to run the cleanup at the end of.  Refused at the
 * variable.
 */
#include <pinion.h>
#include <stdio.h>

static void done(int *p)
{
    printf("done %d\n", *p);
}

static async int shapes(int n)
{
    int s = 0;
    for (int header __attribute__((cleanup(done))) = 0; header < n; header++)
        await(pn_yield());
    return s;
}

int main(void)
{
    return pn_block_on(shapes(2));
}
