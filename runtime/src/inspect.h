/*
 * inspect.h — what inspect.c offers the rest of the runtime (the tracer):
 * the registry of async functions that generated files fill, and the
 * steps of a walk from a frame to the child it awaits.
 */
#ifndef PINION_INSPECT_H
#define PINION_INSPECT_H

#include "internal.h"

/* The registered description of vt's async function, or NULL (a leaf of
 * the runtime, a hand-written future, or a file built by an older
 * transformer).  Takes the registry's lock. */
const pn__func_info *pn__func_lookup(const pn_future_vtable *vt);
/* Changes at every (un)registration: a cache of lookups taken under
 * another generation is stale. */
unsigned pn__func_registry_gen(void);
/* The site frame (of info's function) is parked at, NULL when it is not
 * parked at an await (not started, done, or a state it never sets). */
const pn__await_site *pn__frame_site(const pn__func_info *info, const pn_future *frame);
/* Branch b of site: its frame (NULL for a boxed child not allocated) and
 * vtable; and whether pn_all still runs it. */
const pn_future *pn__site_child(const pn__func_info *info, const pn_future *frame,
                                const pn__await_site *site, unsigned b,
                                const pn_future_vtable **vt);
bool pn__site_branch_live(const pn_future *frame, const pn__await_site *site, unsigned b);

#endif
