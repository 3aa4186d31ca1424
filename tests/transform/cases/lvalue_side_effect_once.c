/*
 * Assignments whose left side has its own side effect (a[i++], *p++)
 * with an await on the right: the left side's side effect happens
 * exactly once and the store lands where the synchronous program puts it.
 */
#include <pinion.h>
#include <stdio.h>

struct rec {
    int v[3];
};

static int index_calls;

static int next_index(int *i)
{
    index_calls++;
    return (*i)++;
}

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int a[6] = { 0 };
    int i = 0;
    a[i++] = await(id(11));
    a[i++] = await(id(22));
    a[++i] = await(id(44));
    int *p = a;
    *p++ += await(id(1000));
    *++p = await(id(33));
    printf("a=%d,%d,%d,%d,%d,%d i=%d p-a=%td\n", a[0], a[1], a[2], a[3], a[4], a[5], i, p - a);

    struct rec recs[3] = { { { 0 } } };
    int k = 0;
    recs[next_index(&k)].v[1] = await(id(5));
    recs[next_index(&k)].v[2] += await(id(6));
    recs[2].v[next_index(&k) - 2] -= await(id(7));
    printf("recs=%d,%d,%d/%d,%d,%d/%d,%d,%d k=%d index_calls=%d\n", recs[0].v[0], recs[0].v[1],
           recs[0].v[2], recs[1].v[0], recs[1].v[1], recs[1].v[2], recs[2].v[0], recs[2].v[1],
           recs[2].v[2], k, index_calls);
    return a[0] + a[3] + i + index_calls;
}

int main(void)
{
    return pn_block_on(run()) & 0x7f;
}
