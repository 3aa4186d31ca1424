/* pool_tasks.h — the scenarios of pool_tasks.c, as ordinary functions
 * that block on them (test_pool.c calls them). */
#ifndef PINION_TESTS_POOL_TASKS_H
#define PINION_TESTS_POOL_TASKS_H

#include <pinion.h>

#include <sched.h>
#include <stdint.h>

long run_spread(int n, int *on0, int *on1);
int run_spawned_pair(unsigned *w0, unsigned *w1);
int run_upper_groups(unsigned *on1, unsigned *lone_worker);
int run_busy_poll_pair(void);
int run_long_runq(unsigned *on1);
int run_late_comer(void);
int run_worker1_cpus(cpu_set_t *out);
int run_locals(void);
uint64_t run_skynet(uint64_t size);
int run_cancels(int n);
int run_sleepers(int n);
long run_pipes(int npipes, int total);
long run_mutex(int tasks, int rounds);
int run_sem(int permits, int tasks, int rounds);
int run_notify(int rounds);
int run_notify_all(int n);
int run_mutex_cancel(void);
int run_mutex_overtaking(void);
int run_sem_cancel(void);
int run_notify_cancel(void);
long run_channels(int producers, int consumers, int n);
long run_channel_order(size_t capacity, int n);
int run_channel_ping_pong(int rounds, int *apart);
int run_channel_free_races(int rounds);
int run_set_workers_inside(void);
int run_cross_cancel(int kind, int rounds);
int run_join_cancel_apart(int rounds, int *apart);

#endif
