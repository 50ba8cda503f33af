/* candidate.h — the unit of work that flows through assay.
 *
 * A pass (tree-sitter rule, libclang check) produces candidates; suppressions and the
 * baseline filter them; the model review (review/review.h) reads their facts and may attach a
 * verdict and a drafted fix; reporters print what is left. A candidate owns every string
 * and array it points to (candidate_free releases them); `rule` points into the loaded
 * rule pack, which outlives every candidate.
 *
 * Positions: lines and columns are 1-based; columns count bytes (as gcc and clang do);
 * an end position is exclusive (one past the last byte). Reporters convert as their
 * format needs (SARIF states its columnKind). */
#ifndef ASSAY_CANDIDATE_H
#define ASSAY_CANDIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    SEVERITY_NONE = 0, /* only for --fail-on=none */
    SEVERITY_NOTE = 1,
    SEVERITY_WARNING = 2,
    SEVERITY_ERROR = 3,
} severity_t;

/* "note" / "warning" / "error"; parse returns -1 on an unknown word. */
const char *severity_name(severity_t severity);
int severity_parse(const char *word, severity_t *out);

/* How sure the analyzer is that a finding is a real flaw, from what it could see:
 *   high    proved: an event sequence on a feasible path, or untrusted data from a real
 *           source reaching the sink (the libclang checks' default);
 *   medium  a syntactic pattern that the semantic pass could neither prove nor dismiss
 *           (tree-sitter rules' default, and every finding when libclang is off);
 *   low     the flaw rests on a value the analysis cannot see: a parameter, a global,
 *           another function's result, memory contents it never saw written. These are
 *           what the model review is for; by default they are not reported.
 * 0 in a candidate or rule means "not set" (the rule's / engine's default applies). */
typedef enum {
    CERTAINTY_UNSET = 0,
    CERTAINTY_LOW = 1,
    CERTAINTY_MEDIUM = 2,
    CERTAINTY_HIGH = 3,
} certainty_t;

/* "low" / "medium" / "high"; parse returns -1 on an unknown word (and on "unset"). */
const char *certainty_name(certainty_t certainty);
int certainty_parse(const char *word, certainty_t *out);

typedef struct {
    uint32_t start_byte, end_byte;  /* byte offsets in the file, end exclusive */
    uint32_t start_line, start_col; /* 1-based; col counts bytes */
    uint32_t end_line, end_col;     /* 1-based; exclusive, like clang's fix-it ranges */
} source_range_t;

/* Named evidence a reviewer (person or model) wants: "dst_size" = "16". */
typedef struct {
    char *name;
    char *value;
} fact_t;

/* One replacement of a byte range (insertion when the range is empty). */
typedef struct {
    source_range_t range;
    char *replacement;
} fix_edit_t;

typedef struct {
    char *description;       /* "replace strcpy with snprintf" */
    bool may_change_meaning; /* true: printed on a note, never on the warning itself */
    bool verified;           /* set by the fix verifier (analyzer/fix/fix_verify.h): the
                              * patched file parses, compiles without new diagnostics, no
                              * longer has the finding and has no new one. Reporters show
                              * only verified fixes. */
    char *rejected_reason;   /* NULL, or why the verifier rejected the fix ("check (c)
                              * finding: the finding still fires at line 7"); owned */
    fix_edit_t *edits;
    size_t edit_count;
} fix_t;

/* One step of a path or taint flow, for SARIF codeFlows and gcc-style notes. */
typedef struct {
    source_range_t range;
    char *message; /* "memory freed here" */
} flow_step_t;

typedef enum {
    REVIEW_NONE = 0,         /* static only */
    REVIEW_TRUE_POSITIVE,
    REVIEW_FALSE_POSITIVE,
    REVIEW_UNCERTAIN,
} review_verdict_t;

/* "true_positive" / "false_positive" / "uncertain" (the verdict schema's words); "none". */
const char *review_verdict_name(review_verdict_t verdict);

