/*
 * Tasks that spawn and join their own sub-tasks, with results passed back
 * through memory owned by the joining parent (a local array lent to the
 * children, valid because the parent outlives them).
 */
#include <pinion.h>
#include <stdio.h>

static async void leaf(int v, int *out)
{
    await(pn_yield());
    await(pn_yield());
    *out = v * v;
}

static async void branch(int base, long *out)
{
    int parts[4];
    pn_task *t[4];
    for (int i = 0; i < 4; i++)
        t[i] = pn_spawn(leaf(base + i, &parts[i]));
    long sum = 0;
    for (int i = 0; i < 4; i++) {
        int rc = await(pn_join(t[i]));
        sum += parts[i] + rc;
    }
    *out = sum;
}

static async long run(void)
{
    long results[3];
    pn_task *t[3];
    for (int i = 0; i < 3; i++)
        t[i] = pn_spawn(branch(i * 10, &results[i]));
    for (int i = 0; i < 3; i++)
        await(pn_join(t[i]));
    for (int i = 0; i < 3; i++)
        printf("branch %d: %ld\n", i, results[i]);
    return results[0] + results[1] + results[2];
}

int main(void)
{
    long r = pn_block_on(run());
    printf("total %ld\n", r);
    return (int)(r % 128);
}
