#include "os_util.h"
void add_process_cases(Suite *s)
{
    (void)s;
}
