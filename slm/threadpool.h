/* threadpool.h — a small pool of persistent worker threads for the model's hot loops.
 *
 * threadpool_run(pool, fn, ctx) calls fn(ctx, i, n) once on each of the pool's n threads
 * (the calling thread is thread 0 and takes part) and returns when every call has
 * returned. Decoding one token dispatches a few hundred such jobs, so the workers spin
 * briefly on a shared counter after each job, then sleep on a futex; a dispatch to spinning
 * workers costs well under a microsecond. The pool holds no global state: make one per
 * model session. Not reentrant: fn must not call threadpool_run on the same pool, and only
 * one thread may call threadpool_run on a pool at a time. */
#ifndef ASSAY_SLM_THREADPOOL_H
#define ASSAY_SLM_THREADPOOL_H

typedef struct threadpool threadpool_t;

/* fn(ctx, thread_index, n_threads): thread_index in [0, n_threads). */
typedef void (*threadpool_fn)(void *ctx, int thread_index, int n_threads);

/* The default thread count: the cores this process may run on (sched_getaffinity, else
 * sysconf(_SC_NPROCESSORS_ONLN)), at least 1. */
int threadpool_default_threads(void);

/* Starts a pool of n_threads threads in all (n_threads - 1 workers plus the caller);
 * n_threads <= 0 means threadpool_default_threads(). Returns 0, or -1 when a thread or
 * the memory could not be had (nothing is left running then). */
int threadpool_new(threadpool_t **out, int n_threads);

/* Stops and joins the workers and frees the pool. NULL is a no-op. */
void threadpool_free(threadpool_t *pool);

/* The number of threads fn is run on (1 for a NULL pool). */
int threadpool_size(const threadpool_t *pool);

/* Runs fn on every thread of the pool and waits for all of them. A NULL pool runs
 * fn(ctx, 0, 1) on the caller. */
void threadpool_run(threadpool_t *pool, threadpool_fn fn, void *ctx);

/* Profiling: with timing on, the pool adds up how long the caller waited, after its own
 * share of each job, for the other threads to finish theirs (load imbalance plus the
 * wake-up and hand-back costs). threadpool_stats gives the jobs run and that wait since
 * the pool started or the last threadpool_stats_reset. Off by default (no clock reads). */
void threadpool_set_timing(threadpool_t *pool, int on);
void threadpool_stats(const threadpool_t *pool, unsigned long long *jobs, double *wait_seconds);
void threadpool_stats_reset(threadpool_t *pool);

#endif
