/* fingerprint.h — stable identities for findings, so a baseline survives edits.
 *
 * Two fingerprints per candidate, both computed from the file's text:
 *
 *  - candidate->fingerprint, assay's own: XXH3-128 (32 lowercase hex digits) of the rule
 *    id, the reported path, the finding's code with whitespace collapsed (the snippet)
 *    and the collapsed text of the line(s) it sits on, plus an occurrence index among
 *    findings of the same file with the same key (in source order). No line number goes
 *    in, so inserting lines above, editing another function or reindenting keep it;
 *    changing the offending code changes it. The baseline (baseline.h) stores these.
 *
 *  - candidate->line_hash, GitHub code scanning's partialFingerprints
 *    .primaryLocationLineHash, computed the way github/codeql-action's upload computes
 *    it (src/fingerprints.ts): a rolling hash, base 37 modulo 2^64, over the first 100
 *    UTF-16 code units from the start of the line on, skipping spaces and tabs, with
 *    "\r\n" and "\r" read as "\n"; printed as "<hex>:<n>" where n counts earlier lines
 *    of the file with the same hash. Emitting it ourselves means uploads match what
 *    GitHub would compute and alerts keep their identity across runs. */
#ifndef ASSAY_FINGERPRINT_H
#define ASSAY_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/candidate.h"

/* Fills fingerprint and line_hash of items[0..count), which must all come from the one
 * file whose bytes are source[0..length) (the order of items does not matter; the
 * occurrence index follows source positions). Returns 0, or -1 on out of memory (then
 * the fields are left empty). */
int fingerprint_fill(candidate_t **items, size_t count, const char *source, size_t length);

/* GitHub's primaryLocationLineHash of every line of source: hashes[i] / occurrences[i]
 * belong to line i + 1, for i < *line_count. Both arrays are malloc'd and owned by the
 * caller. A file that ends with "\n" gets one extra (empty) line, as codeql-action
 * reports it. Returns 0 or -1 on out of memory. */
int fingerprint_line_hashes(const char *source, size_t length, uint64_t **hashes,
                            uint32_t **occurrences, uint32_t *line_count);

/* Formats one line hash the way codeql-action does ("1a2b...:1") into out[40]. */
void fingerprint_format_line_hash(uint64_t hash, uint32_t occurrence, char out[40]);

#endif
