/*
 * The error-handling macro of GNU C code, around awaits:
 *
 *     #define TRY(e) ({ long r_ = (e); if (r_ < 0) return (int)r_; r_; })
 *
 * A statement expression that awaits, declares a local, returns from the
 * async function on failure and otherwise yields the value.  A wrong
 * lowering would lose the early return (running on with a negative
 * value), return the wrong value, run the code after the failing TRY, or
 * lose a value that lives across a later await.
 */
#include <fcntl.h>
#include <pinion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define TRY(e) ({ long try_r_ = (e); if (try_r_ < 0) return (int)try_r_; try_r_; })

static int trace;

static async long val(long v)
{
    await(pn_yield());
    trace = trace * 10 + 1;
    return v;
}

/* Each step may fail; the sum of the steps, or the first failure. */
static async int steps(long a, long b, long c)
{
    long x = TRY(await(val(a)));
    printf("  x=%ld\n", x);
    await(pn_yield());
    long y = TRY(await(val(b))) * 2 + x;
    printf("  y=%ld\n", y);
    y += TRY(await(val(c)));
    printf("  y=%ld\n", y);
    return (int)(x + y);
}

/* TRY as a statement, as an argument and in a return. */
static async int forms(long a)
{
    TRY(await(val(a)));
    printf("  stmt ok\n");
    printf("  arg %ld\n", TRY(await(val(a + 1))));
    return (int)TRY(await(val(a - 10)));
}

/* The motivating shape: read from a file descriptor, fail on error. */
static async int read_some(int fd)
{
    char b[8];
    memset(b, 0, sizeof b);
    long n = TRY(await(pn_read(fd, b, sizeof b - 1)));
    printf("  read %ld: %s\n", n, b);
    long m = TRY(await(pn_read(fd, b, sizeof b - 1)));
    printf("  read %ld\n", m);
    return (int)(n + m);
}

int main(void)
{
    int status = 0;
    int r = pn_block_on(steps(1, 2, 3));
    printf("steps ok: %d trace %d\n", r, trace);
    status += r;
    trace = 0;
    r = pn_block_on(steps(1, -2, 3));
    printf("steps fail b: %d trace %d\n", r, trace);
    status += r;
    trace = 0;
    r = pn_block_on(steps(-7, 2, 3));
    printf("steps fail a: %d trace %d\n", r, trace);
    status += r;
    trace = 0;
    r = pn_block_on(steps(5, 6, -1));
    printf("steps fail c: %d trace %d\n", r, trace);
    status += r;
    r = pn_block_on(forms(20));
    printf("forms: %d\n", r);
    r = pn_block_on(forms(5));
    printf("forms: %d\n", r);
    r = pn_block_on(forms(-5));
    printf("forms: %d\n", r);

    int p[2];
    if (pipe(p) != 0 || fcntl(p[0], F_SETFL, O_NONBLOCK) != 0) /* pn_read wants O_NONBLOCK */
        return 99;
    if (write(p[1], "hello", 5) != 5)
        return 98;
    close(p[1]);
    r = pn_block_on(read_some(p[0]));
    printf("read_some: %d\n", r);
    close(p[0]);
    r = pn_block_on(read_some(-1));
    printf("read_some bad fd: %s\n", r < 0 ? "negative" : "non-negative");
    return (status + 100) % 128;
}
