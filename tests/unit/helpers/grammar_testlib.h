/* grammar_testlib.h — test helpers for grammar/: vocabularies, an independent recogniser,
 * a random-logits sampler and a checker for the JSON Schema subset.
 *
 * The recogniser answers "is this text in the grammar's language?" by memoised top-down
 * recognition over the parsed rules (the set of end offsets each rule can reach from each
 * start offset). It shares only the parsed grammar with the matcher under test, not its
 * algorithm, so the two failing the same way would need two different bugs. */
#ifndef ASSAY_TESTS_GRAMMAR_TESTLIB_H
#define ASSAY_TESTS_GRAMMAR_TESTLIB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grammar/grammar.h"

/* SmolLM's 49,152-token vocabulary from a Hugging Face tokenizer.json (the shared
 * folder's vocab/smollm-hf/tokenizer.json; NULL + message in err when it cannot be read);
 * pad_to > 0 pads with synthetic tokens. */
grammar_vocab_t *gtest_smollm_vocab(const char *tokenizer_json, size_t pad_to, char *err,
                                    size_t err_size);
/* The vocabulary of any GGUF model through the slm tokenizer: control, unknown and unused
 * tokens are special; the model's EOS is the end of sequence. Llama-2's 32,000-token
 * SentencePiece vocabulary (models/llama-2-tiny-random.gguf in the shared folder) has "▁"
 * for a space and <0xXX> for a byte. */
grammar_vocab_t *gtest_gguf_vocab(const char *path, char *err, size_t err_size);
/* A vocabulary made here, for tests that run without the shared folder: the 256 single
 * bytes (0x80-0xFF alone are partial UTF-8, like Llama's <0xXX> tokens), n_merged tokens
 * of 2 to 6 pieces drawn (seeded) from words, JSON and C punctuation, spaces and UTF-8
 * letters, and last one special end-of-sequence token. NULL + message in err on error. */
grammar_vocab_t *gtest_synthetic_vocab(size_t n_merged, uint64_t seed, char *err, size_t err_size);
/* Reads a whole file (NUL-terminated, malloc'd) or NULL. */
char *gtest_read_file(const char *path, size_t *len);
/* Parses a GBNF file or fails the test. */
grammar_t *gtest_parse_file(const char *path);
grammar_t *gtest_parse_text(const char *text);

/* The independent recogniser. */
bool gtest_recognize(const grammar_t *g, const char *text, size_t len);

/* A seeded random-logits sampler: every token gets a fixed random bias (its "logit"),
 * each step adds Gumbel noise and takes the best allowed token; end-of-sequence, when
 * allowed, wins with probability eos_prob. */
typedef struct {
    uint64_t state;
    float *bias;   /* (n_tokens,) */
    size_t n_tokens;
    double eos_prob;
    double short_prob; /* probability to restrict a step to tokens of one byte */
    uint32_t *short_ids; /* (n_short,) the one-byte tokens */
    size_t n_short;
    uint32_t eos_ids[8];
    size_t n_eos;
} gtest_sampler_t;

void gtest_sampler_init(gtest_sampler_t *s, const grammar_vocab_t *v, uint64_t seed);
void gtest_sampler_destroy(gtest_sampler_t *s);
uint64_t gtest_rand(gtest_sampler_t *s);
/* Picks a token allowed by mask; -1 when the mask is empty. */
int64_t gtest_sample(gtest_sampler_t *s, const uint32_t *mask, const grammar_vocab_t *v,
                     const uint32_t *lens);

/* Generates one sequence: returns the text (malloc'd, may hold NUL bytes: use *text_len) and whether it ended with EOS
 * within max_tokens. The matcher is reset first. Fails the test on any API error or
 * if a sampled token is refused. */
char *gtest_generate(grammar_matcher_t *m, const grammar_vocab_t *v, gtest_sampler_t *s,
                     const char *const *token_bytes, const uint32_t *token_lens, size_t max_tokens,
                     bool *finished, size_t *n_tokens, size_t *text_len);

/* Token byte table of a vocabulary: a malloc'd array of pointers into the vocabulary
 * (free it; the bytes stay owned by v); *lens points into v. */
const char **gtest_vocab_tokens(const grammar_vocab_t *v, const uint32_t **lens);

/* Validates instance against the supported JSON Schema subset (type, enum, const,
 * properties/required/additionalProperties, items/minItems/maxItems, minLength/maxLength
 * in code points, minimum/maximum/exclusive*, anyOf/oneOf, $ref to #/definitions|$defs).
 * Returns true, or false with a reason in why. */
bool gtest_schema_validate(json_t *schema, json_t *root_schema, json_t *instance, char *why,
                           size_t why_size);

#endif
