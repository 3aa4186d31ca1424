/*
 * Dispatch tables and objects with async methods: a file-scope table of
 * { name, handler } (the initialiser names async functions), a struct of
 * operations implemented twice, awaited as o->op(o, ...), a handler
 * looked up through a function returning a typedef'd pointer, and a
 * pointer to a void async function.  A wrong lowering would leave a table
 * entry pointing at something that is not NAME__ptr, or mix up the
 * object passed to the method.
 */
#include <pinion.h>
#include <stdio.h>
#include <string.h>

typedef async int (*cmd_fn)(const char *arg);

static async int cmd_len(const char *arg)
{
    await(pn_yield());
    return (int)strlen(arg);
}

static async int cmd_first(const char *arg)
{
    char c = arg[0];
    await(pn_yield());
    return c;
}

static async int cmd_count(const char *arg)
{
    int n = 0;
    for (const char *p = arg; *p; p++) {
        await(pn_yield());
        n += *p == 'a';
    }
    return n;
}

static const struct command {
    const char *name;
    cmd_fn fn;
} commands[] = {
    { "len", cmd_len },
    { "first", &cmd_first },
    { "count", cmd_count },
};

static cmd_fn lookup(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].fn;
    return NULL;
}

struct counter {
    async int (*add)(struct counter *self, int by);
    async void (*reset)(struct counter *self);
    int value;
    int step;
};

static async int plain_add(struct counter *self, int by)
{
    await(pn_yield());
    self->value += by;
    return self->value;
}

static async int scaled_add(struct counter *self, int by)
{
    int v = self->value;
    await(pn_yield());
    self->value = v + by * self->step;
    return self->value;
}

static async void zero(struct counter *self)
{
    await(pn_yield());
    self->value = 0;
}

static async int run(void)
{
    const char *names[] = { "len", "first", "count", "len" };
    int total = 0;
    for (int i = 0; i < 4; i++) {
        cmd_fn f = lookup(names[i]);
        int r = await(f("banana"));
        printf("%s -> %d\n", names[i], r);
        total += r;
    }
    printf("table[2] direct: %d\n", await(commands[2].fn("aaa")));
    struct counter a = { plain_add, zero, 0, 1 };
    struct counter b = { scaled_add, zero, 100, 3 };
    struct counter *objs[] = { &a, &b };
    for (int round = 0; round < 3; round++)
        for (int k = 0; k < 2; k++) {
            struct counter *o = objs[k];
            printf("obj %d round %d: %d\n", k, round, await(o->add(o, round + 1)));
        }
    await(b.reset(&b));
    printf("after reset: %d %d\n", a.value, b.value);
    return total;
}

int main(void)
{
    printf("total %d\n", pn_block_on(run()));
    return 0;
}
