/* tokenizer.h — text <-> token ids from the vocabulary stored in a GGUF file.
 *
 * Two families, chosen by tokenizer.ggml.model:
 *   "llama"  SentencePiece-style: score-ordered bigram merges over UTF-8 characters, spaces
 *            written as U+2581 '▁', a space prepended to the text unless
 *            tokenizer.ggml.add_space_prefix is false, unknown bytes as <0xXX> tokens.
 *   "gpt2"   byte-level BPE: the text is split by the pre-tokenizer regex named by
 *            tokenizer.ggml.pre (gpt2, starcoder/smollm, llama-bpe/llama3, qwen2, default),
 *            each piece mapped byte -> printable unicode character, then merged by the rank
 *            of tokenizer.ggml.merges.
 * Both behave like llama.cpp (and so like the Hugging Face tokenizers it follows): special
 * tokens are matched whole before splitting — user-defined tokens always, control tokens
 * only when parse_special is set.
 *
 * A tokenizer is immutable after tokenizer_from_gguf(): encode/decode may run concurrently
 * from several threads. It copies what it needs, so the gguf file may be closed afterwards.
 * Functions return 0 or a negative tokenizer_status_t and write messages to err. */
#ifndef ASSAY_SLM_TOKENIZER_H
#define ASSAY_SLM_TOKENIZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "slm/gguf.h"

typedef enum {
    TOKENIZER_OK = 0,
    TOKENIZER_ERR_FORMAT = -2,      /* vocabulary metadata missing or malformed */
    TOKENIZER_ERR_UNSUPPORTED = -3, /* tokenizer model or pre-tokenizer assay does not know */
    TOKENIZER_ERR_NOMEM = -6,
    TOKENIZER_ERR_ARG = -7,         /* token id out of range, NULL text with len > 0 */
} tokenizer_status_t;

typedef enum {
    TOKENIZER_SPM = 1, /* tokenizer.ggml.model "llama" */
    TOKENIZER_BPE = 2, /* tokenizer.ggml.model "gpt2" */
} tokenizer_model_t;

/* Token kinds, the values of tokenizer.ggml.token_type. */
typedef enum {
    TOKEN_KIND_NORMAL = 1,
    TOKEN_KIND_UNKNOWN = 2,
    TOKEN_KIND_CONTROL = 3,      /* <s>, </s>, <|im_start|>: never produced from plain text */
    TOKEN_KIND_USER_DEFINED = 4, /* added tokens matched whole in text */
    TOKEN_KIND_UNUSED = 5,
    TOKEN_KIND_BYTE = 6,         /* SentencePiece byte fallback <0xXX> */
} token_kind_t;

typedef struct tokenizer tokenizer_t;

/* Builds a tokenizer from the tokenizer.ggml.* metadata of f. */
int tokenizer_from_gguf(tokenizer_t **out, const gguf_file_t *f, char *err, size_t err_size);
/* NULL is a no-op. */
void tokenizer_free(tokenizer_t *tok);

/* Encodes len bytes of text (need not be NUL-terminated, may be invalid UTF-8: stray bytes
 * become byte tokens). add_bos prepends the BOS token when the vocabulary has one (callers
 * normally pass tokenizer_add_bos_default()). parse_special also matches control tokens
 * such as <|im_start|> written in the text. *ids is malloc'd (caller frees), *count its
 * length; an empty text gives count 0 (or 1 with BOS) and a non-NULL *ids. EOS is never
 * appended (see tokenizer_add_eos_default). Texts over 2 GiB are refused (TOKENIZER_ERR_ARG);
 * a byte for which the vocabulary has no token at all is skipped (as llama.cpp does). */
int tokenizer_encode(const tokenizer_t *tok, const char *text, size_t len, bool add_bos,
                     bool parse_special, int32_t **ids, size_t *count, char *err,
                     size_t err_size);

/* Decodes ids to text: the concatenation of tokenizer_token_bytes() of every id, except
 * that the space an SPM tokenizer prepends on encoding is removed from the start again, so
 * decode(encode(s)) == s. *text is malloc'd and NUL-terminated (caller frees), *len its
 * length without the NUL. TOKENIZER_ERR_ARG for an id outside the vocabulary. */
int tokenizer_decode(const tokenizer_t *tok, const int32_t *ids, size_t count, char **text,
                     size_t *len);

/* The exact bytes token id produces in decoded text (precomputed for the whole vocabulary,
 * O(1)): '▁' -> ' ' and <0x0A> -> "\n" for SPM, byte-level characters -> raw bytes for BPE,
 * user-defined tokens their text, control/unknown/unused tokens empty. The bytes are owned
 * by tok and need not be valid UTF-8 on their own (a byte token is one byte).
 * TOKENIZER_ERR_ARG for an id outside the vocabulary. */
int tokenizer_token_bytes(const tokenizer_t *tok, int32_t id, const char **bytes, size_t *len);
/* The token's string as stored in the vocabulary ("▁the", "Ġthe", "<|im_end|>"). */
int tokenizer_token_text(const tokenizer_t *tok, int32_t id, const char **text, size_t *len);
/* Kind of a token; 0 for an id outside the vocabulary. */
token_kind_t tokenizer_token_kind(const tokenizer_t *tok, int32_t id);
/* Id of the token whose vocabulary string is exactly text[0..len), or -1. */
int32_t tokenizer_token_id(const tokenizer_t *tok, const char *text, size_t len);

int32_t tokenizer_vocab_size(const tokenizer_t *tok);
tokenizer_model_t tokenizer_model(const tokenizer_t *tok);
/* Pre-tokenizer name as given in the file ("smollm", "qwen2", ...; "default" if absent);
 * for SPM "llama". */
const char *tokenizer_pre_name(const tokenizer_t *tok);

/* Special token ids, -1 when the vocabulary has none (or the metadata names an id outside
 * the vocabulary). eot falls back to the first token present among those conventionally
 * ending a chat turn (<|im_end|>, <|eot_id|>, <|end|>, <end_of_turn>) when the metadata
 * does not name one. */
int32_t tokenizer_bos(const tokenizer_t *tok);
int32_t tokenizer_eos(const tokenizer_t *tok);
int32_t tokenizer_eot(const tokenizer_t *tok);
int32_t tokenizer_pad(const tokenizer_t *tok);
/* True when generation should stop at id (EOS, EOT). */
bool tokenizer_is_end_of_generation(const tokenizer_t *tok, int32_t id);
/* Whether the model expects BOS (tokenizer.ggml.add_bos_token; default true for SPM,
 * false for BPE) and EOS (add_eos_token, default false) on encoded prompts. */
bool tokenizer_add_bos_default(const tokenizer_t *tok);
bool tokenizer_add_eos_default(const tokenizer_t *tok);

/* tokenizer.chat_template from the file, NULL when absent. Owned by tok. */
const char *tokenizer_chat_template(const tokenizer_t *tok);

#endif
