/* lint_buffer.h — lint one file's text held in memory, as `assay` lints that file.
 *
 * This is the one code path of the static pass for one file: lint_run (lint_run.h) reads
 * each file from disk and hands its bytes here, and callers that hold text in memory (fix
 * verification: apply a fix, re-lint, compare; the model review loop; an editor's unsaved
 * buffer) call lint_buffer with the text and the path it belongs to. Both get the same
 * candidates for the same bytes: the tree-sitter scan, the libclang pass (which parses the
 * text as an unsaved file under that path, with the path's compile command), merged
 * findings, fingerprints, suppression comments, and then the context's minimum certainty.
 *
 * Threads: a lint_context_t is read-only and may be shared by any number of threads. A
 * lint_worker_t (a tree-sitter scanner and a libclang index) belongs to one thread at a
 * time; keep one per thread to lint many buffers cheaply. lint_buffer makes a worker per
 * call (a scanner, a libclang index, the compilation database read again), so it may be
 * called from several threads at once with one shared context. */
#ifndef ASSAY_LINT_BUFFER_H
#define ASSAY_LINT_BUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/clang/clang_pass.h"
#include "analyzer/lint/source_file.h"
#include "core/candidate.h"
#include "core/rule.h"

/* What every lint of a file needs; borrowed, read-only, shared by threads. */
typedef struct {
    const rule_pack_t *pack;       /* the rules, enabled/disabled as the run wants */
    const clang_options_t *clang;  /* libclang pass options (compile database, extra
                                    * arguments); NULL = tree-sitter only (--no-clang) */
    certainty_t min_certainty;     /* candidates below it are dropped (and counted);
                                    * CERTAINTY_UNSET keeps every one */
    const char *repo_root;         /* absolute; paths are reported relative to it; NULL =
                                    * the current folder */
    struct lint_cache *cache;      /* results cache (lint_cache.h) that lint_run and
                                    * fix_run_verify consult; NULL: none. lint_buffer and
                                    * the lint_worker_* calls never use it */
} lint_context_t;

/* The outcome of linting one file. */
typedef struct {
    candidate_list_t candidates; /* fingerprinted, suppressions applied; lint_buffer sorts
                                  * them (candidate_list_sort), lint_run sorts the run */
    source_file_t *source;       /* the text linted with its lines indexed, kept when there
                                  * are candidates (reporters print source lines), else NULL */
    char *notice;                /* NULL, or why the file was not (fully) linted: binary,
                                  * too large, unreadable, scanner failure */
    char *partial;               /* NULL, or a further pass's remark on the linted text (the
                                  * libclang pass: includes not found, parse errors) */
    bool read;                   /* the text was accepted and scanned */
    size_t findings;             /* candidates before suppressions */
    size_t suppressed;           /* dropped by assay-ignore / NOLINT comments */
    size_t below_certainty;      /* dropped by min_certainty */
    uint32_t lines;              /* lines of the text (when read) */
    size_t bytes;
} lint_file_result_t;

void lint_file_result_init(lint_file_result_t *result);
/* Frees what the result owns; it is then empty (initialised). */
void lint_file_result_destroy(lint_file_result_t *result);

typedef struct lint_worker lint_worker_t;

/* Creates a worker for ctx (which must outlive it). 0, or -1 with err set (a scanner or
 * libclang pass that cannot be created, a compilation database that cannot be read). */
int lint_worker_new(lint_worker_t **out, const lint_context_t *ctx, char *err, size_t err_size);
/* NULL is a no-op. */
void lint_worker_free(lint_worker_t *worker);
/* How many of the files this worker linted its libclang pass could not parse whole. */
size_t lint_worker_partly_parsed(const lint_worker_t *worker);

/* Lints text[0..length) (any bytes; not kept) as the contents of path into out (which
 * must be initialised and empty). path is as candidates report it: relative to the
 * context's repo root ("src/a.c"), or absolute and normalised (then reported relative to
 * the root); the file on disk may differ from text or not exist. Text the file path would refuse (a NUL
 * byte in the first 8 KiB, over the size limit) is not linted: out->read is false and
 * out->notice says why, as for a file. Candidates come out sorted.
 * Returns 0, or -1 with err set only on failures of the lint itself (out of memory, a
 * broken libclang pass) or an empty path; out is then valid to destroy. */
int lint_worker_buffer(lint_worker_t *worker, lint_file_result_t *out, const char *path, const char *text,
                       size_t length, char *err, size_t err_size);

/* Reads fs_path (source_file.h) and lints it under display_path into out (initialised,
 * empty); a file that cannot be read gets a notice. Candidates are in the passes' order
 * (not sorted). 0, or -1 with err as lint_worker_buffer. */
int lint_worker_file(lint_worker_t *worker, lint_file_result_t *out, const char *display_path,
                     const char *fs_path, char *err, size_t err_size);

/* lint_worker_file for a file already read with source_file_read (the results cache reads
 * and hashes the bytes first): source belongs to out from here on, whatever the outcome. */
int lint_worker_source(lint_worker_t *worker, lint_file_result_t *out, const char *display_path,
                       const char *fs_path, source_file_t *source, char *err, size_t err_size);

/* lint_worker_buffer with a worker made for this call: callable from any number of
 * threads at once with one shared ctx. */
int lint_buffer(lint_file_result_t *out, const lint_context_t *ctx, const char *path, const char *text,
                size_t length, char *err, size_t err_size);

#endif
