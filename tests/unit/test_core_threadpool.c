/* test_core_threadpool.c — every slice of each job runs exactly once (one per thread, or
 * more slices than threads), jobs see each other's writes in order, sleeping workers wake,
 * a slow slice is waited for, and a pool shuts down cleanly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "core/threadpool.h"

typedef struct {
    atomic_int calls[8];
    atomic_int total;
    int seen_n;
    long *cells; /* (n_threads) written by each thread, read by the next job */
    long round;
    atomic_int mismatches;
} job_t;

static void count_calls(void *p, int index, int n)
{
    job_t *job = p;
    atomic_fetch_add(&job->calls[index], 1);
    atomic_fetch_add(&job->total, 1);
    job->seen_n = n;
}

/* Each job checks that every cell holds the previous round, then writes this round. */
static void ordered_rounds(void *p, int index, int n)
{
    job_t *job = p;
    for (int i = 0; i < n; i++)
        if (job->cells[i] != job->round - 1) atomic_fetch_add(&job->mismatches, 1);
    /* everyone reads before anyone writes would need a barrier; instead each thread only
     * writes its own cell after the job, so reads above see the last round's values. */
    (void)index;
}

static void write_cell(void *p, int index, int n)
{
    (void)n;
    job_t *job = p;
    job->cells[index] = job->round;
}

static void test_each_thread_runs_each_job_once(void **state)
{
    (void)state;
    for (int n = 1; n <= 4; n++) {
        threadpool_t *pool;
        assert_int_equal(threadpool_new(&pool, n), 0);
        assert_int_equal(threadpool_size(pool), n);
        job_t job;
        memset(&job, 0, sizeof job);
        for (int round = 0; round < 20000; round++) threadpool_run(pool, count_calls, &job);
        for (int i = 0; i < n; i++) assert_int_equal(atomic_load(&job.calls[i]), 20000);
        assert_int_equal(atomic_load(&job.total), 20000 * n);
        assert_int_equal(job.seen_n, n);
        threadpool_free(pool);
    }
}

typedef struct {
    atomic_int calls[100];
    atomic_int wrong_n;
} slices_job_t;

static void count_slice(void *p, int index, int n)
{
    slices_job_t *job = p;
    atomic_fetch_add(&job->calls[index], 1);
    if (n != 37) atomic_fetch_add(&job->wrong_n, 1);
}

static void test_every_slice_runs_once(void **state)
{
    (void)state;
    for (int n = 1; n <= 3; n++) {
        threadpool_t *pool;
        assert_int_equal(threadpool_new(&pool, n), 0);
        slices_job_t job;
        memset(&job, 0, sizeof job);
        for (int round = 0; round < 5000; round++) threadpool_run_slices(pool, count_slice, &job, 37);
        threadpool_run_slices(pool, count_slice, &job, 0); /* nothing to run */
        for (int i = 0; i < 37; i++) assert_int_equal(atomic_load(&job.calls[i]), 5000);
        assert_int_equal(atomic_load(&job.calls[37]), 0);
        assert_int_equal(atomic_load(&job.wrong_n), 0);
        threadpool_free(pool);
    }
}

/* A slice that takes long (standing for a worker that lost its core mid-job): the caller
 * still returns only after it, and every other slice ran exactly once meanwhile. */
static void slow_first_slice(void *p, int index, int n)
{
    slices_job_t *job = p;
    if (index == 0 && atomic_fetch_add(&job->wrong_n, 0) == 0) {
        struct timespec pause = {0, 20 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    atomic_fetch_add(&job->calls[index], 1);
    (void)n;
}

static void test_slow_slice_finishes_before_return(void **state)
{
    (void)state;
    threadpool_t *pool;
    assert_int_equal(threadpool_new(&pool, 3), 0);
    for (int round = 0; round < 20; round++) {
        slices_job_t job;
        memset(&job, 0, sizeof job);
        threadpool_run_slices(pool, slow_first_slice, &job, 9);
        for (int i = 0; i < 9; i++) assert_int_equal(atomic_load(&job.calls[i]), 1);
    }
    threadpool_free(pool);
}

static void test_jobs_see_previous_writes(void **state)
{
    (void)state;
    threadpool_t *pool;
    assert_int_equal(threadpool_new(&pool, 3), 0);
    job_t job;
    memset(&job, 0, sizeof job);
    long cells[3] = {0, 0, 0};
    job.cells = cells;
    for (job.round = 1; job.round < 5000; job.round++) {
        threadpool_run(pool, ordered_rounds, &job);
        threadpool_run(pool, write_cell, &job);
    }
    assert_int_equal(atomic_load(&job.mismatches), 0);
    threadpool_free(pool);
}

static void test_sleeping_workers_wake(void **state)
{
    (void)state;
    threadpool_t *pool;
    assert_int_equal(threadpool_new(&pool, 2), 0);
    job_t job;
    memset(&job, 0, sizeof job);
    for (int round = 0; round < 5; round++) {
        struct timespec pause = {0, 20 * 1000 * 1000}; /* 20 ms: long past the spin phase */
        nanosleep(&pause, NULL);
        threadpool_run(pool, count_calls, &job);
    }
    assert_int_equal(atomic_load(&job.calls[1]), 5);
    threadpool_free(pool);
    threadpool_free(NULL);
}

static void test_null_pool_and_default_size(void **state)
{
    (void)state;
    job_t job;
    memset(&job, 0, sizeof job);
    threadpool_run(NULL, count_calls, &job);
    assert_int_equal(atomic_load(&job.calls[0]), 1);
    assert_int_equal(job.seen_n, 1);
    assert_true(threadpool_default_threads() >= 1);
    threadpool_t *pool;
    assert_int_equal(threadpool_new(&pool, 0), 0);
    assert_int_equal(threadpool_size(pool), threadpool_default_threads());
    threadpool_free(pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_thread_runs_each_job_once),
        cmocka_unit_test(test_every_slice_runs_once),
        cmocka_unit_test(test_slow_slice_finishes_before_return),
        cmocka_unit_test(test_jobs_see_previous_writes),
        cmocka_unit_test(test_sleeping_workers_wake),
        cmocka_unit_test(test_null_pool_and_default_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
