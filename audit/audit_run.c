/* audit_run.c — one audit (see audit_run.h).
 *
 * The hot part is lint_run's; this file adds the pre-pass (hash every file, decide what
 * to analyse) and the per-file hook that verifies fixes and commits the file. The hook
 * runs on worker threads; the store and the counters are behind one mutex. */
#include "audit/audit_run.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer/fix/fix_run.h"
#include "core/first_error.h"

typedef struct {
    audit_db_t *db;
    const audit_run_options_t *options;
    int64_t audit_id;
    const discover_file_t *todo;     /* (files_todo,) borrowed from found */
    audit_file_key_t *keys;          /* (files_todo,) */
    lint_context_t context;          /* for fix verification */
    pthread_mutex_t lock;
    audit_progress_t progress;       /* under lock */
    size_t fixes_verified, fixes_rejected; /* under lock */
    struct timespec start;
    first_error_t error;
} audit_t;

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Verifies the fixes of one file's candidates (sorted) against its text. */
static int verify_fixes(audit_t *a, lint_file_result_t *slot, const char *path, fix_run_stats_t *stats, char *err,
                        size_t err_size)
{
    bool any = false;
    for (size_t i = 0; i < slot->candidates.count && !any; i++) any = slot->candidates.items[i]->fix != NULL;
    if (!any || !slot->source) return 0;
    lint_result_t one;
    lint_result_init(&one);
    lint_source_t source = {path, slot->source};
    one.candidates = slot->candidates;
    one.sources = &source;
    one.source_count = 1;
    int rc = fix_run_verify(&one, &a->context, 1, stats, err, err_size);
    slot->candidates = one.candidates; /* the list was lent, not given */
    return rc;
}

/* lint_run's per-file hook: verify, store, report progress, free. */
static void file_done(void *ctx, size_t index, lint_file_result_t *slot, const char *key_hex)
{
    (void)key_hex;
    audit_t *a = ctx;
    const char *path = a->todo[index].display_path;
    char err[1024] = "";
    fix_run_stats_t fixes = {0};
    candidate_list_sort(&slot->candidates);
    if (!first_error_failed(&a->error) && verify_fixes(a, slot, path, &fixes, err, sizeof(err)) != 0)
        first_error_set(&a->error, err);
    pthread_mutex_lock(&a->lock);
    if (!first_error_failed(&a->error) &&
        audit_db_store_file(a->db, a->audit_id, path, &a->keys[index], slot, slot->source, err, sizeof(err)) != 0)
        first_error_set(&a->error, err);
    a->fixes_verified += fixes.verified;
    a->fixes_rejected += fixes.rejected;
    a->progress.files_done++;
    a->progress.lines_done += slot->lines;
    a->progress.findings += slot->candidates.count;
    a->progress.seconds = seconds_since(&a->start);
    if (a->options->progress) a->options->progress(a->options->progress_ctx, &a->progress);
    pthread_mutex_unlock(&a->lock);
    /* stored: the run's result need not keep it (an audit of a big tree stays small) */
    lint_file_result_destroy(slot);
}

/* The pre-pass: which files to analyse, with their keys. */
static int plan(audit_t *a, const discover_result_t *found, discover_file_t *todo, const char **unchanged,
                size_t *unchanged_count, char *err, size_t err_size)
{
    lint_cache_digests_t digests;
    lint_cache_digests(a->options->cache, &digests);
    for (size_t i = 0; i < found->file_count; i++) {
        const discover_file_t *f = &found->files[i];
        audit_file_key_t key = {.digests = digests};
        char reason[256];
        source_file_t *source = NULL;
        int status = source_file_read(&source, f->fs_path, reason, sizeof(reason));
        if (status < 0) {
            snprintf(err, err_size, "%s: out of memory", f->display_path);
            return -1;
        }
        uint32_t lines = 0;
        if (status == SOURCE_OK) {
            lint_cache_content_hash(source->text, source->length, key.content);
            lines = source_count_lines(source->text, source->length);
            source_file_free(source);
            int current = audit_db_file_current(a->db, f->display_path, &key, err, err_size);
            if (current < 0) return -1;
            if (current) {
                unchanged[(*unchanged_count)++] = f->display_path;
                continue;
            }
        } else {
            snprintf(key.content, sizeof(key.content), "unreadable");
        }
        a->keys[a->progress.files_todo] = key;
        todo[a->progress.files_todo++] = *f;
        a->progress.lines_todo += lines;
    }
    return 0;
}

int audit_run(audit_db_t *db, const discover_result_t *found, const audit_run_options_t *o, lint_result_t *lint,
              audit_run_result_t *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof(*out));
    audit_t a = {.db = db, .options = o};
    a.context = (lint_context_t){.pack = o->pack, .clang = o->clang, .repo_root = o->root, .cache = o->cache};
    size_t n = found->file_count;
    discover_file_t *todo = malloc((n ? n : 1) * sizeof(*todo));
    const char **unchanged = malloc((n ? n : 1) * sizeof(*unchanged));
    a.keys = malloc((n ? n : 1) * sizeof(*a.keys));
    int status = -1;
    if (!todo || !unchanged || !a.keys) {
        snprintf(err, err_size, "out of memory");
        goto done;
    }
    if (audit_db_begin(db, o->root, o->resume, &a.audit_id, &out->resumed, err, err_size) != 0) goto done;
    size_t unchanged_count = 0;
    a.progress.files_total = n;
    if (plan(&a, found, todo, unchanged, &unchanged_count, err, err_size) != 0) goto done;
    a.progress.files_unchanged = unchanged_count;
    if (audit_db_mark_seen(db, a.audit_id, unchanged, unchanged_count, err, err_size) != 0) goto done;

    a.todo = todo;
    pthread_mutex_init(&a.lock, NULL);
    first_error_init(&a.error);
    clock_gettime(CLOCK_MONOTONIC, &a.start);
    if (o->progress) o->progress(o->progress_ctx, &a.progress);
    lint_run_options_t run = {.pack = o->pack, .jobs = o->jobs, .clang = o->clang, .cache = o->cache,
                              .on_file = file_done, .on_file_ctx = &a};
    int rc = lint_run(lint, todo, a.progress.files_todo, &run, err, err_size);
    bool failed = first_error_failed(&a.error);
    if (failed) snprintf(err, err_size, "%s", a.error.message);
    first_error_destroy(&a.error);
    pthread_mutex_destroy(&a.lock);
    if (rc != 0 || failed) goto done;
    if (audit_db_finish(db, a.audit_id, err, err_size) != 0) goto done;
    if (audit_db_counts(db, &out->counts, err, err_size) != 0) goto done;
    status = 0;
done:
    out->audit_id = a.audit_id;
    out->progress = a.progress;
    out->fixes_verified = a.fixes_verified;
    out->fixes_rejected = a.fixes_rejected;
    free(todo);
    free(unchanged);
    free(a.keys);
    return status;
}
