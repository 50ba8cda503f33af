/* audit_merge.c — merging the stores of a sharded audit (see audit_merge.h).
 *
 * Each piece is attached to the new store's connection and copied in with upserts whose
 * conditions say which copy wins; one transaction per piece. */
#include "audit/audit_merge.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit_db.h"

#define FILE_COLUMNS                                                                                         \
    "path, content_hash, compile_hash, rules_hash, analyzer_hash, options_hash, model_id, lines, bytes, notice," \
    " partial, analysed_audit, seen_audit"
#define FINDING_COLUMNS                                                                                       \
    "path, fingerprint, ordinal, rule_id, line, col, end_line, end_col, severity, certainty, cwe, message,"      \
    " snippet, context_line, context, facts, flow, fix, line_hash, review_verdict, review_confidence,"          \
    " review_reason, status, first_audit, last_audit, fixed_audit"

static const char merge_sql[] =
    "BEGIN IMMEDIATE;"
    "INSERT INTO files(" FILE_COLUMNS ") SELECT " FILE_COLUMNS " FROM piece.files WHERE true"
    " ON CONFLICT(path) DO UPDATE SET content_hash=excluded.content_hash, compile_hash=excluded.compile_hash,"
    " rules_hash=excluded.rules_hash, analyzer_hash=excluded.analyzer_hash, options_hash=excluded.options_hash,"
    " model_id=excluded.model_id, lines=excluded.lines, bytes=excluded.bytes, notice=excluded.notice,"
    " partial=excluded.partial, analysed_audit=excluded.analysed_audit, seen_audit=excluded.seen_audit"
    " WHERE coalesce(excluded.seen_audit, 0) > coalesce(files.seen_audit, 0);"
    "INSERT INTO findings(" FINDING_COLUMNS ") SELECT " FINDING_COLUMNS " FROM piece.findings WHERE true"
    " ON CONFLICT(path, fingerprint, ordinal) DO UPDATE SET rule_id=excluded.rule_id, line=excluded.line,"
    " col=excluded.col, end_line=excluded.end_line, end_col=excluded.end_col, severity=excluded.severity,"
    " certainty=excluded.certainty, cwe=excluded.cwe, message=excluded.message, snippet=excluded.snippet,"
    " context_line=excluded.context_line, context=excluded.context, facts=excluded.facts, flow=excluded.flow,"
    " fix=excluded.fix, line_hash=excluded.line_hash, review_verdict=excluded.review_verdict,"
    " review_confidence=excluded.review_confidence, review_reason=excluded.review_reason,"
    " status=excluded.status, first_audit=min(findings.first_audit, excluded.first_audit),"
    " last_audit=excluded.last_audit, fixed_audit=excluded.fixed_audit"
    " WHERE coalesce(excluded.last_audit, 0) > coalesce(findings.last_audit, 0)"
    " OR (coalesce(excluded.last_audit, 0) = coalesce(findings.last_audit, 0) AND excluded.status='open'"
    " AND findings.status<>'open');"
    "INSERT INTO triage(fingerprint, state, note, who, at) SELECT fingerprint, state, note, who, at"
    " FROM piece.triage WHERE true ON CONFLICT(fingerprint) DO UPDATE SET state=excluded.state,"
    " note=excluded.note, who=excluded.who, at=excluded.at WHERE excluded.at > triage.at;"
    "INSERT INTO audits(id, root, started, ended, files, lines, analysed, open, confirmed, false_alarms, fixed)"
    " SELECT id, root, started, ended, files, lines, analysed, open, confirmed, false_alarms, fixed"
    " FROM piece.audits WHERE true ON CONFLICT(id) DO UPDATE SET started=min(audits.started, excluded.started),"
    " ended=CASE WHEN audits.ended IS NULL OR excluded.ended IS NULL THEN NULL"
    " ELSE max(audits.ended, excluded.ended) END,"
    " files=coalesce(audits.files, 0)+coalesce(excluded.files, 0),"
    " lines=coalesce(audits.lines, 0)+coalesce(excluded.lines, 0),"
    " analysed=coalesce(audits.analysed, 0)+coalesce(excluded.analysed, 0),"
    " open=coalesce(audits.open, 0)+coalesce(excluded.open, 0),"
    " confirmed=coalesce(audits.confirmed, 0)+coalesce(excluded.confirmed, 0),"
    " false_alarms=coalesce(audits.false_alarms, 0)+coalesce(excluded.false_alarms, 0),"
    " fixed=coalesce(audits.fixed, 0)+coalesce(excluded.fixed, 0);"
    "COMMIT;";

int audit_merge_is_store(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    char head[16] = "";
    size_t got = fread(head, 1, sizeof(head), f);
    fclose(f);
    return got == 16 && memcmp(head, "SQLite format 3", 16) == 0;
}

int audit_merge_stores(const char *out_path, const char *const *pieces, size_t count, char *err, size_t err_size)
{
    if (access(out_path, F_OK) == 0) {
        snprintf(err, err_size, "%s: exists already; the merged store must be a new file", out_path);
        return -1;
    }
    for (size_t i = 0; i < count; i++) { /* each piece must be a store this assay can read */
        audit_db_t *piece;
        if (audit_db_open(&piece, pieces[i], true, err, err_size) != 0) return -1;
        audit_db_close(piece);
    }
    audit_db_t *out;
    if (audit_db_open(&out, out_path, false, err, err_size) != 0) return -1;
    sqlite3 *db = audit_db_handle(out);
    int rc = 0;
    for (size_t i = 0; i < count && rc == 0; i++) {
        sqlite3_stmt *attach;
        if (sqlite3_prepare_v2(db, "ATTACH DATABASE ? AS piece", -1, &attach, NULL) != SQLITE_OK) {
            snprintf(err, err_size, "%s: %s", out_path, sqlite3_errmsg(db));
            rc = -1;
            break;
        }
        sqlite3_bind_text(attach, 1, pieces[i], -1, SQLITE_STATIC);
        int step = sqlite3_step(attach);
        sqlite3_finalize(attach);
        if (step != SQLITE_DONE) {
            snprintf(err, err_size, "%s: cannot attach: %s", pieces[i], sqlite3_errmsg(db));
            rc = -1;
            break;
        }
        if (sqlite3_exec(db, merge_sql, NULL, NULL, NULL) != SQLITE_OK) {
            snprintf(err, err_size, "%s: cannot merge: %s", pieces[i], sqlite3_errmsg(db));
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            rc = -1;
        }
        sqlite3_exec(db, "DETACH DATABASE piece", NULL, NULL, NULL);
    }
    audit_db_close(out);
    if (rc != 0) unlink(out_path);
    return rc;
}
