/* grammar.h — grammar-constrained decoding: GBNF grammars, JSON Schema → GBNF, token masks.
 *
 * The flow a caller follows:
 *   1. a grammar: grammar_parse() on GBNF text (llama.cpp's dialect), or first
 *      grammar_schema_to_gbnf() / grammar_verdict_gbnf() to produce that text;
 *   2. a vocabulary: grammar_vocab_new() from the exact bytes every token decodes to, a
 *      "special" flag per token (control tokens: never allowed) and the end-of-sequence ids;
 *   3. a matcher over both: per step grammar_matcher_fill_mask() writes the allowed-token
 *      bitmask (uint32 words, bit i of word i/32 = token i), the sampler picks a token,
 *      grammar_matcher_accept_token() advances. End-of-sequence is allowed exactly where the
 *      grammar accepts the text so far, so every finished output is in the language.
 *
 * Semantics follow llama.cpp's GBNF: the grammar is over Unicode code points (UTF-8);
 * `<[ID]>` names exactly vocabulary token ID (the only way a special token is allowed);
 * tokens may end inside a UTF-8 character (the partial character is carried to the next
 * token); `x{m,n}` with n > 8 is kept as a counted repetition instead of n nested rules.
 * Left recursion is rejected when the grammar is parsed.
 *
 * Errors: functions return 0 on success or a negative grammar_status_t, and write a
 * message naming the source and the problem (with line:column for grammar text) into
 * err/err_size when err is not NULL. The library never prints.
 *
 * Threads: grammar_t and grammar_vocab_t are immutable after creation and may be shared.
 * A grammar_matcher_t (state + its mask caches) belongs to one thread at a time. */
#ifndef ASSAY_GRAMMAR_H
#define ASSAY_GRAMMAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    GRAMMAR_OK = 0,
    GRAMMAR_ERR_SYNTAX = -1,      /* GBNF text or JSON is malformed */
    GRAMMAR_ERR_SEMANTIC = -2,    /* undefined rule, no root, left recursion */
    GRAMMAR_ERR_UNSUPPORTED = -3, /* JSON Schema keyword outside the supported subset */
    GRAMMAR_ERR_REJECTED = -4,    /* token / text not allowed by the grammar here */
    GRAMMAR_ERR_ARG = -5,         /* bad argument (token id out of range, short mask) */
    GRAMMAR_ERR_NOMEM = -6,
    GRAMMAR_ERR_LIMIT = -7,       /* grammar too ambiguous: stack set exploded */
} grammar_status_t;

typedef struct grammar grammar_t;
typedef struct grammar_vocab grammar_vocab_t;
typedef struct grammar_matcher grammar_matcher_t;
typedef struct grammar_position_cache grammar_position_cache_t;

/* ---- grammars ------------------------------------------------------------------------ */

/* Parses GBNF text (len bytes, need not be NUL-terminated). source names the text in
 * error messages ("FILE:LINE:COL: ..."); NULL means "<grammar>". The start rule is `root`.
 * On success *out owns the grammar (grammar_free). */
int grammar_parse(grammar_t **out, const char *text, size_t len, const char *source,
                  char *err, size_t err_size);
void grammar_free(grammar_t *g);

/* Number of rules, including those generated for groups and repetitions. */
size_t grammar_rule_count(const grammar_t *g);

/* Writes the parsed rules back as GBNF (generated rules included) into a malloc'd
 * NUL-terminated string the caller frees. */
int grammar_to_gbnf(const grammar_t *g, char **out);

