/*
 * va_list parameters of async functions, read across awaits: the frame
 * keeps what the parameter is (on x86-64 the pointer a va_list decays
 * to, so va_arg advances the caller's list as in the synchronous
 * program), spelled so that both compilers accept it and va_arg takes
 * it.  A lowering that spells the canonical `struct __va_list_tag *`
 * gives a frame gcc cannot compile and a field clang's va_arg refuses;
 * one that copies the list loses the caller's position (`both` reads the
 * first argument, then its callee the rest).
 */
#include <pinion.h>
#include <stdarg.h>
#include <stdio.h>
static async int sum(int n, va_list ap)
{
    int t = 0;
    for (int i = 0; i < n; i++) {
        await(pn_yield());
        t += va_arg(ap, int);
        printf("sum %d\n", t);
    }
    return t;
}
static async int fmt(int (*vf)(char *, size_t, const char *, va_list), const char *f, va_list ap)
{
    char buf[64];
    va_list cp;
    va_copy(cp, ap);
    await(pn_yield());
    int n = vf(buf, sizeof buf, f, cp);
    va_end(cp);
    await(pn_yield());
    puts(buf);
    return n;
}
static async int both(int n, va_list ap)
{
    int first = va_arg(ap, int);
    await(pn_yield());
    int rest = await(sum(n - 1, ap));
    return first * 100 + rest;
}
static async int raw(int n, __builtin_va_list ap, unsigned char tag)
{
    long t = tag;
    while (n-- > 0) {
        t = t * 10 + va_arg(ap, long);
        await(pn_yield());
    }
    return (int)t;
}
static int wrapr(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    int r = pn_block_on(raw(n, ap, 9));
    va_end(ap);
    return r;
}
static int wrap(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    int r = pn_block_on(both(n, ap));
    va_end(ap);
    return r;
}
static int wrapf(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = pn_block_on(fmt(vsnprintf, f, ap));
    va_end(ap);
    return r;
}
int main(void)
{
    int a = wrap(3, 7, 20, 30);
    int b = wrapf("%s-%d", "x", 42);
    int c = wrapr(3, 1L, 2L, 3L);
    printf("%d %d %d\n", a, b, c);
    return a == 750 && b == 4 && c == 9123 ? 0 : 1;
}
