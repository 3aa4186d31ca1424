/*
 * Macros whose body joins its own arguments with an operator, around
 * awaits: the operator is the definition's (`a + b`), not the comma that
 * separates the arguments in the invocation.  A lowering that read the
 * text between the operands would compute `(await(g(1)), 2)`, i.e. 2; one
 * that evaluated a twice-used parameter once would call the callee fewer
 * times than the synchronous program does.
 */
#include <pinion.h>
#include <stdio.h>

#define ADD(a, b) a + b
#define MUL(a, b) a * b
#define SUB(a, b) a - b
#define SQ(x) x * x
#define NEG(a) -a
#define NOT(a) !a
#define INC(a, b) a += b
#define SET(a, b) a = b
#define SHL(a, b) a << b
#define LESS(a, b) a < b
#define BOTH(a, b) a && b
#define NAMED(a, b) (printf("%s\n", #a), a % b)
#define PASTED(a, b) a##0 + b
#define CALL_PLUS(a, b) pair(a, b) + b

static int pair(int a, int b)
{
    return a * 100 + b;
}

static int calls;

static async int g(int v)
{
    calls++;
    await(pn_yield());
    return v;
}

static async int run(void)
{
    int x = ADD(await(g(1)), 2);
    int y = MUL(3, await(g(2)));
    printf("x=%d y=%d calls=%d\n", x, y, calls);
    /* The same parameter twice: two awaits, two calls. */
    int s = SQ(await(g(5)));
    printf("s=%d calls=%d\n", s, calls);
    /* Nested invocations. */
    int n = ADD(ADD(await(g(10)), 2), 3);
    int m = MUL(ADD(1, await(g(4))), SUB(await(g(9)), 2));
    printf("n=%d m=%d calls=%d\n", n, m, calls);
    /* Precedence as C gives it: ADD(1, 2) * 3 is 1 + 2 * 3. */
    int p = ADD(1, await(g(2))) * 3;
    int q = 2 * ADD(await(g(3)), 4);
    int r = MUL(ADD(await(g(1)), 1), 5);
    printf("p=%d q=%d r=%d calls=%d\n", p, q, r, calls);
    /* Unary operators of the body. */
    int u = NEG(await(g(7))) + NOT(await(g(0)));
    printf("u=%d calls=%d\n", u, calls);
    /* Compound and plain assignment from a body. */
    int acc = 10;
    INC(acc, await(g(6)));
    int w = 0;
    SET(w, await(g(8)) + 1);
    printf("acc=%d w=%d calls=%d\n", acc, w, calls);
    int sh = SHL(1, await(g(4)));
    int lt = LESS(await(g(2)), 3);
    int both = BOTH(await(g(1)), await(g(0)));
    printf("sh=%d lt=%d both=%d calls=%d\n", sh, lt, both, calls);
    /* A stringified parameter is no operand; its other use is. */
    int nm = NAMED(await(g(17)), await(g(5)));
    printf("nm=%d calls=%d\n", nm, calls);
    /* A parameter pasted elsewhere in the body; arguments without
     * spaces; the left operand beginning before the invocation. */
    int pa = PASTED(1, await(g(2)));
    int ns = ADD(await(g(1)),2)-MUL(await(g(2)),3);
    int v = 1 + SUB(2, await(g(3)));
    int cp = CALL_PLUS(1, await(g(4)));
    printf("pa=%d ns=%d v=%d cp=%d calls=%d\n", pa, ns, v, cp, calls);
    return (x + y + s + n + m + p + q + r + u + acc + w + sh + lt + both + nm + pa + ns + v + cp +
            calls) %
           100;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r;
}
