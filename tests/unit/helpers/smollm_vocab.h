/* smollm_vocab.h — test helper: a GGUF vocabulary built from a Hugging Face tokenizer.json.
 *
 * No SmolLM GGUF file is available offline, but its tokenizer is, in Hugging Face format
 * (../shared/vocab/smollm-hf/). This converts it the way llama.cpp's converter does:
 * tokenizer.ggml.model "gpt2", pre "smollm", tokens ordered by id, merges as "a b" strings,
 * added tokens typed CONTROL (special) or USER_DEFINED, BOS = EOS = <|endoftext|>.
 * Added tokens past the model vocabulary (a fine-tuner's [PAD] 49152) are ignored. */
#ifndef ASSAY_TESTS_SMOLLM_VOCAB_H
#define ASSAY_TESTS_SMOLLM_VOCAB_H

#include <stddef.h>

#include "slm/gguf.h"

/* Path of the shared tokenizer.json ($ASSAY_SHARED_DIR or ../shared, from the repo root). */
const char *smollm_vocab_json_path(char *buf, size_t size);

/* Adds the tokenizer.ggml.* keys read from tokenizer_json to w. 0 or -1 with err filled. */
int smollm_vocab_add_to_writer(gguf_writer_t *w, const char *tokenizer_json, char *err,
                               size_t err_size);

/* Writes a vocabulary-only GGUF (general.architecture "llama", no tensors) to out_path. */
int smollm_vocab_write_gguf(const char *tokenizer_json, const char *out_path, char *err,
                            size_t err_size);

#endif
