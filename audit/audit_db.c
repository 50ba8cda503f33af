/* audit_db.c — the audit store in SQLite (see audit_db.h).
 *
 * The one idea: a file's findings are replaced as a whole in one transaction. Each
 * candidate is upserted by (path, fingerprint, ordinal) and marked seen by the audit;
 * whatever of that file the audit did not see is then marked fixed. Facts, flow and fix
 * are kept as JSON text, ready for the report. */
#include "audit/audit_db.h"

#include <errno.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define AUDIT_APPLICATION_ID 0x41734144 /* "AsAD" */
#define AUDIT_SCHEMA_VERSION 1
#define AUDIT_CONTEXT_LINES 2           /* lines kept above and below a finding */

struct audit_db {
    sqlite3 *db;
    char *path;
};

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS audits(id INTEGER PRIMARY KEY, root TEXT NOT NULL, started INTEGER NOT NULL,"
    " ended INTEGER, files INTEGER, lines INTEGER, analysed INTEGER, open INTEGER, confirmed INTEGER,"
    " false_alarms INTEGER, fixed INTEGER);"
    "CREATE TABLE IF NOT EXISTS files(path TEXT PRIMARY KEY, content_hash TEXT NOT NULL,"
    " compile_hash TEXT NOT NULL, rules_hash TEXT NOT NULL, analyzer_hash TEXT NOT NULL,"
    " options_hash TEXT NOT NULL, model_id TEXT NOT NULL, lines INTEGER, bytes INTEGER, notice TEXT,"
    " partial TEXT, analysed_audit INTEGER, seen_audit INTEGER);"
    "CREATE TABLE IF NOT EXISTS findings(id INTEGER PRIMARY KEY, path TEXT NOT NULL, fingerprint TEXT NOT NULL,"
    " ordinal INTEGER NOT NULL, rule_id TEXT, line INTEGER, col INTEGER, end_line INTEGER, end_col INTEGER,"
    " severity TEXT, certainty TEXT, cwe INTEGER, message TEXT, snippet TEXT, context_line INTEGER,"
    " context TEXT, facts TEXT, flow TEXT, fix TEXT, line_hash TEXT, review_verdict TEXT,"
    " review_confidence INTEGER, review_reason TEXT, status TEXT NOT NULL, first_audit INTEGER,"
    " last_audit INTEGER, fixed_audit INTEGER, UNIQUE(path, fingerprint, ordinal));"
    "CREATE INDEX IF NOT EXISTS findings_by_fingerprint ON findings(fingerprint);"
    "CREATE TABLE IF NOT EXISTS triage(fingerprint TEXT PRIMARY KEY, state TEXT NOT NULL, note TEXT,"
    " who TEXT, at INTEGER NOT NULL);";

static const char *const state_names[] = {"new", "confirmed", "false-alarm", "fixed"};

const char *audit_state_name(audit_state_t state)
{
    return (unsigned)state < 4 ? state_names[state] : "new";
}

int audit_state_parse(const char *word, audit_state_t *out)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(word, state_names[i]) == 0) {
            *out = (audit_state_t)i;
            return 0;
        }
    return -1;
}

static int db_error(audit_db_t *db, char *err, size_t err_size, const char *what)
{
    snprintf(err, err_size, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->db));
    return -1;
}

static int exec(audit_db_t *db, const char *sql, char *err, size_t err_size)
{
    if (sqlite3_exec(db->db, sql, NULL, NULL, NULL) == SQLITE_OK) return 0;
    return db_error(db, err, err_size, "query failed");
}

static int64_t query_int(audit_db_t *db, const char *sql, int64_t fallback)
{
    sqlite3_stmt *st;
    int64_t v = fallback;
    if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK) return fallback;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* mkdir -p of the folder holding path. */
static int make_parent_folders(const char *path)
{
    char *copy = strdup(path);
    if (!copy) return -1;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        int rc = mkdir(copy, 0777);
        *p = '/';
        if (rc != 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
    }
    free(copy);
    return 0;
}

