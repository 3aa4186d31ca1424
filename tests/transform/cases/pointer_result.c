/*
 * Async functions returning pointers (to a static table, to a caller's
 * buffer, NULL, and a function-pointer-free `const char *`), used
 * directly in dereferences, comparisons and pointer arithmetic.
 */
#include <pinion.h>
#include <stddef.h>
#include <stdio.h>

static int table[6] = { 5, 10, 15, 20, 25, 30 };

static async int *find(int want)
{
    for (int i = 0; i < 6; i++) {
        await(pn_yield());
        if (table[i] == want)
            return &table[i];
    }
    return NULL;
}

static async char *last_char(char *s)
{
    await(pn_yield());
    while (s[0] && s[1])
        s++;
    return s;
}

static async const char *name_of(int k)
{
    await(pn_yield());
    return k ? "yes" : "no";
}

static async int run(void)
{
    int *p = await(find(15));
    *p += 1;
    int *q = await(find(99));
    ptrdiff_t gap = await(find(30)) - await(find(10));
    char buf[] = "async";
    *await(last_char(buf)) = 'S';
    printf("p-index=%td *p=%d q-null=%d gap=%td buf=%s %s/%s\n", p - table, *p, q == NULL, gap,
           buf, await(name_of(1)), await(name_of(0)));
    return (int)(p - table) + (int)gap + table[2];
}

int main(void)
{
    return pn_block_on(run());
}
