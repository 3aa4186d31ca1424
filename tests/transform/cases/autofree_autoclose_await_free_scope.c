/*
 * pn_autofree and pn_autoclose on locals of an async function whose scope
 * holds no await: the cleanup runs once when the scope ends, also on a
 * return or break out of it, as in the synchronous program.  A wrong
 * lowering would run it at a suspension (the poll function returns
 * there), twice, or never (the fd count and the sanitizer's leak check
 * show it).
 */
#define _POSIX_C_SOURCE 200809L
#include <pinion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int open_fds(void)
{
    int n = 0;
    for (int fd = 0; fd < 64; fd++)
        n += fcntl(fd, F_GETFD) != -1;
    return n;
}

static async int measure(int round)
{
    await(pn_yield());
    int len;
    {
        pn_autofree char *text = malloc(32);
        pn_autoclose int fd = open("/dev/null", O_RDONLY);
        snprintf(text, 32, "round %d fd %s", round, fd >= 0 ? "open" : "closed");
        len = (int)strlen(text);
        if (round == 2)
            return -len; /* both run on the way out */
    }
    await(pn_yield());
    for (int i = 0; i < 3; i++) {
        pn_autoclose int fd = open("/dev/null", O_RDONLY);
        if (fd >= 0 && i == round)
            break;
    }
    await(pn_yield());
    return len;
}

static async int run(void)
{
    int base = open_fds();
    int total = 0;
    for (int r = 0; r < 4; r++) {
        total += await(measure(r));
        printf("after round %d: %d more fds open\n", r, open_fds() - base);
    }
    return total;
}

int main(void)
{
    printf("total %d\n", pn_block_on(run()));
    return 0;
}
