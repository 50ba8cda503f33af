/* cli_options.c — option parsing and help text for the lint and baseline commands
 * (see cli_options.h).
 *
 * A constant table names each option, its short form and whether it takes a value;
 * cli_args (getopt_long) reads the command line with it and hands each (id, value) to
 * apply_option, which checks the value and fills the struct. */
#include "cli/cli_options.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_args.h"

typedef enum {
    OPT_FORMAT, OPT_OUTPUT, OPT_RULES, OPT_ENABLE, OPT_DISABLE, OPT_FAIL_ON, OPT_JOBS,
    OPT_QUIET, OPT_VERSION, OPT_HELP, OPT_BASELINE, OPT_NO_COLOR, OPT_COLOR, OPT_MODEL,
    OPT_EXT, OPT_ROOT, OPT_STATS, OPT_NO_GIT, OPT_COMPDB_DIR, OPT_COMPDB_FILE, OPT_NO_CLANG,
    OPT_VERBOSE,
    OPT_MIN_CERTAINTY, OPT_FIX, OPT_FIX_DRY_RUN, OPT_STDIN_FILENAME,
    /* model review */
    OPT_REVIEW_THRESHOLD, OPT_REVIEW_BUDGET, OPT_REVIEW_MAX_TOKENS, OPT_SHOW_DISMISSED,
    /* workflows */
    OPT_CONFIG, OPT_NO_CONFIG, OPT_LIST_RULES, OPT_EXPLAIN, OPT_STAGED, OPT_DIFF, OPT_ALL_LINES,
    OPT_NO_CACHE, OPT_SHARD,
} option_id_t;

static const cli_arg_spec_t option_specs[] = {
    {"format", 'f', true, OPT_FORMAT},     {"output", 'o', true, OPT_OUTPUT},
    {"rules", 0, true, OPT_RULES},         {"enable", 0, true, OPT_ENABLE},
    {"disable", 0, true, OPT_DISABLE},     {"fail-on", 0, true, OPT_FAIL_ON},
    {"jobs", 'j', true, OPT_JOBS},         {"quiet", 'q', false, OPT_QUIET},
    {"version", 'V', false, OPT_VERSION},  {"help", 'h', false, OPT_HELP},
    {"baseline", 0, true, OPT_BASELINE},   {"no-color", 0, false, OPT_NO_COLOR},
    {"color", 0, true, OPT_COLOR},         {"model", 0, true, OPT_MODEL},
    {"ext", 0, true, OPT_EXT},             {"root", 0, true, OPT_ROOT},
    {"stats", 0, false, OPT_STATS},        {"no-git", 0, false, OPT_NO_GIT},
    {"build-path", 'p', true, OPT_COMPDB_DIR}, {"compile-commands", 0, true, OPT_COMPDB_FILE},
    {"no-clang", 0, false, OPT_NO_CLANG},  {"verbose", 'v', false, OPT_VERBOSE},
    {"min-certainty", 0, true, OPT_MIN_CERTAINTY},
    {"fix", 0, false, OPT_FIX},            {"fix-dry-run", 0, false, OPT_FIX_DRY_RUN},
    {"stdin-filename", 0, true, OPT_STDIN_FILENAME},
    /* model review */
    {"review-threshold", 0, true, OPT_REVIEW_THRESHOLD}, {"review-budget", 0, true, OPT_REVIEW_BUDGET},
    {"review-max-tokens", 0, true, OPT_REVIEW_MAX_TOKENS}, {"show-dismissed", 0, false, OPT_SHOW_DISMISSED},
    /* workflows */
    {"config", 0, true, OPT_CONFIG},       {"no-config", 0, false, OPT_NO_CONFIG},
    {"list-rules", 0, false, OPT_LIST_RULES}, {"explain", 0, true, OPT_EXPLAIN},
    {"staged", 0, false, OPT_STAGED},      {"diff", 0, true, OPT_DIFF},
    {"all-lines", 0, false, OPT_ALL_LINES},
    {"no-cache", 0, false, OPT_NO_CACHE},  {"shard", 0, true, OPT_SHARD},
};
#define OPTION_COUNT (sizeof(option_specs) / sizeof(option_specs[0]))

