/*
 * Types declared in an async body that frame fields depend on in less
 * obvious ways: an enum constant used as an array size, a self-referential
 * struct, a typedef of an array type, and a local struct tag that shadows
 * a file-scope struct with the same tag.
 */
#include <pinion.h>
#include <stdio.h>

struct shape {
    int sides;
};

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(void)
{
    struct shape outer = { 4 };
    enum { N = 4, M = N * 2 };
    int counts[N];
    char buf[M + 1];
    typedef int vec3[3];
    vec3 v = { 1, 2, 3 };
    struct node {
        int value;
        struct node *next;
    } a = { 1, NULL }, b = { 2, NULL }, *head = &a;
    a.next = &b;
    for (int i = 0; i < N; i++)
        counts[i] = await(id(i * i));
    for (int i = 0; i < M; i++)
        buf[i] = (char)('a' + await(id(i)));
    buf[M] = '\0';
    v[2] += await(id(10));
    int sum = 0;
    for (struct node *p = head; p; p = p->next)
        sum += await(id(p->value));
    {
        struct shape {
            double area;
            const char *name;
        } inner = { 2.5, "inner" };
        inner.area *= await(id(2));
        printf("inner shape: %s %.1f (sizeof %d)\n", inner.name, inner.area,
               (int)(sizeof inner > sizeof outer));
    }
    outer.sides += await(id(1));
    printf("counts=%d,%d,%d,%d buf=%s v=%d,%d,%d sum=%d sides=%d sizeof(vec3)=%zu\n", counts[0],
           counts[1], counts[2], counts[3], buf, v[0], v[1], v[2], sum, outer.sides, sizeof(vec3));
    return counts[3] + sum + outer.sides + v[2];
}

int main(void)
{
    return pn_block_on(run()) & 0x7f;
}
