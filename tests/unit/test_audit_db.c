/* test_audit_db.c — the audit store: a file's findings are replaced as a whole (vanished
 * ones become fixed, a returning one is open again), the n-th identical fingerprint of a
 * file is its own finding, a file is current only while every part of its key matches,
 * triage works by unique prefix and follows the fingerprint, lint drops false alarms, an
 * unfinished audit is resumed, and another program's SQLite file is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <cmocka.h>

#include "audit/audit_db.h"
#include "audit/audit_triage.h"
#include "tests/unit/helpers/temp_dir.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    return temp_dir_make(dir, sizeof(dir), "audit-db");
}

static int teardown(void **state)
{
    (void)state;
    return temp_dir_remove(dir);
}

static candidate_t *make(const char *path, const char *fingerprint, uint32_t line)
{
    candidate_t *c = candidate_new();
    assert_non_null(c);
    c->rule_id = strdup("c.gets");
    c->path = strdup(path);
    c->message = strdup("gets <is> \"unbounded\"");
    c->snippet = strdup("gets(buf)");
    c->severity = SEVERITY_ERROR;
    c->certainty = CERTAINTY_HIGH;
    c->range = (source_range_t){0, 9, line, 5, line, 14};
    snprintf(c->fingerprint, sizeof(c->fingerprint), "%s", fingerprint);
    assert_int_equal(candidate_add_flow(c, c->range, "read here"), 0);
    return c;
}

/* A result of path holding the given fingerprints at lines 1, 2, ... */
static void result_of(lint_file_result_t *r, const char *path, const char *const *fingerprints, size_t n)
{
    lint_file_result_init(r);
    r->read = true;
    r->lines = 10;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(candidate_list_push(&r->candidates, make(path, fingerprints[i], (uint32_t)i + 1)), 0);
}

