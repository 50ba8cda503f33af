/* commands.h — the subcommands the driver (cli/main.c) dispatches to.
 *
 * Each takes the command line without the subcommand word (argv[0] is the program; the
 * options may be anywhere in argv[1..]) and returns the process exit status: 0 success /
 * nothing at or above --fail-on, 1 findings, 2 usage or input error. A usage error is
 * printed by cli_args_usage_error (cli/cli_args.h): one line "assay: <problem>" and one
 * "Try 'assay <subcommand> --help'" line. Only these functions (the driver) print or
 * exit; each reads its options with getopt_long through cli/cli_args.h. */
#ifndef ASSAY_COMMANDS_H
#define ASSAY_COMMANDS_H

#include "cli/cli_options.h"

/* assay [options] [paths...]  — lint (the default command). */
int cmd_lint_main(int argc, char **argv);
/* assay baseline write FILE [options] [paths...] */
int cmd_baseline_main(int argc, char **argv);
/* assay model info|run|bench|synth ... */
int cmd_model_main(int argc, char **argv);
/* assay grammar check|verdict|bench ... */
int cmd_grammar_main(int argc, char **argv);
/* assay audit [DIR] | audit triage FP --as STATE | audit report [DIR] (cmd_audit.c) */
int cmd_audit_main(int argc, char **argv);
/* assay merge -o OUT FILE.sarif... : one SARIF from the pieces of a sharded run (cmd_merge.c) */
int cmd_merge_main(int argc, char **argv);


/* assay --list-rules and assay --explain RULE (cli/cmd_rules.c): the rule pack described,
 * with the lint command's options already parsed (--rules, --format=json, toggles). */
int cmd_rules_list(const cli_options_t *options);
int cmd_rules_explain(const cli_options_t *options);

/* assay install-hook [--force] (cli/cmd_hook.c) */
int cmd_hook_main(int argc, char **argv);
/* assay eval --model FILE [options] [paths...]: the model's judgement on the labelled corpus */
int cmd_eval_main(int argc, char **argv);

#endif
