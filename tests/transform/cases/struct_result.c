/*
 * An async function returning a struct by value (with an array member,
 * so it is larger than registers): the caller receives a copy, can use
 * it as an initialiser, an assignment source and a member-access operand.
 */
#include <pinion.h>
#include <stdio.h>

struct stats {
    int count;
    long sum;
    short hist[5];
};

static async struct stats collect(int n)
{
    struct stats s = { 0, 0, { 0 } };
    for (int i = 0; i < n; i++) {
        await(pn_yield());
        s.count++;
        s.sum += i * i;
        s.hist[i % 5]++;
    }
    return s;
}

static async int run(void)
{
    struct stats a = await(collect(7));
    struct stats b;
    b = await(collect(3));
    long direct = await(collect(4)).sum;
    int h = await(collect(12)).hist[1];
    printf("a: count=%d sum=%ld hist=%d,%d,%d,%d,%d\n", a.count, a.sum, a.hist[0], a.hist[1],
           a.hist[2], a.hist[3], a.hist[4]);
    printf("b: count=%d sum=%ld\n", b.count, b.sum);
    printf("direct=%ld h=%d\n", direct, h);
    return a.count + b.count + (int)direct + h;
}

int main(void)
{
    int r = pn_block_on(run());
    struct stats s = pn_block_on(collect(2));
    printf("r=%d s.sum=%ld\n", r, s.sum);
    return r;
}