int audit_db_open(audit_db_t **out, const char *path, bool read_only, char *err, size_t err_size)
{
    *out = NULL;
    audit_db_t *db = calloc(1, sizeof(*db));
    if (!db || !(db->path = strdup(path))) {
        free(db);
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    if (!read_only && make_parent_folders(path) != 0) {
        snprintf(err, err_size, "%s: cannot create its folder: %s", path, strerror(errno));
        goto fail;
    }
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &db->db, flags, NULL) != SQLITE_OK) {
        snprintf(err, err_size, "%s: cannot open: %s", path, db->db ? sqlite3_errmsg(db->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(db->db, 10000);
    int64_t app = query_int(db, "PRAGMA application_id", -1);
    int64_t version = query_int(db, "PRAGMA user_version", -1);
    int64_t tables = query_int(db, "SELECT count(*) FROM sqlite_master", -1);
    if (app < 0 || tables < 0) {
        snprintf(err, err_size, "%s: not an audit database (not SQLite)", path);
        goto fail;
    }
    bool empty = app == 0 && version == 0 && tables == 0;
    if (!empty && app != AUDIT_APPLICATION_ID) {
        snprintf(err, err_size, "%s: not an audit database (another application's SQLite file)", path);
        goto fail;
    }
    if (!empty && version > AUDIT_SCHEMA_VERSION) {
        snprintf(err, err_size, "%s: written by a newer assay (schema %lld)", path, (long long)version);
        goto fail;
    }
    if (read_only) {
        if (empty) {
            snprintf(err, err_size, "%s: empty, no audit yet", path);
            goto fail;
        }
    } else {
        char sql[sizeof(schema_sql) + 200];
        snprintf(sql, sizeof(sql), "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;BEGIN IMMEDIATE;%s"
                 "PRAGMA application_id=%d;PRAGMA user_version=%d;COMMIT;",
                 schema_sql, AUDIT_APPLICATION_ID, AUDIT_SCHEMA_VERSION);
        if (exec(db, sql, err, err_size) != 0) goto fail;
    }
    *out = db;
    return 0;
fail:
    audit_db_close(db);
    return -1;
}

void audit_db_close(audit_db_t *db)
{
    if (!db) return;
    sqlite3_close(db->db);
    free(db->path);
    free(db);
}

struct sqlite3 *audit_db_handle(audit_db_t *db)
{
    return db->db;
}

int audit_db_begin(audit_db_t *db, const char *root, bool resume, int64_t *audit_id, bool *resumed, char *err,
                   size_t err_size)
{
    *resumed = false;
    if (resume) {
        int64_t id = query_int(db, "SELECT max(id) FROM audits WHERE ended IS NULL", -1);
        if (id > 0) {
            *audit_id = id;
            *resumed = true;
            return 0;
        }
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->db, "INSERT INTO audits(root, started) VALUES(?, ?)", -1, &st, NULL) != SQLITE_OK)
        return db_error(db, err, err_size, "cannot start an audit");
    sqlite3_bind_text(st, 1, root, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return db_error(db, err, err_size, "cannot start an audit");
    *audit_id = sqlite3_last_insert_rowid(db->db);
    return 0;
}

int audit_db_file_current(audit_db_t *db, const char *path, const audit_file_key_t *key, char *err, size_t err_size)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT 1 FROM files WHERE path=? AND content_hash=? AND compile_hash=? AND rules_hash=?"
                           " AND analyzer_hash=? AND options_hash=? AND model_id=? AND analysed_audit IS NOT NULL",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(db, err, err_size, "cannot read files");
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key->content, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, key->digests.compile, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, key->digests.rules, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, key->digests.analyzer, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, key->digests.options, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, key->digests.model_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    return db_error(db, err, err_size, "cannot read files");
}

int audit_db_mark_seen(audit_db_t *db, int64_t audit_id, const char *const *paths, size_t count, char *err,
                       size_t err_size)
{
    if (count == 0) return 0;
    if (exec(db, "BEGIN IMMEDIATE", err, err_size) != 0) return -1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->db, "UPDATE files SET seen_audit=? WHERE path=?", -1, &st, NULL) != SQLITE_OK) {
        exec(db, "ROLLBACK", err, err_size);
        return db_error(db, err, err_size, "cannot mark files");
    }
    for (size_t i = 0; i < count; i++) {
        sqlite3_bind_int64(st, 1, audit_id);
        sqlite3_bind_text(st, 2, paths[i], -1, SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return exec(db, "COMMIT", err, err_size);
}

/* ---- one file ------------------------------------------------------------------------------ */

static json_t *range_json(const source_range_t *r)
{
    return json_pack("{s:i, s:i, s:i, s:i}", "line", (json_int_t)r->start_line, "col", (json_int_t)r->start_col,
                     "end_line", (json_int_t)r->end_line, "end_col", (json_int_t)r->end_col);
}

/* Dumps j (stolen) as compact JSON text, newly allocated; NULL for a NULL j. */
static char *dump(json_t *j)
{
    if (!j) return NULL;
    char *text = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(j);
    return text;
}

static char *facts_json(const candidate_t *c)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < c->fact_count; i++)
        json_array_append_new(a, json_pack("{s:s, s:s}", "name", c->facts[i].name ? c->facts[i].name : "",
                                           "value", c->facts[i].value ? c->facts[i].value : ""));
    return dump(a);
}

