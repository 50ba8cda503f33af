/* main.c — assay's entry point: picks the subcommand and hands over argv.
 * `assay model ...`, `assay grammar ...` and `assay baseline ...` are subcommands;
 * anything else is the lint command (`assay [options] [paths...]`). */
#include <string.h>

#include "cli/commands.h"

int main(int argc, char **argv)
{
    if (argc >= 2) {
        if (strcmp(argv[1], "model") == 0) return cmd_model_main(argc - 1, argv + 1);
        if (strcmp(argv[1], "grammar") == 0) return cmd_grammar_main(argc - 1, argv + 1);
        if (strcmp(argv[1], "baseline") == 0) return cmd_baseline_main(argc - 1, argv + 1);
    }
    return cmd_lint_main(argc, argv);
}
