/* clang_pass.h — the libclang semantic pass: one call per file.
 *
 * The pass parses a file with libclang (with its own compile command from a compilation
 * database, or sensible defaults), then
 *   (a) runs the libclang-only checks (path-sensitive memory / NULL / uninitialised-use
 *       checks over a CFG built from each function, light taint tracking, buffer sizes,
 *       ignored return values) and appends their findings to the candidate list, and
 *   (b) confirms or dismisses the tree-sitter candidates already in the list for that
 *       file, using facts from types and constants (strcpy(buf, "abc") into char buf[16]
 *       is dismissed; strcpy(buf, argv[1]) is kept with dst_size=16 and
 *       src=argv[1] (unbounded)).
 * Rule metadata for the libclang checks is data: rule files with `engine: clang`
 * (rules/c.clang-*.rule), described by analyzer/clang_rules.h.
 *
 * One pass per thread (it owns a CXIndex). A parse failure is not an error: the file
 * falls back to the tree-sitter result and the pass writes a one-line notice. */
#ifndef ASSAY_CLANG_PASS_H
#define ASSAY_CLANG_PASS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/candidate.h"
#include "core/rule.h"

typedef struct clang_pass clang_pass_t;

typedef struct {
    /* -p DIR (a folder holding compile_commands.json) or --compile-commands FILE; NULL or
     * "" for none: every file then gets the default flags. */
    const char *compile_commands;
    /* Extra compiler arguments appended to every command (e.g. "-DNDEBUG"), may be NULL. */
    const char *const *extra_args;
    size_t extra_arg_count;
    /* Folder with the rule files (rules/); NULL: the libclang rules come from `pack` only. */
    const char *rules_dir;
    /* Repository root: candidates' paths are relative to it; NULL = current directory. */
    const char *repo_root;
} clang_options_t;

/* Creates a pass. `pack` (may be NULL) is searched first for the rule of each libclang
 * check; when it holds no `engine: clang` rule, the rules are loaded from
 * opts->rules_dir. Fails (-1, message in err) when the compilation database cannot be
 * read or no rule for the checks can be found. The pass does not own pack. */
int clang_pass_new(clang_pass_t **out, const rule_pack_t *pack, const clang_options_t *opts,
                   char *err, size_t err_size);
void clang_pass_free(clang_pass_t *pass);

/* The rules the pass reports under (for reporters' rule descriptions); owned by the pass. */
const rule_pack_t *clang_pass_rules(const clang_pass_t *pass);

/* Analyses one file. `path` is the path as reported (relative to the repo root),
 * `abs_path` the file on disk. Candidates in `candidates` whose path equals `path` are
 * confirmed (facts added) or dismissed (removed and freed); new findings are appended.
 * `notice` receives at most one line about what could not be resolved (file missing
 * from the database, missing includes, parse failure), or "" when there is none.
 * Returns 0, or -1 with err only on out of memory or a broken pass. */
int clang_pass_run(clang_pass_t *pass, const char *path, const char *abs_path,
                   candidate_list_t *candidates, char *notice, size_t notice_size,
                   char *err, size_t err_size);

/* clang_pass_run on text held in memory: libclang parses text[0..length) as the contents
 * of abs_path (an unsaved file, as an editor hands it over: the file on disk may hold other
 * text or not exist), with the compile command of abs_path (from the database, or the
 * defaults). A relative abs_path that does not exist is taken relative to the current
 * folder. text NULL: the file on disk, as clang_pass_run. Same results and errors. */
int clang_pass_run_text(clang_pass_t *pass, const char *path, const char *abs_path, const char *text,
                        size_t length, candidate_list_t *candidates, char *notice, size_t notice_size,
                        char *err, size_t err_size);

/* Statistics of the pass since it was created, for benchmarks and --verbose. */
typedef struct {
    size_t files, parse_failures, functions, functions_over_budget, findings, dismissed;
    size_t partly_parsed; /* files libclang parsed with errors (missing includes, unknown names) */
} clang_pass_stats_t;
void clang_pass_stats(const clang_pass_t *pass, clang_pass_stats_t *out);

#endif
