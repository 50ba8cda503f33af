/* report.h — print the findings of one run in the format the user asked for.
 *
 * One entry point, report_write, dispatches to one writer per format (reporters/gcc.h,
 * sarif.h, junit.h, json.h, codequality.h). Every writer prints the candidates in the order
 * it receives them (the driver sorts them with candidate_list_sort), and the same input
 * always gives the same bytes, except where a format demands the moment of the run (the
 * JUnit timestamp and hostname, which a caller can pin through report_options_t).
 *
 * Text that comes from source files (snippets, source lines) may be anything: writers that
 * emit JSON or XML replace invalid UTF-8 with U+FFFD and escape control characters, so the
 * output is always well formed. Writers never print anything but the report and never
 * exit: on failure they return a negative value and write a message into err. */
#ifndef ASSAY_REPORT_H
#define ASSAY_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/candidate.h"
#include "core/notice.h"
#include "core/rule.h"

typedef enum {
    REPORT_GCC,         /* file:line:col: warning: message [rule], source line, caret, fix-its */
    REPORT_SARIF,       /* SARIF 2.1.0, one run, for GitHub code scanning and IDEs */
    REPORT_JUNIT,       /* JUnit XML: a testsuite per file, a failing testcase per finding */
    REPORT_JSON,        /* a JSON array, one object per finding, for scripts */
    REPORT_CODEQUALITY, /* GitLab Code Quality (CodeClimate issues as one JSON array) */
} report_format_t;

/* Parses "gcc", "sarif", "junit", "json" or "codequality" into *out; 0, or -1 (and *out
 * untouched) for any other name. */
int report_format_parse(const char *name, report_format_t *out);

/* The name report_format_parse accepts for format ("gcc", ...); "unknown" if out of range. */
const char *report_format_name(report_format_t format);

typedef struct {
    const rule_pack_t *rules;      /* every loaded rule (SARIF tool.driver.rules); may be NULL */
    const char *tool_version;      /* "0.1.0"; NULL reads as "0.0.0" */
    const char *repo_root;         /* absolute path that candidate paths are relative to; may be NULL */
    bool color;                    /* gcc: ANSI colour (caller decides: only on a TTY) */
    /* Source line text for carets and snippets: returns a pointer valid until the report is
     * written, *length excludes the newline; NULL if unknown. May be NULL itself. */
    const char *(*source_line)(void *ctx, const char *path, uint32_t line, size_t *length);
    void *source_ctx;
    const notice_t *notices; /* per-file problems, in the order to print them */
    size_t notice_count;
    bool json_lines;               /* json: one object per line (JSON Lines) instead of an array */
    const char *timestamp;         /* junit: ISO 8601 time of the run; NULL = now (UTC) */
    const char *hostname;          /* junit: host name; NULL = gethostname() */
    /* junit: every file that was checked, each once (paths as in candidates); files without
     * findings or notices are listed as suites with one passing testcase. NULL: not listed. */
    const char *const *checked_files;
    size_t checked_file_count;
    /* The model review: the model's name and its file's SHA-256 (NULL in a static run);
     * show_dismissed prints dismissed findings in the formats that otherwise leave them
     * out (gcc, Code Quality). A candidate's review fields are in core/candidate.h. */
    const char *model_name;
    const char *model_sha256;
    bool show_dismissed;
    /* sarif: where the code came from (run.versionControlProvenance); repository_uri NULL:
     * not said (not in git, or --no-git). The others may be NULL too. */
    const char *vcs_repository_uri; /* the remote's URL, or the work tree as file:// */
    const char *vcs_revision_id;    /* the commit id */
    const char *vcs_branch;         /* the branch name */
} report_options_t;

/* Writes candidates (already sorted) to out in format. options may be NULL (no rules, no
 * source lines, no colour). Returns 0, or a negative value with a message in err (err may
 * be NULL when err_size is 0) on a write error or out of memory. */
int report_write(FILE *out, report_format_t format, const candidate_list_t *candidates,
                 const report_options_t *options, char *err, size_t err_size);

#endif
