#include "os_util.h"
void add_file_cases(Suite *s)
{
    (void)s;
}