static char *flow_json(const candidate_t *c)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < c->flow_count; i++) {
        json_t *step = range_json(&c->flow[i].range);
        if (step) json_object_set_new(step, "message", json_string(c->flow[i].message ? c->flow[i].message : ""));
        json_array_append_new(a, step);
    }
    return dump(a);
}

static char *fix_json(const candidate_t *c)
{
    if (!c->fix) return NULL;
    const fix_t *f = c->fix;
    json_t *edits = json_array();
    for (size_t i = 0; edits && i < f->edit_count; i++) {
        json_t *e = range_json(&f->edits[i].range);
        if (e) json_object_set_new(e, "replacement", json_string(f->edits[i].replacement ? f->edits[i].replacement : ""));
        json_array_append_new(edits, e);
    }
    json_t *o = json_pack("{s:s, s:b, s:b, s:o}", "description", f->description ? f->description : "", "verified",
                          f->verified, "may_change_meaning", f->may_change_meaning, "edits", edits);
    if (o && f->rejected_reason) json_object_set_new(o, "rejected_reason", json_string(f->rejected_reason));
    return dump(o);
}

/* The lines around line in source ("" when source is NULL), newly allocated. */
static char *context_of(const source_file_t *source, uint32_t line, uint32_t *first)
{
    *first = line > AUDIT_CONTEXT_LINES ? line - AUDIT_CONTEXT_LINES : 1;
    if (!source || !source->line_starts) return strdup("");
    size_t size = 1, used = 0;
    for (uint32_t l = *first; l <= line + AUDIT_CONTEXT_LINES; l++) {
        size_t n;
        if (source_file_line(source, l, &n)) size += n + 1;
    }
    char *text = malloc(size);
    if (!text) return NULL;
    for (uint32_t l = *first; l <= line + AUDIT_CONTEXT_LINES; l++) {
        size_t n;
        const char *s = source_file_line(source, l, &n);
        if (!s) break;
        if (used) text[used++] = '\n';
        memcpy(text + used, s, n);
        used += n;
    }
    text[used] = '\0';
    return text;
}

static const char *verdict_name(review_verdict_t v)
{
    switch (v) {
    case REVIEW_TRUE_POSITIVE: return "true-positive";
    case REVIEW_FALSE_POSITIVE: return "false-positive";
    case REVIEW_UNCERTAIN: return "uncertain";
    default: return "none";
    }
}

static const char upsert_sql[] =
    "INSERT INTO findings(path, fingerprint, ordinal, rule_id, line, col, end_line, end_col, severity, certainty,"
    " cwe, message, snippet, context_line, context, facts, flow, fix, line_hash, review_verdict, review_confidence,"
    " review_reason, status, first_audit, last_audit, fixed_audit)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,'open',?23,?23,NULL)"
    " ON CONFLICT(path, fingerprint, ordinal) DO UPDATE SET rule_id=?4, line=?5, col=?6, end_line=?7, end_col=?8,"
    " severity=?9, certainty=?10, cwe=?11, message=?12, snippet=?13, context_line=?14, context=?15, facts=?16,"
    " flow=?17, fix=?18, line_hash=?19, review_verdict=?20, review_confidence=?21, review_reason=?22,"
    " status='open', last_audit=?23, fixed_audit=NULL";

static int store_candidate(sqlite3_stmt *st, int64_t audit_id, const candidate_t *c, int ordinal,
                           const source_file_t *source)
{
    uint32_t context_line;
    char *context = context_of(source, c->range.start_line, &context_line);
    char *facts = facts_json(c), *flow = flow_json(c), *fix = fix_json(c);
    int rc = -1;
    if (!context || !facts || !flow || (c->fix && !fix)) goto done;
    sqlite3_bind_text(st, 1, c->path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, c->fingerprint, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, ordinal);
    sqlite3_bind_text(st, 4, c->rule_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, c->range.start_line);
    sqlite3_bind_int64(st, 6, c->range.start_col);
    sqlite3_bind_int64(st, 7, c->range.end_line);
    sqlite3_bind_int64(st, 8, c->range.end_col);
    sqlite3_bind_text(st, 9, severity_name(c->severity), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, certainty_name(c->certainty), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 11, c->cwe);
    sqlite3_bind_text(st, 12, c->message ? c->message : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 13, c->snippet ? c->snippet : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 14, context_line);
    sqlite3_bind_text(st, 15, context, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 16, facts, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 17, flow, -1, SQLITE_STATIC);
    if (fix) sqlite3_bind_text(st, 18, fix, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 18);
    sqlite3_bind_text(st, 19, c->line_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 20, verdict_name(c->verdict), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 21, c->confidence);
    if (c->review_reason) sqlite3_bind_text(st, 22, c->review_reason, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 22);
    sqlite3_bind_int64(st, 23, audit_id);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    sqlite3_reset(st);
done:
    free(context);
    free(facts);
    free(flow);
    free(fix);
    return rc;
}

