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

/* assay [options] [paths...]  — lint (the default command). */
int cmd_lint_main(int argc, char **argv);
/* assay baseline write FILE [options] [paths...] */
int cmd_baseline_main(int argc, char **argv);
/* assay model info|run|bench|synth ... */
int cmd_model_main(int argc, char **argv);
/* assay grammar check|verdict|bench ... */
int cmd_grammar_main(int argc, char **argv);
/* assay eval --model FILE [options] [paths...]: the model's judgement on the labelled corpus */
int cmd_eval_main(int argc, char **argv);

#endif
