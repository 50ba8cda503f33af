/* commands.h — the subcommands the driver (analyzer/main.c) dispatches to.
 *
 * Each takes the arguments after the subcommand word (argv[0] is the subcommand name)
 * and returns the process exit status: 0 success / nothing at or above --fail-on,
 * 1 findings, 2 usage or input error. Only these functions (the driver) print or exit. */
#ifndef ASSAY_COMMANDS_H
#define ASSAY_COMMANDS_H

/* assay [options] [paths...]  — lint (the default command). argv[0] is "assay". */
int cmd_lint_main(int argc, char **argv);
/* assay baseline write FILE [options] [paths...] */
int cmd_baseline_main(int argc, char **argv);
/* assay model info|run|bench|synth ... */
int cmd_model_main(int argc, char **argv);
/* assay grammar check FILE.gbnf [INPUT] */
int cmd_grammar_main(int argc, char **argv);

#endif