static int upsert_file(audit_db_t *db, int64_t audit_id, const char *path, const audit_file_key_t *key,
                       const lint_file_result_t *r)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->db,
                           "INSERT OR REPLACE INTO files(path, content_hash, compile_hash, rules_hash, analyzer_hash,"
                           " options_hash, model_id, lines, bytes, notice, partial, analysed_audit, seen_audit)"
                           " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key->content, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, key->digests.compile, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, key->digests.rules, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, key->digests.analyzer, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, key->digests.options, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, key->digests.model_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, r->lines);
    sqlite3_bind_int64(st, 9, (int64_t)r->bytes);
    if (r->notice) sqlite3_bind_text(st, 10, r->notice, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 10);
    if (r->partial) sqlite3_bind_text(st, 11, r->partial, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 11);
    /* a file that could not be read is analysed again next time */
    if (r->read) sqlite3_bind_int64(st, 12, audit_id);
    else sqlite3_bind_null(st, 12);
    sqlite3_bind_int64(st, 13, audit_id);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    sqlite3_finalize(st);
    return rc;
}

int audit_db_store_file(audit_db_t *db, int64_t audit_id, const char *path, const audit_file_key_t *key,
                        const lint_file_result_t *r, const source_file_t *source, char *err, size_t err_size)
{
    if (exec(db, "BEGIN IMMEDIATE", err, err_size) != 0) return -1;
    sqlite3_stmt *st = NULL, *gone = NULL;
    if (upsert_file(db, audit_id, path, key, r) != 0 ||
        sqlite3_prepare_v2(db->db, upsert_sql, -1, &st, NULL) != SQLITE_OK)
        goto fail;
    for (size_t i = 0; i < r->candidates.count; i++) {
        const candidate_t *c = r->candidates.items[i];
        int ordinal = 0; /* the n-th candidate with this fingerprint in the file */
        for (size_t k = 0; k < i; k++) ordinal += strcmp(r->candidates.items[k]->fingerprint, c->fingerprint) == 0;
        if (store_candidate(st, audit_id, c, ordinal, source) != 0) goto fail;
    }
    if (sqlite3_prepare_v2(db->db,
                           "UPDATE findings SET status='fixed', fixed_audit=?1 WHERE path=?2 AND status='open'"
                           " AND last_audit IS NOT ?1",
                           -1, &gone, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_int64(gone, 1, audit_id);
    sqlite3_bind_text(gone, 2, path, -1, SQLITE_STATIC);
    if (sqlite3_step(gone) != SQLITE_DONE) goto fail;
    sqlite3_finalize(st);
    sqlite3_finalize(gone);
    return exec(db, "COMMIT", err, err_size);
fail:
    db_error(db, err, err_size, path);
    sqlite3_finalize(st);
    sqlite3_finalize(gone);
    sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/* ---- the audit's end, triage, counts ----------------------------------------------------------- */

int audit_db_counts(audit_db_t *db, audit_counts_t *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT CASE WHEN f.status='fixed' THEN 'fixed' ELSE coalesce(t.state, 'new') END, count(*)"
                           " FROM findings f LEFT JOIN triage t ON t.fingerprint=f.fingerprint GROUP BY 1",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(db, err, err_size, "cannot count findings");
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *state = (const char *)sqlite3_column_text(st, 0);
        size_t n = (size_t)sqlite3_column_int64(st, 1);
        if (strcmp(state, "fixed") == 0) out->fixed += n;
        else if (strcmp(state, "false-alarm") == 0) out->false_alarms += n;
        else if (strcmp(state, "confirmed") == 0) out->confirmed += n, out->open += n;
        else out->open += n;
    }
    sqlite3_finalize(st);
    out->files = (size_t)query_int(db, "SELECT count(*) FROM files", 0);
    out->lines = (uint64_t)query_int(db, "SELECT sum(lines) FROM files", 0);
    return 0;
}

int audit_db_finish(audit_db_t *db, int64_t audit_id, char *err, size_t err_size)
{
    char sql[640];
    snprintf(sql, sizeof(sql),
             "BEGIN IMMEDIATE;"
             "UPDATE findings SET status='fixed', fixed_audit=%lld WHERE status='open' AND path IN"
             " (SELECT path FROM files WHERE seen_audit IS NOT %lld);"
             "DELETE FROM files WHERE seen_audit IS NOT %lld;COMMIT;",
             (long long)audit_id, (long long)audit_id, (long long)audit_id);
    if (exec(db, sql, err, err_size) != 0) {
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    audit_counts_t counts;
    if (audit_db_counts(db, &counts, err, err_size) != 0) return -1;
    snprintf(sql, sizeof(sql),
             "UPDATE audits SET ended=%lld, files=%zu, lines=%llu, open=%zu, confirmed=%zu, false_alarms=%zu,"
             " fixed=%zu, analysed=(SELECT count(*) FROM files WHERE analysed_audit=%lld) WHERE id=%lld",
             (long long)time(NULL), counts.files, (unsigned long long)counts.lines, counts.open, counts.confirmed,
             counts.false_alarms, counts.fixed, (long long)audit_id, (long long)audit_id);
    return exec(db, sql, err, err_size);
}

int audit_db_triage(audit_db_t *db, const char *fingerprint, audit_state_t state, const char *note, const char *who,
                    size_t *matched, char *err, size_t err_size)
{
    *matched = 0;
    size_t n = strlen(fingerprint);
    if (n < 8 || n > 32 || strspn(fingerprint, "0123456789abcdef") != n) {
        snprintf(err, err_size, "'%s' is not a fingerprint (8 to 32 lowercase hex digits)", fingerprint);
        return -1;
    }
    if (state == AUDIT_STATE_FIXED) {
        snprintf(err, err_size, "'fixed' is set by audits when a finding is gone; use new, confirmed or false-alarm");
        return -1;
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT fingerprint, count(*) FROM findings WHERE substr(fingerprint, 1, ?2)=?1"
                           " GROUP BY fingerprint",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(db, err, err_size, "cannot read findings");
    sqlite3_bind_text(st, 1, fingerprint, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, (int)n);
    char full[33] = "";
    size_t kinds = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (kinds++ == 0) snprintf(full, sizeof(full), "%s", (const char *)sqlite3_column_text(st, 0));
        *matched += (size_t)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    if (kinds == 0) {
        snprintf(err, err_size, "%s: no finding with fingerprint %s", db->path, fingerprint);
        return -1;
    }
    if (kinds > 1) {
        snprintf(err, err_size, "%s: %zu fingerprints start with %s; give more digits", db->path, kinds, fingerprint);
        *matched = 0;
        return -1;
    }
    if (sqlite3_prepare_v2(db->db, "INSERT OR REPLACE INTO triage(fingerprint, state, note, who, at) VALUES(?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(db, err, err_size, "cannot record the verdict");
    sqlite3_bind_text(st, 1, full, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, audit_state_name(state), -1, SQLITE_STATIC);
    if (note) sqlite3_bind_text(st, 3, note, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 3);
    if (who) sqlite3_bind_text(st, 4, who, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 4);
    sqlite3_bind_int64(st, 5, (int64_t)time(NULL));
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return db_error(db, err, err_size, "cannot record the verdict");
    return 0;
}

int audit_db_false_alarms(audit_db_t *db, char ***out, size_t *count, char *err, size_t err_size)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->db, "SELECT fingerprint FROM triage WHERE state='false-alarm' ORDER BY fingerprint",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(db, err, err_size, "cannot read the triage");
    size_t cap = 0;
    int rc = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(*out, cap * sizeof(*grown));
            if (!grown) {
                rc = -1;
                break;
            }
            *out = grown;
        }
        if (!((*out)[*count] = strdup((const char *)sqlite3_column_text(st, 0)))) {
            rc = -1;
            break;
        }
        (*count)++;
    }
    sqlite3_finalize(st);
    if (rc != 0) {
        for (size_t i = 0; i < *count; i++) free((*out)[i]);
        free(*out);
        *out = NULL;
        *count = 0;
        snprintf(err, err_size, "out of memory");
    }
    return rc;
}
