/* merge_findings.h — one finding per flaw when two passes report it under two ids.
 *
 * A rule may name, in its rule file, the rules that report the same flaw
 * (`overlaps: c.gets, c.strcpy-unbounded`, see rules/README.md). When a finding of such a
 * rule (the keeper, a libclang rule in the shipped pack) and a finding of a rule it names
 * are one flaw, only the keeper is reported: it carries the semantic proof (sizes, the
 * path). They are one flaw when, in the same file,
 *   - they fall on the same code (their byte ranges intersect; or, when either has no byte
 *     range, they start on the same line); or else
 *   - a step of the keeper's flow covers the other finding the same way: the libclang
 *     NULL dereference is reported where the pointer is used, its flow starts at the
 *     malloc() call that c.unchecked-alloc reports.
 * Same-code pairs are joined first, so a finding is absorbed by the keeper on its own code
 * rather than by one whose path merely passes by.
 * What the dropped finding knew is moved into the keeper: facts the keeper lacks, its flow
 * when the keeper has none, its fix when the keeper has none, the higher severity and
 * certainty, its rule id in the fact "also_reported_by" (a comma-separated list) and
 * "<rule>:<line>:<column>" in the fact "also_reported_at" (same order). Suppressions honour
 * both: `assay-ignore c.gets` on the dropped finding's line still silences the merged
 * report. */
#ifndef ASSAY_MERGE_FINDINGS_H
#define ASSAY_MERGE_FINDINGS_H

#include <stdbool.h>

#include "core/candidate.h"

/* Merges overlapping findings of one file's list in place (frees the dropped ones).
 * Findings whose rule is NULL only ever get dropped by id. Returns the number of findings
 * dropped, or -1 on out of memory (the list is then still valid). */
int merge_findings(candidate_list_t *list);

/* True when rule_id is the candidate's rule or one of the ids in its "also_reported_by"
 * fact. */
bool merge_findings_names(const candidate_t *candidate, const char *rule_id);

/* Calls visit(ctx, rule_id, line) for each finding merged into candidate, with the line it
 * was reported on (the candidate's own line for merges recorded without a place), until
 * visit returns true. Returns whether some visit returned true. */
bool merge_findings_each(const candidate_t *candidate,
                         bool (*visit)(void *ctx, const char *rule_id, uint32_t line), void *ctx);

#endif
