/*
 * Locals declared inside a statement expression that awaits: those whose
 * value is needed after an await live in the frame, the others stay
 * ordinary locals of the poll function, and locals of the enclosing
 * function read or written inside the statement expression keep their
 * values across its awaits.  A buffer declared inside and lent to a child
 * must stay put while the child runs.  A wrong frame (a local left out
 * while live, storage shared with a local still in use) prints garbage.
 *
 * layout: locals frame seed acc outer r kept buf
 * layout: locals shared r kept
 * layout: locals smaller
 * layout: rewrite frame x n y a
 * layout: rewrite shared x a
 */
#include <pinion.h>
#include <stdio.h>
#include <string.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int fill(char *dst, int n, char c)
{
    await(pn_yield());
    for (int i = 0; i < n; i++)
        dst[i] = (char)(c + i);
    await(pn_yield());
    dst[n] = '\0';
    return n;
}

static async int locals(int seed)
{
    int acc = seed;
    int outer = 100;
    int r = ({
        int kept = seed * 7;         /* read after the await: in the frame */
        int gone = await(id(seed));  /* written after the last await: a plain local */
        kept += gone + outer;
        await(pn_yield());
        kept * 2;
    });
    printf("r=%d\n", r);
    int len = ({
        char buf[16];                /* lent to a child: in the frame */
        int n = await(fill(buf, 5, 'a'));
        acc += (int)strlen(buf);
        printf("buf=%s\n", buf);
        n + buf[0];
    });
    printf("len=%d acc=%d\n", len, acc);
    return r + len + acc + outer;
}

/* A parameter the enclosing expression reads survives the awaits of the
 * statement expression beside it; an outer local assigned inside keeps
 * that value after it. */
static async int rewrite(int x)
{
    int n = 0;
    int y = x + ({
        int t = await(id(x));
        n = t * 2;
        await(pn_yield());
        n + 1;
    });
    printf("y=%d n=%d x=%d\n", y, n, x);
    int z = ({ int a = await(id(n)); int b = await(id(a + 1)); a * 10 + b; });
    printf("z=%d\n", z);
    return y + z + n;
}

int main(void)
{
    int a = pn_block_on(locals(3));
    printf("locals=%d\n", a);
    int b = pn_block_on(rewrite(4));
    printf("rewrite=%d\n", b);
    return (a + b) % 128;
}
