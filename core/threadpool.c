/* threadpool.c — persistent workers that claim the slices of a job (core/threadpool.h).
 *
 * A job of n slices is published in one 64-bit word, `claim` = job number (32 bits) |
 * slice count (16) | next unclaimed slice (16). Every thread, the caller included, takes
 * slices by compare-and-swap on that word and runs them; `done` counts finished slices,
 * and the caller returns when it reaches n. So the caller waits only for slices some thread
 * has actually started: a worker that is descheduled (a machine shared with other work)
 * or still waking up when the job is published simply finds nothing left when it comes
 * back, instead of holding up every dispatch of a token until it gets a core again. A
 * worker reads the job's function and context only after it has claimed a slice, and the
 * caller cannot publish the next job before that slice is done, so it never runs a slice
 * with another job's context; the job number in the word keeps a stale compare-and-swap
 * from claiming a slice of a later job.
 *
 * Idle workers spin on the word with `pause` for a while after each job (decode issues
 * jobs back to back), then sleep on a futex on `generation`, bumped once per job; the
 * caller spins on `done`, then sleeps on it too. A sleeping side announces itself in a
 * counter or flag before it re-checks the word and sleeps, and the waking side checks that
 * after its own store, so (all accesses sequentially consistent) no wake-up is lost. */
#include "core/threadpool.h"

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
    pthread_t *threads;        /* (n_threads - 1) workers */
    worker_arg_t *args;        /* (n_threads - 1) */
    _Alignas(64) atomic_ullong claim; /* job number << 32 | slices << 16 | next slice */
    _Alignas(64) atomic_uint done;    /* slices of the current job finished; caller's futex word */
    _Alignas(64) atomic_uint generation; /* bumped once per job; futex word for sleeping workers */
    atomic_int sleepers;       /* workers asleep (or about to be) on `generation` */
    atomic_int caller_waiting; /* the caller is asleep (or about to be) on `done` */
    atomic_bool stop;
    threadpool_fn fn;          /* the current job; written before `claim` is published */
    void *ctx;
    unsigned job;              /* number of the current job (caller only) */
    /* profiling, touched by the caller only */
    int timing;                    /* measure wait_ns */
    unsigned long long jobs;       /* threadpool_run calls since the last reset */
    unsigned long long wait_ns;    /* caller's wait for the other threads, with timing on */
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

/* Claims the next slice of the published job: its index (and the job's slice count in
 * *slices), or -1 when none is left. */
static int claim_slice(threadpool_t *pool, unsigned *slices)
{
    unsigned long long word = atomic_load(&pool->claim);
    for (;;) {
        unsigned next = (unsigned)(word & 0xffff);
        *slices = (unsigned)((word >> 16) & 0xffff);
        if (next >= *slices) return -1;
        if (atomic_compare_exchange_weak(&pool->claim, &word, word + 1)) return (int)next;
    }
}

/* Runs slices of the current job until none is left to claim. */
static void run_slices(threadpool_t *pool)
{
    int slice;
    unsigned slices;
    while ((slice = claim_slice(pool, &slices)) >= 0) {
        pool->fn(pool->ctx, slice, (int)slices);
        if (atomic_fetch_add(&pool->done, 1) + 1 == slices && atomic_load(&pool->caller_waiting))
            futex_wake_all(&pool->done);
    }
}

/* Waits until `generation` differs from seen (or the pool stops). */
static void wait_for_job(threadpool_t *pool, unsigned seen)
{
    for (int spin = 0; spin < SPIN_LIMIT; spin++) {
        if (atomic_load(&pool->generation) != seen) return;
        relax(spin);
    }
    for (;;) {
        atomic_fetch_add(&pool->sleepers, 1);
        if (atomic_load(&pool->generation) == seen) futex_wait(&pool->generation, seen);
        atomic_fetch_sub(&pool->sleepers, 1);
        if (atomic_load(&pool->generation) != seen) return;
    }
}

static void *worker_main(void *p)
{
    worker_arg_t *arg = p;
    threadpool_t *pool = arg->pool;
    for (;;) {
        unsigned seen = atomic_load(&pool->generation);
        if (atomic_load(&pool->stop)) return NULL;
        run_slices(pool);
        wait_for_job(pool, seen);
    }
}

/* Wakes every worker for the job just published (or the stop flag). */
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
    if (n_threads > THREADPOOL_MAX_SLICES) n_threads = THREADPOOL_MAX_SLICES;
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

/* Waits until every slice of the current job is done. */
static void wait_for_slices(threadpool_t *pool, unsigned slices)
{
    for (int spin = 0; spin < SPIN_LIMIT * 8; spin++) {
        if (atomic_load(&pool->done) == slices) return;
        relax(spin);
    }
    atomic_store(&pool->caller_waiting, 1);
    unsigned now;
    while ((now = atomic_load(&pool->done)) != slices) futex_wait(&pool->done, now);
    atomic_store(&pool->caller_waiting, 0);
}

void threadpool_run_slices(threadpool_t *pool, threadpool_fn fn, void *ctx, int slices)
{
    if (slices <= 0) return;
    if (pool) pool->jobs++;
    if (!pool || pool->n_threads == 1 || slices == 1) {
        for (int i = 0; i < slices; i++) fn(ctx, i, slices);
        return;
    }
    if (slices > THREADPOOL_MAX_SLICES) slices = THREADPOOL_MAX_SLICES;
    pool->fn = fn;
    pool->ctx = ctx;
    atomic_store(&pool->done, 0);
    pool->job++;
    atomic_store(&pool->claim, (unsigned long long)pool->job << 32 | (unsigned long long)slices << 16);
    publish(pool);
    run_slices(pool);
    if (!pool->timing) {
        wait_for_slices(pool, (unsigned)slices);
        return;
    }
    unsigned long long t0 = now_ns();
    wait_for_slices(pool, (unsigned)slices);
    pool->wait_ns += now_ns() - t0;
}

void threadpool_run(threadpool_t *pool, threadpool_fn fn, void *ctx)
{
    threadpool_run_slices(pool, fn, ctx, threadpool_size(pool));
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
