/*
 * Designated initialisers for arrays and structs (out of order, nested,
 * with gaps that must be zero) on locals that live across awaits.
 */
#include <pinion.h>
#include <stdio.h>

struct point {
    int x, y;
};

struct shape {
    const char *name;
    struct point corner[2];
    int tags[4];
    double weight;
};

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int arr[8] = { [5] = 50, [1] = 10, [6] = 60 };
    struct point p = { .y = 2, .x = 1 };
    struct shape s = {
        .weight = 1.5,
        .corner[1] = { .x = 7 },
        .name = "box",
        .tags = { [2] = 3 },
    };
    struct point pts[3] = { [2] = { .y = 9 }, [0].x = 4 };

    for (int i = 0; i < 8; i++)
        arr[i] += await(id(i));
    p.x += await(id(100));
    s.corner[1].y = await(id(s.corner[1].x * 3));
    await(pn_yield());

    for (int i = 0; i < 8; i++)
        printf("arr[%d]=%d\n", i, arr[i]);
    printf("p=(%d,%d)\n", p.x, p.y);
    printf("s=%s corner0=(%d,%d) corner1=(%d,%d) tags=%d,%d,%d,%d weight=%.1f\n", s.name,
           s.corner[0].x, s.corner[0].y, s.corner[1].x, s.corner[1].y, s.tags[0], s.tags[1],
           s.tags[2], s.tags[3], s.weight);
    for (int i = 0; i < 3; i++)
        printf("pts[%d]=(%d,%d)\n", i, pts[i].x, pts[i].y);
    return arr[5] + p.x + s.corner[1].y;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r % 100;
}
