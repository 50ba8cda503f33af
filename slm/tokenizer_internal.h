/* tokenizer_internal.h — the tokenizer's data, shared by tokenizer.c (loading, special
 * tokens, decoding) and the two encoders, tokenizer_spm.c and tokenizer_bpe.c.
 * Not part of the public API (slm/tokenizer.h). */
#ifndef ASSAY_SLM_TOKENIZER_INTERNAL_H
#define ASSAY_SLM_TOKENIZER_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "slm/tokenizer.h"

#define TOKENIZER_MAX_REGEX 4

/* A growable list of token ids (the encoder's output). */
typedef struct {
    int32_t *ids;
    size_t count, cap;
} token_list_t;

int token_list_push(token_list_t *list, int32_t id);

/* Merge table entry: (left id, right id) -> rank, merged id. */
typedef struct {
    uint64_t key;   /* left << 32 | right; UINT64_MAX = empty slot */
    int32_t rank;
    int32_t result; /* id of the merged token, -1 if the vocabulary lacks it */
} merge_slot_t;

struct tokenizer {
    tokenizer_model_t model;
    char *pre_name;
    int32_t n_vocab;

    char *text_blob;       /* all token strings, NUL-separated */
    uint32_t *text_offset; /* (n_vocab,) */
    uint32_t *text_len;    /* (n_vocab,) */
    char *bytes_blob;      /* decoded bytes of every token */
    uint32_t *bytes_offset;
    uint32_t *bytes_len;
    float *scores;         /* (n_vocab,) SPM merge priorities */
    uint8_t *kinds;        /* (n_vocab,) token_kind_t */

    uint32_t *vocab_slots; /* string -> id hash: id + 1, 0 = empty */
    size_t vocab_slot_cap;
    merge_slot_t *merges;  /* BPE merge ranks */
    size_t merge_slot_cap;

    int32_t byte_token[256]; /* SPM: <0xXX>; BPE: the byte-level character; -1 if absent */
    bool spm_barrier[128];   /* SPM: ASCII bytes no multi-byte token contains ('\n' in
                                Llama's vocabulary): no merge can cross them, so the text
                                is merged in independent segments between them */
    int32_t *specials;       /* tokens matched whole in text, longest first */
    size_t n_specials;

    int32_t bos, eos, eot, pad, unk;
    bool add_bos, add_eos, add_space_prefix;
    bool ignore_merges;      /* BPE: a piece that is itself a token is not merged (llama3) */

    pcre2_code *regex[TOKENIZER_MAX_REGEX]; /* BPE pre-tokenizer, applied in order */
    size_t n_regex;

    char *chat_template;
};

/* Id of the token spelled text[0..len), or -1. */
int32_t tokenizer_lookup(const tokenizer_t *tok, const char *text, size_t len);
const char *tokenizer_text_of(const tokenizer_t *tok, int32_t id, size_t *len);

/* Encoders for one run of plain text (no special tokens inside), appending to out. */
int tokenizer_spm_encode(const tokenizer_t *tok, const char *text, size_t len, token_list_t *out);
/* The BPE encoder can fail in the regex engine (resource limits): the PCRE2 message is
 * written to err. */
int tokenizer_bpe_encode(const tokenizer_t *tok, const char *text, size_t len,
                         pcre2_match_data *md, token_list_t *out, char *err, size_t err_size);

/* BPE set-up from metadata: pre-tokenizer regexes for tok->pre_name, and the merge table. */
int tokenizer_bpe_setup(tokenizer_t *tok, const gguf_file_t *f, char *err, size_t err_size);
void tokenizer_bpe_cleanup(tokenizer_t *tok);

#endif
