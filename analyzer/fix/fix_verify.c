/* fix_verify.c — the six checks a fix must pass before it is offered (see fix_verify.h).
 *
 * The one idea: every check compares the patched text with the original, never with an
 * absolute standard — a file that already had a syntax error, a warning or another finding
 * keeps them without blame. So the verifier first learns the original (`before_t`: its
 * tree, syntax errors, compiler diagnostics, candidates; cached per file), then applies the
 * fix (fix_patch.h), learns the patched text the same way and looks for what is new,
 * following lines across the edits. */
#include "analyzer/fix/fix_verify.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>
#include <unistd.h>

#include "analyzer/clang/clang_diagnostics.h"
#include "analyzer/fix/fix_patch.h"
#include "analyzer/lint/merge_findings.h"
#include "analyzer/query/ts_syntax.h"
#include "core/hash.h"

/* A syntax error tree-sitter recovered from: an ERROR node, or a MISSING token. */
typedef struct {
    uint32_t line;
    const char *missing; /* the missing token's type ("';'"), NULL for ERROR; static */
} syntax_error_t;

typedef struct {
    syntax_error_t *items;
    size_t count, capacity;
    int failed; /* out of memory */
} syntax_errors_t;

/* What the verifier knows about one text. */
typedef struct {
    TSTree *tree;
    syntax_errors_t errors;
    clang_diagnostics_t diagnostics;
    lint_file_result_t lint;
} facts_t;

struct fix_verifier {
    const lint_context_t *ctx;
    lint_worker_t *worker;
    clang_diagnoser_t *diagnoser;
    TSParser *parser;
    /* the original text of the last file verified */
    char *before_path;
    uint64_t before_hash;
    size_t before_length;
    bool have_before;
    facts_t before;
};

const char *fix_check_name(fix_check_t check)
{
    switch (check) {
    case FIX_CHECK_SYNTAX: return "syntax";
    case FIX_CHECK_COMPILE: return "compile";
    case FIX_CHECK_FINDING: return "finding";
    case FIX_CHECK_NEW_FINDING: return "new finding";
    case FIX_CHECK_SCOPE: return "scope";
    case FIX_CHECK_EDIT: return "edit";
    default: return "";
    }
}

/* ---- the verifier --------------------------------------------------------------------- */

static void facts_destroy(facts_t *f)
{
    if (f->tree) ts_tree_delete(f->tree);
    free(f->errors.items);
    clang_diagnostics_destroy(&f->diagnostics);
    lint_file_result_destroy(&f->lint);
    memset(f, 0, sizeof(*f));
    lint_file_result_init(&f->lint);
}

static void forget_before(fix_verifier_t *v)
{
    facts_destroy(&v->before);
    free(v->before_path);
    v->before_path = NULL;
    v->have_before = false;
}

int fix_verifier_new(fix_verifier_t **out, const lint_context_t *ctx, char *err, size_t err_size)
{
    *out = NULL;
    fix_verifier_t *v = calloc(1, sizeof(*v));
    if (!v) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    v->ctx = ctx;
    lint_file_result_init(&v->before.lint);
    if (lint_worker_new(&v->worker, ctx, err, err_size) != 0 ||
        clang_diagnoser_new(&v->diagnoser, ctx->clang, err, err_size) != 0) {
        fix_verifier_free(v);
        return -1;
    }
    v->parser = ts_parser_new();
    if (!v->parser || !ts_parser_set_language(v->parser, tree_sitter_c())) {
        snprintf(err, err_size, "cannot create a tree-sitter parser");
        fix_verifier_free(v);
        return -1;
    }
    *out = v;
    return 0;
}

void fix_verifier_free(fix_verifier_t *v)
{
    if (!v) return;
    forget_before(v);
    if (v->parser) ts_parser_delete(v->parser);
    clang_diagnoser_free(v->diagnoser);
    lint_worker_free(v->worker);
    free(v);
}

/* ---- learning a text ---------------------------------------------------------------------- */

static void errors_push(syntax_errors_t *e, uint32_t line, const char *missing)
{
    if (e->count == e->capacity) {
        size_t capacity = e->capacity ? e->capacity * 2 : 8;
        syntax_error_t *grown = realloc(e->items, capacity * sizeof(*grown));
        if (!grown) {
            e->failed = 1;
            return;
        }
        e->items = grown;
        e->capacity = capacity;
    }
    e->items[e->count++] = (syntax_error_t){line, missing};
}

