/* Shared main for the Check suites: each test file defines make_suite().
 * CTest selects one case through CK_RUN_CASE; run without it, the binary
 * runs every case of its suite. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

Suite *make_suite(void);

int main(void)
{
    SRunner *sr = srunner_create(make_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    int ran = srunner_ntests_run(sr);
    srunner_free(sr);
    /* A CK_RUN_CASE that names no case runs nothing: that is a failure,
     * not a pass, or a renamed test would silently stop being run. */
    if (ran == 0) {
        fprintf(stderr, "no test case ran (CK_RUN_CASE=%s)\n",
                getenv("CK_RUN_CASE") ? getenv("CK_RUN_CASE") : "");
        return EXIT_FAILURE;
    }
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
