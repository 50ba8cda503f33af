/* threadpool.h — a small pool of persistent worker threads: the model's hot loops, and the
 * lint run and fix verification (one job whose slices pull files from a shared counter).
 *
 * threadpool_run_slices(pool, fn, ctx, n) calls fn(ctx, i, n) once for each slice i < n,
 * on whichever threads of the pool (the calling thread included) claim it first, and
 * returns when every slice has returned. threadpool_run is the same with one slice per
 * thread. Slices running at the same time have different i, so fn may index per-thread
 * scratch by i; it must not assume that every slice runs at once (a slow thread's slices
 * are taken by the others), so no barrier inside fn. Decoding one token dispatches over a
 * hundred such jobs, so idle workers spin briefly after each job, then sleep on a futex;
 * the caller waits only for slices that have started, never for a worker that has not yet
 * woken or got a core. The pool holds no global state: make one per model session. Not
 * reentrant: fn must not call threadpool_run on the same pool, and only one thread may
 * call threadpool_run on a pool at a time. */
#ifndef ASSAY_THREADPOOL_H
#define ASSAY_THREADPOOL_H

typedef struct threadpool threadpool_t;

/* The most slices of one job (and threads of one pool). */
#define THREADPOOL_MAX_SLICES 1024

/* fn(ctx, slice, n_slices): slice in [0, n_slices). */
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

/* Runs fn(ctx, i, n_threads) for every i < threadpool_size(pool) and waits for all of
 * them. A NULL pool runs fn(ctx, 0, 1) on the caller. */
void threadpool_run(threadpool_t *pool, threadpool_fn fn, void *ctx);

/* Runs fn(ctx, i, slices) for every i < slices (at most THREADPOOL_MAX_SLICES) over the
 * pool and waits for all of them; a NULL or one-thread pool runs them in order on the
 * caller. */
void threadpool_run_slices(threadpool_t *pool, threadpool_fn fn, void *ctx, int slices);

/* Profiling: with timing on, the pool adds up how long the caller waited, after its own
 * share of each job, for the other threads to finish theirs (load imbalance plus the
 * wake-up and hand-back costs). threadpool_stats gives the jobs run and that wait since
 * the pool started or the last threadpool_stats_reset. Off by default (no clock reads). */
void threadpool_set_timing(threadpool_t *pool, int on);
void threadpool_stats(const threadpool_t *pool, unsigned long long *jobs, double *wait_seconds);
void threadpool_stats_reset(threadpool_t *pool);

#endif
