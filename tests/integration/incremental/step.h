/* step.h — included by main.c only; incremental.sh edits STEP. */
#ifndef STEP
#define STEP 1
#endif
