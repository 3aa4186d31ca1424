/*
 * A thousand reads that time out leave no descriptor open: each read
 * holds a pn_autoclose descriptor of its own, and the timer wins every
 * race, which drops the read's frame and with it runs the cleanup.  (The
 * synchronous reading runs only the timer, the race's first branch, and
 * never opens one.)  A drop that does not run cleanups leaves a thousand
 * descriptors open.
 */
#define _POSIX_C_SOURCE 200809L
#include <pinion.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static int open_fds(void)
{
    int n = 0;
    for (int fd = 0; fd < 4096; fd++)
        n += fcntl(fd, F_GETFD) != -1;
    return n;
}

/* Unused in the synchronous reading, where only the race's first branch
 * runs. */
__attribute__((unused)) static async long read_one(int src)
{
    pn_autoclose int fd = dup(src);
    char b;
    return await(pn_read(fd, &b, 1));
}

static async int run(int src)
{
    (void)src; /* read only by the race's second branch */
    int base = open_fds();
    int timeouts = 0;
    long bytes = 0;
    for (int i = 0; i < 1000; i++) {
        long n = 0;
        if (pn_race(await(pn_sleep_ms(1)), n = await(read_one(src))) == 0)
            timeouts++;
        bytes += n;
    }
    printf("%d timeouts, %ld bytes, %d more descriptors open\n", timeouts, bytes,
           open_fds() - base);
    return 0;
}

int main(void)
{
    int p[2];
    if (pipe(p) != 0 || fcntl(p[0], F_SETFL, O_NONBLOCK) != 0)
        return 1;
    pn_block_on(run(p[0]));
    close(p[0]);
    close(p[1]);
    return 0;
}