/* Every ERROR and MISSING node under node, in document order (subtrees without errors are
 * skipped: ts_node_has_error). */
static void collect_errors(TSNode node, syntax_errors_t *out)
{
    if (!ts_node_has_error(node)) return;
    if (ts_node_is_missing(node)) {
        errors_push(out, ts_node_start_point(node).row + 1, ts_node_type(node));
        return;
    }
    if (strcmp(ts_node_type(node), "ERROR") == 0) errors_push(out, ts_node_start_point(node).row + 1, NULL);
    uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n; i++) collect_errors(ts_node_child(node, i), out);
}

/* The file's path on disk for the compiler: path under the context's repo root. */
static int absolute_path(const fix_verifier_t *v, const char *path, char *out, size_t size)
{
    if (path[0] == '/') return snprintf(out, size, "%s", path) < (int)size ? 0 : -1;
    char cwd[PATH_MAX];
    const char *root = v->ctx->repo_root;
    if (!root) root = getcwd(cwd, sizeof(cwd));
    if (!root) return -1;
    return snprintf(out, size, "%s/%s", root, path) < (int)size ? 0 : -1;
}

/* Parses, compiles and lints text as path into f (empty on entry). 0, or -1 with err. */
static int learn(fix_verifier_t *v, facts_t *f, const char *path, const char *text, size_t length, char *err,
                 size_t err_size)
{
    f->tree = ts_parser_parse_string(v->parser, NULL, text, (uint32_t)length);
    if (!f->tree) {
        snprintf(err, err_size, "%s: tree-sitter could not parse the text", path);
        return -1;
    }
    collect_errors(ts_tree_root_node(f->tree), &f->errors);
    if (f->errors.failed) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    char abs_path[PATH_MAX];
    if (absolute_path(v, path, abs_path, sizeof(abs_path)) != 0) {
        snprintf(err, err_size, "%s: path too long", path);
        return -1;
    }
    if (clang_diagnoser_run(v->diagnoser, abs_path, text, length, &f->diagnostics, err, err_size) != 0) return -1;
    return lint_worker_buffer(v->worker, &f->lint, path, text, length, err, err_size);
}

static int learn_before(fix_verifier_t *v, const char *path, const char *text, size_t length, char *err,
                        size_t err_size)
{
    uint64_t hash = hash_bytes(text, length);
    if (v->have_before && v->before_length == length && v->before_hash == hash && strcmp(v->before_path, path) == 0)
        return 0;
    forget_before(v);
    v->before_path = strdup(path);
    if (!v->before_path) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    if (learn(v, &v->before, path, text, length, err, err_size) != 0) {
        forget_before(v);
        return -1;
    }
    v->before_hash = hash;
    v->before_length = length;
    v->have_before = true;
    return 0;
}

/* ---- the checks ----------------------------------------------------------------------------- */

typedef struct {
    fix_verdict_t *out;
    const fix_patch_t *patch;
    const candidate_t *finding;
    uint32_t finding_start, finding_end; /* bytes of the finding in the original */
} check_t;

static void reject(fix_verdict_t *out, fix_check_t check, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void reject(fix_verdict_t *out, fix_check_t check, const char *fmt, ...)
{
    out->accepted = false;
    out->failed = check;
    int used = snprintf(out->reason, sizeof(out->reason), "check (%c) %s: ", (char)check, fix_check_name(check));
    if (used < 0 || (size_t)used >= sizeof(out->reason)) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->reason + used, sizeof(out->reason) - (size_t)used, fmt, ap);
    va_end(ap);
}

/* (f) before the patch exists: edits present and each one changes something. */
static bool check_edits_present(fix_verdict_t *out, const fix_t *fix)
{
    if (fix->edit_count == 0) {
        reject(out, FIX_CHECK_EDIT, "the fix has no edit");
        return false;
    }
    for (size_t i = 0; i < fix->edit_count; i++) {
        const fix_edit_t *e = &fix->edits[i];
        bool empty_range = e->range.start_line == e->range.end_line && e->range.start_col == e->range.end_col;
        if (empty_range && (!e->replacement || !e->replacement[0])) {
            reject(out, FIX_CHECK_EDIT, "edit %zu at line %u is empty (inserts nothing)", i + 1,
                   (unsigned)e->range.start_line);
            return false;
        }
    }
    return true;
}

