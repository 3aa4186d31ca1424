/*
 * Control flow inside a statement expression that awaits: a loop with
 * break and continue, a switch, a goto backwards and forwards to labels
 * inside it (one labelling its value), local labels (`__label__`) of a
 * macro expanded twice, and a return from the async function out of the
 * middle of a loop.  Resumption lands inside these loops; a wrong
 * lowering would restart the loop, lose its counter, send a break or
 * continue to a loop outside, define a label twice or skip the return.
 */
#include <pinion.h>
#include <stdio.h>

#define RETRY(e)                                                                             \
    ({                                                                                       \
        __label__ again;                                                                     \
        int tries_ = 0;                                                                      \
        long r_;                                                                             \
    again:                                                                                   \
        r_ = (e);                                                                            \
        if (r_ < 0 && ++tries_ < 3)                                                          \
            goto again;                                                                      \
        r_;                                                                                  \
    })

static int fails;

static async long flaky(long v)
{
    await(pn_yield());
    if (fails > 0) {
        fails--;
        return -1;
    }
    return v;
}

static async long retries(long k)
{
    fails = 1;
    long a = RETRY(await(flaky(k)));
    fails = 2;
    long b = RETRY(await(flaky(k + 1)));
    fails = 5;
    long c = RETRY(await(flaky(k + 2)));
    printf("retries a=%ld b=%ld c=%ld fails=%d\n", a, b, c, fails);
    return a * 100 + b * 10 + c;
}

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int loops(int n)
{
    int outer = 0;
    for (int round = 0; round < 2; round++) {
        int sum = ({
            int acc = 0;
            for (int i = 0; i < n; i++) {
                if (i == 1)
                    continue;          /* the inner for */
                if (i == 5)
                    break;             /* the inner for */
                acc += await(id(i));
            }
            int j = 0;
            while (1) {
                j += await(id(2));
                if (j > 5)
                    break;             /* the inner while */
            }
            acc * 100 + j;
        });
        outer += sum;
        printf("round %d sum=%d\n", round, sum);
        if (round == 0)
            continue;                  /* the outer for */
        outer += 1;
    }
    return outer;
}

static async int switches(int k)
{
    int v = ({
        int r = 0;
        switch (await(id(k))) {
        case 1:
            r = await(id(10));
            break;
        case 2:
            r = 20;
            /* fall through */
        case 3:
            r += await(id(30));
            break;
        default:
            r = -1;
            break;
        }
        r;
    });
    return v;
}

static async int gotos(int n)
{
    int v = ({
        int i = 0, acc = 0;
    again:
        acc += await(id(i));
        if (++i < n)
            goto again;
        if (acc > 100)
            goto done;
        acc = -acc;
    done:
        acc;
    });
    return v;
}

static async int returns(int limit)
{
    int v = ({
        int acc = 0;
        for (int i = 0;; i++) {
            acc += await(id(i));
            if (acc > limit)
                return -acc;           /* leaves the async function */
            if (i == 10)
                break;
        }
        acc;
    });
    printf("  no early return: %d\n", v);
    return v;
}

int main(void)
{
    int status = 0;
    int r = pn_block_on(loops(7));
    printf("loops=%d\n", r);
    status += r;
    for (int k = 0; k <= 3; k++) {
        r = pn_block_on(switches(k));
        printf("switches(%d)=%d\n", k, r);
        status += r;
    }
    r = pn_block_on(gotos(4));
    printf("gotos(4)=%d\n", r);
    status += r;
    r = pn_block_on(gotos(20));
    printf("gotos(20)=%d\n", r);
    status += r;
    r = pn_block_on(returns(5));
    printf("returns(5)=%d\n", r);
    status += r;
    r = pn_block_on(returns(1000));
    printf("returns(1000)=%d\n", r);
    status += r;
    long rr = pn_block_on(retries(4));
    printf("retries(4)=%ld\n", rr);
    status += (int)(rr % 100);
    return status % 128 < 0 ? -(status % 128) : status % 128;
}
