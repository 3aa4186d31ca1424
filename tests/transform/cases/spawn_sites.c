/*
 * pn_spawn in different syntactic positions: a conditional expression
 * (only the chosen call is spawned), an array initialiser, a function
 * argument and a loop, with struct and pointer arguments.
 */
#include <pinion.h>
#include <stdio.h>

struct job {
    int id;
    int weight;
};

static int done[8];

static async void work(struct job j, int *out)
{
    await(pn_yield());
    *out = j.id * 100 + j.weight;
    done[j.id]++;
}

static async int run(int choose)
{
    int out[8] = { 0 };
    pn_task *a = choose ? pn_spawn(work((struct job){ 1, 10 }, &out[1]))
                        : pn_spawn(work((struct job){ 2, 20 }, &out[2]));
    pn_task *arr[2] = { pn_spawn(work((struct job){ 3, 30 }, &out[3])),
                        pn_spawn(work((struct job){ 4, 40 }, &out[4])) };
    int rc = await(pn_join(a));
    rc += await(pn_join(arr[0])) + await(pn_join(arr[1]));
    for (int i = 5; i < 8; i++) {
        struct job j = { i, i };
        pn_task *t = pn_spawn(work(j, &out[i]));
        rc += await(pn_join(t));
    }
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += out[i];
    printf("choose=%d rc=%d sum=%d done=%d%d%d%d%d%d%d\n", choose, rc, sum, done[1], done[2],
           done[3], done[4], done[5], done[6], done[7]);
    return sum;
}

static async int run_both(void)
{
    return await(run(1)) + await(run(0));
}

int main(void)
{
    return pn_block_on(run_both()) & 0x7f;
}
