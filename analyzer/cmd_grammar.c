/* cmd_grammar.c — `assay grammar ...` (being built; see issue 5). */
#include <stdio.h>
#include "analyzer/commands.h"
int cmd_grammar_main(int argc, char **argv) { fprintf(stderr, "assay: grammar is being built\n"); return 2; }
