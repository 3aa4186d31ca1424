/*
 * The frames of awaits through a pointer come from per-class free lists,
 * and a list keeps a bounded number of blocks.  200 tasks each await one
 * callee through a pointer at the same time, so 200 of its frames are
 * live at once; when they have all completed, at most 64 small blocks are
 * still held (the rest went back to the allocator), and pn_shutdown
 * returns those.  The allocator counts the small blocks it has handed out
 * and not had back; the erased program allocates none.  An over-aligned
 * callee, which the free lists do not serve, is awaited through a pointer
 * too, and its local is where its alignment says.
 */
#include <pinion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TASKS 200

static long small_live; /* blocks of at most 256 bytes handed out, not returned */

static void *counting_alloc(size_t size, void *ud)
{
    (void)ud;
    if (size <= 256)
        small_live++;
    return malloc(size);
}

static void counting_free(void *p, size_t size, void *ud)
{
    (void)ud;
    if (size <= 256)
        small_live--;
    free(p);
}

static async long work(int i)
{
    char pad[160];
    memset(pad, i & 0x7f, sizeof pad);
    await(pn_yield());
    await(pn_yield());
    return pad[7] + i;
}

static async int aligned(int i)
{
    _Alignas(64) char line[64];
    memset(line, i, sizeof line);
    await(pn_yield());
    return ((uintptr_t)line % 64 == 0) + line[63] - i;
}

typedef async long (*work_fn)(int);

static async void one(work_fn f, int i, long *out)
{
    *out = await(f(i));
}

static async long run(void)
{
    work_fn f = work;
    static long results[TASKS];
    pn_task *t[TASKS];
    for (int i = 0; i < TASKS; i++)
        t[i] = pn_spawn(one(f, i, &results[i]));
    long sum = 0;
    for (int i = 0; i < TASKS; i++) {
        if (await(pn_join(t[i])) != 0)
            return -1;
        sum += results[i];
    }
    if (small_live <= 64)
        printf("kept at most 64 blocks\n");
    else
        printf("kept %ld blocks\n", small_live);
    async int (*ap)(int) = aligned;
    int ok = 0;
    for (int i = 0; i < 10; i++)
        ok += await(ap(i));
    printf("%d of 10 aligned\n", ok);
    return sum;
}

int main(void)
{
    pn_allocator a = { counting_alloc, counting_free, NULL };
    pn_set_allocator(&a);
    printf("%ld\n", pn_block_on(run()));
    pn_shutdown();
    if (small_live == 0)
        printf("all returned\n");
    else
        printf("%ld blocks not returned\n", small_live);
    return 0;
}
