/* test_cli_config.c — .assay.yml: every key read, every mistake an error naming the file,
 * line and key, and the policy a run gets from it: rules, certainty and failure level per
 * path (top level, then matching overrides, then the command line), exclusion by glob or
 * folder, and the command line winning over the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/config.h"

static config_t *parse_ok(const char *text)
{
    config_t *c = NULL;
    char err[512] = "";
    int rc = config_parse(&c, "p/.assay.yml", "/proj", text, strlen(text), err, sizeof(err));
    if (rc != 0) fail_msg("unexpected error: %s", err);
    return c;
}

static void expect_error(const char *text, const char *message)
{
    config_t *c = NULL;
    char err[512] = "";
    assert_int_equal(config_parse(&c, "p/.assay.yml", "/proj", text, strlen(text), err, sizeof(err)), -1);
    assert_null(c);
    if (strcmp(err, message) != 0) fail_msg("got '%s', want '%s'", err, message);
}

static const char full[] = "# a project's settings\n"
                           "rules:\n"
                           "  disable: ['c.weak-*', c.gets]\n"
                           "  enable: c.weak-random\n"
                           "exclude: [third_party/, './gen/*.c']\n"
                           "min-certainty: high\n"
                           "fail-on: error\n"
                           "model: models/m.gguf\n"
                           "review-budget: 1500ms\n"
                           "overrides:\n"
                           "  - paths: [src/tests]\n"
                           "    rules: {enable: [c.gets]}\n"
                           "    min-certainty: low\n"
                           "    fail-on: none\n"
                           "  - paths: legacy\n"
                           "    fail-on: warning\n";

static void test_every_key(void **state)
{
    (void)state;
    config_t *c = parse_ok(full);
    assert_int_equal(c->top.toggle_count, 3);
    assert_string_equal(c->top.toggles[0].pattern, "c.weak-*");
    assert_false(c->top.toggles[0].enable);
    assert_int_equal(c->top.toggles[0].line, 3);
    assert_string_equal(c->top.toggles[2].pattern, "c.weak-random");
    assert_true(c->top.toggles[2].enable);
    assert_int_equal(c->exclude_count, 2);
    assert_string_equal(c->exclude[0], "third_party");
    assert_string_equal(c->exclude[1], "gen/*.c");
    assert_int_equal(c->top.min_certainty, CERTAINTY_HIGH);
    assert_true(c->top.fail_on_set);
    assert_int_equal(c->top.fail_on, SEVERITY_ERROR);
    assert_string_equal(c->model, "/proj/models/m.gguf");
    assert_true(c->review_budget > 1.49 && c->review_budget < 1.51);
    assert_int_equal(c->override_count, 2);
    assert_string_equal(c->overrides[0].paths[0], "src/tests");
    assert_int_equal(c->overrides[0].min_certainty, CERTAINTY_LOW);
    assert_int_equal(c->overrides[1].line, 15);
    config_free(c);
}

static void test_empty_file_is_fine(void **state)
{
    (void)state;
    config_free(parse_ok(""));
    config_free(parse_ok("# nothing set\n"));
}

static void test_errors_name_file_line_and_key(void **state)
{
    (void)state;
    expect_error("fail-on: warning\nrulez: {}\n",
                 "p/.assay.yml:2: unknown key 'rulez' (want rules, exclude, min-certainty, fail-on, model, "
                 "review-budget, overrides)");
    expect_error("fail-on: hgih\n", "p/.assay.yml:1: fail-on: unknown level 'hgih' (want error, warning, note, none)");
    expect_error("\nmin-certainty: sure\n",
                 "p/.assay.yml:2: min-certainty: unknown certainty 'sure' (want low, medium, high)");
    expect_error("review-budget: soon\n",
                 "p/.assay.yml:1: review-budget: want seconds such as 2, 2s or 1500ms, got 'soon'");
    expect_error("rules:\n  off: [c.gets]\n",
                 "p/.assay.yml:2: unknown key 'off' in rules (want enable, disable)");
    expect_error("overrides:\n  - rules: {disable: c.gets}\n", "p/.assay.yml:2: overrides: an entry needs paths");
    expect_error("overrides:\n  - paths: a\n    colour: red\n",
                 "p/.assay.yml:3: unknown key 'colour' in overrides (want paths, rules, min-certainty, fail-on)");
    expect_error("fail-on: error\nfail-on: note\n", "p/.assay.yml:2: fail-on: repeated key");
    expect_error("exclude: {a: b}\n", "p/.assay.yml:1: exclude: want a list of words, got a mapping");
    expect_error("- a\n- b\n", "p/.assay.yml:1: the file: want a mapping of keys");
    expect_error("fail-on: error\n---\nfail-on: note\n", "p/.assay.yml:3: want one YAML document, found another");
    config_t *c = NULL;
    char err[256] = "";
    assert_int_equal(config_parse(&c, "p/.assay.yml", "/proj", "a: [\n", 4, err, sizeof(err)), -1);
    assert_true(strncmp(err, "p/.assay.yml:", 13) == 0);
}

static void test_policy_per_path(void **state)
{
    (void)state;
    config_t *c = parse_ok(full);
    config_policy_t p = {.config = c, .root = "/proj"};
    /* top level: c.weak-* off except c.weak-random; c.gets off */
    assert_false(config_policy_rule_enabled(&p, "c.weak-seed", "src/a.c"));
    assert_true(config_policy_rule_enabled(&p, "c.weak-random", "src/a.c"));
    assert_false(config_policy_rule_enabled(&p, "c.gets", "src/a.c"));
    assert_true(config_policy_rule_enabled(&p, "c.strcpy-unbounded", "src/a.c"));
    /* the override turns c.gets back on below src/tests */
    assert_true(config_policy_rule_enabled(&p, "c.gets", "src/tests/t.c"));
    assert_true(config_policy_rule_enabled(&p, "c.gets", "src/tests/deep/u.c"));
    assert_false(config_policy_rule_enabled(&p, "c.gets", "src/testsuite.c"));
    assert_int_equal(config_policy_min_certainty(&p, "src/a.c"), CERTAINTY_HIGH);
    assert_int_equal(config_policy_min_certainty(&p, "src/tests/t.c"), CERTAINTY_LOW);
    assert_int_equal(config_policy_lowest_certainty(&p), CERTAINTY_LOW);
    assert_int_equal(config_policy_fail_on(&p, "src/a.c"), SEVERITY_ERROR);
    assert_int_equal(config_policy_fail_on(&p, "src/tests/t.c"), SEVERITY_NONE);
    assert_int_equal(config_policy_fail_on(&p, "legacy/old.c"), SEVERITY_WARNING);
    /* exclusion: a folder covers what is inside; a glob's '*' crosses '/' */
    assert_true(config_policy_excludes(&p, "third_party/zlib/inflate.c"));
    assert_true(config_policy_excludes(&p, "gen/parser.c"));
    assert_true(config_policy_excludes(&p, "gen/sub/lexer.c"));
    assert_false(config_policy_excludes(&p, "src/gen/parser.c"));
    assert_false(config_policy_excludes(&p, "third_party.c"));
    config_free(c);
}

