// expect: 25:21: error: cast of a pointer to an async function to one not declared async
// expect: 26:19: error: cast of a function pointer that is not async to a pointer declared async
// expect: 27:20: error: async function 'work' converted to 'void *': an async function converts only to a pointer declared async
// expect: 28:18: error: call through a pointer to an async function without await
/*
 * What clang does not check: an explicit cast between a pointer declared
 * async and one that is not, an async function converted to void *, and
 * a call through a pointer declared async without await (in an async
 * function it would run the callee to completion inside the task).
 */
#include <pinion.h>

typedef async int (*job_fn)(int);

static async int work(int v)
{
    await(pn_yield());
    return v;
}

static int plain(int v) { return v; }

static async int run(job_fn j)
{
    int (*p)(int) = (int (*)(int))j;
    job_fn back = (job_fn)plain;
    void *opaque = work;
    int direct = j(1);
    return p(1) + await(back(2)) + (opaque != 0) + direct;
}

int main(void)
{
    return pn_block_on(run(work));
}
