/* lib.c — an async function of the library. */
#include <pinion.h>

async int lib_answer(void);

async int lib_answer(void)
{
    await(pn_yield());
    return 42;
}
