/* audit_db.h — the audit store: one SQLite file (.assay/audit.db) per audited tree.
 *
 * An audit of a legacy tree runs for hours, is stopped and resumed, and its findings are
 * triaged over days; this store keeps all of it:
 *   audits    one row per audit: start, end (NULL while it runs or after it was killed),
 *             files, lines, and the counts by state at its end (the report's trend);
 *   files     per file: the content hash and the digests of what else its result depends on
 *             (compile inputs, rule pack, analyzer, options, model id), the audit that last
 *             analysed it and the one that last saw it;
 *   findings  every candidate ever found, by (fingerprint, ordinal: the n-th finding with
 *             that fingerprint in its file): rule, place, message, CWE, severity, certainty,
 *             snippet and the lines around it, facts, flow, fix (with the verifier's
 *             verdict), the model's review, and whether it is open or fixed (with the audits
 *             that first saw it, last saw it and saw it gone);
 *   triage    the people's verdicts by fingerprint: new, confirmed or false-alarm, with a
 *             note, who and when. A finding's state is `fixed` when it is gone, else its
 *             triage state, else `new`; a verdict follows the fingerprint, so it survives
 *             edits elsewhere in the file and the finding going and coming back.
 * Each file's results go in in one transaction (audit_db_store_file), in WAL mode with
 * synchronous=NORMAL: a killed process loses at most the file it was writing.
 *
 * One connection; the caller serialises calls (the audit run holds a mutex). Errors are
 * -1 with a message naming the database and the problem. */
#ifndef ASSAY_AUDIT_DB_H
#define ASSAY_AUDIT_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/lint/lint_buffer.h"
#include "analyzer/lint/lint_cache.h"
#include "core/candidate.h"

typedef struct audit_db audit_db_t;

/* The states a person can give a finding (`fixed` is set by audits, never by hand). */
typedef enum { AUDIT_STATE_NEW = 0, AUDIT_STATE_CONFIRMED, AUDIT_STATE_FALSE_ALARM, AUDIT_STATE_FIXED } audit_state_t;

/* "new", "confirmed", "false-alarm", "fixed"; parse returns -1 on another word. */
const char *audit_state_name(audit_state_t state);
int audit_state_parse(const char *word, audit_state_t *out);

/* Opens (creating folders and the schema as needed) the store at path. read_only: never
 * creates or writes (a missing file is then an error). 0, or -1 with err set (not a
 * SQLite file, another application's, a newer schema, no permission). */
int audit_db_open(audit_db_t **out, const char *path, bool read_only, char *err, size_t err_size);
void audit_db_close(audit_db_t *db);

/* Starts an audit of root, or with resume goes on with the last one that never ended
 * (*resumed says which; with none to resume a new one starts). */
int audit_db_begin(audit_db_t *db, const char *root, bool resume, int64_t *audit_id, bool *resumed, char *err,
                   size_t err_size);

/* What the store knows of one file, to decide whether it must be analysed again. */
typedef struct {
    char content[33];              /* the file's content hash (lint_cache_content_hash) */
    lint_cache_digests_t digests;  /* the run's */
} audit_file_key_t;

/* 1 when path was analysed completely with exactly this key (nothing it depends on
 * changed), else 0; -1 on a database error. */
int audit_db_file_current(audit_db_t *db, const char *path, const audit_file_key_t *key, char *err,
                          size_t err_size);

/* Marks the unchanged files paths[0..count) as seen by audit_id (one transaction). */
int audit_db_mark_seen(audit_db_t *db, int64_t audit_id, const char *const *paths, size_t count, char *err,
                       size_t err_size);

/* Stores one analysed file in one transaction: its key, and its candidates (sorted, with
 * their text in source, which may be NULL when there are none) replacing what the store
 * had for it. Findings it no longer has become fixed. notice: why it was not analysed,
 * or NULL. */
int audit_db_store_file(audit_db_t *db, int64_t audit_id, const char *path, const audit_file_key_t *key,
                        const lint_file_result_t *result, const source_file_t *source, char *err, size_t err_size);

/* Ends the audit: files not seen by it (deleted from the tree) lose their findings (fixed)
 * and the audit's counts are recorded. */
int audit_db_finish(audit_db_t *db, int64_t audit_id, char *err, size_t err_size);

/* Records a verdict for every finding whose fingerprint is fingerprint or starts with it
 * (at least 8 hex digits, naming one fingerprint). *matched: the findings it covers.
 * -1 with err when no finding or several fingerprints match. */
int audit_db_triage(audit_db_t *db, const char *fingerprint, audit_state_t state, const char *note, const char *who,
                    size_t *matched, char *err, size_t err_size);

/* The fingerprints triaged false-alarm, sorted (strcmp), newly allocated (free each and the
 * array). 0, or -1 with err. */
int audit_db_false_alarms(audit_db_t *db, char ***fingerprints, size_t *count, char *err, size_t err_size);

/* Counts for the command's summary line: findings open (new or confirmed), false alarms,
 * fixed; files and lines of the store. */
typedef struct {
    size_t open, confirmed, false_alarms, fixed, files;
    uint64_t lines;
} audit_counts_t;
int audit_db_counts(audit_db_t *db, audit_counts_t *out, char *err, size_t err_size);

/* The connection, for the report (read only use). */
struct sqlite3 *audit_db_handle(audit_db_t *db);

#endif
