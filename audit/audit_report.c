/* audit_report.c — the HTML report of an audit store (see audit_report.h).
 *
 * Reads the store into one JSON document (audits, findings with their triage, totals),
 * then writes the template with that document in place of its marker. The document is
 * dumped ASCII-only and every '<', '>' and '&' in it is written as a \u escape, so no
 * text from the code can close the script element or start markup. */
#include "audit/audit_report.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/atomic_file.h"

#define REPORT_MARKER "/*ASSAY_DATA*/"

static const char findings_sql[] =
    "SELECT f.path, f.fingerprint, f.rule_id, f.line, f.col, f.severity, f.certainty, f.cwe, f.message, f.snippet,"
    " f.context_line, f.context, f.facts, f.flow, f.fix, f.review_verdict, f.review_confidence, f.review_reason,"
    " CASE WHEN f.status='fixed' THEN 'fixed' ELSE coalesce(t.state, 'new') END, t.note, t.who, t.at,"
    " f.first_audit, f.fixed_audit"
    " FROM findings f LEFT JOIN triage t ON t.fingerprint=f.fingerprint"
    " ORDER BY f.path, f.line, f.col, f.rule_id, f.ordinal";

static json_t *text_or_null(sqlite3_stmt *st, int column)
{
    const unsigned char *t = sqlite3_column_text(st, column);
    return t ? json_string((const char *)t) : json_null();
}

/* A JSON column parsed (a value the store wrote itself), or null. */
static json_t *parsed(sqlite3_stmt *st, int column)
{
    const unsigned char *t = sqlite3_column_text(st, column);
    json_t *v = t ? json_loads((const char *)t, 0, NULL) : NULL;
    return v ? v : json_null();
}

static int add_findings(sqlite3 *db, json_t *list)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, findings_sql, -1, &st, NULL) != SQLITE_OK) return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *review = json_pack("{s:o, s:I, s:o}", "verdict", text_or_null(st, 15), "confidence",
                                   (json_int_t)sqlite3_column_int64(st, 16), "reason", text_or_null(st, 17));
        json_t *f = json_object();
        if (!f || !review) {
            json_decref(f);
            json_decref(review);
            sqlite3_finalize(st);
            return -1;
        }
        json_object_set_new(f, "path", text_or_null(st, 0));
        json_object_set_new(f, "fingerprint", text_or_null(st, 1));
        json_object_set_new(f, "rule", text_or_null(st, 2));
        json_object_set_new(f, "line", json_integer(sqlite3_column_int64(st, 3)));
        json_object_set_new(f, "col", json_integer(sqlite3_column_int64(st, 4)));
        json_object_set_new(f, "severity", text_or_null(st, 5));
        json_object_set_new(f, "certainty", text_or_null(st, 6));
        json_object_set_new(f, "cwe", json_integer(sqlite3_column_int64(st, 7)));
        json_object_set_new(f, "message", text_or_null(st, 8));
        json_object_set_new(f, "snippet", text_or_null(st, 9));
        json_object_set_new(f, "context_line", json_integer(sqlite3_column_int64(st, 10)));
        json_object_set_new(f, "context", text_or_null(st, 11));
        json_object_set_new(f, "facts", parsed(st, 12));
        json_object_set_new(f, "flow", parsed(st, 13));
        json_object_set_new(f, "fix", parsed(st, 14));
        json_object_set_new(f, "review", review);
        json_object_set_new(f, "state", text_or_null(st, 18));
        json_object_set_new(f, "triage_note", text_or_null(st, 19));
        json_object_set_new(f, "triage_who", text_or_null(st, 20));
        json_object_set_new(f, "triage_at", json_integer(sqlite3_column_int64(st, 21)));
        json_object_set_new(f, "first_audit", json_integer(sqlite3_column_int64(st, 22)));
        json_object_set_new(f, "fixed_audit", json_integer(sqlite3_column_int64(st, 23)));
        if (json_array_append_new(list, f) != 0) {
            sqlite3_finalize(st);
            return -1;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int add_audits(sqlite3 *db, json_t *list)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, started, ended, files, lines, analysed, open, confirmed, false_alarms, fixed"
                           " FROM audits ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    static const char *const names[] = {"id", "started", "ended", "files", "lines",
                                        "analysed", "open", "confirmed", "false_alarms", "fixed"};
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *a = json_object();
        for (int i = 0; a && i < 10; i++)
            json_object_set_new(a, names[i], json_integer(sqlite3_column_int64(st, i)));
        if (!a || json_array_append_new(list, a) != 0) {
            sqlite3_finalize(st);
            return -1;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Writes text with <, > and & as JSON \u escapes (text is ASCII-only JSON). */
static int write_escaped(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        int rc;
        switch (*p) {
        case '<': rc = fputs("\\u003c", out); break;
        case '>': rc = fputs("\\u003e", out); break;
        case '&': rc = fputs("\\u0026", out); break;
        default: rc = fputc(*p, out); break;
        }
        if (rc == EOF) return -1;
    }
    return 0;
}

int audit_report_stream(audit_db_t *store, FILE *out, const char *root, char *err, size_t err_size)
{
    sqlite3 *db = audit_db_handle(store);
    audit_counts_t counts;
    if (audit_db_counts(store, &counts, err, err_size) != 0) return -1;
    json_t *doc = json_object(), *audits = json_array(), *findings = json_array();
    if (!doc || !audits || !findings) {
        json_decref(doc);
        json_decref(audits);
        json_decref(findings);
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    json_object_set_new(doc, "audits", audits);
    json_object_set_new(doc, "findings", findings);
    json_object_set_new(doc, "root", json_string(root));
    json_object_set_new(doc, "generated", json_integer((json_int_t)time(NULL)));
    json_object_set_new(doc, "files", json_integer((json_int_t)counts.files));
    json_object_set_new(doc, "lines", json_integer((json_int_t)counts.lines));
    if (add_audits(db, audits) != 0 || add_findings(db, findings) != 0) {
        snprintf(err, err_size, "cannot read the audit store: %s", sqlite3_errmsg(db));
        json_decref(doc);
        return -1;
    }
    char *text = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(doc);
    if (!text) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    const char *marker = strstr(audit_report_template, REPORT_MARKER);
    int rc = 0;
    if (!marker) {
        snprintf(err, err_size, "the report template has no data marker");
        rc = -1;
    } else if (fwrite(audit_report_template, 1, (size_t)(marker - audit_report_template), out) !=
                   (size_t)(marker - audit_report_template) ||
               write_escaped(out, text) != 0 || fputs(marker + strlen(REPORT_MARKER), out) == EOF) {
        snprintf(err, err_size, "cannot write the report");
        rc = -1;
    }
    free(text);
    return rc;
}

int audit_report_write(audit_db_t *db, const char *path, const char *root, char *err, size_t err_size)
{
    atomic_file_t *file;
    if (atomic_file_open(&file, path, err, err_size) != 0) return -1;
    if (audit_report_stream(db, atomic_file_stream(file), root, err, err_size) != 0) {
        atomic_file_abort(file);
        return -1;
    }
    return atomic_file_commit(file, err, err_size);
}
