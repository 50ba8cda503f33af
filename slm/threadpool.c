/* threadpool.c — persistent workers with spin-then-futex dispatch (slm/threadpool.h).
 *
 * A job is published by bumping `generation`; workers watch it, spinning with `pause` for a
 * short while after each job (decode issues jobs back to back), then sleeping on a futex on
 * the same word. `pending` counts workers still inside the current job; the caller spins on
 * it, then sleeps on it too. A sleeping side announces itself in a counter or flag before
 * it re-checks the word and sleeps, and the waking side checks that after its own store,
 * so (all accesses sequentially consistent) no wake-up is lost. */
#include "slm/threadpool.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* How long to spin before sleeping: about 50 µs of `pause` on a current x86 core. */
enum { SPIN_LIMIT = 1 << 11 };

typedef struct {
    threadpool_t *pool;
    int index;
} worker_arg_t;

struct threadpool {
    int n_threads;
    pthread_t *threads;       /* (n_threads - 1) workers */
    worker_arg_t *args;       /* (n_threads - 1) */
    atomic_uint generation;   /* bumped once per job; futex word for sleeping workers */
    atomic_uint pending;      /* workers still running the current job; futex word for the caller */
    atomic_int sleepers;      /* workers asleep (or about to be) on `generation` */
    atomic_int caller_waiting;/* the caller is asleep (or about to be) on `pending` */
    atomic_bool stop;
    threadpool_fn fn;         /* the current job; written before `generation` is bumped */
    void *ctx;
    /* profiling, touched by the caller only */
    int timing;                    /* measure wait_ns */
    unsigned long long jobs;       /* threadpool_run calls since the last reset */
    unsigned long long wait_ns;    /* caller's wait for the workers, with timing on */
};

static unsigned long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* One step of a spin: `pause`, and every so often a yield, so that when there are more
 * runnable threads than cores (a loaded machine) the thread we wait for gets to run. */
static void relax(int spin)
{
    if (spin % 128 == 127) sched_yield();
    else cpu_relax();
}

static void futex_wait(atomic_uint *word, unsigned expected)
{
    syscall(SYS_futex, (unsigned *)word, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}

static void futex_wake_all(atomic_uint *word)
{
    syscall(SYS_futex, (unsigned *)word, FUTEX_WAKE_PRIVATE, INT32_MAX, NULL, NULL, 0);
}

int threadpool_default_threads(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0) return n;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* Waits until `generation` differs from seen; returns the new value. */
static unsigned wait_for_job(threadpool_t *pool, unsigned seen)
{
    for (int spin = 0; spin < SPIN_LIMIT; spin++) {
        unsigned now = atomic_load(&pool->generation);
        if (now != seen) return now;
        relax(spin);
    }
    for (;;) {
        atomic_fetch_add(&pool->sleepers, 1);
        unsigned now = atomic_load(&pool->generation);
        if (now == seen) futex_wait(&pool->generation, seen);
        atomic_fetch_sub(&pool->sleepers, 1);
        now = atomic_load(&pool->generation);
        if (now != seen) return now;
    }
}

static void *worker_main(void *p)
{
    worker_arg_t *arg = p;
    threadpool_t *pool = arg->pool;
    unsigned seen = 0;
    for (;;) {
        seen = wait_for_job(pool, seen);
        if (atomic_load(&pool->stop)) return NULL;
        pool->fn(pool->ctx, arg->index, pool->n_threads);
        if (atomic_fetch_sub(&pool->pending, 1) == 1 && atomic_load(&pool->caller_waiting))
            futex_wake_all(&pool->pending);
    }
}

/* Publishes the current fn/ctx (or the stop flag) to every worker. */
static void publish(threadpool_t *pool)
{
    atomic_fetch_add(&pool->generation, 1);
    if (atomic_load(&pool->sleepers) > 0) futex_wake_all(&pool->generation);
}

static void stop_workers(threadpool_t *pool, int started)
{
    atomic_store(&pool->stop, true);
    publish(pool);
    for (int i = 0; i < started; i++) pthread_join(pool->threads[i], NULL);
}

int threadpool_new(threadpool_t **out, int n_threads)
{
    *out = NULL;
    if (n_threads <= 0) n_threads = threadpool_default_threads();
    threadpool_t *pool = calloc(1, sizeof *pool);
    if (!pool) return -1;
    pool->n_threads = n_threads;
    pool->threads = calloc((size_t)n_threads, sizeof *pool->threads);
    pool->args = calloc((size_t)n_threads, sizeof *pool->args);
    if (!pool->threads || !pool->args) {
        threadpool_free(pool);
        return -1;
    }
    for (int i = 0; i < n_threads - 1; i++) {
        pool->args[i] = (worker_arg_t){pool, i + 1};
        if (pthread_create(&pool->threads[i], NULL, worker_main, &pool->args[i]) != 0) {
            stop_workers(pool, i);
            free(pool->threads);
            free(pool->args);
            free(pool);
            return -1;
        }
    }
    *out = pool;
    return 0;
}

void threadpool_free(threadpool_t *pool)
{
    if (!pool) return;
    if (pool->threads && pool->args) stop_workers(pool, pool->n_threads - 1);
    free(pool->threads);
    free(pool->args);
    free(pool);
}

int threadpool_size(const threadpool_t *pool) { return pool ? pool->n_threads : 1; }

/* Waits until every worker has finished the current job. */
static void wait_for_workers(threadpool_t *pool)
{
    for (int spin = 0; spin < SPIN_LIMIT * 8; spin++) {
        if (atomic_load(&pool->pending) == 0) return;
        relax(spin);
    }
    atomic_store(&pool->caller_waiting, 1);
    unsigned left;
    while ((left = atomic_load(&pool->pending)) != 0) futex_wait(&pool->pending, left);
    atomic_store(&pool->caller_waiting, 0);
}

void threadpool_run(threadpool_t *pool, threadpool_fn fn, void *ctx)
{
    if (pool) pool->jobs++;
    if (!pool || pool->n_threads == 1) {
        fn(ctx, 0, 1);
        return;
    }
    pool->fn = fn;
    pool->ctx = ctx;
    atomic_store(&pool->pending, (unsigned)(pool->n_threads - 1));
    publish(pool);
    fn(ctx, 0, pool->n_threads);
    if (!pool->timing) {
        wait_for_workers(pool);
        return;
    }
    unsigned long long t0 = now_ns();
    wait_for_workers(pool);
    pool->wait_ns += now_ns() - t0;
}

void threadpool_set_timing(threadpool_t *pool, int on)
{
    if (pool) pool->timing = on;
}

void threadpool_stats(const threadpool_t *pool, unsigned long long *jobs, double *wait_seconds)
{
    *jobs = pool ? pool->jobs : 0;
    *wait_seconds = pool ? (double)pool->wait_ns * 1e-9 : 0;
}

void threadpool_stats_reset(threadpool_t *pool)
{
    if (!pool) return;
    pool->jobs = 0;
    pool->wait_ns = 0;
}
