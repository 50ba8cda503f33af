/* clang_diagnostics.h — the compiler's own diagnostics for a text, as libclang gives them.
 *
 * The fix verifier (analyzer/fix/) compiles a file before and after a fix and compares
 * what the compiler says: a fix that adds an error or a warning is not offered. A
 * clang_diagnoser_t holds a libclang index and the compilation database (the same compile
 * command the libclang pass would use for the path, or the defaults); it belongs to one
 * thread at a time; the options it was made with (and their strings) must outlive it. Only
 * warnings and errors located in the main file are collected (notes
 * and remarks are not, nor anything in a header). */
#ifndef ASSAY_CLANG_DIAGNOSTICS_H
#define ASSAY_CLANG_DIAGNOSTICS_H

#include <stddef.h>

#include "analyzer/clang/clang_pass.h"

typedef struct {
    int error;       /* 1 error (or fatal), 0 warning */
    unsigned line;   /* 1-based, in the main file */
    char *option;    /* "-Wunused-variable", or "" */
    char *message;   /* "use of undeclared identifier 'n'" */
} clang_diagnostic_t;

typedef struct {
    clang_diagnostic_t *items; /* in libclang's order */
    size_t count;
} clang_diagnostics_t;

/* Frees what the list owns; it is then empty. */
void clang_diagnostics_destroy(clang_diagnostics_t *list);

typedef struct clang_diagnoser clang_diagnoser_t;

/* Creates a diagnoser with opts (compile_commands, extra_args; may be NULL: defaults).
 * 0, or -1 with err set (a compilation database that cannot be read, no libclang index). */
int clang_diagnoser_new(clang_diagnoser_t **out, const clang_options_t *opts, char *err, size_t err_size);
/* NULL is a no-op. */
void clang_diagnoser_free(clang_diagnoser_t *diagnoser);

/* Compiles text[0..length) as the contents of abs_path (an unsaved file) with that path's
 * compile command and fills out (empty on entry) with the main file's warnings and errors.
 * A text libclang cannot parse at all gives one error "libclang could not parse the file".
 * 0, or -1 with err set on out of memory. */
int clang_diagnoser_run(clang_diagnoser_t *diagnoser, const char *abs_path, const char *text, size_t length,
                        clang_diagnostics_t *out, char *err, size_t err_size);

#endif
