/*
 * os_util.c — the ticker and the counts of os_util.h, and the suite's
 * entry point.
 */
#include "os_util.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

async void ticker_run(struct ticker *t)
{
    uint64_t due = pn_now_ms() + t->period_ms;
    while (!t->stop) {
        await(pn_sleep_until_ms(due));
        uint64_t now = pn_now_ms();
        if (now - due > t->max_late_ms)
            t->max_late_ms = now - due;
        t->ticks++;
        due += t->period_ms;
        if (due < now)
            due = now + t->period_ms; /* fell behind: count lateness once */
    }
}

static int count_dir(const char *path)
{
    DIR *d = opendir(path);
    if (d == NULL)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

int os_count_fds(void)
{
    return count_dir("/proc/self/fd") - 1; /* the directory's own fd */
}

int os_count_threads(void)
{
    return count_dir("/proc/self/task");
}

int os_count_pool_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    if (d == NULL)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[320], comm[32] = "";
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue;
        if (fgets(comm, sizeof comm, f) != NULL)
            n += strcmp(comm, "pn-blocking\n") == 0;
        fclose(f);
    }
    closedir(d);
    return n;
}

int os_wait_pool_threads_at_most(int n, unsigned limit_ms)
{
    int k = os_count_pool_threads();
    for (unsigned waited = 0; k > n && waited < limit_ms; waited += 5) {
        usleep(5000);
        k = os_count_pool_threads();
    }
    return k;
}

Suite *make_suite(void)
{
    Suite *s = suite_create("os");
    add_blocking_cases(s);
    add_file_cases(s);
    add_dns_cases(s);
    add_signal_cases(s);
    add_process_cases(s);
    return s;
}
