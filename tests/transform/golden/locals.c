/* Locals of several kinds across an await: an initialised array, a string,
 * a struct declared in the body, a shadowed name, a static local. */
#include <pinion.h>
#include <string.h>

static async int count(const char *s)
{
    await(pn_yield());
    return (int)strlen(s);
}

static async int locals(int n)
{
    struct point {
        int x, y;
    } p = { n, n + 1 };
    int squares[3] = { 1, 4, 9 };
    char name[] = "pinion";
    static int calls;
    calls++;
    int len = await(count(name));
    {
        int n = len * 2;
        p.x += n;
    }
    return p.x + p.y + squares[n % 3] + calls;
}

int main(void)
{
    return pn_block_on(locals(1)) == 0;
}
