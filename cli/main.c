/* main.c — assay's entry point: picks the subcommand and hands over argv.
 * `assay model ...`, `assay grammar ...`, `assay baseline ...`, `assay install-hook`,
 * `assay audit ...`, `assay merge ...` and `assay eval ...` are subcommands;
 * anything else is the lint command (`assay [options] [paths...]`). The subcommand is the
 * first positional argument, so options may precede it (`assay -q baseline write F`);
 * the subcommand gets argv without that word and reads every option itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_options.h"
#include "cli/commands.h"

typedef int (*command_main_t)(int argc, char **argv);

int main(int argc, char **argv)
{
    static const struct {
        const char *word;
        command_main_t run;
    } commands[] = {
        {"model", cmd_model_main},
        {"grammar", cmd_grammar_main},
        {"baseline", cmd_baseline_main},
        {"install-hook", cmd_hook_main},
        {"audit", cmd_audit_main},
        {"merge", cmd_merge_main},
        {"eval", cmd_eval_main},
    };
    int at = cli_options_first_argument(argc, argv);
    command_main_t run = NULL;
    for (size_t i = 0; at > 0 && i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[at], commands[i].word) == 0) run = commands[i].run;
    if (!run) return cmd_lint_main(argc, argv);

    char **rest = malloc((size_t)argc * sizeof(*rest)); /* argv without argv[at], NULL-ended */
    if (!rest) {
        fprintf(stderr, "assay: out of memory\n");
        return 2;
    }
    int n = 0;
    for (int i = 0; i < argc; i++)
        if (i != at) rest[n++] = argv[i];
    rest[n] = NULL;
    int status = run(n, rest);
    free(rest);
    return status;
}
