/* core_suite.c — the executor's Check suite: scheduling, timers, tasks,
 * memory, threads, the misuse aborts, task handles and fairness, one file
 * each. */
#include "core_util.h"

struct counting_allocator core_mem;

Suite *make_suite(void)
{
    Suite *s = suite_create("core");
    add_sched_cases(s);
    add_timer_cases(s);
    add_task_cases(s);
    add_alloc_cases(s);
    add_thread_cases(s);
    add_abort_cases(s);
    add_handle_cases(s);
    add_fair_cases(s);
    return s;
}