/* (f) on the resolved edits: none removes the flagged code and puts nothing in its place. */
static bool check_no_bare_deletion(const check_t *c)
{
    for (size_t i = 0; i < c->patch->span_count; i++) {
        const fix_span_t *s = &c->patch->spans[i];
        if (s->start == s->end || s->replacement[0]) continue;
        bool touches = c->finding_start == c->finding_end
                           ? s->start <= c->finding_start && c->finding_start < s->end
                           : s->start < c->finding_end && c->finding_start < s->end;
        if (touches) {
            reject(c->out, FIX_CHECK_EDIT, "the edit at line %u deletes the flagged code without replacing it",
                   (unsigned)s->start_line);
            return false;
        }
    }
    return true;
}

/* (e) every edit inside the function (or top-level declaration) that holds the finding. */
static bool check_scope(const check_t *c, TSTree *tree, const char *text)
{
    TSNode root = ts_tree_root_node(tree);
    uint32_t at = c->finding_start;
    TSNode node = ts_node_descendant_for_byte_range(root, at, c->finding_end > at ? c->finding_end : at);
    TSNode scope = node, top = node;
    bool in_function = false;
    for (TSNode n = node; !ts_node_is_null(n) && !ts_node_eq(n, root); n = ts_node_parent(n)) {
        top = n;
        if (!in_function && strcmp(ts_node_type(n), "function_definition") == 0) {
            scope = n;
            in_function = true;
        }
    }
    if (!in_function) scope = top;
    if (ts_node_eq(scope, root)) { /* the finding is between top-level items */
        reject(c->out, FIX_CHECK_SCOPE, "the finding at line %u is in no function or declaration",
               (unsigned)c->finding->range.start_line);
        return false;
    }
    uint32_t lo = ts_node_start_byte(scope), hi = ts_node_end_byte(scope);
    for (size_t i = 0; i < c->patch->span_count; i++) {
        const fix_span_t *s = &c->patch->spans[i];
        if (s->start >= lo && s->end <= hi) continue;
        if (in_function) {
            TSNode declarator = ts_node_child_by_field_name(scope, "declarator", 10);
            while (!ts_node_is_null(declarator) && strcmp(ts_node_type(declarator), "identifier") != 0)
                declarator = ts_node_child_by_field_name(declarator, "declarator", 10);
            uint32_t name_len = 0;
            const char *name = ts_node_is_null(declarator) ? "" : syn_text(text, declarator, &name_len);
            reject(c->out, FIX_CHECK_SCOPE, "the edit at line %u is outside the function '%.*s' (lines %u-%u)",
                   (unsigned)s->start_line, (int)(name_len > 80 ? 80 : name_len), name,
                   ts_node_start_point(scope).row + 1, ts_node_end_point(scope).row + 1);
        } else {
            reject(c->out, FIX_CHECK_SCOPE, "the edit at line %u is outside the declaration it fixes (lines %u-%u)",
                   (unsigned)s->start_line, ts_node_start_point(scope).row + 1, ts_node_end_point(scope).row + 1);
        }
        return false;
    }
    return true;
}

/* (a) no syntax error in the patched text that the original did not have (at that line). */
static bool check_syntax(const check_t *c, const syntax_errors_t *before, const syntax_errors_t *after)
{
    bool *used = calloc(before->count + 1, sizeof(bool));
    bool ok = true;
    for (size_t i = 0; i < after->count && ok; i++) {
        const syntax_error_t *a = &after->items[i];
        bool paired = false;
        for (size_t k = 0; k < before->count && !paired; k++) {
            const syntax_error_t *b = &before->items[k];
            if (used && used[k]) continue;
            if ((a->missing == NULL) != (b->missing == NULL)) continue;
            if (a->missing && strcmp(a->missing, b->missing) != 0) continue;
            if (fix_patch_map_line(c->patch, b->line) != a->line) continue;
            if (used) used[k] = true;
            paired = true;
        }
        if (!paired) {
            ok = false;
            if (a->missing)
                reject(c->out, FIX_CHECK_SYNTAX, "missing '%s' at line %u", a->missing, (unsigned)a->line);
            else
                reject(c->out, FIX_CHECK_SYNTAX, "new syntax error at line %u", (unsigned)a->line);
        }
    }
    free(used);
    return ok;
}

