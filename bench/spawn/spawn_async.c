/*
 * spawn_async.c — the spawn benchmark as a Pinion user writes it
 * (spawn_main.h says what is measured; spawn_lowered.c is this file
 * lowered by hand).
 *
 * skynet spawns itself.  That is not the recursion the transformer
 * refuses: a spawned frame lives in its own task on the heap, not inside
 * its parent's frame, so the frame sizes stay finite.
 */
#include <pinion.h>

#include <stdint.h>

#include "spawn_main.h"

static async uint64_t leaf(uint64_t i)
{
    return i;
}

static async uint64_t spawn_flat(uint64_t n)
{
    pn_task *batch[SPAWN_BATCH];
    uint64_t sum = 0;
    for (uint64_t base = 0; base < n; base += SPAWN_BATCH) {
        uint64_t k = n - base < SPAWN_BATCH ? n - base : SPAWN_BATCH;
        for (uint64_t j = 0; j < k; j++)
            batch[j] = pn_spawn(leaf(base + j));
        for (uint64_t j = 0; j < k; j++) {
            uint64_t v = 0;
            if (await(pn_join_result(batch[j], &v, sizeof v)) != 0)
                return 0;
            sum += v;
        }
    }
    return sum;
}

static async uint64_t skynet(uint64_t num, uint64_t size)
{
    if (size == 1)
        return num;
    pn_task *kids[10];
    uint64_t step = size / 10;
    for (uint64_t i = 0; i < 10; i++)
        kids[i] = pn_spawn(skynet(num + i * step, step));
    uint64_t sum = 0;
    for (uint64_t i = 0; i < 10; i++) {
        uint64_t v = 0;
        if (await(pn_join_result(kids[i], &v, sizeof v)) != 0)
            return 0;
        sum += v;
    }
    return sum;
}

uint64_t bench_spawn_flat(uint64_t n)
{
    return pn_block_on(spawn_flat(n));
}

uint64_t bench_skynet(uint64_t leaves)
{
    return pn_block_on(skynet(0, leaves));
}
