/* app.h — the program's async functions. */
#ifndef TM_APP_H
#define TM_APP_H

#include <pinion.h>

async int bump(int v); /* main.c */
async long run(int n); /* run.c */

#endif
