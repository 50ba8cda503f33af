/* json.h — findings as JSON for scripts: an array of objects, or JSON Lines.
 *
 * One object per finding, keys in this order: rule, cwe (number or null), severity
 * ("note"/"warning"/"error"), path, line, column, end_line, end_column (1-based byte
 * columns, end exclusive), message, snippet, facts (object name -> value), fix (null or,
 * only for a fix the verifier accepted, {description, may_change_meaning, verified, edits:
 * [{line, column, end_line, end_column, replacement}]}), fix_rejected (only when the
 * verifier rejected the drafted fix: why, "check (c) finding: ..."), flow ([{line, column, end_line, end_column, message}]),
 * certainty ("low"/"medium"/"high", analyzer/candidate.h), fingerprint, line_hash, verdict (null, or {verdict: "true-positive" | "false-positive" |
 * "uncertain", confidence, reason}); in a run with a model, then review: {reviewed, why_not
 * (only when not reviewed: the budget it did not fit), dismissed, confirmed, fix_drafted
 * (the fix is the model's, verified), draft_rejected (null or the verifier's reason),
 * model, model_sha256}. Notices follow as {"notice": message, "path": ...}
 * objects. Strings are valid UTF-8 (invalid bytes become U+FFFD), control characters
 * escaped. With options->json_lines each object is one line and there is no array. */
#ifndef ASSAY_REPORT_JSON_H
#define ASSAY_REPORT_JSON_H

#include <stdio.h>

#include "reporters/report.h"

/* Writes the findings as JSON; 0, or -1 with err set. */
int json_report_write(FILE *out, const candidate_list_t *candidates,
                      const report_options_t *options, char *err, size_t err_size);

/* "true-positive", "false-positive", "uncertain", or NULL for REVIEW_NONE. */
const char *json_verdict_name(review_verdict_t verdict);

#endif
