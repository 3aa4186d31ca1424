/*
 * Recursion among async functions through boxed awaits: each recursive
 * child frame lives on the heap, so the parent's frame stays finite.
 * Direct recursion (a tree walk and Fibonacci), and mutual recursion
 * boxed on one edge only; every level keeps its own locals across its
 * own suspensions.
 */
#include <pinion.h>
#include <stdio.h>

struct tree {
    int value;
    const struct tree *left, *right;
};

static async long sum_tree(const struct tree *t, int depth)
{
    if (!t)
        return 0;
    char tag[16];
    snprintf(tag, sizeof tag, "d%d", depth);
    await(pn_yield());
    long l = await(pn_boxed(sum_tree(t->left, depth + 1)));
    long r = await(pn_boxed(sum_tree(t->right, depth + 1)));
    printf("  %s value=%d left=%ld right=%ld\n", tag, t->value, l, r);
    return t->value + l + r;
}

static async int fib(int n)
{
    if (n < 2)
        return n;
    int a = await(pn_boxed(fib(n - 1)));
    await(pn_yield());
    int b = await(pn_boxed(fib(n - 2)));
    return a + b;
}

static async int is_odd(int n);

static async int is_even(int n)
{
    if (n == 0)
        return 1;
    await(pn_yield());
    return await(is_odd(n - 1));
}

static async int is_odd(int n)
{
    if (n == 0)
        return 0;
    return await(pn_boxed(is_even(n - 1)));
}

static async int run(void)
{
    static const struct tree l2 = { 4, NULL, NULL };
    static const struct tree r2 = { 5, NULL, NULL };
    static const struct tree l1 = { 2, &l2, &r2 };
    static const struct tree r1 = { 3, NULL, NULL };
    static const struct tree root = { 1, &l1, &r1 };
    long s = await(sum_tree(&root, 0));
    int f = await(fib(15));
    int e = await(is_even(41)) * 10 + await(is_odd(41));
    printf("sum=%ld fib(15)=%d parity=%d\n", s, f, e);
    return (int)((s + f + e) % 128);
}

int main(void)
{
    return pn_block_on(run());
}
