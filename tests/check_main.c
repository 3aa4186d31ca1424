/* Shared main for the Check suites: each test file defines make_suite().
 * CTest selects one case through CK_RUN_CASE; run without it, the binary
 * runs every case of its suite. */
#include <check.h>
#include <stdlib.h>

Suite *make_suite(void);

int main(void)
{
    SRunner *sr = srunner_create(make_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
