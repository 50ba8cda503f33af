/* lint_workflow.c — the configuration file merged into a run, and linting only what a
 * commit or a branch changes (see lint_workflow.h).
 *
 * --diff REV lints the work tree's changed files with lint_run, like any run; --staged
 * reads each file's staged text from git and lints it with lint_worker_buffer under the
 * file's own path, one worker per thread of the core's pool, then merges the slots as
 * lint_run does (lint_result_take_files). Either way the findings off the changed lines
 * go last, unless --all-lines. */
#include "cli/lint_workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/lint/git_changes.h"
#include "core/first_error.h"
#include "core/threadpool.h"

/* ---- the configuration ---------------------------------------------------------------- */

static int workflow_load_config(cli_options_t *o, config_t **config, char *err, size_t err_size);

/* A commit waits for the hook: --staged reviews for this long unless told otherwise. */
#define STAGED_REVIEW_BUDGET_SECONDS 2.0

int workflow_setup(cli_options_t *o, config_t **config, char *err, size_t err_size)
{
    *config = NULL;
    o->config = NULL;
    int rc = workflow_load_config(o, config, err, err_size);
    if (rc == 0 && o->staged && o->review_budget == 0) o->review_budget = STAGED_REVIEW_BUDGET_SECONDS;
    return rc;
}

static int workflow_load_config(cli_options_t *o, config_t **config, char *err, size_t err_size)
{
    if (o->no_config) return 0;
    char *path = NULL;
    if (o->config_path) {
        path = strdup(o->config_path);
    } else {
        const char *start = o->stdin_filename ? o->stdin_filename : NULL;
        for (size_t i = 0; !start && i < o->path_count; i++)
            if (strcmp(o->paths[i], "-") != 0) start = o->paths[i];
        path = config_find(start ? start : ".");
        if (!path) return 0;
    }
    if (!path) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    int rc = config_load(config, path, err, err_size);
    free(path);
    if (rc != 0) return -1;
    const config_t *c = *config;
    o->config = c;
    if (!o->model_path && c->model) o->model_path = c->model;
    if (!o->fail_on_given && c->top.fail_on_set) o->fail_on = c->top.fail_on;
    if (o->review_budget == 0 && c->review_budget > 0) o->review_budget = c->review_budget; /* 0: not given */
    if (!o->min_certainty_given) {
        config_policy_t policy;
        workflow_policy(&policy, o, NULL);
        o->min_certainty = config_policy_lowest_certainty(&policy);
    }
    return 0;
}

void workflow_policy(config_policy_t *p, const cli_options_t *o, const char *root)
{
    *p = (config_policy_t){
        .config = o->config,
        .root = root,
        .cli_toggles = o->toggles,
        .cli_toggle_count = o->toggle_count,
        .cli_min_certainty = o->min_certainty_given ? o->min_certainty : CERTAINTY_UNSET,
        .cli_fail_on = o->fail_on,
        .cli_fail_on_given = o->fail_on_given,
    };
}

size_t workflow_exclude_files(const config_policy_t *p, discover_result_t *found)
{
    if (!p->config || p->config->exclude_count == 0) return 0;
    size_t kept = 0, dropped = 0;
    for (size_t i = 0; i < found->file_count; i++) {
        discover_file_t *f = &found->files[i];
        if (config_policy_excludes(p, f->display_path)) {
            free(f->fs_path);
            free(f->display_path);
            dropped++;
        } else {
            found->files[kept++] = *f;
        }
    }
    found->file_count = kept;
    return dropped;
}

void workflow_provenance(git_provenance_t *out, const cli_options_t *o, const char *root)
{
    memset(out, 0, sizeof(*out));
    if (o->format == REPORT_SARIF && !o->no_git && root) git_provenance_read(out, root);
}

bool workflow_fails(const config_policy_t *p, const candidate_list_t *list)
{
    for (size_t i = 0; i < list->count; i++) {
        severity_t level = config_policy_fail_on(p, list->items[i]->path);
        if (list->items[i]->dismissed) continue; /* a confident false positive of the review */
        if (level != SEVERITY_NONE && list->items[i]->severity >= level) return true;
    }
    return false;
}

/* ---- changed files -------------------------------------------------------------------- */

static bool has_extension(const cli_options_t *o, const char *path)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash)) return false;
    if (o->extension_count == 0) return strcmp(dot, ".c") == 0 || strcmp(dot, ".h") == 0;
    for (size_t i = 0; i < o->extension_count; i++)
        if (strcmp(dot + 1, o->extensions[i]) == 0) return true;
    return false;
}

/* The staged texts linted on the pool's threads, one slot per file. */
typedef struct {
    const discover_file_t *files;
    char **texts;
    size_t *lengths;
    size_t count;
    lint_file_result_t *slots;
    lint_context_t context;
    size_t next;          /* atomic */
    size_t partly_parsed; /* atomic */
    first_error_t error;
} staged_pool_t;

static void staged_worker(void *arg, int slice, int slices)
{
    (void)slice, (void)slices;
    staged_pool_t *pool = arg;
    lint_worker_t *worker;
    char err[700] = "";
    if (lint_worker_new(&worker, &pool->context, err, sizeof(err)) != 0) {
        first_error_set(&pool->error, err);
        return;
    }
    for (;;) {
        if (first_error_failed(&pool->error)) break;
        size_t i = __atomic_fetch_add(&pool->next, 1, __ATOMIC_RELAXED);
        if (i >= pool->count) break;
        if (lint_worker_buffer(worker, &pool->slots[i], pool->files[i].display_path, pool->texts[i],
                               pool->lengths[i], err, sizeof(err)) != 0) {
            first_error_set(&pool->error, err);
            break;
        }
    }
    __atomic_fetch_add(&pool->partly_parsed, lint_worker_partly_parsed(worker), __ATOMIC_RELAXED);
    lint_worker_free(worker);
}