/* ---- JSON Schema → GBNF --------------------------------------------------------------
 * Supported subset (anything else is GRAMMAR_ERR_UNSUPPORTED naming the keyword and its
 * JSON pointer):
 *   type: object, array, string, integer, number, boolean, null, or an array of these;
 *   object: properties (emitted in a fixed order: required ones first in schema order,
 *     then each optional one as optional), required, additionalProperties false or true
 *     (the grammar never emits properties not listed, which is valid either way; a schema
 *     value for additionalProperties is unsupported);
 *   string: minLength, maxLength (counted in characters; escapes \" \\ \/ \b \f \n \r \t
 *     only, other characters raw UTF-8);
 *   integer: minimum, maximum, exclusiveMinimum, exclusiveMaximum (exact digit-range
 *     grammars); number: the same with integral bounds (fraction allowed inside);
 *   array: items, minItems, maxItems; enum, const, anyOf, oneOf (= anyOf);
 *   $ref to #/definitions/NAME or #/$defs/NAME (recursion allowed); {} or true = any JSON.
 *   Annotations ($schema, $id, $comment, title, description, examples, default) ignored.
 * Whitespace policy: output is compact JSON except for at most one space after ':' and
 * ','; numbers without bounds have at most 16 integer and 16 fraction digits. Unbounded
 * whitespace or digits let small models loop. */

/* Replaces the rule generated for the sub-schema at a JSON pointer by caller GBNF. */
typedef struct {
    const char *pointer;     /* e.g. "/properties/fix/anyOf/1/properties/replacement" */
    const char *body;        /* right-hand side of that rule, GBNF */
    const char *extra_rules; /* further rules `body` refers to (full GBNF lines), or NULL */
} grammar_schema_override_t;

/* Converts a JSON Schema (JSON text) into GBNF with start rule root. *out is a malloc'd
 * NUL-terminated string. overrides may be NULL when n_overrides is 0; an override whose
 * pointer names no converted sub-schema is an error. */
int grammar_schema_to_gbnf(char **out, const char *schema_json, size_t len, const char *source,
                           const grammar_schema_override_t *overrides, size_t n_overrides,
                           char *err, size_t err_size);

/* ---- the review verdict ----------------------------------------------------------------
 * The model answers each finding with the JSON object described by
 * grammar/schemas/verdict.schema.json (compiled in; grammar_verdict_schema() returns it):
 *   {"verdict": "true_positive"|"false_positive"|"uncertain", "confidence": 0..100,
 *    "reason": string of at most 240 characters,
 *    "fix": null | {"start_line": int, "end_line": int, "replacement": string}}          */
const char *grammar_verdict_schema(void);

/* Restricts the replacement text of a fix. */
typedef struct {
    /* Free code: identifiers allowed in the replacement (those in scope at the finding),
     * besides C keywords, numbers, string and character literals, punctuation and
     * whitespace. Every entry must be a C identifier. */
    const char *const *identifiers;
    size_t n_identifiers;
    bool allow_code; /* false: only one of the templates below */
    /* Whole alternatives (a rule's fix templates), exact text. */
    const char *const *templates;
    size_t n_templates;
} grammar_fix_options_t;

/* GBNF of the verdict grammar; fix NULL = any JSON string as the replacement. */
int grammar_verdict_gbnf(char **out, const grammar_fix_options_t *fix, char *err,
                         size_t err_size);

/* ---- vocabularies ---------------------------------------------------------------------- */

/* Builds a vocabulary from n_tokens byte strings (token i decodes to bytes[i][0..lens[i])).
 * special[i] != 0 marks control tokens (never allowed); special may be NULL. eos_ids lists
 * the end-of-sequence tokens (allowed exactly where the grammar may end). Copies what it
 * needs; the arrays may be freed afterwards. */
int grammar_vocab_new(grammar_vocab_t **out, size_t n_tokens, const char *const *bytes,
                      const uint32_t *lens, const uint8_t *special, const uint32_t *eos_ids,
                      size_t n_eos, char *err, size_t err_size);
/* Reads a Hugging Face tokenizer.json of a byte-level BPE tokenizer (GPT-2, SmolLM, Qwen):
 * token bytes, special added tokens, end-of-sequence ids (<|endoftext|>, <|im_end|>,
 * <|eot_id|>, </s>, <|end|>). pad_to > vocabulary size appends synthetic tokens (two
 * ordinary tokens glued, seeded) up to that size, to measure large-vocabulary cost. */
int grammar_vocab_from_hf_json(grammar_vocab_t **out, const char *path, size_t pad_to, uint64_t seed,
                               char *err, size_t err_size);
