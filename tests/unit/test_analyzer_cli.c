/* test_analyzer_cli.c — the lint command line parses the way its help says (getopt_long:
 * bundled short options, options anywhere, "--", "-" as a path), every mistake comes back
 * as a one-line message naming the option, main finds the subcommand word after leading
 * options, and parsing one command line after another starts afresh each time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/cli_args.h"
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
    /* "-" is a path like any other; options before "--" still count */
    assert_int_equal(parse(&o, NULL, err, sizeof(err), "-", "-q", "src", "--", "-x.c", NULL), 0);
    assert_true(o.quiet);
    assert_int_equal(o.path_count, 3);
    assert_string_equal(o.paths[0], "-");
    assert_string_equal(o.paths[1], "src");
    assert_string_equal(o.paths[2], "-x.c");
    cli_options_destroy(&o);
    assert_int_equal(parse(&o, NULL, err, sizeof(err), "--version", NULL), 0);
    assert_true(o.show_version);
    cli_options_destroy(&o);
    assert_int_equal(parse(&o, NULL, err, sizeof(err), "-h", NULL), 0);
    assert_true(o.show_help);
    cli_options_destroy(&o);
}

/* Parses `assay <words>` and expects exactly the usage problem want. */
static void expect_usage_error(const char *want, ...)
{
    char *argv[16] = {"assay"};
    int argc = 1;
    va_list args;
    va_start(args, want);
    for (const char *w; (w = va_arg(args, const char *)) != NULL;) argv[argc++] = (char *)w;
    va_end(args);
    cli_options_t o;
    char err[256] = "";
    assert_int_equal(cli_options_parse(&o, argc, argv, 1, NULL, err, sizeof(err)), -1);
    assert_string_equal(err, want);
    cli_options_destroy(&o);
}

static void test_usage_errors(void **state)
{
    (void)state;
    expect_usage_error("unknown option '--frob'", "--frob", NULL);
    expect_usage_error("unknown option '--frob'", "src", "--frob=3", NULL);
    expect_usage_error("unknown option '-Z'", "-Z", NULL);
    expect_usage_error("unknown option '-Z'", "-qZ", NULL);
    expect_usage_error("--format: unknown format 'xml' (want gcc, sarif, junit, json, codequality)",
                       "--format=xml", NULL);
    expect_usage_error("-f: unknown format 'xml' (want gcc, sarif, junit, json, codequality)",
                       "-fxml", NULL);
    expect_usage_error("--fail-on: unknown level 'fatal' (want error, warning, note, none)",
                       "--fail-on=fatal", NULL);
    expect_usage_error("--min-certainty: unknown certainty 'sure' (want low, medium, high)",
                       "--min-certainty", "sure", NULL);
    expect_usage_error("-j: want a number from 1 to 256, got 'many'", "-j", "many", NULL);
    expect_usage_error("-j: want a number from 1 to 256, got '0'", "-qj0", NULL);
    expect_usage_error("--jobs: want a number from 1 to 256, got '4x'", "--jobs=4x", NULL);
    expect_usage_error("--jobs: want a number from 1 to 256, got '9999'", "--jo", "9999", NULL);
    expect_usage_error("option '-o' needs a value", "-o", NULL);
    expect_usage_error("option '-o' needs a value", "-qo", NULL);
    expect_usage_error("option '--output' needs a value", "--output", NULL);
    expect_usage_error("option '--format' needs a value", "x.c", "--format", NULL);
    expect_usage_error("option '--baseline' needs a value", "--baseline", NULL);
    expect_usage_error("option '--quiet' takes no value", "--quiet=yes", NULL);
    expect_usage_error("option '--no' is ambiguous (--no-color, --no-git, --no-clang, --no-config, --no-cache)", "--no",
                       NULL);
    expect_usage_error("--color: unknown value 'sometimes' (want auto, always, never)",
                       "--color=sometimes", NULL);
    expect_usage_error("--ext: want a list of extensions such as 'c,h', got ','", "--ext=,", NULL);
    expect_usage_error("--enable: want a rule id or glob, got ''", "--enable=", NULL);
    expect_usage_error("-o: want a file name, got ''", "-o", "", NULL);
}

static void test_bundled_short_options(void **state)
{
    (void)state;
    cli_options_t o;
    char err[256] = "";
    assert_int_equal(parse(&o, NULL, err, sizeof(err), "-qvj2", NULL), 0);
    assert_true(o.quiet && o.verbose);
    assert_int_equal(o.jobs, 2);
    cli_options_destroy(&o);
    /* a value-taking option ends the bundle: the rest of it, or the next word, is its value */
    assert_int_equal(parse(&o, NULL, err, sizeof(err), "-qj", "3", "-vofile.txt", NULL), 0);
    assert_int_equal(o.jobs, 3);
    assert_true(o.quiet && o.verbose);
    assert_string_equal(o.output_path, "file.txt");
    assert_int_equal(o.path_count, 0);
    cli_options_destroy(&o);
    assert_int_equal(parse(&o, NULL, err, sizeof(err), "-qfjson", "-pbuild", NULL), 0);
    assert_int_equal(o.format, REPORT_JSON);
    assert_string_equal(o.compile_commands, "build");
    cli_options_destroy(&o);
}

