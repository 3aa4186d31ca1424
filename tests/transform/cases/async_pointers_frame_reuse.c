/*
 * 100,000 awaits through a pointer in a loop take their frames from the
 * runtime's pools: after the first few, no allocation.  The allocator
 * counts what it hands out while the loop runs; the program prints "ok"
 * when it is a handful (the erased program allocates nothing at all), and
 * the count otherwise.  A callee with a 4 KB frame is awaited through a
 * pointer too.
 */
#include <pinion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long allocations;

static void *counting_alloc(size_t size, void *ud)
{
    (void)ud;
    allocations++;
    return malloc(size);
}

static void counting_free(void *p, size_t size, void *ud)
{
    (void)size;
    (void)ud;
    free(p);
}

static async int step(int x)
{
    if (x % 1000 == 0)
        await(pn_yield());
    return x + 1;
}

static async long big(int seed)
{
    char buf[4096];
    memset(buf, seed & 0x7f, sizeof buf);
    await(pn_yield());
    long s = 0;
    for (size_t i = 0; i < sizeof buf; i += 512)
        s += buf[i];
    return s;
}

static async long run(void)
{
    async int (*fp)(int) = step;
    async long (*bp)(int) = big;
    long before = allocations;
    int v = 0;
    for (int i = 0; i < 100000; i++)
        v = await(fp(v));
    long bsum = 0;
    for (int i = 0; i < 10; i++)
        bsum += await(bp(i));
    long spent = allocations - before;
    if (spent <= 4)
        printf("ok\n");
    else
        printf("%ld allocations for 100010 awaits through pointers\n", spent);
    return v + bsum;
}

int main(void)
{
    pn_allocator a = { counting_alloc, counting_free, NULL };
    pn_set_allocator(&a);
    printf("%ld\n", pn_block_on(run()));
    pn_shutdown();
    return 0;
}
