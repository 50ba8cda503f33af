/* gguf_seeds.c — writes the GGUF seed files of fuzz_gguf into a folder (tests/fuzz/seeds.sh
 * runs it): tiny models of the llama shape made by slm/synth.h (two layers of width 32,
 * the smallest vocabulary synth allows) in f32, q8_0, q4_0 and q4_k_m, one of them copied
 * again with general.alignment = 1 (tensors at odd offsets: the kernels must not assume
 * more alignment than the file promises), and a vocabulary-only file. Not a test and not
 * part of assay: prints only its own errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slm/gguf.h"
#include "slm/synth.h"

/* Copies every key/value and tensor of f into w (which it fills), with general.alignment
 * replaced by alignment. 0 or -1. */
static int copy_realigned(const gguf_file_t *f, gguf_writer_t *w, uint32_t alignment)
{
    for (size_t i = 0; i < gguf_kv_count(f); i++) {
        const char *key = gguf_kv_key(f, i);
        int rc = 0;
        switch (gguf_kv_type(f, i)) {
        case GGUF_TYPE_STRING: {
            const char *s; size_t len;
            rc = gguf_get_string(f, key, &s, &len) || gguf_writer_set_string_n(w, key, s, len);
            break;
        }
        case GGUF_TYPE_ARRAY: {
            gguf_array_t a;
            if (gguf_get_array(f, key, &a) != 0) return -1;
            if (a.strings)
                rc = gguf_writer_set_string_array(w, key, a.strings, a.string_lens, a.count);
            else if (a.data)
                rc = gguf_writer_set_array(w, key, a.elem_type, a.data, a.count);
            break;
        }
        case GGUF_TYPE_FLOAT32: case GGUF_TYPE_FLOAT64: {
            float v;
            rc = gguf_get_f32(f, key, &v) || gguf_writer_set_f32(w, key, v);
            break;
        }
        case GGUF_TYPE_BOOL: {
            bool v;
            rc = gguf_get_bool(f, key, &v) || gguf_writer_set_bool(w, key, v);
            break;
        }
        default: { /* integers, widened: the readers take any integer type that fits */
            uint64_t u;
            int64_t v;
            if (gguf_get_u64(f, key, &u) == 0) rc = gguf_writer_set_u64(w, key, u);
            else rc = gguf_get_i64(f, key, &v) || gguf_writer_set_i64(w, key, v);
            break;
        }
        }
        if (rc) return -1;
    }
    if (gguf_writer_set_u32(w, "general.alignment", alignment) != 0) return -1;
    for (size_t i = 0; i < gguf_tensor_count(f); i++) {
        const gguf_tensor_t *t = gguf_tensor_at(f, i);
        if (gguf_writer_add_tensor(w, t->name, t->type, t->n_dims, t->ne, t->data, t->size) != 0)
            return -1;
    }
    return 0;
}

static int write_realigned(const char *from, const char *to, uint32_t alignment)
{
    gguf_file_t *f = NULL;
    gguf_writer_t *w = NULL;
    char err[512];
    int rc = -1;
    if (gguf_open(&f, from, err, sizeof err) != 0) {
        fprintf(stderr, "gguf_seeds: %s\n", err);
        return -1;
    }
    if (gguf_writer_new(&w) == 0 && copy_realigned(f, w, alignment) == 0 &&
        gguf_writer_write_file(w, to, err, sizeof err) == 0)
        rc = 0;
    else
        fprintf(stderr, "gguf_seeds: %s: cannot copy %s realigned\n", to, from);
    gguf_writer_free(w);
    gguf_close(f);
    return rc;
}

static int write_vocab_only(const char *to)
{
    gguf_writer_t *w = NULL;
    char err[512];
    if (gguf_writer_new(&w) != 0) return -1;
    static const char *const tokens[] = {"<unk>", "<s>", "</s>", "<|im_end|>", "\xe2\x96\x81",
                                         "\xe2\x96\x81int", "main", "(", ")", "<0x0A>"};
    int32_t kinds[] = {2, 3, 3, 3, 1, 1, 1, 1, 1, 6};
    float scores[] = {0, 0, 0, 0, -1, -2, -3, -4, -5, -6};
    int rc = gguf_writer_set_string(w, "general.architecture", "llama") ||
             gguf_writer_set_string(w, "tokenizer.ggml.model", "llama") ||
             gguf_writer_set_string_array(w, "tokenizer.ggml.tokens", tokens, NULL, 10) ||
             gguf_writer_set_array(w, "tokenizer.ggml.token_type", GGUF_TYPE_INT32, kinds, 10) ||
             gguf_writer_set_array(w, "tokenizer.ggml.scores", GGUF_TYPE_FLOAT32, scores, 10) ||
             gguf_writer_set_u32(w, "tokenizer.ggml.bos_token_id", 1) ||
             gguf_writer_set_u32(w, "tokenizer.ggml.eos_token_id", 2) ||
             gguf_writer_write_file(w, to, err, sizeof err);
    gguf_writer_free(w);
    if (rc) fprintf(stderr, "gguf_seeds: %s: cannot write\n", to);
    return rc ? -1 : 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gguf_seeds FOLDER\n");
        return 2;
    }
    const synth_shape_t tiny = {.name = "tiny", .arch = MODEL_ARCH_LLAMA, .n_embd = 32, .n_layers = 2,
                                .n_heads = 2, .n_kv_heads = 1, .n_ff = 64, .n_vocab = 261, .n_ctx = 64,
                                .rope_freq_base = 10000.0f, .rms_eps = 1e-5f, .tied_output = true};
    static const char *const types[] = {"f32", "q8_0", "q4_0", "q4_k_m"};
    char path[4096], err[512];
    int failed = 0;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        snprintf(path, sizeof path, "%s/tiny-%s.gguf", argv[1], types[i]);
        if (synth_write(&tiny, types[i], 7, path, err, sizeof err) != 0) {
            fprintf(stderr, "gguf_seeds: %s\n", err);
            failed = 1;
        }
    }
    char from[4096];
    snprintf(from, sizeof from, "%s/tiny-q8_0.gguf", argv[1]);
    snprintf(path, sizeof path, "%s/tiny-q8_0-align1.gguf", argv[1]);
    failed |= write_realigned(from, path, 1) != 0;
    snprintf(path, sizeof path, "%s/vocab-spm.gguf", argv[1]);
    failed |= write_vocab_only(path) != 0;
    return failed;
}
