/* fix_verify.h — nothing is offered as a fix until the analyzer has re-checked it.
 *
 * A fix (core/candidate.h: edits of one file) drafted by a rule template or, later, by the
 * model review is applied to the file's text in memory and accepted only when all of these
 * hold; the first that fails names the rejection:
 *   (a) syntax      tree-sitter parses the patched text with no new ERROR or MISSING node;
 *   (b) compile     libclang compiles it with the file's own compile command (the lint
 *                   context's compilation database, or the default flags) with no new
 *                   error or warning (compared by severity, option and message, not line);
 *   (c) finding     the finding it fixes no longer fires (no candidate of that rule where
 *                   the finding was or where the edits landed, none with its fingerprint
 *                   left unpaired);
 *   (d) new finding no candidate appears that the original text did not have (paired by
 *                   rule and fingerprint, or rule and line, following lines across edits);
 *   (e) scope       every edit lies inside the function definition holding the finding, or
 *                   the top-level declaration holding it when it is outside any function;
 *   (f) edit        the fix has edits, none is a no-op, none deletes the flagged code
 *                   without replacing it, and they apply (inside the file, not overlapping).
 * The cheap checks run first: (f), (e), (a), (b), then (c) and (d) from one re-lint with
 * lint_buffer's worker (analyzer/lint/lint_buffer.h), the same code that produced the
 * finding.
 *
 * A fix_verifier_t belongs to one thread at a time and keeps what it learnt about the
 * original text of the last file it saw (its lint, syntax errors, compiler diagnostics), so
 * verifying several fixes of one file costs one analysis of the original plus one per fix.
 * The verifier reads the fix, never changes it: callers record the verdict (fix_set_verdict)
 * — the lint run does so for template fixes, the model review will for the fixes it drafts. */
#ifndef ASSAY_FIX_VERIFY_H
#define ASSAY_FIX_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/lint/lint_buffer.h"
#include "core/candidate.h"

typedef enum {
    FIX_CHECK_NONE = 0,          /* accepted */
    FIX_CHECK_SYNTAX = 'a',
    FIX_CHECK_COMPILE = 'b',
    FIX_CHECK_FINDING = 'c',
    FIX_CHECK_NEW_FINDING = 'd',
    FIX_CHECK_SCOPE = 'e',
    FIX_CHECK_EDIT = 'f',
} fix_check_t;

typedef struct {
    bool accepted;
    fix_check_t failed;  /* the check that rejected the fix; FIX_CHECK_NONE when accepted */
    char reason[512];    /* "" when accepted, else `check (b) compile: new error
                          * "use of undeclared identifier 'n'" at line 12` */
} fix_verdict_t;

typedef struct fix_verifier fix_verifier_t;

/* Creates a verifier for ctx (borrowed; must outlive it). The compile check uses
 * ctx->clang's compilation database and arguments, or the default flags when ctx->clang
 * is NULL (the re-lint then stays tree-sitter only, like the run). 0, or -1 with err. */
int fix_verifier_new(fix_verifier_t **out, const lint_context_t *ctx, char *err, size_t err_size);
/* NULL is a no-op. */
void fix_verifier_free(fix_verifier_t *verifier);

/* Verifies fix, drafted for finding, against text[0..length) — the contents of path (as
 * lint_worker_buffer takes it: relative to the context's repo root, or absolute). out gets
 * the verdict. Returns 0 whatever the verdict; -1 with err set only when verification
 * itself fails (out of memory, a broken libclang pass). */
int fix_verify(fix_verifier_t *verifier, fix_verdict_t *out, const char *path, const char *text, size_t length,
               const candidate_t *finding, const fix_t *fix, char *err, size_t err_size);

/* The name of a check ("syntax", "compile", ...); "" for FIX_CHECK_NONE. */
const char *fix_check_name(fix_check_t check);

#endif
