/* grammar_impl.h — the compiled grammar shared by the files of grammar/ (not public API).
 *
 * A grammar is a flat array of elements, llama.cpp-style: rule r's alternatives start at
 * rule_start[r], are separated by ELEM_ALT and the last one ends with ELEM_END. A character
 * class is a run CHAR|CHAR_NOT|CHAR_ANY followed by CHAR_RNG_UPPER / CHAR_ALT elements.
 * ELEM_REPEAT is a counted repetition of a child rule (min..max times, max UINT32_MAX =
 * unbounded); its count lives in the stack frame that sits on it.
 *
 * A parse position is a stack of frames (pos, count): the top frame points at a character
 * class, the frames below are where to continue when the rule above finishes. A matcher
 * state is a set of such stacks (the grammar may be ambiguous) plus a partial UTF-8
 * character; the empty stack means "the whole grammar has been matched". */
#ifndef ASSAY_GRAMMAR_IMPL_H
#define ASSAY_GRAMMAR_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/utf8.h"
#include "grammar/grammar.h"

typedef enum {
    ELEM_END = 0,        /* end of the rule's last alternative */
    ELEM_ALT,            /* end of an alternative, next one follows */
    ELEM_RULE_REF,       /* value = rule id */
    ELEM_REPEAT,         /* value = index into grammar.repeats */
    ELEM_CHAR,           /* value = code point; starts a class */
    ELEM_CHAR_NOT,       /* value = code point; starts a negated class */
    ELEM_CHAR_RNG_UPPER, /* value = inclusive upper bound of the previous char */
    ELEM_CHAR_ALT,       /* value = another code point of the same class */
    ELEM_CHAR_ANY,       /* `.`: any code point; a class of its own */
    ELEM_TOKEN,          /* `<[id]>`: exactly vocabulary token id (how a grammar names a
                            special token); never matched by text */
} grammar_elem_type_t;

typedef struct {
    uint32_t type;  /* grammar_elem_type_t */
    uint32_t value;
} grammar_elem_t;

typedef struct {
    uint32_t rule;  /* child rule repeated */
    uint32_t min, max;
} grammar_repeat_t;

#define GRAMMAR_UNBOUNDED UINT32_MAX

typedef struct {
    uint32_t ascii[4]; /* bit c: code point c (< 128) matches */
    uint32_t next;     /* element after the class */
    bool negated;
    bool any;
} grammar_class_t;

struct grammar {
    grammar_elem_t *elems; /* (n_elems,) all rules back to back */
    size_t n_elems;
    uint32_t *rule_start;  /* (n_rules,) first element of each rule */
    char **rule_names;     /* (n_rules,) */
    uint32_t *rule_line;   /* (n_rules,) line of the definition (0: generated) */
    uint8_t *nullable;     /* (n_rules,) rule can match the empty string */
    size_t n_rules;
    uint32_t root;
    grammar_repeat_t *repeats; /* (n_repeats,) */
    size_t n_repeats;
    uint32_t *class_index;     /* (n_elems,) index into classes for a class start, else -1 */
    grammar_class_t *classes;  /* (n_classes,) */
    size_t n_classes;
};

static inline bool grammar_elem_is_class_start(uint32_t type)
{
    return type == ELEM_CHAR || type == ELEM_CHAR_NOT || type == ELEM_CHAR_ANY;
}

/* A terminal: where a settled stack waits (a class or a named token). */
static inline bool grammar_elem_is_terminal(uint32_t type)
{
    return grammar_elem_is_class_start(type) || type == ELEM_TOKEN;
}

static inline bool grammar_elem_is_end(uint32_t type)
{
    return type == ELEM_END || type == ELEM_ALT;
}

/* Does code point cp match the class starting at element pos? */
bool grammar_class_match(const grammar_t *g, uint32_t pos, uint32_t cp);
/* Can some valid completion of a partial UTF-8 character (value, n_remain bytes missing)
 * match the class at pos? */
bool grammar_class_match_partial(const grammar_t *g, uint32_t pos, uint32_t value,
                                 int n_remain);
/* Appends a GBNF rendering of the class at pos ("[a-z_]", "\"x\"", ".") to buf. */
void grammar_class_describe(const grammar_t *g, uint32_t pos, char *buf, size_t size);

/* Builds nullable, class tables, checks references and left recursion. Called by the
 * parser once all rules are in place. */
int grammar_finish(grammar_t *g, const char *source, char *err, size_t err_size);

/* ---- stack sets (grammar/stacks.c) ------------------------------------------------------ */

typedef struct {
    uint32_t pos;
    uint32_t count; /* REPEAT frames: iterations started; top bit = started in this step */
} grammar_frame_t;

#define GRAMMAR_FRAME_FRESH 0x80000000u

typedef struct {
    grammar_frame_t *frames; /* (n_frames,) all stacks back to back */
    size_t n_frames, cap_frames;
    uint32_t *start;         /* (n_stacks,) first frame of each stack */
    uint32_t *len;           /* (n_stacks,) its depth (0 = grammar complete) */
    size_t n_stacks, cap_stacks;
} grammar_stack_set_t;

void grammar_stack_set_init(grammar_stack_set_t *s);
void grammar_stack_set_destroy(grammar_stack_set_t *s);
void grammar_stack_set_clear(grammar_stack_set_t *s);
int grammar_stack_set_copy(grammar_stack_set_t *dst, const grammar_stack_set_t *src);
/* Adds a stack unless an equal one is present. */
int grammar_stack_set_add(grammar_stack_set_t *s, const grammar_frame_t *frames, size_t n);
bool grammar_stack_set_has_empty(const grammar_stack_set_t *s);