static bool same_diagnostic(const clang_diagnostic_t *a, const clang_diagnostic_t *b)
{
    return a->error == b->error && strcmp(a->option, b->option) == 0 && strcmp(a->message, b->message) == 0;
}

/* (b) no compiler error or warning the original did not have (as many of each kind). */
static bool check_compile(const check_t *c, const clang_diagnostics_t *before, const clang_diagnostics_t *after)
{
    bool *used = calloc(before->count + 1, sizeof(bool));
    if (!used) return true; /* out of memory: the count comparison below still decides */
    bool ok = true;
    for (size_t i = 0; i < after->count && ok; i++) {
        const clang_diagnostic_t *a = &after->items[i];
        bool paired = false;
        for (size_t k = 0; k < before->count && !paired; k++) {
            if (used[k] || !same_diagnostic(a, &before->items[k])) continue;
            used[k] = paired = true;
        }
        if (!paired) {
            ok = false;
            reject(c->out, FIX_CHECK_COMPILE, "new %s \"%s\" at line %u%s%s%s", a->error ? "error" : "warning",
                   a->message, a->line, a->option[0] ? " (" : "", a->option, a->option[0] ? ")" : "");
        }
    }
    free(used);
    return ok;
}

/* True when a and b report one rule: the same id, or one absorbed the other's rule when
 * the engines' findings were merged (merge_findings.h), which may go either way once the
 * code changed. */
static bool same_rule(const candidate_t *a, const candidate_t *b)
{
    if (!a->rule_id || !b->rule_id) return false;
    return strcmp(a->rule_id, b->rule_id) == 0 || merge_findings_names(a, b->rule_id) ||
           merge_findings_names(b, a->rule_id);
}

/* True when the patched line lies where the finding was or where an edit landed. */
static bool in_fixed_region(const check_t *c, uint32_t line)
{
    uint32_t lo = fix_patch_map_line(c->patch, c->finding->range.start_line);
    uint32_t hi = fix_patch_map_line(c->patch, c->finding->range.end_line ? c->finding->range.end_line
                                                                           : c->finding->range.start_line);
    if (line >= lo && line <= hi) return true;
    for (size_t i = 0; i < c->patch->span_count; i++)
        if (line >= c->patch->spans[i].new_start_line && line <= c->patch->spans[i].new_end_line) return true;
    return false;
}

/* The candidate of the original lint that is the finding: same rule, same place. */
static const candidate_t *find_self(const candidate_list_t *before, const candidate_t *finding)
{
    for (size_t i = 0; i < before->count; i++) {
        const candidate_t *b = before->items[i];
        if (same_rule(b, finding) && b->range.start_line == finding->range.start_line &&
            b->range.start_col == finding->range.start_col)
            return b;
    }
    return NULL;
}

/* (c) and (d): pairs the patched text's candidates with the original's — first by rule and
 * fingerprint (preferring the same line after mapping), then by rule and mapped line (the
 * edit changed the code a finding quotes). What is left unpaired after is the finding
 * firing again (same rule, its fingerprint or the fixed region) or a new finding. */
