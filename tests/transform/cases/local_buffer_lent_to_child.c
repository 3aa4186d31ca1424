/*
 * A caller lends a pointer to its own local buffer (which lives in its
 * frame) to an awaited child; the child writes through it across several
 * of its own suspensions, and the caller reads the result after resuming.
 * This only works if the caller's frame did not move between polls.
 */
#include <pinion.h>
#include <stdio.h>
#include <string.h>

struct msg {
    char text[32];
    int len;
};

static async int fill(char *buf, size_t cap, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < cap; i++) {
        await(pn_yield());
        buf[i] = src[i];
    }
    buf[i] = '\0';
    return (int)i;
}

static async void fill_msg(struct msg *m, int round)
{
    char scratch[8];
    int n = await(fill(scratch, sizeof scratch, "abcdefghijk"));
    m->len = n + round;
    await(pn_yield());
    memcpy(m->text, scratch, (size_t)n + 1);
}

static async int run(void)
{
    char buf[16];
    int n = await(fill(buf, sizeof buf, "hello, frame"));
    printf("n=%d buf=%s\n", n, buf);

    struct msg m[2];
    for (int r = 0; r < 2; r++)
        await(fill_msg(&m[r], r));
    printf("m0=%s/%d m1=%s/%d\n", m[0].text, m[0].len, m[1].text, m[1].len);

    /* The child writes into the middle of the caller's array. */
    char line[24] = "[..........]";
    int k = await(fill(line + 1, 6, "xyz"));
    line[1 + k] = '.';
    printf("line=%s k=%d\n", line, k);
    return n + m[1].len + k;
}

int main(void)
{
    return pn_block_on(run());
}
