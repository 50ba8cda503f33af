/* cmd_lint.c — the lint command (being built; see issue 2). */
#include <stdio.h>
#include "analyzer/commands.h"
int cmd_lint_main(int argc, char **argv) { fprintf(stderr, "assay: lint is being built\n"); return 2; }
int cmd_baseline_main(int argc, char **argv) { fprintf(stderr, "assay: baseline is being built\n"); return 2; }