static const char help_text[] =
    "usage: assay [options] [paths...]\n"
    "       assay baseline write FILE [options] [paths...]\n"
    "       assay model ... | assay grammar ...\n"
    "\n"
    "Lints C files for API misuse and security smells. Paths are files and folders\n"
    "(default: .). In a git work tree, folders contribute the files git tracks or would\n"
    "track; elsewhere every file. Only *.c and *.h unless --ext says otherwise; files named\n"
    "on the command line are always linted.\n"
    "\n"
    "Options go before, between or after paths (also before `baseline`); short ones\n"
    "bundle (-qj2); a long one takes its value as --jobs=2 or --jobs 2; -- ends the\n"
    "options (assay -- -x.c lints a file named -x.c).\n"
    "\n"
    "Output:\n"
    "  -f, --format=FMT      gcc (default), sarif, junit, json, codequality\n"
    "  -o, --output=FILE     write the report to FILE (atomically) instead of stdout\n"
    "      --color=WHEN      auto (default: only on a terminal), always, never\n"
    "      --no-color        same as --color=never (NO_COLOR in the environment too)\n"
    "  -q, --quiet           no notes on stderr (per-file problems are still printed)\n"
    "  -v, --verbose         list each file the libclang pass only partly analysed\n"
    "                        (missing includes...) instead of one summary line\n"
    "      --stats           print files, lines, time and throughput to stderr\n"
    "\n"
    "Rules:\n"
    "      --rules=DIR       rule pack folder (default: the rules/ installed with assay)\n"
    "      --enable=RULE     enable a rule; RULE may be a glob (c.str*); repeatable\n"
    "      --disable=RULE    disable a rule or glob; repeatable, applied in order\n"
    "\n"
    "Model review (a local model judges each candidate and drafts fixes the analyzer\n"
    "re-verifies; without a model the run is static only):\n"
    "      --model=FILE      GGUF model that reviews candidates (or ASSAY_MODEL)\n"
    "      --review-threshold=N  confidence (0-100, default 80) from which a verdict acts:\n"
    "                        a false positive on a low or medium finding is dismissed\n"
    "                        (kept as suppressed in SARIF), a confirmed low one reported;\n"
    "                        high findings are never dismissed\n"
    "      --review-budget=SECONDS  wall time for the review; what does not fit is\n"
    "                        reported unreviewed (default: no limit)\n"
    "      --review-max-tokens=N  tokens the model may write per candidate (default 640)\n"
    "      --show-dismissed  print dismissed findings too (gcc, Code Quality)\n"
    "\n"
    "Findings:\n"
    "      --fail-on=LEVEL   exit 1 on findings at or above error, warning (default),\n"
    "                        note; none never fails\n"
    "      --min-certainty=C report findings of certainty C or above: high (proved on a\n"
    "                        path or from untrusted input), medium (a pattern the semantic\n"
    "                        pass could not decide; default), low (rests on a value assay\n"
    "                        cannot see: a parameter, a global, another function's result)\n"
    "      --baseline=FILE   report only findings not recorded in FILE\n"
    "                        (assay baseline write FILE records today's findings)\n"
    "\n"
    "Fixes (only fixes the analyzer re-verified; others are never applied):\n"
    "      --fix             write the verified fixes into the files (atomically; a file\n"
    "                        changed on disk since it was read, or read-only, is left\n"
    "                        alone; a symlink is written through to its target); the\n"
    "                        report then lists only what remains\n"
    "      --fix-dry-run     print what --fix would write as a unified diff (paths\n"
    "                        relative to the root, for git apply) on stdout instead of\n"
    "                        the report (-o still writes the report); changes nothing\n"
    "\n"
    "Changed code (pre-commit, pull requests):\n"
    "      --staged          lint what is staged for the next commit (the index, not the\n"
    "                        work tree) of the changed C files; paths narrow the files;\n"
    "                        a model reviews for --review-budget (default here: 2 s)\n"
    "      --diff=REV        lint the files changed since REV (from the merge base of REV\n"
    "                        and HEAD to the work tree)\n"
    "      --all-lines       with --staged/--diff: report findings on every line of those\n"
    "                        files, not only on added or changed lines\n"
    "\n"
    "Configuration (.assay.yml, the nearest in the linted path's folder or above):\n"
    "      --config=FILE     read FILE instead; --no-config: read none\n"
    "      --list-rules      list the rules (id, severity, CWE, engine, fix); --format=json\n"
    "      --explain=RULE    what RULE finds, why, and examples from the corpus\n"
    "\n"
    "Inputs:\n"
    "      --ext=LIST        file extensions to lint in folders (default: c,h)\n"
    "      --root=DIR        report paths relative to DIR (default: git top level, else .)\n"
    "      --no-git          walk folders even inside a git work tree\n"
    "  -j, --jobs=N          scan on N threads (default: number of cores)\n"
    "      --shard=I/N       lint only piece I (1..N) of the files, split by path hash and\n"
    "                        balanced by size (assay merge joins the pieces' SARIF)\n"
    "      --no-cache        neither read nor write the results cache ($ASSAY_CACHE, else\n"
    "                        $XDG_CACHE_HOME/assay/results.db or ~/.cache/assay/results.db)\n"
    "      --stdin-filename=PATH  for editors: lint the text read from standard input\n"
    "                        as if it were the file PATH (its compile command, its\n"
    "                        rules; reported as PATH): assay --stdin-filename=src/x.c -\n"
    "\n"
    "Semantic pass (libclang):\n"
    "  -p, --build-path=DIR  folder with compile_commands.json: each file is parsed with its\n"
    "                        own flags (without one: default flags; files with includes\n"
    "                        that could not be resolved are counted, -v lists them)\n"
    "      --compile-commands=FILE  the compilation database file itself\n"
    "      --no-clang        tree-sitter rules only (faster, fewer facts, more false alarms)\n"
    "\n"
    "  -V, --version         print the version and exit\n"
    "  -h, --help            print this help and exit\n"
    "\n"
    "Suppress one finding in the source: // assay-ignore[RULE]: reason (or NOLINT(RULE),\n"
    "NOLINTNEXTLINE(RULE)).\n"
    "Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage or input error\n"
    "(including: no file could be read).\n";

