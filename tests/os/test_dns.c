#include "os_util.h"
void add_dns_cases(Suite *s)
{
    (void)s;
}