static void test_paths_are_relative_to_the_file(void **state)
{
    (void)state;
    config_t *c = parse_ok("exclude: [vendor]\n");
    /* the run's root is above the file's folder /proj */
    config_policy_t p = {.config = c, .root = "/"};
    assert_true(config_policy_excludes(&p, "proj/vendor/a.c"));
    assert_false(config_policy_excludes(&p, "vendor/a.c")); /* outside /proj */
    config_free(c);
}

static void test_command_line_wins(void **state)
{
    (void)state;
    config_t *c = parse_ok(full);
    cli_rule_toggle_t toggles[] = {{"c.weak-*", true}, {"c.gets", false}};
    config_policy_t p = {.config = c, .root = "/proj", .cli_toggles = toggles, .cli_toggle_count = 2,
                         .cli_min_certainty = CERTAINTY_MEDIUM, .cli_fail_on = SEVERITY_NOTE,
                         .cli_fail_on_given = true};
    assert_true(config_policy_rule_enabled(&p, "c.weak-seed", "src/a.c"));
    assert_false(config_policy_rule_enabled(&p, "c.gets", "src/tests/t.c"));
    assert_int_equal(config_policy_min_certainty(&p, "src/tests/t.c"), CERTAINTY_MEDIUM);
    assert_int_equal(config_policy_lowest_certainty(&p), CERTAINTY_MEDIUM);
    assert_int_equal(config_policy_fail_on(&p, "src/tests/t.c"), SEVERITY_NOTE);
    config_free(c);
}

static void test_no_file_means_defaults(void **state)
{
    (void)state;
    config_policy_t p = {.root = "/proj"};
    assert_true(config_policy_rule_enabled(&p, "c.gets", "a.c"));
    assert_false(config_policy_excludes(&p, "a.c"));
    assert_int_equal(config_policy_min_certainty(&p, "a.c"), CERTAINTY_MEDIUM);
    assert_int_equal(config_policy_fail_on(&p, "a.c"), SEVERITY_WARNING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_empty_file_is_fine),
        cmocka_unit_test(test_errors_name_file_line_and_key),
        cmocka_unit_test(test_policy_per_path),
        cmocka_unit_test(test_paths_are_relative_to_the_file),
        cmocka_unit_test(test_command_line_wins),
        cmocka_unit_test(test_no_file_means_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
