/*
 * An await in an operand C does not evaluate is no await at all: no
 * state, no child frame, no edge of the recursion check, no need for the
 * callee's frame layout.  A wrong analysis refuses `remote` (its frame
 * is defined in no file here; the synchronous program never calls it),
 * reports `walk` as recursive or embeds a frame in itself, or gives
 * states to awaits nested deep inside `&&` and `?:` of a sizeof.  Also:
 * a `_Generic` whose controlling expression is a cast to a typeof type,
 * with awaits in the selected and the unselected associations, and a
 * pn_spawn inside sizeof, which spawns nothing.
 */
#include <pinion.h>
#include <stdio.h>

static int calls;

async int remote(int x); /* defined nowhere: only named where it is not evaluated */

static async int get(int v)
{
    calls++;
    await(pn_yield());
    return v;
}

static async long get_long(long v)
{
    calls++;
    await(pn_yield());
    return v;
}

static async int walk(int depth)
{
    size_t a = sizeof(await(walk(depth + 1)));
    __typeof__(await(walk(depth - 1))) b = depth;
    await(pn_yield());
    size_t c = _Alignof(__typeof__(await(walk(0))));
    printf("walk a=%zu b=%d c=%zu\n", a, b, c);
    return (int)(a + c) + b;
}

static async int run(int x)
{
    size_t r = sizeof(await(remote(x))) + sizeof(__typeof__(await(remote(1))));
    __typeof__(await(remote(2))) rv = await(get(3));
    printf("r=%zu rv=%d calls=%d\n", r, rv, calls);
    size_t deep = sizeof(x && (await(get(1)) ? await(get_long(2)) : (x || await(get(3)))));
    size_t deeper = sizeof(((x ? await(get_long(1)) : 0) + (await(get(2)), await(get(3)))));
    printf("deep=%zu deeper=%zu calls=%d\n", deep, deeper, calls);
    int w = await(walk(2));
    int g = _Generic((__typeof__(await(get_long(9))))0, long: await(get(40)),
                     int: await(get(-1)), default: await(get(-2)));
    int h = _Generic(await(get(5)) + 0L, int: await(get(-3)), default: 2) +
            _Generic((__typeof__(await(get(6))) *)0, int *: 3, default: await(get(-4)));
    size_t sp = sizeof(pn_spawn(get(11))) + sizeof(__typeof__(pn_spawn(get(12))));
    long l = await(get_long(8)) + (sp != 0);
    printf("w=%d g=%d h=%d l=%ld calls=%d\n", w, g, h, l, calls);
    return (int)(r + deep + deeper + l) + rv + w + g + h + calls;
}

int main(void)
{
    return pn_block_on(run(1)) & 0x7f;
}
