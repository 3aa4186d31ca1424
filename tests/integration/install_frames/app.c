/* app.c — a program awaiting the library's async function. */
#include <pinion.h>

async int lib_answer(void);

static async int run(void)
{
    return await(lib_answer());
}

int main(void)
{
    return pn_block_on(run()) == 42 ? 0 : 1;
}
