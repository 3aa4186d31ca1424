/*
 * Statements whose text ends in a compound literal's `}`
 * (`s = (struct pair){ 1, 2 };`) as the body of constructs the lowering
 * rebuilds: an if, else, while, for or do body, a case or a label.  Their
 * `;` comes after that `}`; a lowering that took the `}` for the end of
 * the statement would leave the `;` out of the body.
 */
#include <pinion.h>
#include <stdio.h>

struct pair {
    int a, b;
};

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(int start)
{
    struct pair s = { 0, 0 };
    int n = start;
    if (await(id(n)) > 0) s = (struct pair){ n, 1 };
    printf("if: %d %d\n", s.a, s.b);
    if (await(id(n)) < 0) s = (struct pair){ 0, 0 }; else s = (struct pair){ n + 1, 2 };
    printf("else: %d %d\n", s.a, s.b);
    while (await(id(n)) < start + 3) n++, s = (struct pair){ n, 3 };
    printf("while: %d %d\n", s.a, s.b);
    for (int i = 0; i < await(id(2)); i++) s = (struct pair){ s.a + i, 4 };
    printf("for: %d %d\n", s.a, s.b);
    do s = (struct pair){ s.a * 2, 5 }; while (await(id(s.a)) < 100);
    printf("do: %d %d\n", s.a, s.b);
    switch (await(id(n % 2))) {
    case 0: s = (struct pair){ s.a + 1, 6 };
        break;
    default: s = (struct pair){ s.a + 2, 7 };
    }
    printf("switch: %d %d\n", s.a, s.b);
    if (await(id(1))) {
        goto lab;
    }
    s.b = 0;
lab: s = (struct pair){ s.a + await(id(3)), s.b + 8 };
    printf("label: %d %d\n", s.a, s.b);
    return s.a + s.b;
}

int main(void)
{
    int r = pn_block_on(run(1));
    printf("r=%d\n", r);
    return r & 0x7f;
}
