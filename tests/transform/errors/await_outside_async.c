// expect: 16:12: error: await outside an async function
/*
 * `await` is only meaningful inside an async function: in an ordinary
 * function there is no frame to suspend.  pn_block_on is the way in.
 */
#include <pinion.h>

static async int answer(void)
{
    await(pn_yield());
    return 42;
}

int main(void)
{
    return await(answer());
}
