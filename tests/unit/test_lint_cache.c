/* test_lint_cache.c — the results cache: a result survives encoding field for field, a
 * damaged value is refused, a stored result is used instead of linting, a change of text,
 * rules or options misses, and a cache file that is garbage or another program's SQLite
 * database is rebuilt with a note instead of being trusted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <cmocka.h>

#include "analyzer/lint/lint_cache.h"
#include "analyzer/lint/lint_codec.h"
#include "analyzer/rules/rule_pack.h"
#include "tests/unit/helpers/temp_dir.h"

static char dir[64];
static rule_pack_t *pack;

static const char smelly[] = "#include <stdio.h>\nvoid f(void)\n{\n    char buf[16];\n    gets(buf);\n}\n";

static int setup(void **state)
{
    (void)state;
    char err[512];
    if (rule_pack_load_dir(&pack, "rules", err, sizeof(err)) != 0) return -1;
    if (rule_pack_set_enabled(pack, "*", false) < 0 || rule_pack_set_enabled(pack, "c.gets", true) < 0) return -1;
    return temp_dir_make(dir, sizeof(dir), "lint-cache");
}

static int teardown(void **state)
{
    (void)state;
    rule_pack_free(pack);
    return temp_dir_remove(dir);
}

/* A result with every field set. */
static void full_result(lint_file_result_t *r)
{
    lint_file_result_init(r);
    candidate_t *c = candidate_new();
    assert_non_null(c);
    c->rule_id = strdup("c.gets");
    c->rule = rule_pack_find(pack, "c.gets");
    c->path = strdup("src/a.c");
    c->range = (source_range_t){10, 19, 5, 5, 5, 14};
    c->message = strdup("gets <unbounded> & \"quoted\"");
    c->severity = SEVERITY_ERROR;
    c->certainty = CERTAINTY_HIGH;
    c->cwe = 242;
    c->snippet = strdup("gets(buf)");
    assert_int_equal(candidate_add_fact(c, "dst_size", "16"), 0);
    c->fix = fix_new("use fgets", true);
    assert_int_equal(fix_add_edit(c->fix, (source_range_t){10, 19, 5, 5, 5, 14}, "fgets(buf, sizeof buf, stdin)"), 0);
    assert_int_equal(fix_set_verdict(c->fix, false, "check (b) compile: new warning"), 0);
    assert_int_equal(candidate_add_flow(c, (source_range_t){1, 2, 1, 1, 1, 2}, "declared here"), 0);
    strcpy(c->fingerprint, "0123456789abcdef0123456789abcdef");
    strcpy(c->line_hash, "feedface:1");
    c->verdict = REVIEW_UNCERTAIN;
    c->confidence = 42;
    c->review_reason = strdup("cannot tell");
    assert_int_equal(candidate_list_push(&r->candidates, c), 0);
    r->read = true;
    r->lines = 6;
    r->bytes = 70;
    r->findings = 3;
    r->suppressed = 1;
    r->below_certainty = 1;
    r->partial = strdup("include <x.h> not found");
}

