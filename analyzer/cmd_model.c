/* cmd_model.c — `assay model ...` (being built; see issue 3). */
#include <stdio.h>
#include "analyzer/commands.h"
int cmd_model_main(int argc, char **argv) { fprintf(stderr, "assay: model is being built\n"); return 2; }
