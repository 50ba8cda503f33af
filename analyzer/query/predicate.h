/* predicate.h — private: the predicates a rule's query may use, compiled and evaluated.
 *
 * tree-sitter 0.20's C library parses `(#name? ...)` predicates but evaluates none of
 * them, so assay does: text predicates (#eq? #not-eq? #match? #not-match? #any-of?
 * #not-any-of?; an identifier renamed by an alias macro such as `#define MKTEMP mktemp`
 * is also compared as each name it stands for, recording the fact "alias" =
 * "MKTEMP -> mktemp", and a negated predicate holds only when none of them matches) and
 * semantic predicates written in C (#fixed-array?, #unchecked-use?, ...;
 * the list with their meaning is in rules/README.md and in the table in predicate.c).
 * Semantic predicates may record facts ("dst_size" = "16"), move the reported location
 * (a use after free is reported at the use) and add flow steps. Names ending in '!' are
 * directives: they record facts and never reject a match; every semantic predicate
 * "#name?" can be written "#name!" to get its facts without filtering on it. */
#ifndef ASSAY_PREDICATE_H
#define ASSAY_PREDICATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <tree_sitter/api.h>

#include "core/candidate.h"

struct predicate_def;

typedef struct {
    const struct predicate_def *def;
    uint32_t captures[3];  /* combined-query capture ids */
    size_t capture_count;
    char **strings;        /* string arguments */
    size_t string_count;
    pcre2_code *regex;     /* compiled first string, for predicates taking a regex */
    char *fact_prefix;     /* the first capture's name: facts are "<prefix>_<fact>" */
    int cost;              /* cheap predicates run first */
    bool directive;        /* written "#name!": records facts, never rejects the match */
} predicate_t;

typedef struct predicate_list {
    predicate_t *items;
    size_t count;
} predicate_list_t;

/* Compiles the predicates of one pattern of query. On error returns -1 and writes the
 * problem (without a location) to err; *which is set to the index of the failing
 * predicate within the pattern so the caller can place it in the rule file. */
int predicate_list_compile(predicate_list_t *out, const TSQuery *query, uint32_t pattern,
                           size_t *which, char *err, size_t err_size);
void predicate_list_destroy(predicate_list_t *list);

/* Whether some predicate of list may record a fact called name ("<prefix>_<fact>").
 * Used at load to check the names that message and fix templates refer to. */
bool predicate_list_records(const predicate_list_t *list, const char *name);

/* Whether a name is a known predicate (for error messages). */
bool predicate_known(const char *name);

/* What predicates read and write while one match is evaluated. */
typedef struct {
    const char *source;
    uint32_t length;
    TSNode root;
    TSNode top;               /* the top-level node holding the match (ts_syntax.h syn_top) */
    const TSQuery *query;
    const TSQueryMatch *match;
    struct syn_fields *fields; /* the file's struct field index (ts_syntax.h), owned by the scanner */
    const struct macro_aliases *aliases; /* the file's renaming macros (macro_alias.h); NULL: none */
    candidate_t *facts;       /* facts and flow steps recorded so far; created lazily */
    bool has_report;          /* a predicate moved the primary location */
    TSNode report;
    pcre2_match_data *match_data;
    char scratch[256];
} predicate_env_t;

/* Evaluates every predicate of list (cheap ones first); true when all hold. May set
 * env->facts (the caller owns it) even when the result is false. */
bool predicate_list_eval(const predicate_list_t *list, predicate_env_t *env);

/* Returns the node captured as capture_id in the match, or a null node. */
TSNode predicate_capture(const predicate_env_t *env, uint32_t capture_id);

/* Records a fact / flow step on env->facts (created on first use); 0 / -1. */
int predicate_fact(predicate_env_t *env, const char *prefix, const char *name, const char *value);
int predicate_flow(predicate_env_t *env, TSNode node, const char *message);

/* ---- the predicate table (predicate.c) and the semantic predicates ---------------- */

/* nodes[i] is the node of the predicate's i-th capture (never null: a predicate whose
 * capture did not match in this match fails before eval is called). */
typedef bool (*predicate_eval_fn)(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);

typedef struct predicate_def {
    const char *name;          /* as written after '#': "fixed-array?" */
    int captures_min, captures_max;
    int strings_min, strings_max;
    bool regex;                /* the first string is a PCRE2 pattern */
    int cost;                  /* 0 text, 1 local syntax, 2 scope lookup, 3 function walk */
    const char *facts;         /* space-separated fact suffixes it may record */
    predicate_eval_fn eval;
} predicate_def_t;

/* Whether the regex of p matches text (len bytes). When text is an identifier of
 * env->source that is an alias macro (`#define OPEN open` above it: macro_alias.h), the
 * regex also matches when it matches a name the alias stands for. */
bool predicate_regex_matches(const predicate_t *p, predicate_env_t *env, const char *text, uint32_t len);

/* Whether call is a call_expression of name: its callee is written so, or is an alias
 * macro of the file standing for name (`OPEN(path, ...)` after `#define OPEN open`). */
bool predicate_callee_is(const predicate_env_t *env, TSNode call, const char *name);

/* predicate_semantic.c, predicate_flow.c, predicate_format.c */
bool pred_fixed_array(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_pointer(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_local_array(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_local_object(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_not_heap(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_not_literal(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_untrusted_format(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_non_constant(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_same_text(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_external_input(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_secret_context(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_mode_grants(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_mode_lacks(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_has_side_effect(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_is_last_argument(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_unguarded_product(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_unguarded(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_maybe_nonempty(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_may_hold_text(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_no_exclusive_open(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_sizeof_of(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_exceeds_array(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_may_exceed(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_length_unchecked(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_unchecked_use(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_freed_again(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_used_after_free(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_followed_by_call_on(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_not_followed_by_call(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_no_terminator(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_format_may_exceed(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);
bool pred_scanf_unbounded(const predicate_t *p, predicate_env_t *env, const TSNode *nodes);

#endif
