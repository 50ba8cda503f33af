/* sarif.h — SARIF 2.1.0 (one run) for GitHub code scanning, VS Code and other viewers.
 *
 * tool.driver carries every loaded rule (id, name, descriptions, help as text and
 * markdown, helpUri, default level, tags with "security" and "external/cwe/cwe-N",
 * precision (the rule's certainty), "security-severity", "problem.severity"), with a CWE taxonomy the rules relate
 * to. Results name their rule (ruleId, ruleIndex; a rule missing from the pack gets a
 * minimal descriptor so ruleIndex is always valid), level, message, the location relative
 * to %SRCROOT% (originalUriBaseIds maps it to the file URI of repo_root), the snippet,
 * partialFingerprints (primaryLocationLineHash, assayFingerprint/v1), fixes (only a fix the
 * verifier accepted), codeFlows from flow steps, properties assay/certainty, assay/facts,
 * assay/fixRejected (why the verifier rejected the drafted fix) and, when the model
 * reviewed it, assay/verdict, assay/confidence, assay/reviewReason. With a model in the
 * run: assay/reviewed (false with assay/reviewReason saying why not), assay/model and
 * assay/modelSha256, assay/confirmedByReview, assay/fixDraftedByModel,
 * assay/draftFixRejected; a dismissed finding (a confident false positive) stays as a
 * result with suppressions [{kind external, status accepted, justification: the model's
 * reason}], which GitHub code scanning honours. Notices become toolExecutionNotifications.
 *
 * Columns are UTF-16 code units (run.columnKind "utf16CodeUnits"), converted from the
 * candidates' byte columns with the source line; without a source line the byte column is
 * written (right for ASCII lines). GitHub's hard limits are respected: at most 25,000
 * results (the rest are dropped with a notification), 20 tags per rule and 10,000 flow
 * locations per result.
 *
 * SARIF's rule "precision" (very-high, high, medium, low) comes from a rule tag
 * "precision:<value>" (that tag is not copied to the tags); without one it is "medium". */
#ifndef ASSAY_REPORT_SARIF_H
#define ASSAY_REPORT_SARIF_H

#include <stdio.h>

#include "reporters/report.h"

/* The informationUri of tool.driver. */
#define SARIF_TOOL_INFORMATION_URI "https://github.com/assay-lint/assay"
/* helpUri of a rule with neither its own help-uri nor a CWE: its rule file, <id>.yml */
#define SARIF_RULE_FILE_URI SARIF_TOOL_INFORMATION_URI "/blob/main/rules/"

/* Writes the SARIF log (pretty-printed, keys in a fixed order); 0, or -1 with err set. */
int sarif_report_write(FILE *out, const candidate_list_t *candidates,
                       const report_options_t *options, char *err, size_t err_size);

#endif
