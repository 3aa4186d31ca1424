#include "os_util.h"
void add_signal_cases(Suite *s)
{
    (void)s;
}
