/* layers.h — the library's async functions, awaited across files and
 * from the program. */
#ifndef LAYERS_H
#define LAYERS_H

#include <pinion.h>

async int layer_base(void); /* sum.c */
async int layer_step(int v); /* step.c: v plus layer_base() */
async int layer_sum(int n);  /* sum.c: layer_step(1) + ... + layer_step(n) */
const char *layer_name(void); /* name.c */

#endif