static void test_options_anywhere(void **state)
{
    (void)state;
    cli_options_t o;
    char err[256] = "";
    /* options after and between paths; the paths keep their order */
    assert_int_equal(parse(&o, NULL, err, sizeof(err), "src", "-q", "lib", "--format", "sarif",
                           "main.c", "--jobs=2", NULL),
                     0);
    assert_true(o.quiet);
    assert_int_equal(o.format, REPORT_SARIF);
    assert_int_equal(o.jobs, 2);
    assert_int_equal(o.path_count, 3);
    assert_string_equal(o.paths[0], "src");
    assert_string_equal(o.paths[1], "lib");
    assert_string_equal(o.paths[2], "main.c");
    cli_options_destroy(&o);
    /* an unambiguous prefix of a long option is the option */
    assert_int_equal(parse(&o, NULL, err, sizeof(err), "--form=junit", "--fail", "none", NULL), 0);
    assert_int_equal(o.format, REPORT_JUNIT);
    assert_int_equal(o.fail_on, SEVERITY_NONE);
    cli_options_destroy(&o);
}

static void test_parse_after_parse(void **state)
{
    (void)state;
    cli_options_t o;
    char err[256] = "";
    /* a failure in the middle of a bundle leaves getopt half-way through "-qZv": the next
     * parse must not carry on from there */
    assert_int_equal(parse(&o, NULL, err, sizeof(err), "-qZv", "a.c", NULL), -1);
    cli_options_destroy(&o);
    assert_int_equal(parse(&o, NULL, err, sizeof(err), "b.c", "-j4", NULL), 0);
    assert_false(o.quiet || o.verbose);
    assert_int_equal(o.jobs, 4);
    assert_int_equal(o.path_count, 1);
    assert_string_equal(o.paths[0], "b.c");
    cli_options_destroy(&o);
    /* a parse that starts later in argv (the first index) sees only the words from there */
    char *argv[] = {"assay", "-q", "--frob", "-v", "x.c", NULL};
    assert_int_equal(cli_options_parse(&o, 5, argv, 3, NULL, err, sizeof(err)), 0);
    assert_true(o.verbose);
    assert_false(o.quiet);
    assert_int_equal(o.path_count, 1);
    assert_string_equal(o.paths[0], "x.c");
    cli_options_destroy(&o);
}

/* cli_options_first_argument on `assay <words>` */
static int first_argument(const char *first, ...)
{
    char *argv[16] = {"assay"};
    int argc = 1;
    va_list args;
    va_start(args, first);
    for (const char *w = first; w; w = va_arg(args, const char *)) argv[argc++] = (char *)w;
    va_end(args);
    argv[argc] = NULL;
    return cli_options_first_argument(argc, argv);
}

static void test_subcommand_word(void **state)
{
    (void)state;
    assert_int_equal(first_argument("baseline", "write", "F", NULL), 1);
    assert_int_equal(first_argument("-q", "baseline", "write", "F", "src/", NULL), 2);
    assert_int_equal(first_argument("-qj", "2", "--format=json", "model", "info", NULL), 4);
    assert_int_equal(first_argument("-o", "model", "x.c", NULL), 3); /* "model" is -o's value */
    assert_int_equal(first_argument("--output", "model", NULL), 0);
    assert_int_equal(first_argument("-q", "--", "model", NULL), 0); /* after "--": a path */
    assert_int_equal(first_argument("-Z", "model", NULL), 0); /* lint will name -Z */
    assert_int_equal(first_argument("-", "model", NULL), 1);
    assert_int_equal(first_argument(NULL), 0);
}

/* cli_args itself: ids, names as spelled, positional indexes and "--" */
static void test_cli_args_reading(void **state)
{
    (void)state;
    static const cli_arg_spec_t specs[] = {
        {"jobs", 'j', true, 7}, {"quiet", 'q', false, 8}, {"long-only", 0, true, 9},
        {NULL, 'n', true, 10},
    };
    char *argv[] = {"prog", "a", "-qj2", "--jo", "3", "--long=x", "-", "-n5", "--", "-q", "b", NULL};
    cli_args_t args;
    cli_arg_t arg;
    char err[128] = "";
    assert_int_equal(cli_args_begin(&args, specs, 4, 11, argv, 1, err, sizeof(err)), 0);
    static const struct {
        int id;
        const char *value, *name;
        int index;
        bool after;
    } want[] = {
        {CLI_ARG_POSITIONAL, "a", "", 1, false}, {8, NULL, "-q", 0, false},
        {7, "2", "-j", 0, false}, {7, "3", "--jobs", 0, false},
        {9, "x", "--long-only", 0, false}, {CLI_ARG_POSITIONAL, "-", "", 6, false},
        {10, "5", "-n", 0, false}, {CLI_ARG_POSITIONAL, "-q", "", 9, true},
        {CLI_ARG_POSITIONAL, "b", "", 10, true},
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        assert_int_equal(cli_args_next(&args, &arg, err, sizeof(err)), 1);
        assert_int_equal(arg.id, want[i].id);
        if (want[i].value) assert_string_equal(arg.value, want[i].value);
        else assert_null(arg.value);
        assert_string_equal(arg.name, want[i].name);
        if (want[i].id == CLI_ARG_POSITIONAL) {
            assert_int_equal(arg.index, want[i].index);
            assert_int_equal(arg.after_double_dash, want[i].after);
        }
    }
    assert_int_equal(cli_args_next(&args, &arg, err, sizeof(err)), 0);
    /* argv is read in place, not reordered */
    assert_string_equal(argv[1], "a");
    assert_string_equal(argv[6], "-");
    assert_string_equal(argv[8], "--");
    /* a table with a short name twice is refused */
    static const cli_arg_spec_t twice[] = {{"a", 'x', false, 1}, {"b", 'x', false, 2}};
    assert_int_equal(cli_args_begin(&args, twice, 2, 11, argv, 1, err, sizeof(err)), -1);
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
        cmocka_unit_test(test_bundled_short_options),
        cmocka_unit_test(test_options_anywhere),
        cmocka_unit_test(test_parse_after_parse),
        cmocka_unit_test(test_subcommand_word),
        cmocka_unit_test(test_cli_args_reading),
        cmocka_unit_test(test_help_mentions_every_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
