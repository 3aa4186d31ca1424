// expect: 18:8: error: an async function (or pointer to one) converts only to a pointer declared async, not to 'int (*)(int)'
/*
 * An async function is not an ordinary function after transformation
 * (it becomes a frame type with init/poll/drop functions): a pointer to
 * it must be declared async, or a call through it would be a plain call.
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
