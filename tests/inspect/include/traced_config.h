/*
 * traced_config.h — the numbers traced.c runs with.  It lives in an
 * include directory of the inspect_traced target only, so that reading
 * traced.c finds it only with that target's flags (editors.sh: clang-tidy
 * through compile_commands.json).
 */
#ifndef TRACED_CONFIG_H
#define TRACED_CONFIG_H

#define TRACED_ITEMS 5       /* numbers the producer sends: 1 + ... + 5 = 15 */
#define TRACED_SUM 15
#define TRACED_NAP_MS 3

#endif
