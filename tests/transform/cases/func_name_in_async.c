/*
 * __func__, __FUNCTION__ and __PRETTY_FUNCTION__ inside async functions
 * name the async function, as in the synchronous program.  The body runs
 * inside the generated poll function, so a lowering that left them alone
 * printed "walk__poll"; one that replaced them by a pointer changed
 * `sizeof __func__`, and one that replaced them by a temporary array left
 * a pointer kept across an await dangling.  Covered: direct uses in
 * expressions with and without an await, sizeof, _Generic, a pointer kept
 * in the frame across awaits, a nested block, a statement expression that
 * awaits, a static local's initialiser, the argument of an awaited call,
 * a for header, a local array and a typedef sized by the name (the
 * typedef moves to file scope with the frame), and the ordinary
 * functions around (which keep their own names).
 */
#include <pinion.h>
#include <stdio.h>
#include <string.h>

/* What clang's __PRETTY_FUNCTION__ is in C: the declaration, without
 * parameter names; gcc's is the plain name. */
#if defined(__clang__)
#define PRETTY_WALK "int walk(int, const char *)"
#define PRETTY_NOTE "void note(void)"
#else
#define PRETTY_WALK "walk"
#define PRETTY_NOTE "note"
#endif

static void before(void)
{
    printf("before: %s %zu\n", __func__, sizeof __func__);
}

static async const char *echo(const char *s)
{
    await(pn_yield());
    printf("echo(%s) in %s\n", s, __func__);
    return s;
}

static async int count(const char *s)
{
    await(pn_yield());
    return (int)strlen(s);
}

static async void note(void)
{
    printf("%s/%s/%d\n", __func__, __FUNCTION__, strcmp(__PRETTY_FUNCTION__, PRETTY_NOTE) == 0);
    await(pn_yield());
    printf("%s again\n", __FUNCTION__);
}

static async int walk(int n, const char *tag)
{
    printf("%s %s n=%d tag=%s\n", __func__, __FUNCTION__, n, tag);
    printf("sizes %zu %zu %zu\n", sizeof __func__, sizeof __FUNCTION__, sizeof(__func__));
    printf("pretty %d %d\n", strcmp(__PRETTY_FUNCTION__, PRETTY_WALK) == 0,
           sizeof __PRETTY_FUNCTION__ == sizeof PRETTY_WALK);
    printf("generic %d\n", _Generic(__func__, const char *: 1, char *: 2, default: 3));
    printf("element %c%c last %d\n", __func__[0], *(__func__ + 1), __func__[sizeof __func__ - 1]);

    const char *kept = __func__;
    static const char *first = __func__;
    char copy[sizeof __func__ + 3];
    strcpy(copy, __func__);
    typedef char name_buf[sizeof __func__];
    name_buf t = "walk";
    await(pn_yield());
    printf("kept %s same %d static %s copy %s\n", kept, kept == __func__, first, copy);
    printf("typedef %s %zu\n", t, sizeof t);

    int len = await(count(__func__)) + (int)strlen(__func__);
    printf("len %d\n", len);
    printf("with await %s %d %s\n", __func__, await(count(tag)), __FUNCTION__);

    const char *back = await(echo(__func__));
    printf("back %s same %d\n", back, back == __func__);

    {
        await(pn_yield());
        const char *inner = __func__;
        await(pn_yield());
        printf("nested %s %zu\n", inner, sizeof __func__);
    }

    for (const char *p = __func__; *p; p++) {
        await(pn_yield());
        printf("[%c]", *p);
    }
    printf("\n");

    int se = ({
        int a = await(count(__func__));
        await(pn_yield());
        a + (int)sizeof __FUNCTION__;
    });
    printf("stmt expr %d %s\n", se, ({ await(pn_yield()); __func__; }));

    await(note());
    return n + (int)strlen(kept);
}

static void after(void)
{
    printf("after: %s\n", __func__);
}

int main(void)
{
    before();
    int r = pn_block_on(walk(3, "t"));
    const char *m = pn_block_on(echo(__func__));
    after();
    printf("r=%d m=%s %s\n", r, m, __func__);
    return r;
}
