/* lint_cache.h — the results cache: what linting a file produced, kept across runs.
 *
 * A lint of a file depends on its bytes and on nothing else that changes often, so a run
 * can look up each file's result before analysing it. The key of a file's result is a
 * 128-bit XXH3 of everything the result depends on:
 *   - the analyzer itself: a hash of the running executable (a rebuilt assay never reuses
 *     an older build's results);
 *   - the rule pack: every rule's id, whether it is enabled, and its rule file's bytes;
 *   - the libclang pass's inputs: on or off, the compilation database's bytes, the extra
 *     arguments, the repository root, and the bytes of every header among the run's files
 *     (a header edit can change any file's types and macros, so it invalidates them all);
 *   - the options that change results (the context's minimum certainty) and the model id;
 *   - the file's display path and a 128-bit hash of its bytes.
 * Headers outside the run's files (system headers, another tree's) are not hashed: after
 * upgrading them, run once with --no-cache (or delete the cache file).
 *
 * Fix verdicts (analyzer/fix/fix_run.h) are cached beside the results, keyed by the file's
 * key plus the candidate's fingerprint, rule, range and the fix's edits.
 *
 * Storage: one SQLite file (WAL, busy timeout 5 s; concurrent runs share it safely; a
 * write that still finds the file busy is skipped: the cache is never worth failing a run
 * for). Every value carries its own hash (lint_codec.h) and is decoded defensively; a file
 * that is not a SQLite database, or one of another schema or application, is deleted and
 * rebuilt, and lint_cache_open says so in its note — its contents are never trusted.
 * Entries not used for 30 days are dropped when a cache is opened.
 *
 * Threads: one lint_cache_t may be used by every worker thread of a run at once. */
#ifndef ASSAY_LINT_CACHE_H
#define ASSAY_LINT_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/clang/clang_pass.h"
#include "analyzer/lint/discover.h"
#include "analyzer/lint/lint_buffer.h"
#include "core/candidate.h"
#include "core/rule.h"

typedef struct lint_cache lint_cache_t;

/* What every result of a run depends on besides the file (borrowed for the call). */
typedef struct {
    const rule_pack_t *pack;      /* the rules as enabled for the run */
    const clang_options_t *clang; /* NULL: tree-sitter only */
    certainty_t min_certainty;    /* the lint context's (lint_run uses CERTAINTY_UNSET) */
    const char *model_id;         /* NULL: no model reviews the candidates */
    const char *analyzer_id;      /* NULL: the running executable's bytes are hashed */
} lint_cache_config_t;

typedef struct {
    size_t hits, misses, stored; /* file results */
    size_t fix_hits, fix_misses;
} lint_cache_stats_t;

/* The parts of every key of a run, as 32 hex digits each (the audit store keeps them per
 * file to say why a file was analysed again). */
typedef struct {
    char analyzer[33]; /* the executable */
    char rules[33];    /* the rule pack */
    char compile[33];  /* the libclang inputs: compilation database, arguments, root, headers */
    char options[33];  /* minimum certainty and model id */
    char model_id[128];/* the model id itself ("" for none) */
} lint_cache_digests_t;

/* The default cache file for an environment: cache_env ($ASSAY_CACHE) when set and not
 * empty, else $XDG_CACHE_HOME/assay/results.db, else $HOME/.cache/assay/results.db; NULL
 * when none is known or memory runs out. Newly allocated. */
char *lint_cache_default_path(const char *cache_env, const char *xdg_cache_home, const char *home);

/* Opens (creating folders and the file as needed) the cache at path for config. A file
 * that is not an assay results cache is replaced by an empty one and note says so
 * ("results cache PATH was ...; rebuilt it"); else note is "". 0, or -1 with err set when
 * no cache can be had there (the run should go on without one). */
int lint_cache_open(lint_cache_t **out, const char *path, const lint_cache_config_t *config, char *note,
                    size_t note_size, char *err, size_t err_size);

/* NULL is a no-op. */
void lint_cache_close(lint_cache_t *cache);

/* Hashes the headers among files[0..count) into the key (only when the libclang pass is
 * on). Call once before the run's lookups. 0, or -1 on out of memory. */
int lint_cache_add_headers(lint_cache_t *cache, const discover_file_t *files, size_t count);

/* The key of a file's result (the 16 bytes as 32 hex digits + NUL) for text as display_path. */
void lint_cache_file_key(const lint_cache_t *cache, const char *display_path, const char *text, size_t length,
                         char key_hex[33]);

/* Lints the file fs_path as display_path into out (initialised, empty) as
 * lint_worker_file does, through the cache: a stored result is used when its key
 * matches, else worker lints the file and the result is stored. *partly_parsed is set to
 * 1 when the result came from the cache and libclang had parsed that file only partly
 * (the worker's own count covers the files it analysed). key_hex (may be NULL) receives
 * the file's key, "" for a file that could not be read. 0, or -1 as lint_worker_file. */
int lint_cache_lint_file(lint_cache_t *cache, lint_worker_t *worker, lint_file_result_t *out,
                         const char *display_path, const char *fs_path, size_t *partly_parsed, char key_hex[33],
                         char *err, size_t err_size);

/* Fix verdicts: looks up the verdict of candidate's fix for the file text; 1 and the
 * verdict (reason newly allocated or NULL) when stored, 0 when not. */
int lint_cache_fix_get(lint_cache_t *cache, const candidate_t *candidate, const char *text, size_t length,
                       bool *verified, char **reason);
/* Stores a verdict (best effort: a busy or failing cache is left alone). */
void lint_cache_fix_put(lint_cache_t *cache, const candidate_t *candidate, const char *text, size_t length,
                        bool verified, const char *reason);

void lint_cache_stats(const lint_cache_t *cache, lint_cache_stats_t *out);

/* The run's digests (after lint_cache_add_headers, when that is called). */
void lint_cache_digests(const lint_cache_t *cache, lint_cache_digests_t *out);

/* The 128-bit content hash of text that file keys use, as 32 hex digits. */
void lint_cache_content_hash(const char *text, size_t length, char hex[33]);

#endif
