/*
 * Cancellation through a pointer: a task parked in a callee awaited
 * through a pointer is cancelled, and a race drops the branch awaited
 * through a pointer.  The callee's frame (in the runtime's pools) must be
 * dropped, which releases its timer, and given back: the later sleeps
 * would touch a timer left behind, and the sanitizer build's leak check
 * sees a frame that was never returned.  (Cancellation has no synchronous
 * reading, hence the expected output.)
 */
#include <pinion.h>
#include <stdio.h>

typedef async int (*wait_fn)(int ms);

static int finished;

static async int nap(int ms)
{
    int marks[8] = { ms };
    await(pn_sleep_ms((uint64_t)ms));
    finished++;
    return marks[0];
}

static async int deep(wait_fn w, int ms)
{
    int r = await(w(ms));
    finished++;
    return r;
}

static async int quick(void)
{
    await(pn_yield());
    return 7;
}

static async int run(void)
{
    wait_fn w = nap;
    pn_task *t = pn_spawn(deep(w, 400));
    await(pn_yield());
    pn_cancel(t);
    printf("cancelled, finished %d\n", finished);
    int a = 0, b = 0;
    int idx = pn_race(a = await(quick()), b = await(w(400)));
    printf("race %d a=%d b=%d finished %d\n", idx, a, b, finished);
    pn_task *s = pn_spawn(w(400));
    await(pn_yield());
    pn_cancel(s);
    int r = await(w(1));
    printf("after: %d finished %d\n", r, finished);
    return 0;
}

int main(void)
{
    pn_block_on(run());
    printf("sleep %d\n", pn_block_on(nap(2)));
    pn_shutdown();
    return 0;
}
