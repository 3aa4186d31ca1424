/*
 * A chain of tasks 300 deep: each spawns the next, then joins it, and
 * also spawns a sibling that only reports its level.  The executor keeps
 * one group of "run next" tasks per level of spawning, up to a fixed
 * number of levels (64); deeper spawns share the top group.  The chain
 * must run to the end and every task exactly once however deep it goes,
 * each level must see its sibling's result, and the chain's own order
 * (all the way down, then back up, as the synchronous reading runs it)
 * must hold: the trace hashes it.  The siblings are left out of the trace
 * on purpose: beyond the 64th level they share a group with the chain and
 * may run before the deeper levels finish.
 */
#include <errno.h>
#include <pinion.h>
#include <stdio.h>

#define DEPTH 300

static int ran_chain, ran_sibling, errors;
static unsigned long trace = 5381;

static void note(int what)
{
    trace = trace * 33u + (unsigned long)what;
}

static async int sibling(int level)
{
    ran_sibling++;
    return level;
}

static async int chain(int level)
{
    ran_chain++;
    note(level);
    if (level == DEPTH)
        return 1;
    pn_task *next = pn_spawn(chain(level + 1));
    pn_task *side = pn_spawn(sibling(level));
    int got = 0, side_level = -1;
    int rc = await(pn_join_result(next, &got, sizeof got));
    if (rc != (next != NULL ? 0 : -EINVAL))
        errors++;
    rc = await(pn_join_result(side, &side_level, sizeof side_level));
    if (rc != (side != NULL ? 0 : -EINVAL) || (rc == 0 && side_level != level))
        errors++;
    note(-level);
    return 1 + (next != NULL ? got : 0);
}

int main(void)
{
    int depth = pn_block_on(chain(0));
    printf("chain=%d sibling=%d errors=%d trace=%lu\n", ran_chain, ran_sibling, errors, trace);
    /* Read synchronously the spawned calls return nothing to join, so the
     * chain reports depth 1 there; the counts must agree either way. */
    (void)depth;
    return ran_chain == DEPTH + 1 && ran_sibling == DEPTH && errors == 0 ? 0 : 1;
}
