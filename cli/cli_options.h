/* cli_options.h — the command line of `assay [options] [paths...]` and
 * `assay baseline write FILE [options] [paths...]`, parsed into one struct.
 *
 * Parsing is pure: no printing, no exiting, no environment reads (the caller passes
 * ASSAY_MODEL in), and no state of ours outside the struct: the command line is read with
 * getopt_long through cli/cli_args.h (whose only global state is libc's optind, reset at
 * every parse), so it is tested like any other function. Options go anywhere among the
 * paths; "--opt=value", "--opt value", "-j4", "-j 4", "-qj4", "-oFILE" and "-o FILE" all
 * work; "--" ends options; "-" is a path. The help text lives here too, next to the
 * parser it describes. */
#ifndef ASSAY_CLI_OPTIONS_H
#define ASSAY_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/candidate.h"
#include "reporters/report.h"

#define ASSAY_VERSION "0.1.0"

typedef enum { COLOR_AUTO = 0, COLOR_ALWAYS, COLOR_NEVER } color_mode_t;

struct config; /* cli/config.h */

/* One --enable/--disable, kept in command-line order (later ones win). */
typedef struct {
    const char *pattern; /* rule id or fnmatch glob; points into argv */
    bool enable;
} cli_rule_toggle_t;

typedef struct {
    report_format_t format;      /* --format, default gcc */
    const char *output_path;     /* -o FILE, NULL = stdout */
    const char *rules_dir;       /* --rules DIR, NULL = next to the binary */
    cli_rule_toggle_t *toggles;  /* owned array; patterns point into argv */
    size_t toggle_count;
    severity_t fail_on;          /* --fail-on, default warning */
    certainty_t min_certainty;   /* --min-certainty, default medium */
    int jobs;                    /* -j N, 0 = number of cores */
    bool quiet, stats, show_help, show_version, no_git;
    bool verbose;                /* -v: list every file a pass only partly analysed */
    const char *baseline_path;   /* --baseline FILE */
    color_mode_t color;          /* --color / --no-color */
    const char *model_path;      /* --model FILE, else ASSAY_MODEL, else NULL */
    char **extensions;           /* --ext c,h (owned copies, without dots); NULL = c,h */
    size_t extension_count;
    const char *root;            /* --root DIR: paths in reports are relative to it */
    const char *compile_commands; /* -p DIR / --compile-commands FILE (libclang pass), or NULL */
    bool no_clang;               /* --no-clang: tree-sitter rules only */
    bool fix;                    /* --fix: write the verified fixes into the files */
    bool fix_dry_run;            /* --fix-dry-run: print them as a unified diff instead */
    const char *stdin_filename;  /* --stdin-filename=NAME: lint standard input as NAME
                                  * (the path argument is then "-") */
    /* model review (--model above) */
    int review_threshold;        /* --review-threshold, default 80 */
    int review_max_tokens;       /* --review-max-tokens, 0 = the reviewer's default */
    double review_budget;        /* --review-budget SECONDS, 0 = no limit */
    bool show_dismissed;         /* --show-dismissed */
    /* -- workflows: the configuration file, the rule list, changed lines only -- */
    const char *config_path;     /* --config FILE: this .assay.yml instead of the nearest */
    bool no_config;              /* --no-config: no .assay.yml at all */
    bool list_rules;             /* --list-rules: print the rules (table, or --format=json) */
    const char *explain_rule;    /* --explain RULE: print what the rule finds, with examples */
    bool staged;                 /* --staged: lint the staged content of changed files */
    const char *diff_rev;        /* --diff REV: lint the files changed since REV */
    bool all_lines;              /* --all-lines: with --staged/--diff, not only changed lines */
    bool fail_on_given;          /* --fail-on was on the command line (it beats the file) */
    bool min_certainty_given;    /* --min-certainty was */
    const struct config *config; /* the .assay.yml in force (cli/config.h), NULL: none;
                                  * not set by the parser (cli/lint_workflow.h loads it) */
    /* -- */
    bool no_cache;               /* --no-cache: do not use the results cache */
    unsigned shard_index, shard_count; /* --shard I/N (1-based); 0/0 = every file */
    const char **paths;          /* owned array; strings point into argv */
    size_t path_count;
} cli_options_t;

/* Parses argv[first..argc) into options (initialised here; release with
 * cli_options_destroy, also after a failure). Every positional argument goes to paths, in
 * order. model_env is ASSAY_MODEL's value or NULL. Returns 0, or -1 with err set to a
 * one-line usage problem ("unknown option '--frob'", "option '--format' needs a value",
 * "-j: want a number from 1 to 256, got 'x'"). */
int cli_options_parse(cli_options_t *options, int argc, char **argv, int first,
                      const char *model_env, char *err, size_t err_size);

void cli_options_destroy(cli_options_t *options);

/* The index in argv of the first positional argument, reading options (and their values)
 * as the lint command does: `assay -q baseline write F` gives 2, `assay -o model x.c` 3
 * ("model" is -o's value). 0 when there is none before "--", or an option is wrong (the
 * lint command will then say what). main uses it to find the subcommand word. */
int cli_options_first_argument(int argc, char **argv);

/* The --help text (ends with a newline). */
const char *cli_options_help(void);

#endif
