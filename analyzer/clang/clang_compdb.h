/* clang_compdb.h — compile commands for the libclang pass, like clang-tidy's -p.
 *
 * Wraps libclang's compilation-database API: each file gets the arguments of its own
 * entry with what does not belong in a parse stripped (the compiler itself, -c, -o FILE,
 * dependency-file flags, the source file) and relative include paths resolved against
 * the entry's directory; a `--` ends the options (libclang's inferred commands put the
 * file after it). A header missing from the database takes the command of the source file
 * next to it (foo.h: foo.c, else the folder's first source file), as clangd does; any
 * other missing file borrows the flags of the entry nearest to it (same folder first); the
 * caller gets ONE note saying which. With no database every file gets the defaults
 * (-std=gnu11 plus the file's folder; the pass adds folders guessed from the tree, see
 * clang_includes.h). */
#ifndef ASSAY_CLANG_COMPDB_H
#define ASSAY_CLANG_COMPDB_H

#include <stddef.h>

typedef struct clang_compdb clang_compdb_t;

/* An argument vector for clang_parseTranslationUnit2; owns its strings. */
typedef struct {
    char **argv;
    size_t argc, capacity;
} clang_args_t;

void clang_args_init(clang_args_t *args);
void clang_args_destroy(clang_args_t *args);
/* Appends a copy of arg; 0 / -1 on out of memory. */
int clang_args_push(clang_args_t *args, const char *arg);

/* Opens a database: `path` is a folder holding compile_commands.json or the JSON file
 * itself (any name). -1 with a message naming the path when it cannot be read. */
int clang_compdb_open(clang_compdb_t **out, const char *path, char *err, size_t err_size);
void clang_compdb_free(clang_compdb_t *db);
/* Number of entries in the database. */
size_t clang_compdb_size(const clang_compdb_t *db);

/* Fills `args` (initialised by the caller) with the parse arguments for abs_path: from
 * db (may be NULL), then `extra`. `note` gets one line when the file was not in the
 * database (which flags were used instead), else "". 0 / -1 on out of memory. */
int clang_compdb_args_for(const clang_compdb_t *db, const char *abs_path,
                          const char *const *extra, size_t extra_count, clang_args_t *args,
                          char *note, size_t note_size);

#endif
