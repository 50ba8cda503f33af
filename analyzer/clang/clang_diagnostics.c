/* clang_diagnostics.c — compile a text with libclang and list its warnings and errors
 * (see clang_diagnostics.h).
 *
 * The parse is the libclang pass's parse (same compile command, same unsaved-file trick,
 * same flags) so "compiles" means what the pass saw; the list is the main file's
 * diagnostics of severity warning and up, each with its option name for comparison. */
#include "analyzer/clang/clang_diagnostics.h"

#include <clang-c/Index.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/clang/clang_compdb.h"

struct clang_diagnoser {
    CXIndex index;
    clang_compdb_t *db;       /* NULL: default flags */
    const char *const *extra; /* borrowed from the options */
    size_t extra_count;
};

void clang_diagnostics_destroy(clang_diagnostics_t *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].option);
        free(list->items[i].message);
    }
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

int clang_diagnoser_new(clang_diagnoser_t **out, const clang_options_t *opts, char *err, size_t err_size)
{
    *out = NULL;
    clang_diagnoser_t *d = calloc(1, sizeof(*d));
    if (!d) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    if (opts && opts->compile_commands && opts->compile_commands[0] &&
        clang_compdb_open(&d->db, opts->compile_commands, err, err_size) != 0) {
        free(d);
        return -1;
    }
    if (opts) {
        d->extra = opts->extra_args;
        d->extra_count = opts->extra_arg_count;
    }
    d->index = clang_createIndex(0, 0);
    if (!d->index) {
        snprintf(err, err_size, "cannot create a libclang index");
        clang_diagnoser_free(d);
        return -1;
    }
    *out = d;
    return 0;
}

void clang_diagnoser_free(clang_diagnoser_t *d)
{
    if (!d) return;
    if (d->index) clang_disposeIndex(d->index);
    clang_compdb_free(d->db);
    free(d);
}

/* Appends one diagnostic (copies option and message). 0 / -1 on out of memory. */
static int push(clang_diagnostics_t *out, int error, unsigned line, const char *option, const char *message)
{
    clang_diagnostic_t *grown = realloc(out->items, (out->count + 1) * sizeof(*grown));
    if (!grown) return -1;
    out->items = grown;
    clang_diagnostic_t *d = &out->items[out->count];
    d->error = error;
    d->line = line;
    d->option = strdup(option ? option : "");
    d->message = strdup(message ? message : "");
    if (!d->option || !d->message) {
        free(d->option);
        free(d->message);
        return -1;
    }
    out->count++;
    return 0;
}

static int collect(CXTranslationUnit tu, clang_diagnostics_t *out)
{
    unsigned n = clang_getNumDiagnostics(tu);
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic diag = clang_getDiagnostic(tu, i);
        enum CXDiagnosticSeverity severity = clang_getDiagnosticSeverity(diag);
        CXSourceLocation where = clang_getDiagnosticLocation(diag);
        int rc = 0;
        if (severity >= CXDiagnostic_Warning && clang_Location_isFromMainFile(where)) {
            unsigned line = 0;
            clang_getSpellingLocation(where, NULL, &line, NULL, NULL);
            CXString option = clang_getDiagnosticOption(diag, NULL);
            CXString message = clang_getDiagnosticSpelling(diag);
            rc = push(out, severity >= CXDiagnostic_Error, line, clang_getCString(option),
                      clang_getCString(message));
            clang_disposeString(option);
            clang_disposeString(message);
        }
        clang_disposeDiagnostic(diag);
        if (rc != 0) return -1;
    }
    return 0;
}

int clang_diagnoser_run(clang_diagnoser_t *d, const char *abs_path, const char *text, size_t length,
                        clang_diagnostics_t *out, char *err, size_t err_size)
{
    char real[PATH_MAX];
    if (abs_path[0] != '/' && realpath(abs_path, real)) abs_path = real;
    else if (abs_path[0] != '/' && getcwd(real, sizeof(real)) && strlen(real) + 1 + strlen(abs_path) < sizeof(real))
        abs_path = strcat(strcat(real, "/"), abs_path);
    clang_args_t args;
    clang_args_init(&args);
    char note[600];
    if (clang_compdb_args_for(d->db, abs_path, d->extra, d->extra_count, &args, note, sizeof(note)) != 0) {
        clang_args_destroy(&args);
        snprintf(err, err_size, "%s: out of memory", abs_path);
        return -1;
    }
    CXTranslationUnit tu = NULL;
    unsigned flags = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
    struct CXUnsavedFile unsaved = {.Filename = abs_path, .Contents = text, .Length = length};
    enum CXErrorCode code = clang_parseTranslationUnit2(d->index, abs_path, (const char *const *)args.argv,
                                                        (int)args.argc, &unsaved, 1, flags, &tu);
    clang_args_destroy(&args);
    int rc = 0;
    if (code != CXError_Success || !tu) rc = push(out, 1, 0, "", "libclang could not parse the file");
    else rc = collect(tu, out);
    if (tu) clang_disposeTranslationUnit(tu);
    if (rc != 0) snprintf(err, err_size, "%s: out of memory", abs_path);
    return rc;
}