const char *cli_options_help(void)
{
    return help_text;
}

void cli_options_destroy(cli_options_t *options)
{
    if (!options) return;
    free(options->toggles);
    for (size_t i = 0; i < options->extension_count; i++) free(options->extensions[i]);
    free(options->extensions);
    free(options->paths);
    memset(options, 0, sizeof(*options));
}

__attribute__((format(printf, 3, 4)))
static int usage(char *err, size_t err_size, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(err, err_size, format, args);
    va_end(args);
    return -1;
}

static int parse_extensions(cli_options_t *o, const char *name, const char *list, char *err,
                            size_t err_size)
{
    for (size_t i = 0; i < o->extension_count; i++) free(o->extensions[i]);
    o->extension_count = 0;
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        if (!end) end = p + strlen(p);
        const char *start = *p == '.' ? p + 1 : p; /* ".c" and "c" both fine */
        if (end > start) {
            char **grown = realloc(o->extensions, (o->extension_count + 1) * sizeof(char *));
            if (!grown) return usage(err, err_size, "out of memory");
            o->extensions = grown;
            if (!(o->extensions[o->extension_count] = strndup(start, (size_t)(end - start))))
                return usage(err, err_size, "out of memory");
            o->extension_count++;
        }
        p = *end ? end + 1 : end;
    }
    if (o->extension_count == 0)
        return usage(err, err_size, "%s: want a list of extensions such as 'c,h', got '%s'",
                     name, list);
    return 0;
}

/* The options of the workflows (configuration file, rule list, changed code). */
static int apply_workflow_option(cli_options_t *o, option_id_t id, const char *name, const char *value,
                                 char *err, size_t err_size)
{
    if (value && !*value) return usage(err, err_size, "%s: want a value, got ''", name);
    switch (id) {
    case OPT_CONFIG: o->config_path = value; break;
    case OPT_NO_CONFIG: o->no_config = true; break;
    case OPT_LIST_RULES: o->list_rules = true; break;
    case OPT_EXPLAIN: o->explain_rule = value; break;
    case OPT_STAGED: o->staged = true; break;
    case OPT_DIFF: o->diff_rev = value; break;
    case OPT_ALL_LINES: o->all_lines = true; break;
    default: break;
    }
    return 0;
}

