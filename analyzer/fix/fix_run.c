/* fix_run.c — the worker pool of fix verification (see fix_run.h).
 *
 * Candidates come sorted by path, so the ones with fixes form one group per file; threads
 * take groups from an atomic counter. A group's text is the one the run kept for reporters
 * (lint_result_t.sources), i.e. exactly the bytes that were linted. */
#include "analyzer/fix/fix_run.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer/fix/fix_verify.h"
#include "analyzer/lint/lint_cache.h"
#include "core/threadpool.h"
#include "core/first_error.h"

typedef struct {
    size_t first, count;          /* candidates[first .. first+count) of one path */
    const source_file_t *source;  /* NULL: the text is not kept (the fixes are rejected) */
} group_t;

typedef struct {
    lint_result_t *result;
    const lint_context_t *ctx;
    group_t *groups;
    size_t group_count;
    size_t next;          /* atomic: the next group */
    size_t verified, rejected; /* atomic */
    first_error_t error;  /* a worker's fatal error: the others stop */
} pool_t;

static void pool_fail(pool_t *pool, const char *message)
{
    first_error_set(&pool->error, message);
}

static int verify_group(pool_t *pool, fix_verifier_t *verifier, const group_t *g, char *err, size_t err_size)
{
    for (size_t i = g->first; i < g->first + g->count; i++) {
        candidate_t *c = pool->result->candidates.items[i];
        if (!c->fix) continue;
        fix_verdict_t verdict = {0};
        lint_cache_t *cache = pool->ctx->cache;
        bool cached_ok = false;
        char *cached_reason = NULL;
        if (g->source && cache &&
            lint_cache_fix_get(cache, c, g->source->text, g->source->length, &cached_ok, &cached_reason)) {
            int rc = fix_set_verdict(c->fix, cached_ok, cached_reason);
            free(cached_reason);
            if (rc != 0) {
                snprintf(err, err_size, "out of memory");
                return -1;
            }
            __atomic_fetch_add(cached_ok ? &pool->verified : &pool->rejected, 1, __ATOMIC_RELAXED);
            continue;
        }
        if (!g->source) {
            verdict.failed = FIX_CHECK_EDIT;
            snprintf(verdict.reason, sizeof(verdict.reason), "not verified: the file's text was not kept");
        } else if (fix_verify(verifier, &verdict, c->path, g->source->text, g->source->length, c, c->fix, err,
                              err_size) != 0) {
            return -1;
        }
        if (g->source && cache)
            lint_cache_fix_put(cache, c, g->source->text, g->source->length, verdict.accepted,
                               verdict.accepted ? NULL : verdict.reason);
        if (fix_set_verdict(c->fix, verdict.accepted, verdict.reason) != 0) {
            snprintf(err, err_size, "out of memory");
            return -1;
        }
        __atomic_fetch_add(verdict.accepted ? &pool->verified : &pool->rejected, 1, __ATOMIC_RELAXED);
    }
    return 0;
}

/* One slice of the run's one job: a verifier that takes files until none is left. */
static void worker_main(void *arg, int slice, int slices)
{
    (void)slice, (void)slices;
    pool_t *pool = arg;
    fix_verifier_t *verifier;
    char err[1024] = "";
    if (fix_verifier_new(&verifier, pool->ctx, err, sizeof(err)) != 0) {
        pool_fail(pool, err);
        return;
    }
    for (;;) {
        if (first_error_failed(&pool->error)) break;
        size_t i = __atomic_fetch_add(&pool->next, 1, __ATOMIC_RELAXED);
        if (i >= pool->group_count) break;
        if (verify_group(pool, verifier, &pool->groups[i], err, sizeof(err)) != 0) {
            pool_fail(pool, err);
            break;
        }
    }
    fix_verifier_free(verifier);
}

static const source_file_t *kept_source(const lint_result_t *r, const char *path)
{
    for (size_t i = 0; i < r->source_count; i++) /* few files have fixes: a scan is enough */
        if (strcmp(r->sources[i].path, path) == 0) return r->sources[i].source;
    return NULL;
}

/* One group per path among the candidates with fixes. -1 on out of memory. */
static int make_groups(pool_t *pool)
{
    const candidate_list_t *list = &pool->result->candidates;
    for (size_t i = 0; i < list->count;) {
        size_t end = i + 1;
        while (end < list->count && strcmp(list->items[end]->path, list->items[i]->path) == 0) end++;
        bool any = false;
        for (size_t k = i; k < end && !any; k++) any = list->items[k]->fix != NULL;
        if (any) {
            group_t *grown = realloc(pool->groups, (pool->group_count + 1) * sizeof(*grown));
            if (!grown) return -1;
            pool->groups = grown;
            pool->groups[pool->group_count++] =
                (group_t){i, end - i, kept_source(pool->result, list->items[i]->path)};
        }
        i = end;
    }
    return 0;
}

int fix_run_verify(lint_result_t *result, const lint_context_t *ctx, int jobs, fix_run_stats_t *stats, char *err,
                   size_t err_size)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pool_t pool = {.result = result, .ctx = ctx};
    if (make_groups(&pool) != 0) {
        free(pool.groups);
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    if (jobs <= 0) jobs = lint_default_jobs();
    if ((size_t)jobs > pool.group_count) jobs = pool.group_count ? (int)pool.group_count : 1;
    first_error_init(&pool.error);
    int started = 0;
    if (pool.group_count) {
        threadpool_t *threads = NULL;
        if (threadpool_new(&threads, jobs) == 0) { /* the calling thread is one of them */
            threadpool_run(threads, worker_main, &pool);
            started = threadpool_size(threads) - 1;
            threadpool_free(threads);
        } else {
            pool_fail(&pool, "cannot start the worker threads");
        }
    }
    first_error_destroy(&pool.error);
    free(pool.groups);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (stats) {
        stats->verified = pool.verified;
        stats->rejected = pool.rejected;
        stats->threads = started + 1;
        stats->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    }
    if (first_error_failed(&pool.error)) {
        snprintf(err, err_size, "%s", pool.error.message);
        return -1;
    }
    return 0;
}
