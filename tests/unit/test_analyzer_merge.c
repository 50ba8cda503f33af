/* test_analyzer_merge.c — one finding per flaw (analyzer/merge_findings.h): a libclang
 * finding absorbs the tree-sitter report of the same flaw when they sit on the same code
 * or when a step of its flow covers the other report (the NULL dereference reported at the
 * use, c.unchecked-alloc at the malloc() call); it keeps what the absorbed report knew and
 * where it was; unrelated findings, other files and rules it does not name stay apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyzer/lint/merge_findings.h"
#include "core/rule.h"

/* c.clang-null-dereference names the two tree-sitter rules that report unchecked results. */
static char *keeper_overlaps[] = {"c.unchecked-alloc", "c.unchecked-fopen"};
static const rule_t keeper_rule = {.id = "c.clang-null-dereference", .overlaps = keeper_overlaps,
                                   .overlap_count = 2};
static const rule_t plain_rule = {.id = "c.unchecked-alloc"};

/* A range on one line: bytes [start, end) at columns from col. */
static source_range_t at(uint32_t line, uint32_t col, uint32_t start, uint32_t end)
{
    return (source_range_t){.start_byte = start, .end_byte = end, .start_line = line, .start_col = col,
                            .end_line = line, .end_col = col + (end - start)};
}

static candidate_t *finding(const rule_t *rule, const char *id, const char *path, source_range_t range)
{
    candidate_t *c = candidate_new();
    assert_non_null(c);
    c->rule = rule;
    c->rule_id = strdup(id);
    c->path = strdup(path);
    c->range = range;
    c->message = strdup(id);
    c->severity = SEVERITY_WARNING;
    c->certainty = CERTAINTY_MEDIUM;
    return c;
}

/* The libclang NULL dereference of buffers.c: reported at `n->value` (line 13), its flow
 * going back to the malloc() call on line 12. */
static candidate_t *null_deref(const char *path)
{
    candidate_t *c = finding(&keeper_rule, "c.clang-null-dereference", path, at(13, 5, 300, 308));
    c->severity = SEVERITY_ERROR;
    c->certainty = CERTAINTY_HIGH;
    assert_int_equal(candidate_add_flow(c, at(12, 22, 250, 267), "allocated here"), 0);
    assert_int_equal(candidate_add_flow(c, at(13, 5, 300, 308), "written here"), 0);
    assert_int_equal(candidate_add_fact(c, "source", "malloc()"), 0);
    return c;
}

static candidate_t *unchecked_alloc(const char *path)
{
    candidate_t *c = finding(&plain_rule, "c.unchecked-alloc", path, at(12, 22, 250, 267));
    assert_int_equal(candidate_add_fact(c, "var", "n"), 0);
    assert_int_equal(candidate_add_fact(c, "source", "a different text"), 0);
    return c;
}

typedef struct {
    char seen[4][64];
    uint32_t lines[4];
    int count;
    const char *stop_at; /* visit returns true for this id */
} visits_t;

static bool record(void *ctx, const char *rule_id, uint32_t line)
{
    visits_t *v = ctx;
    if (v->count < 4) {
        snprintf(v->seen[v->count], sizeof(v->seen[0]), "%s", rule_id);
        v->lines[v->count++] = line;
    }
    return v->stop_at && !strcmp(v->stop_at, rule_id);
}

static void test_flow_step_covering_the_other_report_merges(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    assert_int_equal(candidate_list_push(&list, unchecked_alloc("a.c")), 0);
    assert_int_equal(candidate_list_push(&list, null_deref("a.c")), 0);
    assert_int_equal(merge_findings(&list), 1);
    assert_int_equal(list.count, 1);
    const candidate_t *kept = list.items[0];
    assert_string_equal(kept->rule_id, "c.clang-null-dereference"); /* the proof stays */
    assert_int_equal(kept->range.start_line, 13);
    assert_int_equal(kept->severity, SEVERITY_ERROR);
    assert_int_equal(kept->certainty, CERTAINTY_HIGH);
    assert_string_equal(candidate_fact(kept, "also_reported_by"), "c.unchecked-alloc");
    assert_string_equal(candidate_fact(kept, "also_reported_at"), "c.unchecked-alloc:12:22");
    assert_string_equal(candidate_fact(kept, "var"), "n");           /* a fact it lacked */
    assert_string_equal(candidate_fact(kept, "source"), "malloc()"); /* its own wins */
    assert_int_equal(kept->flow_count, 2);                            /* its own flow */
    assert_true(merge_findings_names(kept, "c.unchecked-alloc"));
    assert_false(merge_findings_names(kept, "c.unchecked-fopen"));
    /* the absorbed report answers at its own line: a suppression there still applies */
    visits_t v = {.count = 0};
    assert_false(merge_findings_each(kept, record, &v));
    assert_int_equal(v.count, 1);
    assert_string_equal(v.seen[0], "c.unchecked-alloc");
    assert_int_equal(v.lines[0], 12);
    candidate_list_destroy(&list);
}

