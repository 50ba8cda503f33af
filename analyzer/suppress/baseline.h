/* baseline.h — accept today's findings, report only new ones.
 *
 * `assay baseline write FILE` records the fingerprint (fingerprint.h) of every current
 * finding; `assay --baseline FILE` then drops findings whose fingerprint is recorded. The
 * match is count-aware: each recorded entry absorbs at most one finding, so if a file
 * holds two identical findings and the baseline one, one is reported as new.
 *
 * The file is JSON, meant to be committed and reviewed:
 *
 *   { "version": 1, "tool": "assay", "tool_version": "0.1.0",
 *     "entries": [ { "fingerprint": "<32 hex>", "rule": "c.strcpy-unbounded",
 *                    "path": "src/a.c", "line": 12, "message": "..." }, ... ] }
 *
 * Only fingerprint decides a match; rule and path are checked for shape; line and
 * message are there for the humans reading diffs of the file. Entries are written sorted
 * by path, line and rule, so regenerating a baseline gives a small diff. */
#ifndef ASSAY_BASELINE_H
#define ASSAY_BASELINE_H

#include <stddef.h>

#include "core/candidate.h"

#define BASELINE_FORMAT_VERSION 1

typedef struct baseline baseline_t;

/* Loads the baseline at path into a new baseline (baseline_free). Returns 0, or -1 with
 * err set to "path: problem" (unreadable, not JSON with line and column, wrong version,
 * an entry without a valid fingerprint...). */
int baseline_load(baseline_t **out, const char *path, char *err, size_t err_size);

/* Parses baseline JSON already in memory; name is used in error messages. */
int baseline_parse(baseline_t **out, const char *name, const char *text, size_t length,
                   char *err, size_t err_size);

/* Frees the baseline; NULL is a no-op. */
void baseline_free(baseline_t *baseline);

/* Number of entries recorded. */
size_t baseline_count(const baseline_t *baseline);

/* Removes from list (freeing them) the candidates whose fingerprint the baseline holds,
 * each entry absorbing at most one candidate, in list order. Returns the number removed.
 * The baseline itself is not changed (filter two lists, get two independent answers). */
size_t baseline_filter(const baseline_t *baseline, candidate_list_t *list);

/* Writes every candidate of list (fingerprints filled) as a baseline to path: to a
 * temporary file in the same folder first, renamed over path when complete, so a failed
 * write never leaves a truncated baseline. Returns 0, or -1 with err set. */
int baseline_write(const char *path, const candidate_list_t *list, const char *tool_version,
                   char *err, size_t err_size);

#endif