/* Scratch space for expansions; owned by whoever advances stacks. */
typedef struct {
    grammar_frame_t *buf;
    size_t cap;
    grammar_stack_set_t todo;
    size_t work_limit; /* expansion steps allowed per call before GRAMMAR_ERR_LIMIT */
    /* memo of single-frame expansions: memo_first[q] indexes memo.start/len for the
     * frame sequences [ {q,0} ] expands to (length 0 = it pops); UINT32_MAX = not yet */
    uint32_t *memo_first;  /* (n_elems,) */
    uint32_t *memo_count;  /* (n_elems,) */
    grammar_stack_set_t memo;
    grammar_frame_t *cat;  /* (cat_cap,) scratch for base ++ sequence */
    size_t cat_cap;
} grammar_expander_t;

void grammar_expander_init(grammar_expander_t *x);
void grammar_expander_destroy(grammar_expander_t *x);

/* Expands one stack (whose top may be a rule reference, repeat or rule end) into stacks
 * whose tops are character classes, added to out. */
int grammar_stack_expand(const grammar_t *g, grammar_expander_t *x, const grammar_frame_t *frames,
                         size_t n, grammar_stack_set_t *out);
/* The stacks at the start of the grammar. */
int grammar_stacks_initial(const grammar_t *g, grammar_expander_t *x, grammar_stack_set_t *out);
/* out = stacks of in whose top names token (ELEM_TOKEN), advanced past it. */
int grammar_stacks_advance_token(const grammar_t *g, grammar_expander_t *x, const grammar_stack_set_t *in,
                                 uint32_t token, grammar_stack_set_t *out);
/* out = stacks of in advanced over one code point (out is cleared first). */
int grammar_stacks_advance(const grammar_t *g, grammar_expander_t *x, const grammar_stack_set_t *in,
                           uint32_t cp, grammar_stack_set_t *out);

/* ---- a growing string (grammar/text.c): for generated GBNF ------------------------------- */

typedef struct {
    char *s;     /* NUL-terminated when len > 0 */
    size_t len, cap;
    bool oom;    /* a failed allocation: later appends are ignored */
} grammar_text_t;

void grammar_text_add(grammar_text_t *t, const char *s, size_t n);
void grammar_text_str(grammar_text_t *t, const char *s);
void grammar_text_fmt(grammar_text_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a GBNF string literal with quotes ("a\"b\n"); bytes >= 0x80 stay raw. */
void grammar_text_literal(grammar_text_t *t, const char *s, size_t n);
/* Hands the string over (never NULL unless oom); the builder is empty afterwards. */
char *grammar_text_take(grammar_text_t *t);
void grammar_text_destroy(grammar_text_t *t);

/* Integer ranges (grammar/int_range.c): appends a GBNF expression (in parentheses)
 * matching exactly the decimal integers in [lo, hi], no leading zeros, no "-0".
 * has_lo/has_hi false = unbounded on that side (at most max_digits digits then).
 * Bounds must lie within +-10^18. */
void grammar_int_range(grammar_text_t *t, bool has_lo, int64_t lo, bool has_hi, int64_t hi,
                       int max_digits);
/* Non-negative magnitudes only ("-" is not emitted), [lo, hi] with 0 <= lo. */
void grammar_uint_range(grammar_text_t *t, uint64_t lo, bool has_hi, uint64_t hi, int max_digits);

/* ---- vocabularies (grammar/vocab.c) ------------------------------------------------------ */

struct grammar_vocab {
    size_t n_tokens;
    uint8_t *blob;     /* all token bytes back to back */
    uint64_t *off;     /* (n_tokens,) token i = blob[off[i] .. off[i]+len[i]) */
    uint32_t *len;     /* (n_tokens,) */
    uint8_t *special;  /* (n_tokens,) never allowed */
    uint8_t *is_eos;   /* (n_tokens,) */
    uint32_t *order;   /* (n_order,) the allowed-in-principle tokens sorted by their bytes:
                          walking them in order is a depth-first walk of the token trie */
    uint32_t *lcp;     /* (n_order,) bytes shared with the previous token in order */
    uint8_t *sorted_blob;  /* the bytes of order[0], order[1], ... back to back */
    uint64_t *sorted_off;  /* (n_order,) */
    size_t n_order;
    uint32_t max_len;  /* longest token, bytes */
};

static inline const uint8_t *grammar_vocab_bytes(const grammar_vocab_t *v, uint32_t id)
{
    return v->blob + v->off[id];
}

/* ---- shared position tables (grammar/positions.c) ---------------------------------------- */

/* 128-bit hash of what the matcher can reach from element pos without popping. */
int grammar_position_hash(const grammar_t *g, uint32_t pos, uint64_t out[2]);
const grammar_vocab_t *grammar_position_cache_vocab(const grammar_position_cache_t *c);
/* Borrowed pointers valid until the next put. */
bool grammar_position_cache_get(grammar_position_cache_t *c, const uint64_t h[2], const uint32_t **accepted,
                                 const uint32_t **dependent, size_t *n_dependent);
void grammar_position_cache_put(grammar_position_cache_t *c, const uint64_t h[2], const uint32_t *accepted,
                                const uint32_t *dependent, size_t n_dependent);

#endif
