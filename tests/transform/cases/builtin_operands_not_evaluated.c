/*
 * GNU builtins that take types or choose between operands: the types of
 * `va_arg` and `__builtin_types_compatible_p` (and `__typeof__` inside
 * them) are not evaluated, nor the branch `__builtin_choose_expr` does
 * not choose, nor a member type inside `offsetof`.  A wrong lowering
 * makes awaits there await points: it calls the callee, or polls a child
 * whose result nobody reads in place of the chosen value.
 */
#include <pinion.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

static int calls;

static async int get(int v)
{
    calls++;
    await(pn_yield());
    return v;
}

static async int sum(int count, va_list *ap)
{
    int total = 0;
    for (int i = 0; i < count; i++) {
        total += va_arg(*ap, __typeof__(await(get(i))));
        await(pn_yield());
    }
    return total;
}

static int sum_of(int count, ...)
{
    va_list ap;
    va_start(ap, count);
    int r = pn_block_on(sum(count, &ap));
    va_end(ap);
    return r;
}

static async int run(void)
{
    int same = __builtin_types_compatible_p(__typeof__(await(get(1))), int);
    int differ = __builtin_types_compatible_p(__typeof__(await(get(2))) *, long *);
    int c1 = __builtin_choose_expr(1, await(get(10)), await(get(-10)));
    int c0 = __builtin_choose_expr(0, await(get(-20)), await(get(20)));
    size_t off = offsetof(struct { char c; __typeof__(await(get(3))) m; }, m);
    printf("same=%d differ=%d c1=%d c0=%d off=%zu calls=%d\n", same, differ, c1, c0, off,
           calls);
    return same + differ + c1 + c0 + (int)off + calls;
}

int main(void)
{
    int s = sum_of(3, 4, 5, 6);
    printf("s=%d calls=%d\n", s, calls);
    return (pn_block_on(run()) + s) & 0x7f;
}
