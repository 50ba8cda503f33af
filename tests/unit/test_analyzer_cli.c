/* test_analyzer_cli.c — the lint command line parses the way its help says, and every
 * mistake comes back as a one-line message naming the option. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/cli_options.h"

/* Parses a NULL-terminated word list as `assay <words>`. */
static int parse(cli_options_t *o, const char *model_env, char *err, size_t err_size, ...)
{
    char *argv[64] = {"assay"};
    int argc = 1;
    va_list args;
    va_start(args, err_size);
    for (const char *w; (w = va_arg(args, const char *)) != NULL;) argv[argc++] = (char *)w;
    va_end(args);
    return cli_options_parse(o, argc, argv, 1, model_env, err, err_size);
}

static void test_defaults(void **state)
{
    (void)state;
    cli_options_t o;
    char err[256] = "";
    assert_int_equal(parse(&o, NULL, err, sizeof(err), NULL), 0);
    assert_int_equal(o.format, REPORT_GCC);
    assert_int_equal(o.fail_on, SEVERITY_WARNING);
    assert_int_equal(o.jobs, 0);
    assert_int_equal(o.color, COLOR_AUTO);
    assert_int_equal(o.path_count, 0);
    assert_null(o.output_path);
    assert_null(o.model_path);
    assert_false(o.quiet);
    cli_options_destroy(&o);
}

static void test_every_option_both_spellings(void **state)
{
    (void)state;
    cli_options_t o;
    char err[256] = "";
    assert_int_equal(parse(&o, NULL, err, sizeof(err), "--format=sarif", "-o", "out.sarif",
                           "--rules", "r/", "--enable=c.str*", "--disable", "c.gets",
                           "--fail-on=error", "-j3", "--quiet", "--baseline=b.json",
                           "--color=always", "--model", "m.gguf", "--ext=.c,h,inc",
                           "--root", "/src", "--stats", "--no-git", "-v", "src", "main.c", NULL),
                     0);
    assert_int_equal(o.format, REPORT_SARIF);
    assert_string_equal(o.output_path, "out.sarif");
    assert_string_equal(o.rules_dir, "r/");
    assert_int_equal(o.toggle_count, 2);
    assert_string_equal(o.toggles[0].pattern, "c.str*");
    assert_true(o.toggles[0].enable);
    assert_string_equal(o.toggles[1].pattern, "c.gets");
    assert_false(o.toggles[1].enable);
    assert_int_equal(o.fail_on, SEVERITY_ERROR);
    assert_int_equal(o.jobs, 3);
    assert_true(o.quiet);
    assert_string_equal(o.baseline_path, "b.json");
    assert_int_equal(o.color, COLOR_ALWAYS);
    assert_string_equal(o.model_path, "m.gguf");
    assert_int_equal(o.extension_count, 3);
    assert_string_equal(o.extensions[0], "c");
    assert_string_equal(o.extensions[2], "inc");
    assert_string_equal(o.root, "/src");
    assert_true(o.stats && o.no_git && o.verbose);
    assert_int_equal(o.path_count, 2);
    assert_string_equal(o.paths[0], "src");
    assert_string_equal(o.paths[1], "main.c");
    cli_options_destroy(&o);

    assert_int_equal(parse(&o, NULL, err, sizeof(err), "-f", "junit", "-oout.xml", "-j", "2",
                           "--no-color", "--fail-on", "none", "-q", NULL),
                     0);
    assert_int_equal(o.format, REPORT_JUNIT);
    assert_string_equal(o.output_path, "out.xml");
    assert_int_equal(o.jobs, 2);
    assert_int_equal(o.color, COLOR_NEVER);
    assert_int_equal(o.fail_on, SEVERITY_NONE);
    cli_options_destroy(&o);
}

