/* audit_merge.h — one audit store from the stores of a sharded audit.
 *
 * `assay audit --shard I/N` on N machines leaves N stores, each holding its piece of the
 * files. audit_merge_stores writes a new store holding them all: every file and finding
 * (when two pieces hold the same file or finding — a file moved to another piece between
 * audits — the one an audit saw last wins, an open finding over a fixed one), every
 * triage verdict (the latest wins), and the audits numbered as in the pieces with their
 * counts summed, so the report's trend reads as one tree's. The pieces' schema must be
 * the store's own (audit_db_open checks each). */
#ifndef ASSAY_AUDIT_MERGE_H
#define ASSAY_AUDIT_MERGE_H

#include <stddef.h>

/* Writes the merge of pieces[0..count) to out_path, which must not exist yet. 0, or -1
 * with err set (a piece that is not an audit store, out_path exists, a SQLite error). */
int audit_merge_stores(const char *out_path, const char *const *pieces, size_t count, char *err, size_t err_size);

/* Whether the file at path starts like a SQLite database (and so is no SARIF log). */
int audit_merge_is_store(const char *path);

#endif
