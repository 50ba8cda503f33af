/* lint_run.c — the worker pool of the static pass (see lint_run.h).
 *
 * Threads share only an atomic "next file" counter and read-only inputs; each writes to
 * the slot of the file it took. The main thread merges slots in file order afterwards and
 * sorts, which is what makes the output independent of scheduling. */
#include "analyzer/lint/lint_run.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/lint/lint_buffer.h"
#include "analyzer/lint/lint_cache.h"
#include "core/threadpool.h"
#include "core/first_error.h"

typedef struct {
    const discover_file_t *files;
    size_t count;
    lint_file_result_t *slots; /* one per file */
    lint_context_t context;    /* shared read-only by the workers */
    size_t next;            /* atomic: index of the next file to take */
    first_error_t error;    /* a worker's fatal error: the others stop */
    void (*on_file)(void *, size_t, lint_file_result_t *, const char *);
    void *on_file_ctx;
    size_t partly_parsed;   /* atomic: summed from each worker's libclang pass */
} pool_t;

/* ---- result --------------------------------------------------------------------------- */

void lint_result_init(lint_result_t *result)
{
    memset(result, 0, sizeof(*result));
    candidate_list_init(&result->candidates);
}

/* Appends a copy of (path, message) to a notice list. 0, or -1 on out of memory. */
static int notices_add(notice_t **list, size_t *count, size_t *capacity, const char *path,
                       const char *message)
{
    if (*count == *capacity) {
        size_t grown_capacity = *capacity ? *capacity * 2 : 8;
        notice_t *grown = realloc(*list, grown_capacity * sizeof(*grown));
        if (!grown) return -1;
        *list = grown;
        *capacity = grown_capacity;
    }
    char *p = strdup(path), *m = strdup(message);
    if (!p || !m) {
        free(p);
        free(m);
        return -1;
    }
    (*list)[(*count)++] = (notice_t){p, m};
    return 0;
}

static void notices_free(notice_t *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(list[i].path);
        free(list[i].message);
    }
    free(list);
}

int lint_result_add_notice(lint_result_t *r, const char *path, const char *message)
{
    return notices_add(&r->notices, &r->notice_count, &r->notice_capacity, path, message);
}

void lint_result_destroy(lint_result_t *r)
{
    candidate_list_destroy(&r->candidates);
    notices_free(r->notices, r->notice_count);
    notices_free(r->partial, r->partial_count);
    for (size_t i = 0; i < r->source_count; i++) {
        free((char *)r->sources[i].path);
        source_file_free(r->sources[i].source);
    }
    free(r->sources);
    memset(r, 0, sizeof(*r));
}

static int compare_sources(const void *a, const void *b)
{
    return strcmp(((const lint_source_t *)a)->path, ((const lint_source_t *)b)->path);
}

const char *lint_result_source_line(void *ctx, const char *path, uint32_t line, size_t *length)
{
    const lint_result_t *r = ctx;
    lint_source_t key = {path, NULL};
    const lint_source_t *hit =
        r->source_count ? bsearch(&key, r->sources, r->source_count, sizeof(key), compare_sources)
                        : NULL;
    return hit ? source_file_line(hit->source, line, length) : NULL;
}

int lint_default_jobs(void)
{
    return threadpool_default_threads();
}

/* ---- one file --------------------------------------------------------------------------- */

static void pool_fail(pool_t *pool, const char *message)
{
    first_error_set(&pool->error, message);
}

/* One slice of the run's one job: a worker that lints files until none is left. */
static void worker_main(void *arg, int slice, int slices)
{
    (void)slice, (void)slices;
    pool_t *pool = arg;
    lint_worker_t *worker;
    char err[512] = "";
    if (lint_worker_new(&worker, &pool->context, err, sizeof(err)) != 0) {
        pool_fail(pool, err);
        return;
    }
    for (;;) {
        if (first_error_failed(&pool->error)) break;
        size_t i = __atomic_fetch_add(&pool->next, 1, __ATOMIC_RELAXED);
        if (i >= pool->count) break;
        char fatal[700], key[33] = "";
        size_t cached_partly = 0;
        int rc = pool->context.cache
                     ? lint_cache_lint_file(pool->context.cache, worker, &pool->slots[i], pool->files[i].display_path,
                                            pool->files[i].fs_path, &cached_partly, key, fatal, sizeof(fatal))
                     : lint_worker_file(worker, &pool->slots[i], pool->files[i].display_path,
                                        pool->files[i].fs_path, fatal, sizeof(fatal));
        if (rc != 0) {
            pool_fail(pool, fatal);
            break;
        }
        __atomic_fetch_add(&pool->partly_parsed, cached_partly, __ATOMIC_RELAXED);
        if (pool->on_file) pool->on_file(pool->on_file_ctx, i, &pool->slots[i], key);
    }
    __atomic_fetch_add(&pool->partly_parsed, lint_worker_partly_parsed(worker), __ATOMIC_RELAXED);
    lint_worker_free(worker);
}

