/*
 * mini_exec.c — the baseline executor of the yield_chain benchmark (see
 * mini_exec.h): a FIFO of tasks, polled one after another.
 */
#include "mini_exec.h"

#include <stddef.h>

void mini_wake(mini_exec *ex, mini_task *t)
{
    t->next = NULL;
    if (ex->tail != NULL)
        ex->tail->next = t;
    else
        ex->head = t;
    ex->tail = t;
}

void mini_run(mini_exec *ex, mini_task *root)
{
    ex->head = ex->tail = NULL;
    mini_wake(ex, root);
    while (ex->head != NULL) {
        mini_task *t = ex->head;
        ex->head = t->next;
        if (ex->head == NULL)
            ex->tail = NULL;
        if (t->poll(t, ex) && t == root)
            return;
    }
}
