/*
 * A producer task sends values through a channel (never more than its
 * capacity, so the synchronous reading, where the producer runs to
 * completion at its spawn, never has to block) and closes it; the
 * consumer receives until the channel reports -EPIPE.
 */
#include <pinion.h>
#include <errno.h>
#include <stdio.h>

struct item {
    int seq;
    char tag;
};

static async void producer(pn_chan *ch, int n)
{
    for (int i = 0; i < n; i++) {
        struct item it = { i * i, (char)('a' + i) };
        int rc = await(pn_chan_send(ch, &it));
        if (rc != 0)
            printf("send %d failed: %d\n", i, rc);
        await(pn_yield());
    }
    pn_chan_close(ch);
}

static async int run(void)
{
    pn_chan *ch = pn_chan_new(sizeof(struct item), 16);
    if (!ch)
        return 99;
    pn_task *t = pn_spawn(producer(ch, 10));
    int received = 0, sum = 0;
    struct item it;
    int rc;
    while ((rc = await(pn_chan_recv(ch, &it))) == 0) {
        printf("got %d %c\n", it.seq, it.tag);
        received++;
        sum += it.seq;
    }
    printf("end rc=%s received=%d sum=%d\n", rc == -EPIPE ? "-EPIPE" : "other", received, sum);
    await(pn_join(t));
    pn_chan_free(ch);
    return received;
}

int main(void)
{
    return pn_block_on(run());
}