static int64_t count(audit_db_t *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(audit_db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static audit_file_key_t key_of(const char *content)
{
    audit_file_key_t key;
    memset(&key, 0, sizeof(key));
    snprintf(key.content, sizeof(key.content), "%s", content);
    strcpy(key.digests.analyzer, "a");
    strcpy(key.digests.rules, "r");
    strcpy(key.digests.compile, "c");
    strcpy(key.digests.options, "o");
    return key;
}

#define FP_A "aaaaaaaa000000000000000000000001"
#define FP_B "aaaaaaaa000000000000000000000002"
#define FP_C "cccccccc000000000000000000000003"

static void test_store_fix_and_return(void **state)
{
    (void)state;
    char path[600], err[512];
    snprintf(path, sizeof(path), "%s/one/.assay/audit.db", dir);
    audit_db_t *db;
    assert_int_equal(audit_db_open(&db, path, false, err, sizeof(err)), 0);
    int64_t id;
    bool resumed;
    assert_int_equal(audit_db_begin(db, "/tree", false, &id, &resumed, err, sizeof(err)), 0);
    assert_false(resumed);
    lint_file_result_t r;
    audit_file_key_t key = key_of("h1");
    const char *first[] = {FP_A, FP_A, FP_C}; /* the same line twice: two findings */
    result_of(&r, "a.c", first, 3);
    assert_int_equal(audit_db_file_current(db, "a.c", &key, err, sizeof(err)), 0);
    assert_int_equal(audit_db_store_file(db, id, "a.c", &key, &r, NULL, err, sizeof(err)), 0);
    lint_file_result_destroy(&r);
    assert_int_equal(count(db, "SELECT count(*) FROM findings WHERE status='open'"), 3);
    assert_int_equal(count(db, "SELECT max(ordinal) FROM findings WHERE fingerprint='" FP_A "'"), 1);
    assert_int_equal(audit_db_file_current(db, "a.c", &key, err, sizeof(err)), 1);
    audit_file_key_t other = key;
    strcpy(other.digests.rules, "r2"); /* another rule pack: analysed again */
    assert_int_equal(audit_db_file_current(db, "a.c", &other, err, sizeof(err)), 0);
    strcpy(other.digests.rules, "r");
    strcpy(other.digests.model_id, "m");
    assert_int_equal(audit_db_file_current(db, "a.c", &other, err, sizeof(err)), 0);
    assert_int_equal(audit_db_finish(db, id, err, sizeof(err)), 0);

    /* the next audit: one of the two FP_A and FP_C are gone */
    assert_int_equal(audit_db_begin(db, "/tree", false, &id, &resumed, err, sizeof(err)), 0);
    const char *second[] = {FP_A, FP_B};
    key = key_of("h2");
    result_of(&r, "a.c", second, 2);
    assert_int_equal(audit_db_store_file(db, id, "a.c", &key, &r, NULL, err, sizeof(err)), 0);
    lint_file_result_destroy(&r);
    assert_int_equal(audit_db_finish(db, id, err, sizeof(err)), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM findings WHERE status='fixed'"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM findings WHERE status='open'"), 2);
    audit_counts_t counts;
    assert_int_equal(audit_db_counts(db, &counts, err, sizeof(err)), 0);
    assert_int_equal(counts.open, 2);
    assert_int_equal(counts.fixed, 2);
    assert_int_equal(counts.files, 1);

    /* FP_C comes back: open again, first seen in audit 1 */
    assert_int_equal(audit_db_begin(db, "/tree", false, &id, &resumed, err, sizeof(err)), 0);
    const char *third[] = {FP_C};
    result_of(&r, "a.c", third, 1);
    assert_int_equal(audit_db_store_file(db, id, "a.c", &key, &r, NULL, err, sizeof(err)), 0);
    lint_file_result_destroy(&r);
    assert_int_equal(count(db, "SELECT count(*) FROM findings WHERE fingerprint='" FP_C "' AND status='open' AND first_audit=1"), 1);
    /* killed here: not finished, so --resume finds this audit */
    int64_t again;
    assert_int_equal(audit_db_begin(db, "/tree", true, &again, &resumed, err, sizeof(err)), 0);
    assert_true(resumed);
    assert_int_equal(again, id);
    /* a file no audit saw again is deleted at the end: its findings are fixed */
    assert_int_equal(audit_db_finish(db, id, err, sizeof(err)), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM findings WHERE fingerprint='" FP_C "' AND status='open'"), 1);
    assert_int_equal(audit_db_begin(db, "/tree", false, &id, &resumed, err, sizeof(err)), 0);
    assert_int_equal(audit_db_finish(db, id, err, sizeof(err)), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM findings WHERE status='open'"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM files"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM audits WHERE ended IS NOT NULL"), 4);
    audit_db_close(db);
}

static void test_triage(void **state)
{
    (void)state;
    char path[600], err[512];
    snprintf(path, sizeof(path), "%s/two/.assay/audit.db", dir);
    audit_db_t *db;
    assert_int_equal(audit_db_open(&db, path, false, err, sizeof(err)), 0);
    int64_t id;
    bool resumed;
    assert_int_equal(audit_db_begin(db, "/tree", false, &id, &resumed, err, sizeof(err)), 0);
    lint_file_result_t r;
    audit_file_key_t key = key_of("h");
    const char *fps[] = {FP_A, FP_B, FP_C, FP_C};
    result_of(&r, "b.c", fps, 4);
    assert_int_equal(audit_db_store_file(db, id, "b.c", &key, &r, NULL, err, sizeof(err)), 0);
    lint_file_result_destroy(&r);
    size_t matched;
    assert_int_equal(audit_db_triage(db, "aaaaaaaa", AUDIT_STATE_FALSE_ALARM, NULL, "me", &matched, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "2 fingerprints start with aaaaaaaa"));
    assert_int_equal(audit_db_triage(db, "aaaa", AUDIT_STATE_FALSE_ALARM, NULL, "me", &matched, err, sizeof(err)), -1);
    assert_int_equal(audit_db_triage(db, "dddddddd", AUDIT_STATE_FALSE_ALARM, NULL, "me", &matched, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "no finding"));
    assert_int_equal(audit_db_triage(db, "ccccccc", AUDIT_STATE_FALSE_ALARM, NULL, "me", &matched, err, sizeof(err)), -1);
    assert_int_equal(audit_db_triage(db, "cccccccc", AUDIT_STATE_FALSE_ALARM, "bounded above", "me", &matched, err,
                                     sizeof(err)), 0);
    assert_int_equal(matched, 2); /* both findings with that fingerprint */
    assert_int_equal(audit_db_triage(db, FP_B, AUDIT_STATE_CONFIRMED, NULL, NULL, &matched, err, sizeof(err)), 0);
    assert_int_equal(audit_db_triage(db, FP_B, AUDIT_STATE_FIXED, NULL, NULL, &matched, err, sizeof(err)), -1);
    assert_int_equal(audit_db_finish(db, id, err, sizeof(err)), 0);
    audit_counts_t counts;
    assert_int_equal(audit_db_counts(db, &counts, err, sizeof(err)), 0);
    assert_int_equal(counts.false_alarms, 2);
    assert_int_equal(counts.confirmed, 1);
    assert_int_equal(counts.open, 2); /* FP_A new, FP_B confirmed */
    audit_db_close(db);

    /* lint drops what the store calls a false alarm, and nothing else */
    candidate_list_t list;
    candidate_list_init(&list);
    assert_int_equal(candidate_list_push(&list, make("b.c", FP_C, 3)), 0);
    assert_int_equal(candidate_list_push(&list, make("b.c", FP_A, 1)), 0);
    size_t dropped;
    assert_int_equal(audit_triage_filter(path, &list, &dropped, err, sizeof(err)), 0);
    assert_int_equal(dropped, 1);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.items[0]->fingerprint, FP_A);
    char missing[600];
    snprintf(missing, sizeof(missing), "%s/none/.assay/audit.db", dir);
    assert_int_equal(audit_triage_filter(missing, &list, &dropped, err, sizeof(err)), 0);
    assert_int_equal(dropped, 0);
    candidate_list_destroy(&list);
}

static void test_foreign_file_refused(void **state)
{
    (void)state;
    char path[600], err[512];
    snprintf(path, sizeof(path), "%s/foreign.db", dir);
    sqlite3 *other;
    assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "CREATE TABLE findings(x);", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);
    audit_db_t *db;
    assert_int_equal(audit_db_open(&db, path, false, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "not an audit database"));
    assert_int_equal(temp_dir_write(path, sizeof(path), dir, "garbage.db", "not sqlite at all, just text\n"), 0);
    assert_int_equal(audit_db_open(&db, path, false, err, sizeof(err)), -1);
    candidate_list_t list;
    candidate_list_init(&list);
    size_t dropped;
    assert_int_equal(audit_triage_filter(path, &list, &dropped, err, sizeof(err)), -1);
    candidate_list_destroy(&list);
}

static void test_state_names(void **state)
{
    (void)state;
    audit_state_t s;
    assert_int_equal(audit_state_parse("false-alarm", &s), 0);
    assert_int_equal(s, AUDIT_STATE_FALSE_ALARM);
    assert_string_equal(audit_state_name(AUDIT_STATE_CONFIRMED), "confirmed");
    assert_int_equal(audit_state_parse("false_alarm", &s), -1);
    char *p = audit_triage_default_db("/x/");
    assert_string_equal(p, "/x/.assay/audit.db");
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_fix_and_return),
        cmocka_unit_test(test_triage),
        cmocka_unit_test(test_foreign_file_refused),
        cmocka_unit_test(test_state_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
