/* clang_includes.h — include folders guessed from the source tree, for files that have
 * no compile command.
 *
 * Without a compilation database a file's `#include "util.h"` from a sibling folder and
 * `#include <proj/api.h>` from the project's include/ are not found, and libclang then
 * drops the code that uses them. The guess: find the project's top folder (the
 * repository root when the file is inside it, else the outermost of the file's nearest
 * three ancestors that holds a build file or .git), list every folder under it that holds
 * headers (breadth first, names sorted, bounded), and pass them as -iquote (quoted
 * includes look there first) and -idirafter (angled includes look there only after the
 * system folders, so a project's own time.h never hides the system's), plus <top>/include
 * as -I. The same tree always gives the same arguments. */
#ifndef ASSAY_CLANG_INCLUDES_H
#define ASSAY_CLANG_INCLUDES_H

#include "analyzer/clang/clang_compdb.h"

typedef struct clang_includes clang_includes_t;

/* Most folders guessed for one project, and most folders looked at to find them. */
#define CLANG_INCLUDES_MAX_DIRS 64
#define CLANG_INCLUDES_MAX_SCANNED 4000

/* repo_root: absolute, or NULL. 0 / -1 on out of memory. */
int clang_includes_new(clang_includes_t **out, const char *repo_root);
void clang_includes_free(clang_includes_t *g);

/* Appends the guessed include arguments for abs_path (absolute) to args; the project's
 * folders are scanned on first use and remembered. *count gets the number of folders
 * added (may be NULL). 0 / -1 on out of memory. */
int clang_includes_args_for(clang_includes_t *g, const char *abs_path, clang_args_t *args, size_t *count);

#endif