/* Whether the model looked at a candidate. */
typedef enum {
    REVIEW_STATE_STATIC = 0, /* no model in the run: reporters print nothing about review */
    REVIEW_STATE_REVIEWED,   /* verdict, confidence and review_reason are set */
    REVIEW_STATE_UNREVIEWED, /* the run had a model but this candidate did not fit its
                              * budget (review_reason says which); reported as static */
} review_state_t;

struct rule; /* rules/…, see analyzer/rule.h */

typedef struct candidate {
    const struct rule *rule;   /* not owned */
    char *rule_id;             /* copy of rule->id (so reporters need no rule) */
    char *path;                /* as reported: relative to the repo root, '/' separated */
    source_range_t range;      /* primary location */
    char *message;             /* captures already substituted */
    severity_t severity;
    certainty_t certainty;     /* set by the pass that made it; a fact "certainty_reason"
                                * says why it is low, when a pass knows */
    int cwe;                   /* 0 when none */
    char *snippet;             /* the matched code, as in the file */
    fact_t *facts;
    size_t fact_count;
    fix_t *fix;                /* NULL when no fix */
    flow_step_t *flow;
    size_t flow_count;
    char fingerprint[33];      /* assay fingerprint: hex of rule + path + normalised code */
    char line_hash[40];        /* GitHub primaryLocationLineHash, "hex:occurrence" */
    /* The model review (review/review.h); all zero in a static-only run. */
    review_state_t review_state;
    review_verdict_t verdict;  /* REVIEW_NONE unless reviewed */
    int confidence;            /* 0..100, with verdict */
    char *review_reason;       /* the model's reason; for an unreviewed one, why not */
    bool dismissed;            /* a confident false positive on a low or medium finding:
                                * out of gcc output and the exit status, a suppressed
                                * result in SARIF (never set on a high finding) */
    bool confirmed;            /* a low finding the model confidently called a true positive:
                                * reported although below --min-certainty */
    fix_t *draft;              /* the model's drafted fix until the verifier has seen it;
                                * then it becomes `fix` (accepted) or is freed (rejected) */
    bool fix_drafted;          /* `fix` is the model's draft (verified), not a rule template */
    char *draft_rejected;      /* NULL, or why the verifier rejected the model's draft */
} candidate_t;

/* A growable list of candidates; owns them. */
typedef struct {
    candidate_t **items;
    size_t count, capacity;
} candidate_list_t;

/* Allocates a zeroed candidate; NULL on out of memory. */
candidate_t *candidate_new(void);
/* Frees the candidate and everything it owns; NULL is a no-op. */
void candidate_free(candidate_t *candidate);
/* Appends a copy of name/value; 0 on success, -1 on out of memory. */
int candidate_add_fact(candidate_t *candidate, const char *name, const char *value);
/* Returns the value of the first fact called name, or NULL. */
const char *candidate_fact(const candidate_t *candidate, const char *name);
/* Appends a flow step (copies message); 0 / -1. */
int candidate_add_flow(candidate_t *candidate, source_range_t range, const char *message);

fix_t *fix_new(const char *description, bool may_change_meaning);
int fix_add_edit(fix_t *fix, source_range_t range, const char *replacement);
void fix_free(fix_t *fix);
/* Records the verifier's outcome: verified, or rejected with reason (copied; replaces an
 * earlier one). 0, or -1 on out of memory (the fix is then unverified, without a reason). */
int fix_set_verdict(fix_t *fix, bool verified, const char *reason);

void candidate_list_init(candidate_list_t *list);
void candidate_list_destroy(candidate_list_t *list);   /* frees every candidate */
/* Takes ownership of candidate; 0 / -1 (on failure the candidate is freed). */
int candidate_list_push(candidate_list_t *list, candidate_t *candidate);
/* Frees the candidates whose certainty is below min (keeping the order of the rest) and
 * returns how many went. A candidate the model review confirmed stays whatever its
 * certainty: that is how review raises recall. */
size_t candidate_list_drop_below(candidate_list_t *list, certainty_t min);
/* Sorts by path, line, column, rule id: the stable order every reporter prints in. */
void candidate_list_sort(candidate_list_t *list);

#endif
