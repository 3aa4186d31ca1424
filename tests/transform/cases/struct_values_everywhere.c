/*
 * Struct values produced by awaits flowing everywhere a struct value may
 * go: into array elements, struct members, function arguments, return
 * statements (also as a compound literal built from awaits), and
 * through a conditional expression.
 */
#include <pinion.h>
#include <stdio.h>

struct v2 {
    int x, y;
};

struct seg {
    struct v2 from, to;
};

static async struct v2 make(int x, int y)
{
    await(pn_yield());
    return (struct v2){ x, y };
}

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async struct v2 built(void)
{
    return (struct v2){ await(id(7)), await(id(8)) };
}

static int len2(struct v2 a, struct v2 b)
{
    return (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y);
}

static async int run(void)
{
    struct v2 pts[3];
    for (int i = 0; i < 3; i++)
        pts[i] = await(make(i, i * i));
    struct seg s;
    s.from = await(make(1, 1));
    s.to = await(built());
    int d = len2(await(make(0, 0)), await(make(3, 4)));
    struct v2 pick = d > 10 ? await(make(100, 0)) : await(make(-100, 0));
    printf("pts=(%d,%d),(%d,%d),(%d,%d) seg=(%d,%d)-(%d,%d) d=%d pick=%d\n", pts[0].x, pts[0].y,
           pts[1].x, pts[1].y, pts[2].x, pts[2].y, s.from.x, s.from.y, s.to.x, s.to.y, d, pick.x);
    return pts[2].y + s.to.y + d + pick.x;
}

int main(void)
{
    return pn_block_on(run()) & 0x7f;
}
