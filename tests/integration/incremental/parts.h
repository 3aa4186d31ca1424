/* parts.h — what main.c uses from the other two files (both synchronous). */
#ifndef PARTS_H
#define PARTS_H
int run_ticks(int n);
const char *greeting(void);
#endif
