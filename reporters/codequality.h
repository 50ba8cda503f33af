/* codequality.h — GitLab Code Quality report (CodeClimate issue objects in one JSON array).
 *
 * Each finding is {type: "issue", check_name: rule id, description: message, categories,
 * severity, fingerprint, location: {path, lines: {begin, end}}} as GitLab documents it.
 * categories is ["Security"] for security rules (a CWE or a security-severity), else
 * ["Bug Risk"]. severity comes from the rule's security-severity when it has one (GitHub's
 * bands: >= 9.0 blocker, >= 7.0 critical, >= 4.0 major, else minor), otherwise from the
 * finding's severity (error major, warning minor, note info). fingerprint is the
 * candidate's fingerprint; a repeated one gets ":2", ":3"... appended so every issue stays
 * distinct (GitLab drops duplicates). Notices are not issues and are left out. */
#ifndef ASSAY_REPORT_CODEQUALITY_H
#define ASSAY_REPORT_CODEQUALITY_H

#include <stdio.h>

#include "reporters/report.h"

/* Writes the Code Quality JSON array; 0, or -1 with err set. */
int codequality_report_write(FILE *out, const candidate_list_t *candidates,
                             const report_options_t *options, char *err, size_t err_size);

#endif