static void test_codec_round_trip(void **state)
{
    (void)state;
    lint_file_result_t in, out;
    full_result(&in);
    lint_codec_buffer_t buffer = {0};
    assert_int_equal(lint_codec_encode(&buffer, &in, 1), 0);
    lint_file_result_init(&out);
    int partly = 0;
    assert_int_equal(lint_codec_decode(&out, &partly, buffer.data, buffer.length, pack), 0);
    assert_int_equal(partly, 1);
    assert_true(out.read);
    assert_int_equal(out.lines, 6);
    assert_int_equal(out.bytes, 70);
    assert_int_equal(out.findings, 3);
    assert_int_equal(out.suppressed, 1);
    assert_int_equal(out.below_certainty, 1);
    assert_null(out.notice);
    assert_string_equal(out.partial, "include <x.h> not found");
    assert_int_equal(out.candidates.count, 1);
    const candidate_t *a = in.candidates.items[0], *b = out.candidates.items[0];
    assert_ptr_equal(b->rule, a->rule);
    assert_string_equal(b->rule_id, a->rule_id);
    assert_string_equal(b->path, a->path);
    assert_memory_equal(&b->range, &a->range, sizeof(a->range));
    assert_string_equal(b->message, a->message);
    assert_int_equal(b->severity, a->severity);
    assert_int_equal(b->certainty, a->certainty);
    assert_int_equal(b->cwe, 242);
    assert_string_equal(b->snippet, a->snippet);
    assert_string_equal(candidate_fact(b, "dst_size"), "16");
    assert_non_null(b->fix);
    assert_true(b->fix->may_change_meaning);
    assert_false(b->fix->verified);
    assert_string_equal(b->fix->rejected_reason, a->fix->rejected_reason);
    assert_int_equal(b->fix->edit_count, 1);
    assert_string_equal(b->fix->edits[0].replacement, "fgets(buf, sizeof buf, stdin)");
    assert_int_equal(b->flow_count, 1);
    assert_string_equal(b->flow[0].message, "declared here");
    assert_string_equal(b->fingerprint, a->fingerprint);
    assert_string_equal(b->line_hash, a->line_hash);
    assert_int_equal(b->verdict, REVIEW_UNCERTAIN);
    assert_int_equal(b->confidence, 42);
    assert_string_equal(b->review_reason, "cannot tell");
    lint_file_result_destroy(&out);

    /* every single flipped byte and every truncation is refused */
    for (size_t i = 0; i < buffer.length; i++) {
        buffer.data[i] ^= 0x20;
        lint_file_result_init(&out);
        assert_int_equal(lint_codec_decode(&out, &partly, buffer.data, buffer.length, pack), -1);
        assert_int_equal(out.candidates.count, 0);
        buffer.data[i] ^= 0x20;
        assert_int_equal(lint_codec_decode(&out, &partly, buffer.data, i, pack), -1);
    }
    free(buffer.data);
    lint_file_result_destroy(&in);
}

static int open_cache(lint_cache_t **cache, const char *path, certainty_t min, char *note)
{
    lint_cache_config_t config = {.pack = pack, .min_certainty = min, .analyzer_id = "test"};
    char err[512] = "";
    int rc = lint_cache_open(cache, path, &config, note, 512, err, sizeof(err));
    if (rc != 0) fprintf(stderr, "%s\n", err);
    return rc;
}

/* Lints a.c through the cache with a worker; returns the number of candidates. */
static size_t lint_through(lint_cache_t *cache, const char *fs_path)
{
    lint_context_t ctx = {.pack = pack, .repo_root = dir};
    lint_worker_t *worker;
    char err[512];
    assert_int_equal(lint_worker_new(&worker, &ctx, err, sizeof(err)), 0);
    lint_file_result_t r;
    lint_file_result_init(&r);
    size_t partly;
    char key[33];
    assert_int_equal(lint_cache_lint_file(cache, worker, &r, "a.c", fs_path, &partly, key, err, sizeof(err)), 0);
    assert_int_equal(strlen(key), 32);
    size_t n = r.candidates.count;
    if (n) {
        assert_non_null(r.source); /* kept for reporters, from the cache as from a lint */
        assert_string_equal(r.candidates.items[0]->rule_id, "c.gets");
        assert_ptr_equal(r.candidates.items[0]->rule, rule_pack_find(pack, "c.gets"));
    }
    lint_file_result_destroy(&r);
    lint_worker_free(worker);
    return n;
}