/* What is wrong with the workflow options together with the rest, or NULL. */
static const char *workflow_problem(const cli_options_t *o)
{
    if (o->config_path && o->no_config) return "--config and --no-config: pick one";
    if (o->staged && o->diff_rev) return "--staged and --diff: pick one";
    if (o->all_lines && !o->staged && !o->diff_rev) return "--all-lines needs --staged or --diff";
    if ((o->staged || o->diff_rev) && o->stdin_filename)
        return "--stdin-filename with --staged/--diff: the text comes from git, not stdin";
    if (o->staged && o->fix)
        return "--fix with --staged: the fixes would go into the work tree, not the staged text";
    return NULL;
}

/* Checks one option's value and records it; name is the option as the user spelled it
 * ("-j" or "--jobs"), for the message. */
static int apply_option(cli_options_t *o, option_id_t id, const char *name, const char *value,
                        char *err, size_t err_size)
{
    switch (id) {
    case OPT_FORMAT:
        if (report_format_parse(value, &o->format) != 0)
            return usage(err, err_size,
                         "%s: unknown format '%s' (want gcc, sarif, junit, json, codequality)",
                         name, value);
        return 0;
    case OPT_OUTPUT:
        if (!*value) return usage(err, err_size, "%s: want a file name, got ''", name);
        o->output_path = value;
        return 0;
    case OPT_RULES: o->rules_dir = value; return 0;
    case OPT_ENABLE:
    case OPT_DISABLE: {
        if (!*value) return usage(err, err_size, "%s: want a rule id or glob, got ''", name);
        cli_rule_toggle_t *grown = realloc(o->toggles, (o->toggle_count + 1) * sizeof(*grown));
        if (!grown) return usage(err, err_size, "out of memory");
        o->toggles = grown;
        o->toggles[o->toggle_count++] = (cli_rule_toggle_t){value, id == OPT_ENABLE};
        return 0;
    }
    case OPT_FAIL_ON:
        if (severity_parse(value, &o->fail_on) != 0)
            return usage(err, err_size, "%s: unknown level '%s' (want error, warning, note, none)",
                         name, value);
        o->fail_on_given = true;
        return 0;
    case OPT_MIN_CERTAINTY:
        if (certainty_parse(value, &o->min_certainty) != 0)
            return usage(err, err_size, "%s: unknown certainty '%s' (want low, medium, high)",
                         name, value);
        o->min_certainty_given = true;
        return 0;
    case OPT_JOBS: {
        char *end;
        errno = 0;
        long n = strtol(value, &end, 10);
        if (errno || end == value || *end || n < 1 || n > 256)
            return usage(err, err_size, "%s: want a number from 1 to 256, got '%s'", name, value);
        o->jobs = (int)n;
        return 0;
    }
    case OPT_QUIET: o->quiet = true; return 0;
    case OPT_VERSION: o->show_version = true; return 0;
    case OPT_HELP: o->show_help = true; return 0;
    case OPT_BASELINE: o->baseline_path = value; return 0;
    case OPT_NO_COLOR: o->color = COLOR_NEVER; return 0;
    case OPT_COLOR:
        if (strcmp(value, "auto") == 0) o->color = COLOR_AUTO;
        else if (strcmp(value, "always") == 0) o->color = COLOR_ALWAYS;
        else if (strcmp(value, "never") == 0) o->color = COLOR_NEVER;
        else return usage(err, err_size, "%s: unknown value '%s' (want auto, always, never)",
                          name, value);
        return 0;
    case OPT_MODEL: o->model_path = value; return 0;
    case OPT_EXT: return parse_extensions(o, name, value, err, err_size);
    case OPT_ROOT: o->root = value; return 0;
    case OPT_STATS: o->stats = true; return 0;
    case OPT_NO_GIT: o->no_git = true; return 0;
    case OPT_COMPDB_DIR:
    case OPT_COMPDB_FILE: o->compile_commands = value; return 0;
    case OPT_NO_CLANG: o->no_clang = true; return 0;
    case OPT_VERBOSE: o->verbose = true; return 0;
    case OPT_FIX: o->fix = true; return 0;
    case OPT_FIX_DRY_RUN: o->fix_dry_run = true; return 0;
    /* model review */
    case OPT_REVIEW_THRESHOLD:
    case OPT_REVIEW_MAX_TOKENS: {
        char *end;
        errno = 0;
        long n = strtol(value, &end, 10);
        long lo = id == OPT_REVIEW_THRESHOLD ? 0 : 16, hi = id == OPT_REVIEW_THRESHOLD ? 100 : 65536;
        if (errno || end == value || *end || n < lo || n > hi)
            return usage(err, err_size, "%s: want a number from %ld to %ld, got '%s'", name, lo, hi, value);
        if (id == OPT_REVIEW_THRESHOLD) o->review_threshold = (int)n;
        else o->review_max_tokens = (int)n;
        return 0;
    }
    case OPT_REVIEW_BUDGET: {
        char *end;
        errno = 0;
        double seconds = strtod(value, &end);
        if (errno || end == value || *end || !(seconds > 0) || seconds > 1e7)
            return usage(err, err_size, "%s: want a number of seconds above 0, got '%s'", name, value);
        o->review_budget = seconds;
        return 0;
    }
    case OPT_SHOW_DISMISSED: o->show_dismissed = true; return 0;
    case OPT_NO_CACHE: o->no_cache = true; return 0;
    case OPT_SHARD: {
        unsigned index, count;
        int used = 0;
        if (sscanf(value, "%u/%u%n", &index, &count, &used) != 2 || value[used] || count < 1 || count > 100000 ||
            index < 1 || index > count)
            return usage(err, err_size, "%s: want I/N with 1 <= I <= N (e.g. 2/7), got '%s'", name, value);
        o->shard_index = index;
        o->shard_count = count;
        return 0;
    }
    case OPT_STDIN_FILENAME:
        if (!*value) return usage(err, err_size, "%s: want a file name, got ''", name);
        o->stdin_filename = value;
        return 0;
    case OPT_CONFIG:
    case OPT_NO_CONFIG:
    case OPT_LIST_RULES:
    case OPT_EXPLAIN:
    case OPT_STAGED:
    case OPT_DIFF:
    case OPT_ALL_LINES: return apply_workflow_option(o, id, name, value, err, err_size);
    }
    return 0;
}

