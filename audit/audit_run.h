/* audit_run.h — one audit of a tree: analyse what changed, store each file as it is done.
 *
 * audit_run reads every discovered file once to hash it, skips the files the store holds
 * with the same content hash and the same compile inputs, rule pack, analyzer, options and
 * model (audit_db_file_current), and hands the rest to lint_run (analyzer/lint/lint_run.h:
 * the same analysis as `assay`, on all cores, through the results cache). As each file
 * finishes, on its worker thread, its fixes are verified (analyzer/fix/fix_run.h) and its
 * results are committed to the store in their own transaction, then dropped from memory:
 * an audit killed at any moment keeps every file it finished, and `--resume` (the same
 * audit row) or any later audit goes on from there. At the end, files gone from the tree
 * lose their findings (fixed) and the audit's counts are recorded for the trend.
 *
 * Progress: after each stored file, progress() is called (from a worker thread, one call
 * at a time) with the counts so far; the driver draws its bar from them. */
#ifndef ASSAY_AUDIT_RUN_H
#define ASSAY_AUDIT_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/lint/discover.h"
#include "analyzer/lint/lint_cache.h"
#include "analyzer/lint/lint_run.h"
#include "audit/audit_db.h"

typedef struct {
    size_t files_total;   /* files of the tree */
    size_t files_unchanged; /* skipped: the store holds them as they are */
    size_t files_todo;    /* to analyse in this run */
    size_t files_done;    /* of files_todo, stored */
    uint64_t lines_todo, lines_done;
    size_t findings;      /* candidates stored by this run so far (every certainty) */
    double seconds;       /* since the analysis started */
} audit_progress_t;

typedef struct {
    const rule_pack_t *pack;
    const clang_options_t *clang; /* NULL: tree-sitter only; repo_root must be set */
    int jobs;                     /* <= 0: every core */
    lint_cache_t *cache;          /* results cache; required (the keys come from it); an
                                   * in-memory one (":memory:") when the user wants none */
    bool resume;                  /* go on with the last audit that never ended */
    const char *root;             /* the tree's root (absolute) */
    void (*progress)(void *ctx, const audit_progress_t *progress);
    void *progress_ctx;
} audit_run_options_t;

typedef struct {
    int64_t audit_id;
    bool resumed;
    audit_progress_t progress; /* at the end */
    audit_counts_t counts;     /* of the store after the audit */
    size_t fixes_verified, fixes_rejected;
} audit_run_result_t;

/* Audits found's files into db. lint gets the run's notices (files that could not be
 * read) and statistics; it must be initialised (lint_result_init). 0, or -1 with err set
 * (a database or analysis failure: what was stored stays). */
int audit_run(audit_db_t *db, const discover_result_t *found, const audit_run_options_t *options,
              lint_result_t *lint, audit_run_result_t *out, char *err, size_t err_size);

#endif
