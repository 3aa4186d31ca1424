// expect: 18:11: error: address of async function 'work' taken
/*
 * An async function is not an ordinary function after transformation
 * (it becomes a frame type with init/poll/drop functions), so a pointer
 * to it would not be callable as written.
 */
#include <pinion.h>

static async int work(int v)
{
    await(pn_yield());
    return v;
}

int main(void)
{
    int (*fp)(int);
    fp = &work;
    return fp != 0;
}
