/*
 * A skynet tree: every task of size s > 1 spawns ten tasks of size s / 10
 * and joins them in order; the 10,000 leaves return their numbers, and
 * the sum comes back up through slots the parents lend.  Run depth-first,
 * only the path being worked on and the siblings waiting along it are
 * alive at once: at most ten tasks per level below the root.  A runtime
 * that started every spawned task before finishing any would hold the
 * whole tree (11,111 tasks) and print "unbounded".
 *
 * What is printed is whether the peak stayed within that bound, not the
 * peak itself: read synchronously, pn_spawn runs the call on the spot, so
 * the peak there is just the depth.  pn_join_result gives the copied
 * result for a task and -EINVAL for the NULL handle a synchronous spawn
 * returns; either way the result must agree with the slot.
 */
#include <errno.h>
#include <pinion.h>
#include <stdio.h>

#define FANOUT 10
#define DEPTH 4
#define LEAVES 10000L

static int alive = 1; /* tasks spawned and not finished, the root included */
static int peak = 1;
static int errors;

static void spawning(void)
{
    if (++alive > peak)
        peak = alive;
}

static async long skynet(long num, long size, long *slot)
{
    long sum = 0;
    if (size == 1) {
        sum = num;
    } else {
        long parts[FANOUT];
        pn_task *kids[FANOUT];
        long step = size / FANOUT;
        for (int i = 0; i < FANOUT; i++) {
            parts[i] = -1;
            spawning();
            kids[i] = pn_spawn(skynet(num + i * step, step, &parts[i]));
        }
        for (int i = 0; i < FANOUT; i++) {
            long v = -1;
            int rc = await(pn_join_result(kids[i], &v, sizeof v));
            int want = kids[i] != NULL ? 0 : -EINVAL;
            if (rc != want || (rc == 0 && v != parts[i]))
                errors++;
            sum += parts[i];
        }
    }
    *slot = sum;
    alive--;
    return sum;
}

int main(void)
{
    long slot = -1;
    long sum = pn_block_on(skynet(0, LEAVES, &slot));
    int bounded = peak <= FANOUT * DEPTH + 1;
    printf("sum=%ld slot=%ld errors=%d alive=%d %s\n", sum, slot, errors, alive,
           bounded ? "bounded" : "unbounded");
    return sum == LEAVES * (LEAVES - 1) / 2 && slot == sum && errors == 0 && alive == 0 &&
                   bounded
               ? 0
               : 1;
}
