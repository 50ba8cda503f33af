/* lint_buffer.c — the static pass over one file's text (see lint_buffer.h).
 *
 * The one idea: lint_text is the only place that turns bytes into a file's candidates.
 * lint_worker_file gets the bytes from the disk, lint_worker_buffer from its caller; both
 * then run the same steps in the same order (scan, libclang on those very bytes, merge,
 * fingerprints, suppressions, minimum certainty), so a buffer equal to the file on disk
 * gives what the run reports for that file, and the two cannot drift apart. */
#include "analyzer/lint/lint_buffer.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/lint/discover.h"
#include "analyzer/lint/merge_findings.h"
#include "analyzer/suppress/fingerprint.h"
#include "analyzer/suppress/suppress.h"
#include "analyzer/syntax/scanner.h"

struct lint_worker {
    const lint_context_t *ctx;
    scanner_t *scanner;
    clang_pass_t *clang; /* NULL: no libclang pass */
};

/* ---- results and workers ---------------------------------------------------------------- */

void lint_file_result_init(lint_file_result_t *r)
{
    memset(r, 0, sizeof(*r));
    candidate_list_init(&r->candidates);
}

void lint_file_result_destroy(lint_file_result_t *r)
{
    candidate_list_destroy(&r->candidates);
    source_file_free(r->source);
    free(r->notice);
    free(r->partial);
    lint_file_result_init(r);
}

int lint_worker_new(lint_worker_t **out, const lint_context_t *ctx, char *err, size_t err_size)
{
    *out = NULL;
    lint_worker_t *w = calloc(1, sizeof(*w));
    if (!w) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    w->ctx = ctx;
    if (err_size) err[0] = '\0';
    if (scanner_new(&w->scanner, ctx->pack, err, err_size) != 0) {
        if (err_size && !err[0]) snprintf(err, err_size, "cannot create a scanner");
        free(w);
        return -1;
    }
    if (ctx->clang && clang_pass_new(&w->clang, ctx->pack, ctx->clang, err, err_size) != 0) {
        if (err_size && !err[0]) snprintf(err, err_size, "cannot create the libclang pass");
        lint_worker_free(w);
        return -1;
    }
    *out = w;
    return 0;
}

void lint_worker_free(lint_worker_t *w)
{
    if (!w) return;
    clang_pass_free(w->clang);
    scanner_free(w->scanner);
    free(w);
}

size_t lint_worker_partly_parsed(const lint_worker_t *w)
{
    if (!w->clang) return 0;
    clang_pass_stats_t stats;
    clang_pass_stats(w->clang, &stats);
    return stats.partly_parsed;
}

/* ---- one text ------------------------------------------------------------------------- */

static bool suppressed_at(void *index, const char *rule_id, uint32_t line)
{
    return suppress_index_covers(index, rule_id, line);
}

/* True when a suppression names a rule merged into the candidate, on the line that rule
 * reported (merge_findings.h). */
static bool merged_suppressed(const suppress_index_t *index, const candidate_t *c)
{
    return merge_findings_each(c, suppressed_at, (void *)index);
}

/* Removes suppressed candidates from out->candidates. */
static int apply_suppressions(lint_file_result_t *out)
{
    suppress_index_t *index;
    if (suppress_index_build(&index, out->source->text, out->source->length) != 0) return -1;
    if (suppress_index_count(index) > 0) {
        candidate_list_t *found = &out->candidates;
        size_t kept = 0;
        for (size_t i = 0; i < found->count; i++) {
            candidate_t *c = found->items[i];
            if (suppress_index_covers(index, c->rule_id ? c->rule_id : "", c->range.start_line) ||
                merged_suppressed(index, c)) {
                candidate_free(c);
                out->suppressed++;
            } else {
                found->items[kept++] = c;
            }
        }
        found->count = kept;
    }
    suppress_index_free(index);
    return 0;
}

/* Adds message to a note (*note becomes "first; second"). 0, or -1 on out of memory. */
static int add_note(char **note, const char *message)
{
    if (!*note) return (*note = strdup(message)) ? 0 : -1;
    char *joined;
    if (asprintf(&joined, "%s; %s", *note, message) < 0) return -1;
    free(*note);
    *note = joined;
    return 0;
}

/* Lints source (owned by out from here on) as display_path, the file fs_path on disk (which
 * may hold other bytes, or not exist). Returns -1 with err set when the lint must stop
 * (out of memory, a broken libclang pass). */
