/* test_analyzer_candidate.c — candidate ownership, facts, flows and the stable sort order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/candidate.h"

static candidate_t *make(const char *path, uint32_t line, uint32_t col, const char *rule)
{
    candidate_t *c = candidate_new();
    c->path = strdup(path);
    c->rule_id = strdup(rule);
    c->range.start_line = line;
    c->range.start_col = col;
    return c;
}

static void test_facts_are_copied_and_found(void **state)
{
    (void)state;
    candidate_t *c = candidate_new();
    char name[] = "dst_size";
    assert_int_equal(candidate_add_fact(c, name, "16"), 0);
    name[0] = 'X'; /* the candidate must own its copy */
    assert_string_equal(candidate_fact(c, "dst_size"), "16");
    assert_null(candidate_fact(c, "src"));
    candidate_free(c);
    candidate_free(NULL);
}

static void test_sort_orders_by_path_line_col_rule(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    candidate_list_push(&list, make("b.c", 1, 1, "c.x"));
    candidate_list_push(&list, make("a.c", 9, 2, "c.y"));
    candidate_list_push(&list, make("a.c", 9, 2, "c.a"));
    candidate_list_push(&list, make("a.c", 3, 7, "c.z"));
    candidate_list_sort(&list);
    assert_string_equal(list.items[0]->rule_id, "c.z");
    assert_string_equal(list.items[1]->rule_id, "c.a");
    assert_string_equal(list.items[2]->rule_id, "c.y");
    assert_string_equal(list.items[3]->path, "b.c");
    candidate_list_destroy(&list);
}

static void test_severity_names_round_trip(void **state)
{
    (void)state;
    severity_t s;
    assert_int_equal(severity_parse("warning", &s), 0);
    assert_int_equal(s, SEVERITY_WARNING);
    assert_string_equal(severity_name(SEVERITY_ERROR), "error");
    assert_int_equal(severity_parse("fatal", &s), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_facts_are_copied_and_found),
        cmocka_unit_test(test_sort_orders_by_path_line_col_rule),
        cmocka_unit_test(test_severity_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