static void test_same_code_merges_and_keeps_the_place(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    candidate_t *keeper = finding(&keeper_rule, "c.clang-null-dereference", "a.c", at(9, 5, 100, 120));
    candidate_t *loser = finding(&plain_rule, "c.unchecked-fopen", "a.c", at(9, 10, 105, 115));
    loser->severity = SEVERITY_ERROR;
    loser->fix = fix_new("check the result", true);
    assert_int_equal(candidate_list_push(&list, keeper), 0);
    assert_int_equal(candidate_list_push(&list, loser), 0);
    assert_int_equal(merge_findings(&list), 1);
    assert_int_equal(list.count, 1);
    assert_ptr_equal(list.items[0], keeper);
    assert_int_equal(keeper->severity, SEVERITY_ERROR); /* the higher severity */
    assert_non_null(keeper->fix);                       /* its fix when the keeper had none */
    assert_string_equal(candidate_fact(keeper, "also_reported_at"), "c.unchecked-fopen:9:10");
    visits_t v = {.stop_at = "c.unchecked-fopen"};
    assert_true(merge_findings_each(keeper, record, &v));
    assert_int_equal(v.lines[0], 9);
    candidate_list_destroy(&list);
}

static void test_unrelated_findings_stay_apart(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    /* another file; a rule the keeper does not name; a report the flow does not cover */
    assert_int_equal(candidate_list_push(&list, null_deref("a.c")), 0);
    assert_int_equal(candidate_list_push(&list, unchecked_alloc("b.c")), 0);
    assert_int_equal(candidate_list_push(&list, finding(&plain_rule, "c.gets", "a.c", at(12, 22, 250, 267))), 0);
    assert_int_equal(candidate_list_push(&list, finding(&plain_rule, "c.unchecked-alloc", "a.c", at(20, 5, 400, 420))), 0);
    /* a keeper without flow does not reach past its own code */
    candidate_t *bare = finding(&keeper_rule, "c.clang-null-dereference", "c.c", at(13, 5, 300, 308));
    assert_int_equal(candidate_list_push(&list, bare), 0);
    assert_int_equal(candidate_list_push(&list, unchecked_alloc("c.c")), 0);
    assert_int_equal(merge_findings(&list), 0);
    assert_int_equal(list.count, 6);
    assert_null(candidate_fact(list.items[0], "also_reported_by"));
    candidate_list_destroy(&list);
}

/* The finding on the same code wins over one whose path merely passes by, whatever the
 * order of the list. */
static void test_same_code_is_preferred_to_a_flow_step(void **state)
{
    (void)state;
    for (int order = 0; order < 2; order++) {
        candidate_list_t list;
        candidate_list_init(&list);
        candidate_t *passing = null_deref("a.c"); /* flow covers line 12 */
        candidate_t *direct = finding(&keeper_rule, "c.clang-null-dereference", "a.c", at(12, 22, 250, 267));
        if (order == 0) {
            assert_int_equal(candidate_list_push(&list, passing), 0);
            assert_int_equal(candidate_list_push(&list, direct), 0);
        } else {
            assert_int_equal(candidate_list_push(&list, direct), 0);
            assert_int_equal(candidate_list_push(&list, passing), 0);
        }
        assert_int_equal(candidate_list_push(&list, unchecked_alloc("a.c")), 0);
        assert_int_equal(merge_findings(&list), 1);
        assert_int_equal(list.count, 2);
        assert_non_null(candidate_fact(direct, "also_reported_by"));
        assert_null(candidate_fact(passing, "also_reported_by"));
        candidate_list_destroy(&list);
    }
}

/* Two reports of one rule merged into one keeper: each answers at its own line. */
static void test_each_merged_report_keeps_its_line(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    candidate_t *keeper = null_deref("a.c");
    assert_int_equal(candidate_list_push(&list, keeper), 0);
    assert_int_equal(candidate_list_push(&list, finding(&plain_rule, "c.unchecked-alloc", "a.c", at(13, 7, 302, 306))), 0);
    assert_int_equal(candidate_list_push(&list, unchecked_alloc("a.c")), 0);
    assert_int_equal(merge_findings(&list), 2);
    assert_int_equal(list.count, 1);
    assert_string_equal(candidate_fact(keeper, "also_reported_by"), "c.unchecked-alloc, c.unchecked-alloc");
    visits_t v = {.count = 0};
    assert_false(merge_findings_each(keeper, record, &v));
    assert_int_equal(v.count, 2);
    assert_int_equal(v.lines[0], 13);
    assert_int_equal(v.lines[1], 12);
    candidate_list_destroy(&list);
}

static void test_empty_list(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    assert_int_equal(merge_findings(&list), 0);
    assert_int_equal(list.count, 0);
    candidate_list_destroy(&list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flow_step_covering_the_other_report_merges),
        cmocka_unit_test(test_same_code_merges_and_keeps_the_place),
        cmocka_unit_test(test_unrelated_findings_stay_apart),
        cmocka_unit_test(test_same_code_is_preferred_to_a_flow_step),
        cmocka_unit_test(test_each_merged_report_keeps_its_line),
        cmocka_unit_test(test_empty_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
