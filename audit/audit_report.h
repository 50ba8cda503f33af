/* audit_report.h — the audit store as one self-contained HTML page.
 *
 * The page (template: audit/audit_report.html) holds everything inline: styles, the
 * script that draws it, and the data as JSON — findings per rule, per CWE and per folder
 * as SVG charts, the worst files, the trend of open and fixed findings across audits, and
 * every finding with the code around it, its flow, facts, the model's review, its fix and
 * its triage; filters by severity, certainty and triage state. It fetches nothing (a
 * Content-Security-Policy forbids it). Text from the code reaches the page only as JSON
 * (with <, > and & escaped) and is put in as text by the script, never as markup. */
#ifndef ASSAY_AUDIT_REPORT_H
#define ASSAY_AUDIT_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "audit/audit_db.h"

/* Writes the report of db (root names the tree in the title) to path, atomically
 * (core/atomic_file.h). 0, or -1 with err set. */
int audit_report_write(audit_db_t *db, const char *path, const char *root, char *err, size_t err_size);

/* The same page on an open stream. 0, or -1 with err set. */
int audit_report_stream(audit_db_t *db, FILE *out, const char *root, char *err, size_t err_size);

/* The page template, NUL-terminated (audit_report_template.c). */
extern const char audit_report_template[];

#endif
