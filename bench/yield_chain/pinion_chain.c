/*
 * pinion_chain.c — the yield_chain benchmark as a Pinion user writes it.
 *
 * bench_chain: outer() awaits inner() n times and inner() awaits
 * pn_yield() once, so every iteration creates a child frame inline,
 * suspends the whole task, goes once round the executor's run queue and
 * resumes through two poll functions.  bench_depth: a chain of 1..16
 * async functions where only the innermost yields, so a resume walks the
 * whole chain; it shows what one level of nesting costs.
 *
 * The build runs `pinion` on this file; pinion_chain_lowered.c is the
 * same program lowered by hand, in the shape the transformer generates.
 * The frame sizes of the transformed build come from
 * `pinion --print-frame-layout`, so bench_frames reports nothing here.
 */
#include <pinion.h>

#include <stdint.h>

#include "yield_main.h"

static async uint64_t inner(uint64_t i)
{
    await(pn_yield());
    return i;
}

static async uint64_t outer(uint64_t n)
{
    uint64_t sum = 0;
    for (uint64_t i = 0; i < n; i++)
        sum += await(inner(i));
    return sum;
}

/* chain_K awaits chain_K-1; chain_0 does the yielding. */
static async uint64_t chain_0(uint64_t n)
{
    uint64_t k = 0;
    while (k < n) {
        await(pn_yield());
        k++;
    }
    return k;
}

static async uint64_t chain_1(uint64_t n)
{
    return await(chain_0(n));
}

static async uint64_t chain_2(uint64_t n)
{
    return await(chain_1(n));
}

static async uint64_t chain_3(uint64_t n)
{
    return await(chain_2(n));
}

static async uint64_t chain_4(uint64_t n)
{
    return await(chain_3(n));
}

static async uint64_t chain_5(uint64_t n)
{
    return await(chain_4(n));
}

static async uint64_t chain_6(uint64_t n)
{
    return await(chain_5(n));
}

static async uint64_t chain_7(uint64_t n)
{
    return await(chain_6(n));
}

static async uint64_t chain_8(uint64_t n)
{
    return await(chain_7(n));
}

static async uint64_t chain_9(uint64_t n)
{
    return await(chain_8(n));
}

static async uint64_t chain_10(uint64_t n)
{
    return await(chain_9(n));
}

static async uint64_t chain_11(uint64_t n)
{
    return await(chain_10(n));
}

static async uint64_t chain_12(uint64_t n)
{
    return await(chain_11(n));
}

static async uint64_t chain_13(uint64_t n)
{
    return await(chain_12(n));
}

static async uint64_t chain_14(uint64_t n)
{
    return await(chain_13(n));
}

static async uint64_t chain_15(uint64_t n)
{
    return await(chain_14(n));
}

uint64_t bench_chain(uint64_t n)
{
    return pn_block_on(outer(n));
}

uint64_t bench_depth(unsigned depth, uint64_t n)
{
    switch (depth) {
    case 1:
        return pn_block_on(chain_0(n));
    case 2:
        return pn_block_on(chain_1(n));
    case 3:
        return pn_block_on(chain_2(n));
    case 4:
        return pn_block_on(chain_3(n));
    case 5:
        return pn_block_on(chain_4(n));
    case 6:
        return pn_block_on(chain_5(n));
    case 7:
        return pn_block_on(chain_6(n));
    case 8:
        return pn_block_on(chain_7(n));
    case 9:
        return pn_block_on(chain_8(n));
    case 10:
        return pn_block_on(chain_9(n));
    case 11:
        return pn_block_on(chain_10(n));
    case 12:
        return pn_block_on(chain_11(n));
    case 13:
        return pn_block_on(chain_12(n));
    case 14:
        return pn_block_on(chain_13(n));
    case 15:
        return pn_block_on(chain_14(n));
    case 16:
        return pn_block_on(chain_15(n));
    default:
        return 0;
    }
}

void bench_frames(void)
{
}
