/*
 * servers_check.h — registration helper shared by the Check suites of
 * tests/servers.  One TCase per test, named after it: CTest runs each
 * case alone by setting CK_RUN_CASE to that name.
 */
#ifndef SERVERS_CHECK_H
#define SERVERS_CHECK_H

#include <check.h>

static inline void servers_add(Suite *s, const char *name, const TTest *test)
{
    TCase *tc = tcase_create(name);
    tcase_add_test(tc, test);
    suite_add_tcase(s, tc);
}
#define SERVERS_CASE(SUITE, TEST) servers_add((SUITE), #TEST, (TEST))

#endif
