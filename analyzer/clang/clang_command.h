/* clang_command.h — the parse arguments of one file, as the libclang pass and the context
 * retrieval (clang_context.h) both need them: the path made absolute (database lookups
 * and libclang want one; a file not on disk, such as an editor's unsaved buffer, is put
 * under the current folder), its compile command from the database or the defaults
 * (clang_compdb.h), the caller's extra arguments, and the include folders guessed from
 * the tree when there is no database (clang_includes.h). */
#ifndef ASSAY_CLANG_COMMAND_H
#define ASSAY_CLANG_COMMAND_H

#include <limits.h>
#include <stddef.h>

#include "analyzer/clang/clang_compdb.h"
#include "analyzer/clang/clang_includes.h"

/* Fills args (initialised by the caller; it owns them afterwards, also on failure) for
 * path. *abs_path points at path itself when it is absolute, else into abs_buf. note gets
 * the database's one line about borrowed flags, else "". guessed may be NULL. 0, or -1
 * on out of memory. */
int clang_command_for(const clang_compdb_t *db, clang_includes_t *guessed, char *const *extra,
                      size_t extra_count, const char *path, char abs_buf[PATH_MAX], const char **abs_path,
                      clang_args_t *args, char *note, size_t note_size);

#endif