static int lint_text(lint_worker_t *w, lint_file_result_t *out, const char *display_path, const char *fs_path,
                     source_file_t *source, char *err, size_t err_size)
{
    out->source = source;
    out->read = true;
    out->lines = source_count_lines(source->text, source->length);
    out->bytes = source->length;
    snprintf(err, err_size, "%s: out of memory", display_path);
    char problem[512] = "";
    if (scanner_scan(w->scanner, display_path, source->text, source->length, &out->candidates, problem,
                     sizeof(problem)) != 0) {
        char message[600];
        snprintf(message, sizeof(message), "not fully scanned: %s", problem[0] ? problem : "scanner failed");
        if (add_note(&out->notice, message) != 0) return -1;
    }
    if (w->clang) { /* semantic pass: adds its findings, confirms or dismisses the scanner's */
        char notice[1024] = "";
        problem[0] = '\0';
        if (clang_pass_run_text(w->clang, display_path, fs_path, source->text, source->length, &out->candidates,
                                notice, sizeof(notice), problem, sizeof(problem)) != 0) {
            snprintf(err, err_size, "%s: libclang pass: %s", display_path, problem[0] ? problem : "failed");
            return -1;
        }
        if (notice[0] && add_note(&out->partial, notice) != 0) return -1;
        if (merge_findings(&out->candidates) < 0) return -1; /* one finding per flaw */
    }
    out->findings = out->candidates.count;
    if (out->candidates.count > 0 &&
        (fingerprint_fill(out->candidates.items, out->candidates.count, source->text, source->length) != 0 ||
         apply_suppressions(out) != 0))
        return -1;
    if (w->ctx->min_certainty != CERTAINTY_UNSET)
        out->below_certainty = candidate_list_drop_below(&out->candidates, w->ctx->min_certainty);
    if (err_size) err[0] = '\0';
    if (out->candidates.count > 0) {
        if (source_file_index_lines(source) == 0) return 0;
        snprintf(err, err_size, "%s: out of memory", display_path);
        return -1;
    }
    source_file_free(out->source);
    out->source = NULL;
    return 0;
}

int lint_worker_file(lint_worker_t *w, lint_file_result_t *out, const char *display_path, const char *fs_path,
                     char *err, size_t err_size)
{
    char reason[256];
    source_file_t *source;
    int status = source_file_read(&source, fs_path, reason, sizeof(reason));
    if (status < 0) {
        snprintf(err, err_size, "%s: out of memory", display_path);
        return -1;
    }
    if (status == SOURCE_SKIPPED) {
        if (add_note(&out->notice, reason) == 0) return 0;
        snprintf(err, err_size, "%s: out of memory", display_path);
        return -1;
    }
    return lint_text(w, out, display_path, fs_path, source, err, err_size);
}

int lint_worker_source(lint_worker_t *w, lint_file_result_t *out, const char *display_path, const char *fs_path,
                       source_file_t *source, char *err, size_t err_size)
{
    return lint_text(w, out, display_path, fs_path, source, err, err_size);
}

/* ---- buffers ---------------------------------------------------------------------------- */

/* The display path and the path on disk of a buffer's path (see lint_worker_buffer), both
 * newly allocated. 0, or -1 with err set. */
static int buffer_paths(const lint_context_t *ctx, const char *path, char **display, char **fs_path, char *err,
                        size_t err_size)
{
    *display = *fs_path = NULL;
    if (!path[0]) {
        snprintf(err, err_size, "lint_buffer: the buffer needs a file path");
        return -1;
    }
    char cwd[PATH_MAX];
    const char *root = ctx->repo_root;
    if (!root) {
        if (!getcwd(cwd, sizeof(cwd))) {
            snprintf(err, err_size, "%s: cannot find the current folder", path);
            return -1;
        }
        root = cwd;
    }
    if (path[0] == '/') {
        *fs_path = strdup(path);
        *display = discover_relative_path(path, root);
    } else {
        *display = strdup(path);
        if (asprintf(fs_path, "%s%s%s", root, strcmp(root, "/") == 0 ? "" : "/", path) < 0) *fs_path = NULL;
    }
    if (*display && *fs_path) return 0;
    free(*display);
    free(*fs_path);
    *display = *fs_path = NULL;
    snprintf(err, err_size, "%s: out of memory", path);
    return -1;
}

int lint_worker_buffer(lint_worker_t *w, lint_file_result_t *out, const char *path, const char *text,
                       size_t length, char *err, size_t err_size)
{
    char reason[256];
    if (source_file_check(text, length, reason, sizeof(reason)) != SOURCE_OK) {
        if (add_note(&out->notice, reason) == 0) return 0;
        snprintf(err, err_size, "%s: out of memory", path);
        return -1;
    }
    char *display, *fs_path;
    if (buffer_paths(w->ctx, path, &display, &fs_path, err, err_size) != 0) return -1;
    int status = -1;
    source_file_t *source = source_file_from_memory(text, length);
    if (!source) snprintf(err, err_size, "%s: out of memory", display);
    else status = lint_text(w, out, display, fs_path, source, err, err_size);
    if (status == 0) candidate_list_sort(&out->candidates);
    free(display);
    free(fs_path);
    return status;
}

int lint_buffer(lint_file_result_t *out, const lint_context_t *ctx, const char *path, const char *text,
                size_t length, char *err, size_t err_size)
{
    lint_worker_t *w;
    if (lint_worker_new(&w, ctx, err, err_size) != 0) return -1;
    int status = lint_worker_buffer(w, out, path, text, length, err, err_size);
    lint_worker_free(w);
    return status;
}
