/*
 * pn_block_on and pn_spawn of async functions that are only declared (by
 * a prototype) where they are used and defined further down the file,
 * after main: the generated helpers need frame types that come later.
 */
#include <pinion.h>
#include <stdio.h>

static async int later(int v);
static async void worker(int *slot, int v);

static async int driver(void)
{
    int slots[3] = { 0, 0, 0 };
    pn_task *t[3];
    for (int i = 0; i < 3; i++)
        t[i] = pn_spawn(worker(&slots[i], i + 1));
    for (int i = 0; i < 3; i++)
        await(pn_join(t[i]));
    return slots[0] + slots[1] * 10 + slots[2] * 100;
}

int main(void)
{
    int a = pn_block_on(later(4));
    int b = pn_block_on(driver());
    printf("a=%d b=%d\n", a, b);
    return (a + b) % 128;
}

static async int later(int v)
{
    await(pn_yield());
    return v * 11;
}

static async void worker(int *slot, int v)
{
    await(pn_yield());
    *slot = await(later(v));
}
