/* merge_findings.h — one finding per flaw when two passes report it under two ids.
 *
 * A rule may name, in its rule file, the rules that report the same flaw
 * (`overlaps: c.gets, c.strcpy-unbounded`, see rules/README.md). When a finding of such a
 * rule (the keeper, a libclang rule in the shipped pack) and a finding of a rule it names
 * fall in the same file on the same code (their byte ranges intersect; or, when either has
 * no byte range, they start on the same line), only the keeper is reported: it carries the
 * semantic proof (sizes, the path). What the dropped finding knew is moved into it: facts
 * the keeper lacks, its flow when the keeper has none, its fix when the keeper has none, the
 * higher severity, and its rule id in the fact "also_reported_by" (a comma-separated list),
 * which suppressions honour: `assay-ignore c.gets` still silences a merged gets() report. */
#ifndef ASSAY_MERGE_FINDINGS_H
#define ASSAY_MERGE_FINDINGS_H

#include <stdbool.h>

#include "analyzer/candidate.h"

/* Merges overlapping findings of one file's list in place (frees the dropped ones).
 * Findings whose rule is NULL only ever get dropped by id. Returns the number of findings
 * dropped, or -1 on out of memory (the list is then still valid). */
int merge_findings(candidate_list_t *list);

/* True when rule_id is the candidate's rule or one of the ids in its "also_reported_by"
 * fact. */
bool merge_findings_names(const candidate_t *candidate, const char *rule_id);

#endif
