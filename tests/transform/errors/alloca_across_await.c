// expect: 12:15: error: alloca in an async function whose storage lives across an await
/*
 * alloca'd storage belongs to the poll function's stack frame, which is
 * gone after a suspension, so alloca followed by an await is refused.
 */
#include <pinion.h>
#include <alloca.h>
#include <string.h>

static async int scratch(size_t n)
{
    char *p = alloca(n);
    memset(p, 1, n);
    await(pn_yield());
    return p[0] + (int)n;
}

int main(void)
{
    return pn_block_on(scratch(8));
}