static void test_hit_and_miss(void **state)
{
    (void)state;
    char db[600], src[600], note[512];
    snprintf(db, sizeof(db), "%s/sub/folder/results.db", dir);
    assert_int_equal(temp_dir_write(src, sizeof(src), dir, "a.c", smelly), 0);
    lint_cache_t *cache;
    assert_int_equal(open_cache(&cache, db, CERTAINTY_UNSET, note), 0);
    assert_string_equal(note, ""); /* a new cache is no news */
    assert_int_equal(lint_through(cache, src), 1);
    assert_int_equal(lint_through(cache, src), 1);
    lint_cache_stats_t stats;
    lint_cache_stats(cache, &stats);
    assert_int_equal(stats.misses, 1);
    assert_int_equal(stats.hits, 1);
    assert_int_equal(stats.stored, 1);
    lint_cache_close(cache);

    /* another process later: still there */
    assert_int_equal(open_cache(&cache, db, CERTAINTY_UNSET, note), 0);
    assert_string_equal(note, "");
    assert_int_equal(lint_through(cache, src), 1);
    lint_cache_stats(cache, &stats);
    assert_int_equal(stats.hits, 1);
    /* a changed text misses */
    assert_int_equal(temp_dir_write(src, sizeof(src), dir, "a.c", "int clean;\n"), 0);
    assert_int_equal(lint_through(cache, src), 0);
    lint_cache_stats(cache, &stats);
    assert_int_equal(stats.misses, 1);
    lint_cache_close(cache);

    /* other options (another minimum certainty) miss too */
    assert_int_equal(temp_dir_write(src, sizeof(src), dir, "a.c", smelly), 0);
    assert_int_equal(open_cache(&cache, db, CERTAINTY_HIGH, note), 0);
    lint_through(cache, src);
    lint_cache_stats(cache, &stats);
    assert_int_equal(stats.hits, 0);
    lint_cache_close(cache);

    /* so does another rule pack (c.gets disabled) */
    assert_int_equal(rule_pack_set_enabled(pack, "c.gets", false), 1);
    assert_int_equal(open_cache(&cache, db, CERTAINTY_UNSET, note), 0);
    assert_int_equal(lint_through(cache, src), 0);
    lint_cache_stats(cache, &stats);
    assert_int_equal(stats.hits, 0);
    lint_cache_close(cache);
    assert_int_equal(rule_pack_set_enabled(pack, "c.gets", true), 1);
}

static void test_garbage_file_is_rebuilt(void **state)
{
    (void)state;
    char db[600], src[600], note[512];
    static const char garbage[] = "this is not a database at all\n\x01\x02\x03 and more bytes that are not SQLite";
    assert_int_equal(temp_dir_write(db, sizeof(db), dir, "garbage.db", garbage), 0);
    assert_int_equal(temp_dir_write(src, sizeof(src), dir, "a.c", smelly), 0);
    lint_cache_t *cache;
    assert_int_equal(open_cache(&cache, db, CERTAINTY_UNSET, note), 0);
    assert_non_null(strstr(note, "rebuilt"));
    assert_non_null(strstr(note, "garbage.db"));
    assert_int_equal(lint_through(cache, src), 1);
    lint_cache_close(cache);
    assert_int_equal(open_cache(&cache, db, CERTAINTY_UNSET, note), 0);
    assert_string_equal(note, ""); /* one note, then a good cache */
    lint_cache_close(cache);
}

static void test_foreign_sqlite_is_rebuilt(void **state)
{
    (void)state;
    char db[600], note[512];
    snprintf(db, sizeof(db), "%s/foreign.db", dir);
    sqlite3 *other;
    assert_int_equal(sqlite3_open(db, &other), SQLITE_OK);
    /* the same table name, another schema: must not be read as ours */
    assert_int_equal(sqlite3_exec(other,
                                  "CREATE TABLE results(key BLOB PRIMARY KEY, value BLOB, used INTEGER);"
                                  "INSERT INTO results VALUES(x'00', x'00', 0);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(other);
    lint_cache_t *cache;
    assert_int_equal(open_cache(&cache, db, CERTAINTY_UNSET, note), 0);
    assert_non_null(strstr(note, "another application"));
    lint_cache_close(cache);
    assert_int_equal(open_cache(&cache, db, CERTAINTY_UNSET, note), 0);
    assert_string_equal(note, "");
    lint_cache_close(cache);
}

static void test_default_path(void **state)
{
    (void)state;
    char *p = lint_cache_default_path("/x/c.db", "/xdg", "/home/u");
    assert_string_equal(p, "/x/c.db");
    free(p);
    p = lint_cache_default_path("", "/xdg", "/home/u");
    assert_string_equal(p, "/xdg/assay/results.db");
    free(p);
    p = lint_cache_default_path(NULL, "relative", "/home/u"); /* XDG wants absolute paths */
    assert_string_equal(p, "/home/u/.cache/assay/results.db");
    free(p);
    assert_null(lint_cache_default_path(NULL, NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codec_round_trip),
        cmocka_unit_test(test_hit_and_miss),
        cmocka_unit_test(test_garbage_file_is_rebuilt),
        cmocka_unit_test(test_foreign_sqlite_is_rebuilt),
        cmocka_unit_test(test_default_path),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