/* ---- merge ------------------------------------------------------------------------------ */

static int compare_notices(const void *a, const void *b)
{
    const notice_t *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : strcmp(x->message, y->message);
}

int lint_result_take_files(lint_result_t *r, lint_file_result_t *slots, const discover_file_t *files, size_t count)
{
    size_t keep = 0;
    for (size_t i = 0; i < count; i++) keep += slots[i].source != NULL;
    if (keep && !(r->sources = calloc(keep, sizeof(*r->sources)))) return -1;
    for (size_t i = 0; i < count; i++) {
        lint_file_result_t *slot = &slots[i];
        const char *path = files[i].display_path;
        if (slot->read) {
            r->stats.files_read++;
            r->stats.lines += slot->lines;
            r->stats.bytes += slot->bytes;
        }
        r->stats.findings += slot->findings;
        r->stats.suppressed += slot->suppressed;
        if (slot->notice && lint_result_add_notice(r, path, slot->notice) != 0) return -1;
        if (slot->partial && notices_add(&r->partial, &r->partial_count, &r->partial_capacity,
                                         path, slot->partial) != 0)
            return -1;
        for (size_t k = 0; k < slot->candidates.count; k++) {
            if (candidate_list_push(&r->candidates, slot->candidates.items[k]) != 0) {
                slot->candidates.items[k] = NULL;
                for (size_t rest = k + 1; rest < slot->candidates.count; rest++)
                    candidate_free(slot->candidates.items[rest]);
                slot->candidates.count = 0;
                return -1;
            }
        }
        slot->candidates.count = 0;
        if (slot->source) {
            char *copy = strdup(path);
            if (!copy) return -1;
            r->sources[r->source_count++] = (lint_source_t){copy, slot->source};
            slot->source = NULL;
        }
    }
    candidate_list_sort(&r->candidates);
    if (r->notice_count > 1)
        qsort(r->notices, r->notice_count, sizeof(*r->notices), compare_notices);
    if (r->partial_count > 1)
        qsort(r->partial, r->partial_count, sizeof(*r->partial), compare_notices);
    if (r->source_count > 1)
        qsort(r->sources, r->source_count, sizeof(*r->sources), compare_sources);
    return 0;
}

static void slots_free(lint_file_result_t *slots, size_t count)
{
    for (size_t i = 0; i < count; i++) lint_file_result_destroy(&slots[i]);
    free(slots);
}

int lint_run(lint_result_t *r, const discover_file_t *files, size_t count,
             const lint_run_options_t *options, char *err, size_t err_size)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int jobs = options->jobs > 0 ? options->jobs : lint_default_jobs();
    if ((size_t)jobs > count) jobs = count ? (int)count : 1;
    pool_t pool = {.files = files,
                   .count = count,
                   .context = {.pack = options->pack, .clang = options->clang,
                               .repo_root = options->clang ? options->clang->repo_root : NULL,
                               .cache = options->cache},
                   .on_file = options->on_file,
                   .on_file_ctx = options->on_file_ctx};
    pool.slots = calloc(count ? count : 1, sizeof(*pool.slots));
    if (!pool.slots) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < count; i++) lint_file_result_init(&pool.slots[i]);
    first_error_init(&pool.error);
    threadpool_t *threads = NULL;
    int started = 0;
    if (threadpool_new(&threads, jobs) == 0) { /* the calling thread is one of them */
        threadpool_run(threads, worker_main, &pool);
        started = threadpool_size(threads) - 1;
        threadpool_free(threads);
    } else {
        pool_fail(&pool, "cannot start the worker threads");
    }
    first_error_destroy(&pool.error);
    r->stats.files += count;
    r->stats.threads = started + 1;
    r->stats.partly_parsed += pool.partly_parsed;
    int status = 0;
    if (first_error_failed(&pool.error)) {
        snprintf(err, err_size, "%s", pool.error.message);
        status = -1;
    } else if (lint_result_take_files(r, pool.slots, files, count) != 0) {
        snprintf(err, err_size, "out of memory");
        status = -1;
    }
    slots_free(pool.slots, count);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->stats.seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return status;
}