static int lint_staged(lint_result_t *r, const discover_result_t *found, const cli_options_t *o,
                       const lint_context_t *context, char *err, size_t err_size)
{
    size_t n = found->file_count;
    staged_pool_t pool = {.files = found->files, .count = n, .context = *context};
    pool.texts = calloc(n ? n : 1, sizeof(*pool.texts));
    pool.lengths = calloc(n ? n : 1, sizeof(*pool.lengths));
    pool.slots = calloc(n ? n : 1, sizeof(*pool.slots));
    int rc = 0;
    if (!pool.texts || !pool.lengths || !pool.slots) {
        snprintf(err, err_size, "out of memory");
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        lint_file_result_init(&pool.slots[i]);
        rc = git_changes_staged_text(&pool.texts[i], &pool.lengths[i], found->root, found->files[i].display_path, err,
                                     err_size);
    }
    if (rc == 0 && n > 0) {
        first_error_init(&pool.error);
        int jobs = o->jobs > 0 ? o->jobs : threadpool_default_threads();
        if ((size_t)jobs > n) jobs = (int)n;
        threadpool_t *threads = NULL;
        if (threadpool_new(&threads, jobs) == 0) {
            threadpool_run(threads, staged_worker, &pool);
            r->stats.threads = threadpool_size(threads);
            threadpool_free(threads);
        } else {
            first_error_set(&pool.error, "cannot start the worker threads");
        }
        if (first_error_failed(&pool.error)) {
            snprintf(err, err_size, "%s", pool.error.message);
            rc = -1;
        }
        first_error_destroy(&pool.error);
        r->stats.files += n;
        r->stats.partly_parsed += pool.partly_parsed;
        if (rc == 0 && lint_result_take_files(r, pool.slots, found->files, n) != 0) {
            snprintf(err, err_size, "out of memory");
            rc = -1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (pool.slots) lint_file_result_destroy(&pool.slots[i]);
        if (pool.texts) free(pool.texts[i]);
    }
    free(pool.slots);
    free(pool.texts);
    free(pool.lengths);
    return rc;
}

/* Drops the candidates off the changed lines of their file. */
static void keep_changed_lines(candidate_list_t *list, const git_changes_t *changes)
{
    size_t kept = 0;
    for (size_t i = 0; i < list->count; i++) {
        candidate_t *c = list->items[i];
        const git_changed_file_t *file = NULL;
        for (size_t f = 0; !file && f < changes->file_count; f++)
            if (strcmp(changes->files[f].path, c->path) == 0) file = &changes->files[f];
        if (file && git_changes_touches(file, c->range.start_line, c->range.end_line)) list->items[kept++] = c;
        else candidate_free(c);
    }
    list->count = kept;
}

static int add_found(discover_result_t *found, const char *top, const char *path)
{
    discover_file_t *grown = realloc(found->files, (found->file_count + 1) * sizeof(*grown));
    if (!grown) return -1;
    found->files = grown;
    size_t size = strlen(top) + strlen(path) + 2;
    char *fs = malloc(size), *display = strdup(path);
    if (!fs || !display) {
        free(fs);
        free(display);
        return -1;
    }
    snprintf(fs, size, "%s/%s", top, path);
    grown[found->file_count++] = (discover_file_t){fs, display};
    found->file_capacity = found->file_count;
    return 0;
}

int workflow_lint_changes(lint_result_t *r, discover_result_t *found, const cli_options_t *o,
                          const rule_pack_t *pack, clang_options_t *clang, char *err, size_t err_size)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    git_changes_t changes;
    const char *const *specs = (const char *const *)o->paths;
    int rc = git_changes_list(&changes, o->diff_rev, specs, o->path_count, err, err_size);
    if (rc == 1) {
        snprintf(err, err_size, "%s: not inside a git work tree", o->staged ? "--staged" : "--diff");
        rc = -1;
    }
    if (rc != 0) {
        git_changes_destroy(&changes);
        return -1;
    }
    found->root = changes.top;
    changes.top = NULL;
    config_policy_t policy;
    workflow_policy(&policy, o, found->root);
    for (size_t i = 0; i < changes.file_count; i++) {
        const char *path = changes.files[i].path;
        if (!has_extension(o, path) || config_policy_excludes(&policy, path)) continue;
        if (add_found(found, found->root, path) != 0) {
            snprintf(err, err_size, "out of memory");
            git_changes_destroy(&changes);
            return -1;
        }
    }
    if (clang) clang->repo_root = found->root;
    if (o->staged) {
        lint_context_t context = {.pack = pack, .clang = clang, .min_certainty = CERTAINTY_UNSET,
                                  .repo_root = found->root};
        rc = lint_staged(r, found, o, &context, err, err_size);
    } else {
        lint_run_options_t run = {.pack = pack, .jobs = o->jobs, .clang = clang};
        rc = lint_run(r, found->files, found->file_count, &run, err, err_size);
    }
    if (rc == 0 && !o->all_lines) keep_changed_lines(&r->candidates, &changes);
    git_changes_destroy(&changes);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->stats.seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return rc;
}
