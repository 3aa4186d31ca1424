/* app.h — the program's async functions, run from main.c. */
#ifndef APP_H
#define APP_H

#include <pinion.h>

async int app_total(int n); /* total.c: ten times layer_sum(n) */
async int app_other(int k); /* other.c: k + 1, after a yield */
const char *app_text(void); /* text.c */

#endif
