/*
 * The value of a statement expression is its last statement other than
 * null ones: `({ ...; r; ; })`, `r;;` and `r; EMPTY;` (an empty macro
 * before the `;`) are r in GCC and Clang, through labels before r too.
 * A lowering that took the trailing `;` for the last statement would
 * make the expression void (or yield something else); one that copied r
 * twice, or without rewriting it, would read the global r.
 */
#include <pinion.h>
#include <stdio.h>

#define EMPTY

/* Rebuilt even without an await: its return comes out of a macro body. */
#define TRY(e) ({ int r_ = (e); if (r_ < 0) return r_; r_;; })

static int plain(int v)
{
    return v;
}

struct pair {
    int a, b;
};

int r = 100;

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int run(int k)
{
    int r = k;
    int a = ({
        int t = await(id(1));
        r + t;
        ;
    });
    printf("a=%d\n", a);
    int b = ({ await(id(2)) + r;; });
    printf("b=%d\n", b);
    int c = ({
        if (r < 0)
            goto lab;
        await(pn_yield());
    lab:
        r * await(id(3));
        EMPTY;
        ;
    });
    printf("c=%d\n", c);
    struct pair p = ({ struct pair q = { await(id(4)), r }; q; ; ; });
    printf("p=%d,%d\n", p.a, p.b);
    /* On the taken side of && and ?:, and as an argument. */
    int d = r > 0 && ({ await(pn_yield()); r - k + 1; ; });
    int e = r < 0 ? 0 : ({ await(id(r)) * 2;EMPTY; });
    printf("d=%d e=%d sum=%d\n", d, e, ({ int s = await(id(a + b)); s + c; ; }));
    /* Copied as text (no await inside), inside one that is rebuilt. */
    int f = ({ int g = await(id(6)); ({ r + g; ; }) + ({ r;; }); ; });
    printf("f=%d\n", f);
    int g = TRY(plain(r + 1)) + TRY(await(id(r + 2)));
    printf("g=%d\n", g);
    if (k < 0)
        return TRY(plain(k));
    /* Its value unused: evaluated for its effects, once. */
    (void)({ await(pn_yield()); r++; ; });
    (void)({ await(pn_yield()); r += 10;; });
    printf("r=%d global=%d\n", r, ({ extern int r; r; ; }));
    return a + b + c + p.a + d + e + f + g + r;
}

int main(void)
{
    int s = pn_block_on(run(5));
    printf("s=%d global=%d\n", s, r);
    s += pn_block_on(run(-9));
    printf("s=%d\n", s);
    return s & 0x7f;
}