void grammar_vocab_free(grammar_vocab_t *v);
size_t grammar_vocab_size(const grammar_vocab_t *v);
/* Token t's bytes (owned by v), and whether it is a control / end-of-sequence token. */
void grammar_vocab_token(const grammar_vocab_t *v, uint32_t t, const char **bytes, uint32_t *len, bool *special,
                         bool *is_eos);
/* Words a mask needs: (n_tokens + 31) / 32. */
size_t grammar_vocab_mask_words(const grammar_vocab_t *v);

/* ---- matcher ---------------------------------------------------------------------------- */

/* A matcher borrows g and v (vocab may be NULL: then only text can be fed); both must
 * outlive it. It starts at the beginning of the grammar. */
int grammar_matcher_new(grammar_matcher_t **out, const grammar_t *g, const grammar_vocab_t *v,
                        char *err, size_t err_size);
/* Like grammar_matcher_new, with the per-position precomputation shared through cache
 * (built for the same vocabulary v): a grammar made per finding (the verdict grammar with
 * that finding's identifiers) then recomputes only the positions that differ from the
 * grammars before it. The cache must outlive the matcher; one thread at a time. */
int grammar_matcher_new_shared(grammar_matcher_t **out, const grammar_t *g, const grammar_vocab_t *v,
                               grammar_position_cache_t *cache, char *err, size_t err_size);
void grammar_matcher_free(grammar_matcher_t *m);

/* A cache of precomputed grammar positions for one vocabulary (kept copies, bounded). */
int grammar_position_cache_new(grammar_position_cache_t **out, const grammar_vocab_t *v, char *err,
                               size_t err_size);
void grammar_position_cache_free(grammar_position_cache_t *c);
/* Back to the start of the grammar; precomputed tables and mask caches are kept. */
void grammar_matcher_reset(grammar_matcher_t *m);

/* Copies the parse state (not the caches) of src into dst; both must be matchers of the
 * same grammar. For rollback and speculative decoding. */
int grammar_matcher_copy_state(grammar_matcher_t *dst, const grammar_matcher_t *src);

/* Writes the allowed next tokens into mask (n_words >= grammar_vocab_mask_words).
 * The hot function of constrained decoding. */
int grammar_matcher_fill_mask(grammar_matcher_t *m, uint32_t *mask, size_t n_words, char *err,
                              size_t err_size);
/* Advances by one token; GRAMMAR_ERR_REJECTED (state unchanged) if it is not allowed.
 * Accepting an end-of-sequence token finishes the matcher. */
int grammar_matcher_accept_token(grammar_matcher_t *m, uint32_t token, char *err,
                                 size_t err_size);
/* Advances by raw text. On rejection returns GRAMMAR_ERR_REJECTED with *consumed = the
 * bytes accepted before the offending one (state = after those bytes). */
int grammar_matcher_accept_bytes(grammar_matcher_t *m, const char *bytes, size_t len,
                                 size_t *consumed, char *err, size_t err_size);
/* True when the text so far is a complete sentence of the grammar. */
bool grammar_matcher_can_end(const grammar_matcher_t *m);
/* True once an end-of-sequence token was accepted. */
bool grammar_matcher_is_finished(const grammar_matcher_t *m);
/* Describes what may come next ("one of: [0-9] \"-\" end of input") into buf. */
void grammar_matcher_describe_expected(const grammar_matcher_t *m, char *buf, size_t size);

typedef struct {
    uint64_t masks;            /* fill_mask calls */
    uint64_t cache_hits;       /* per-stack masks served from the cache */
    uint64_t cache_misses;     /* per-stack masks computed */
    uint64_t positions_built;  /* grammar positions with precomputed token classes */
    uint64_t positions_shared; /* of those, found in a shared position cache */
    uint64_t dependent_checked;/* context-dependent tokens checked at run time */
    uint64_t full_walks;       /* masks computed by walking the whole vocabulary */
} grammar_matcher_stats_t;
void grammar_matcher_stats(const grammar_matcher_t *m, grammar_matcher_stats_t *out);

#endif