static int add_path(cli_options_t *o, const char *path, char *err, size_t err_size)
{
    const char **grown = realloc(o->paths, (o->path_count + 1) * sizeof(*grown));
    if (!grown) return usage(err, err_size, "out of memory");
    o->paths = grown;
    o->paths[o->path_count++] = path;
    return 0;
}

int cli_options_parse(cli_options_t *o, int argc, char **argv, int first, const char *model_env,
                      char *err, size_t err_size)
{
    memset(o, 0, sizeof(*o));
    o->format = REPORT_GCC;
    o->fail_on = SEVERITY_WARNING;
    o->min_certainty = CERTAINTY_MEDIUM;
    o->color = COLOR_AUTO;
    o->review_threshold = 80;
    cli_args_t args;
    if (cli_args_begin(&args, option_specs, OPTION_COUNT, argc, argv, first, err, err_size) != 0)
        return -1;
    cli_arg_t arg;
    int more;
    while ((more = cli_args_next(&args, &arg, err, err_size)) == 1) {
        int rc = arg.id == CLI_ARG_POSITIONAL
                     ? add_path(o, arg.value, err, err_size)
                     : apply_option(o, (option_id_t)arg.id, arg.name, arg.value, err, err_size);
        if (rc != 0) return -1;
    }
    if (more < 0) return -1;
    if (o->fix && o->fix_dry_run) return usage(err, err_size, "--fix and --fix-dry-run: pick one");
    if (o->stdin_filename) {
        if (o->path_count != 1 || strcmp(o->paths[0], "-") != 0)
            return usage(err, err_size, "--stdin-filename: want '-' as the only path (the text comes from stdin)");
        if (o->fix)
            return usage(err, err_size, "--fix with --stdin-filename: there is no file to write "
                                        "(--fix-dry-run prints the diff)");
    }
    const char *problem = workflow_problem(o);
    if (problem) return usage(err, err_size, "%s", problem);
    if (!o->model_path && model_env && *model_env) o->model_path = model_env;
    return 0;
}

int cli_options_first_argument(int argc, char **argv)
{
    cli_args_t args;
    char err[128];
    if (cli_args_begin(&args, option_specs, OPTION_COUNT, argc, argv, 1, err, sizeof(err)) != 0)
        return 0;
    cli_arg_t arg;
    while (cli_args_next(&args, &arg, err, sizeof(err)) == 1)
        if (arg.id == CLI_ARG_POSITIONAL) return arg.after_double_dash ? 0 : arg.index;
    return 0;
}