static void test_model_from_environment(void **state)
{
    (void)state;
    cli_options_t o;
    char err[256] = "";
    assert_int_equal(parse(&o, "/models/env.gguf", err, sizeof(err), NULL), 0);
    assert_string_equal(o.model_path, "/models/env.gguf");
    cli_options_destroy(&o);
    /* the command line wins over the environment; an empty variable is unset */
    assert_int_equal(parse(&o, "/models/env.gguf", err, sizeof(err), "--model=cli.gguf", NULL), 0);
    assert_string_equal(o.model_path, "cli.gguf");
    cli_options_destroy(&o);
    assert_int_equal(parse(&o, "", err, sizeof(err), NULL), 0);
    assert_null(o.model_path);
    cli_options_destroy(&o);
}

static void test_double_dash_and_dash_paths(void **state)
{
    (void)state;
    cli_options_t o;
    char err[256] = "";
    assert_int_equal(parse(&o, NULL, err, sizeof(err), "-q", "--", "-weird.c", "--help", NULL), 0);
    assert_false(o.show_help);
    assert_int_equal(o.path_count, 2);
    assert_string_equal(o.paths[0], "-weird.c");
    cli_options_destroy(&o);
    assert_int_equal(parse(&o, NULL, err, sizeof(err), "--version", NULL), 0);
    assert_true(o.show_version);
    cli_options_destroy(&o);
    assert_int_equal(parse(&o, NULL, err, sizeof(err), "-h", NULL), 0);
    assert_true(o.show_help);
    cli_options_destroy(&o);
}

static void expect_usage_error(const char *needle, ...)
{
    char *argv[16] = {"assay"};
    int argc = 1;
    va_list args;
    va_start(args, needle);
    for (const char *w; (w = va_arg(args, const char *)) != NULL;) argv[argc++] = (char *)w;
    va_end(args);
    cli_options_t o;
    char err[256] = "";
    assert_int_equal(cli_options_parse(&o, argc, argv, 1, NULL, err, sizeof(err)), -1);
    if (!strstr(err, needle)) {
        print_error("error '%s' lacks '%s'\n", err, needle);
        fail();
    }
    assert_null(strchr(err, '\n')); /* one line */
    cli_options_destroy(&o);
}

static void test_usage_errors(void **state)
{
    (void)state;
    expect_usage_error("unknown option '--frob'", "--frob", NULL);
    expect_usage_error("unknown option '-Z'", "-Z", NULL);
    expect_usage_error("unknown format 'xml'", "--format=xml", NULL);
    expect_usage_error("unknown --fail-on level 'fatal'", "--fail-on=fatal", NULL);
    expect_usage_error("-j needs a number from 1 to 256, got 'many'", "-j", "many", NULL);
    expect_usage_error("got '0'", "-j0", NULL);
    expect_usage_error("got '4x'", "--jobs=4x", NULL);
    expect_usage_error("got '9999'", "-j", "9999", NULL);
    expect_usage_error("-o needs a value", "-o", NULL);
    expect_usage_error("--baseline needs a value", "--baseline", NULL);
    expect_usage_error("--quiet takes no value", "--quiet=yes", NULL);
    expect_usage_error("unknown --color 'sometimes'", "--color=sometimes", NULL);
    expect_usage_error("--ext needs a list", "--ext=,", NULL);
    expect_usage_error("--enable needs a rule id", "--enable=", NULL);
}

static void test_help_mentions_every_option(void **state)
{
    (void)state;
    const char *help = cli_options_help();
    static const char *const words[] = {"--format", "-o,", "--rules", "--enable", "--disable",
                                        "--fail-on", "-j,", "--quiet", "--version", "--help",
                                        "--baseline", "--no-color", "--color", "--model",
                                        "ASSAY_MODEL", "--ext", "--root", "--stats", "--verbose",
                                        "assay baseline write", "Exit status"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (!strstr(help, words[i])) {
            print_error("help lacks %s\n", words[i]);
            fail();
        }
    assert_int_equal(help[strlen(help) - 1], '\n');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_every_option_both_spellings),
        cmocka_unit_test(test_model_from_environment),
        cmocka_unit_test(test_double_dash_and_dash_paths),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_help_mentions_every_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
