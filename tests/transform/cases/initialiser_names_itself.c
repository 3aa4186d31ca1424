/*
 * A variable is in scope in its own initialiser.  Each one here lives
 * across an await, so it is a frame field, and its initialiser must name
 * that field: through sizeof, through its address, inside a struct that
 * points at itself, in an array, in a for header, next to an await in the
 * same initialiser, and in an inner block that shadows an outer variable
 * of another type.
 */
#include <pinion.h>
#include <stdio.h>

struct ring {
    struct ring *next;
    int value;
};

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int buf[8] = { 0 };
    int *q = buf + sizeof *q;
    void *self = &self;
    struct ring r = { &r, 7 };
    long sizes[3] = { (long)sizeof sizes, (long)sizeof sizes[0], 3 };
    int k = await(id((int)sizeof k)) + 1;
    await(pn_yield());
    printf("q - buf = %d\n", (int)(q - buf));
    printf("self points at itself: %d\n", self == (void *)&self);
    printf("ring: %d %d\n", r.next == &r, r.next->next->value);
    printf("sizes: %ld %ld %ld\n", sizes[0], sizes[1], sizes[2]);
    printf("k = %d\n", k);

    int v = 1;
    {
        double v = sizeof v;
        await(pn_yield());
        printf("inner v = %.1f\n", v);
    }
    printf("outer v = %d\n", v);

    int total = 0;
    for (int i = (int)sizeof i; i < 7; i++) {
        total += await(id(i));
    }
    printf("total = %d\n", total);
    return total + k;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r = %d\n", r);
    return 0;
}
