/* valuestream - the analysis: work on the second core. Index ranges split
 * in two, and the detached threads that make a large analysis's customer
 * sets and findings while its caller goes on.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <pthread.h>

#include "analysis-private.h"

/* ---- index ranges in two halves ----------------------------------------------- */

typedef struct {
  VsAnalysis *a;
  VsRangeFn fn;
  gsize lo, hi;
  gconstpointer data;
} RangeTask;

static gpointer
range_task(gpointer data)
{
  RangeTask *t = data;
  t->fn(t->a, t->lo, t->hi, t->data);
  return NULL;
}

void
vs_i_analysis_split_range(VsAnalysis *a, gsize n, VsRangeFn fn, gconstpointer data)
{
  RangeTask top = {a, fn, n / 2, n, data};
  VsTask task;

  if (!vs_i_analysis_is_large(a)) {
    fn(a, 0, n, data);
    return;
  }
  vs_i_task_start(&task, TRUE, range_task, &top);
  fn(a, 0, n / 2, data);
  vs_i_task_join(&task);
}

/* ---- threads of an analysis's own ---------------------------------------------- */

/* Work under way on threads of an analysis's own: the customer sets
 * and the findings (vs_i_analysis_start_task()). The threads are detached, not joined:
 * a process that forks must not inherit an analysis waiting on a thread
 * that its child does not have. So each analysis
 * counts its threads at work, vs_analysis_free() waits for the count to
 * reach 0, and fork() waits (pthread_atfork) until no such thread is at
 * work anywhere: the child then finds every analysis complete, and the
 * parent's threads go on. */
static GMutex task_lock;
static GCond task_done;
static guint tasks_running;

/* task_lock, told to ThreadSanitizer (GLib's futexes are hidden from it) */
static void
task_lock_take(void)
{
  g_mutex_lock(&task_lock);
  VS_TSAN_ACQUIRE(&task_lock);
}

static void
task_lock_give(void)
{
  VS_TSAN_RELEASE(&task_lock);
  g_mutex_unlock(&task_lock);
}

static void
task_lock_wait(void)
{
  VS_TSAN_RELEASE(&task_lock);
  g_cond_wait(&task_done, &task_lock);
  VS_TSAN_ACQUIRE(&task_lock);
}

static void
fork_prepare(void)
{
  task_lock_take();
  while (tasks_running > 0)
    task_lock_wait();
}

static void
fork_done(void)
{
  task_lock_give();
}

static gint task_delay_ms; /* atomic: tests set it while threads run */

void
vs_i_analysis_set_task_delay(guint milliseconds)
{
  g_atomic_int_set(&task_delay_ms, (gint)MIN(milliseconds, G_MAXINT));
}

/* A task of vs_i_analysis_start_task(): what to make of which analysis. */
typedef struct {
  VsAnalysis *a;
  VsAnalysisPart make;
} Task;

/* The end of a task: @a is the owner's again from here on. */
static void
task_finished(VsAnalysis *a)
{
  task_lock_take();
  a->pending--;
  tasks_running--;
  g_cond_broadcast(&task_done);
  task_lock_give();
}

static void
task_delay(void)
{
  if (g_atomic_int_get(&task_delay_ms) > 0)
    g_usleep((gulong)g_atomic_int_get(&task_delay_ms) * 1000);
}

static gpointer
run_task(gpointer data)
{
  Task task = *(Task *)data;

  g_free(data);
  task_delay();
  task.make(task.a);
  task_finished(task.a);
  return NULL;
}

void
vs_i_analysis_start_task(VsAnalysis *a, VsAnalysisPart make)
{
  static gsize registered;
  Task *task = g_new(Task, 1);
  GThread *thread;

  if (g_once_init_enter(&registered)) {
    pthread_atfork(fork_prepare, fork_done, fork_done);
    g_once_init_leave(&registered, 1);
  }
  task->a = a;
  task->make = make;
  task_lock_take();
  a->pending++;
  tasks_running++;
  task_lock_give();
  thread = g_thread_try_new("valuestream", run_task, task, NULL);
  if (thread != NULL)
    g_thread_unref(thread); /* detached */
  else
    run_task(task);
}

void
vs_i_analysis_wait_for_tasks(VsAnalysis *a)
{
  task_lock_take();
  while (a->pending > 0)
    task_lock_wait();
  task_lock_give();
}
