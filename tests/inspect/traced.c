/*
 * traced.c — a small program for PINION_TRACE (trace.sh checks its trace).
 *
 * A producer sends numbers through a channel to a consumer, which adds
 * them up; two workers sleep and yield; the root spawns all four and
 * joins them; a fifth task is cancelled while it sleeps.  The lines
 * trace.sh looks for in the trace carry "TRACE:" marker comments.
 */
#include <pinion.h>

#include <stdint.h>
#include <stdio.h>
#include <traced_config.h>

static async int produce(pn_chan *ch, int n)
{
    for (int i = 1; i <= n; i++) {
        await(pn_sleep_ms(2)); /* TRACE: producer sleeps */
        if (await(pn_chan_send(ch, &i)) != 0) /* TRACE: producer sends */
            return -1;
    }
    pn_chan_close(ch);
    return 0;
}

static async int consume(pn_chan *ch)
{
    int sum = 0, v;
    while (await(pn_chan_recv(ch, &v)) == 0) /* TRACE: consumer receives */
        sum += v;
    return sum;
}

static async int nap(uint64_t ms)
{
    return await(pn_sleep_ms(ms)); /* TRACE: nap */
}

static async int work(int rounds)
{
    int done = 0;
    for (int i = 0; i < rounds; i++) {
        await(nap(TRACED_NAP_MS)); /* TRACE: worker naps */
        await(pn_yield()); /* TRACE: worker yields */
        done++;
    }
    return done;
}

static async int run(void)
{
    pn_chan *ch = pn_chan_new(sizeof(int), 1);
    if (ch == NULL)
        return 1;
    pn_task *p = pn_spawn(produce(ch, TRACED_ITEMS));
    pn_task *c = pn_spawn(consume(ch));
    pn_task *w1 = pn_spawn(work(3));
    pn_task *w2 = pn_spawn(work(2));
    pn_task *doomed = pn_spawn(nap(10000));
    int sum = 0, a = 0, b = 0, ok = 0;
    await(pn_sleep_ms(1));
    pn_cancel(doomed);
    ok |= await(pn_join(p)); /* TRACE: root joins the producer */
    ok |= await(pn_join_result(c, &sum, sizeof sum));
    ok |= await(pn_join_result(w1, &a, sizeof a));
    ok |= await(pn_join_result(w2, &b, sizeof b));
    pn_chan_free(ch);
    printf("sum %d, rounds %d\n", sum, a + b);
    return ok == 0 && sum == TRACED_SUM && a + b == 5 ? 0 : 1;
}

int main(void)
{
    int rc = pn_block_on(run());
    pn_shutdown();
    return rc;
}
