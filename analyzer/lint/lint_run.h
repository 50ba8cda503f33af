/* lint_run.h — scan a list of files on N threads and collect what they produced.
 *
 * lint_run is the static pass of one `assay` invocation: each worker thread owns one
 * lint worker (lint_buffer.h: a scanner and a libclang pass) and takes the next file from
 * a shared counter; for each file it reads the bytes safely (source_file.h) and lints them
 * on the path lint_buffer uses for text in memory (scan, libclang, merge, fingerprints,
 * suppression comments), so both give the same candidates for the same bytes. Results land in
 * a slot per file, so the merged output depends only on the file list, never on thread
 * timing: -j1 and -j8 print the same bytes.
 *
 * A file that cannot be linted (binary, unreadable, FIFO, scanner failure) becomes a
 * notice ("path", "problem") and the run goes on; a remark of a further pass about a file
 * it did lint (the libclang pass could not find an include) goes to a separate list, so
 * the driver can summarise those instead of printing one line per file. Only failures of the run itself (out of
 * memory, a scanner that cannot be created) return -1. */
#ifndef ASSAY_LINT_RUN_H
#define ASSAY_LINT_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "core/candidate.h"
#include "analyzer/clang/clang_pass.h"
#include "analyzer/lint/discover.h"
#include "analyzer/lint/lint_buffer.h"
#include "core/rule.h"
#include "analyzer/lint/source_file.h"
#include "core/notice.h"

typedef struct {
    size_t files;          /* files given */
    size_t files_read;     /* files read and scanned */
    uint64_t lines, bytes; /* of the files read */
    size_t findings;       /* candidates before suppressions */
    size_t suppressed;     /* dropped by assay-ignore / NOLINT comments */
    size_t partly_parsed;  /* files the libclang pass could not parse whole */
    double seconds;        /* wall time of the scan */
    int threads;           /* threads actually used */
} lint_stats_t;

/* A file kept in memory because it has findings (for source lines in reports). */
typedef struct {
    const char *path;      /* display path (owned by the result) */
    source_file_t *source; /* lines indexed */
} lint_source_t;

typedef struct {
    candidate_list_t candidates; /* sorted with candidate_list_sort */
    notice_t *notices;    /* files not (fully) linted: unreadable, binary, scanner
                                  * failure...; sorted by path */
    size_t notice_count, notice_capacity;
    notice_t *partial;    /* files linted, with a further pass's remark (the libclang
                                  * pass: includes not found, parse errors); sorted by path */
    size_t partial_count, partial_capacity;
    lint_source_t *sources;      /* sorted by path */
    size_t source_count;
    lint_stats_t stats;
} lint_result_t;

typedef struct {
    const rule_pack_t *pack; /* shared read-only by every thread */
    int jobs;                /* threads; <= 0: number of online cores */
    const clang_options_t *clang; /* libclang pass options; NULL = tree-sitter only (--no-clang) */
    struct lint_cache *cache;     /* results cache (lint_cache.h); NULL: every file is analysed */
    /* Called on the worker thread as soon as file index is done (from any thread, so it
     * must lock what it shares), with the file's result and its cache key (lint_cache.h;
     * "" without a cache or for a file that could not be read). It may take what it wants
     * out of slot (moving candidates out leaves them out of the run's result). NULL: none. */
    void (*on_file)(void *on_file_ctx, size_t index, lint_file_result_t *slot, const char *key_hex);
    void *on_file_ctx;
} lint_run_options_t;

/* Initialises result empty (for callers that add notices before a run). */
void lint_result_init(lint_result_t *result);

/* Scans files[0..count) into result (which must be initialised; notices already in it are
 * kept and sorted together with the new ones). Returns 0, or -1 with err set. */
int lint_run(lint_result_t *result, const discover_file_t *files, size_t count,
             const lint_run_options_t *options, char *err, size_t err_size);

/* Moves the outcome of linting files[i] (slots[i], from lint_worker_buffer or
 * lint_worker_file) into result, for i < count: statistics, notices, partial remarks,
 * candidates and kept sources (the slots keep nothing but what to destroy), then sorts the
 * result as lint_run does. result must hold no sources yet. 0, or -1 on out of memory.
 * lint_run merges its own files with it; a caller that lints texts itself (staged text
 * from git) merges the same way. */
int lint_result_take_files(lint_result_t *result, lint_file_result_t *slots, const discover_file_t *files,
                           size_t count);

/* Adds a notice (copies both strings). 0, or -1 on out of memory. */
int lint_result_add_notice(lint_result_t *result, const char *path, const char *message);

/* Frees everything the result owns. */
void lint_result_destroy(lint_result_t *result);

/* report_options_t.source_line for a lint_result_t (ctx): the text of line in path, or
 * NULL when that file is not kept. */
const char *lint_result_source_line(void *ctx, const char *path, uint32_t line, size_t *length);

/* The number of threads -j 0 means: the CPUs this process may run on. */
int lint_default_jobs(void);

#endif