static int check_findings(const check_t *c, const candidate_list_t *before, const candidate_list_t *after)
{
    const candidate_t *self = find_self(before, c->finding);
    bool *taken = calloc(before->count + 1, sizeof(bool));
    bool *paired = calloc(after->count + 1, sizeof(bool));
    if (!taken || !paired) {
        free(taken);
        free(paired);
        return -1;
    }
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < after->count; i++) {
            const candidate_t *a = after->items[i];
            if (paired[i]) continue;
            for (size_t k = 0; k < before->count; k++) {
                const candidate_t *b = before->items[k];
                if (taken[k] || b == self || !same_rule(a, b)) continue;
                bool same_line = fix_patch_map_line(c->patch, b->range.start_line) == a->range.start_line;
                bool same_print = strcmp(a->fingerprint, b->fingerprint) == 0;
                if ((pass == 0 && same_print && same_line) || (pass == 1 && same_print) ||
                    (pass == 2 && same_line)) {
                    taken[k] = paired[i] = true;
                    break;
                }
            }
        }
    }
    bool ok = true;
    for (size_t i = 0; i < after->count && ok; i++) { /* (c) first: the finding itself */
        const candidate_t *a = after->items[i];
        if (paired[i] || !same_rule(a, c->finding)) continue;
        if ((self && strcmp(a->fingerprint, self->fingerprint) == 0) || in_fixed_region(c, a->range.start_line)) {
            reject(c->out, FIX_CHECK_FINDING, "the finding still fires at line %u", (unsigned)a->range.start_line);
            ok = false;
        }
    }
    for (size_t i = 0; i < after->count && ok; i++) {
        const candidate_t *a = after->items[i];
        if (paired[i]) continue;
        reject(c->out, FIX_CHECK_NEW_FINDING, "%s at line %u: %s", a->rule_id ? a->rule_id : "?",
               (unsigned)a->range.start_line, a->message ? a->message : "");
        ok = false;
    }
    free(taken);
    free(paired);
    return ok ? 1 : 0;
}

/* ---- verify ---------------------------------------------------------------------------------- */

int fix_verify(fix_verifier_t *v, fix_verdict_t *out, const char *path, const char *text, size_t length,
               const candidate_t *finding, const fix_t *fix, char *err, size_t err_size)
{
    memset(out, 0, sizeof(*out));
    if (!check_edits_present(out, fix)) return 0;
    fix_patch_t patch;
    char why[256] = "";
    int applied = fix_patch_apply(&patch, text, length, fix, why, sizeof(why));
    if (applied != 0) {
        fix_patch_destroy(&patch);
        if (applied < 0) {
            snprintf(err, err_size, "out of memory");
            return -1;
        }
        reject(out, FIX_CHECK_EDIT, "%s", why);
        return 0;
    }
    check_t c = {.out = out, .patch = &patch, .finding = finding};
    const source_range_t *r = &finding->range;
    if (fix_patch_offset(text, length, r->start_line, r->start_col ? r->start_col : 1, &c.finding_start) != 0)
        c.finding_start = 0;
    if (fix_patch_offset(text, length, r->end_line, r->end_col ? r->end_col : 1, &c.finding_end) != 0 ||
        c.finding_end < c.finding_start)
        c.finding_end = c.finding_start;
    int status = 0;
    facts_t after;
    memset(&after, 0, sizeof(after));
    lint_file_result_init(&after.lint);
    if (!check_no_bare_deletion(&c)) goto done;
    if ((status = learn_before(v, path, text, length, err, err_size)) != 0) goto done;
    if (!check_scope(&c, v->before.tree, text)) goto done;
    /* (a) first on its own: a text that does not parse need not be compiled */
    after.tree = ts_parser_parse_string(v->parser, NULL, patch.text, (uint32_t)patch.length);
    if (!after.tree) {
        snprintf(err, err_size, "%s: tree-sitter could not parse the patched text", path);
        status = -1;
        goto done;
    }
    collect_errors(ts_tree_root_node(after.tree), &after.errors);
    if (after.errors.failed) {
        snprintf(err, err_size, "out of memory");
        status = -1;
        goto done;
    }
    if (!check_syntax(&c, &v->before.errors, &after.errors)) goto done;
    char abs_path[PATH_MAX];
    if (absolute_path(v, path, abs_path, sizeof(abs_path)) != 0) {
        snprintf(err, err_size, "%s: path too long", path);
        status = -1;
        goto done;
    }
    if ((status = clang_diagnoser_run(v->diagnoser, abs_path, patch.text, patch.length, &after.diagnostics, err,
                                      err_size)) != 0)
        goto done;
    if (!check_compile(&c, &v->before.diagnostics, &after.diagnostics)) goto done;
    if ((status = lint_worker_buffer(v->worker, &after.lint, path, patch.text, patch.length, err, err_size)) != 0)
        goto done;
    int findings = check_findings(&c, &v->before.lint.candidates, &after.lint.candidates);
    if (findings < 0) {
        snprintf(err, err_size, "out of memory");
        status = -1;
        goto done;
    }
    if (findings == 1) out->accepted = true;
done:
    facts_destroy(&after);
    fix_patch_destroy(&patch);
    return status;
}
