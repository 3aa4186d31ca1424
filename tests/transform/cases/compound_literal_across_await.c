/*
 * Compound literals whose storage must outlive an await: a pointer to a
 * compound literal kept across a suspension, and a compound literal in
 * the same full expression as an await.
 */
#include <pinion.h>
#include <stdio.h>

struct pair {
    int a, b;
};

static async int sum_pair(const struct pair *p)
{
    await(pn_yield());
    return p->a + p->b;
}

static async int sum3(const int *xs)
{
    await(pn_yield());
    return xs[0] + xs[1] + xs[2];
}

static async int run(void)
{
    int *p = (int[]){ 1, 2, 3 };
    struct pair *q = &(struct pair){ .a = 5, .b = 6 };
    await(pn_yield());
    p[1] += 40;
    q->b *= 2;
    printf("p=%d,%d,%d q=%d,%d\n", p[0], p[1], p[2], q->a, q->b);

    int s = await(sum_pair(&(struct pair){ 10, 20 }));
    int t = await(sum3((int[]){ 100, 200, 300 })) + await(sum_pair(q));
    int u = ((struct pair){ 1, 2 }).b + await(sum3(p));
    printf("s=%d t=%d u=%d\n", s, t, u);
    return s + t + u;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r % 100;
}
