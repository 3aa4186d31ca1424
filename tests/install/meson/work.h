#ifndef WORK_H
#define WORK_H
#include <pinion.h>

/* An async function defined in work.c and awaited from main.c. */
async int work_twice(int x);

#endif
