/* fuzz_gguf.c — libFuzzer harness: the GGUF reader (slm/gguf.h) on any bytes.
 *
 * The input is a whole GGUF image, parsed from memory (gguf_open_memory) out of its own
 * exact-size buffer (libFuzzer's), so ASan sees a read one byte past the end. When the
 * image is accepted every key, value, array element and tensor is read back through the
 * public getters, the tensors' data is touched end to end (each must lie inside the
 * image), and the vocabulary, if the file has one the tokenizer accepts, encodes and
 * decodes a short text; if it is a model the engine loads, the first and last tokens'
 * embedding rows are dequantised (the kernels read the weights where the file put them,
 * at whatever alignment it declares). Nothing is printed; everything is freed. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "slm/gguf.h"
#include "slm/model.h"
#include "slm/tokenizer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads every value through the getter its type calls for. */
static void read_values(const gguf_file_t *f)
{
    for (size_t i = 0; i < gguf_kv_count(f); i++) {
        const char *key = gguf_kv_key(f, i);
        uint32_t u32; int32_t i32; uint64_t u64; int64_t i64; float f32; double f64; bool b;
        const char *s; size_t len;
        (void)gguf_get_u32(f, key, &u32);
        (void)gguf_get_i32(f, key, &i32);
        (void)gguf_get_u64(f, key, &u64);
        (void)gguf_get_i64(f, key, &i64);
        (void)gguf_get_f32(f, key, &f32);
        (void)gguf_get_f64(f, key, &f64);
        (void)gguf_get_bool(f, key, &b);
        if (gguf_get_string(f, key, &s, &len) == 0 && len && s[len] != '\0') abort();
        gguf_array_t a;
        if (gguf_get_array(f, key, &a) != 0) continue;
        for (uint64_t j = 0; j < a.count && j < 4096; j++) {
            if (a.strings) {
                if (a.strings[j][a.string_lens[j]] != '\0') abort();
                continue;
            }
            (void)gguf_array_get_i64(&a, j, &i64);
            (void)gguf_array_get_u64(&a, j, &u64);
            (void)gguf_array_get_f32(&a, j, &f32);
            (void)gguf_array_get_f64(&a, j, &f64);
        }
        (void)gguf_array_get_i64(&a, a.count, &i64); /* out of range: refused */
    }
}

/* Every tensor's bytes must lie inside the image: touch the first and the last. */
static void read_tensors(const gguf_file_t *f, const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < gguf_tensor_count(f); i++) {
        const gguf_tensor_t *t = gguf_tensor_at(f, i);
        if (gguf_find_tensor(f, t->name) != t) abort();
        if (t->size == 0) continue;
        const uint8_t *p = t->data;
        if (p < data || p + t->size > data + size) abort();
        volatile uint8_t sink = p[0];
        sink = p[t->size - 1];
        (void)sink;
    }
}

static void use_vocabulary(const gguf_file_t *f)
{
    tokenizer_t *tok = NULL;
    char err[256];
    if (tokenizer_from_gguf(&tok, f, err, sizeof err) != 0) return;
    static const char text[] = "int main(void) { return 0; } <|im_end|> \xff\xfe caf\xc3\xa9";
    int32_t *ids = NULL;
    size_t count = 0;
    if (tokenizer_encode(tok, text, sizeof text - 1, true, true, &ids, &count, err, sizeof err) == 0) {
        char *back = NULL;
        size_t back_len = 0;
        if (tokenizer_decode(tok, ids, count, &back, &back_len) == 0) free(back);
    }
    free(ids);
    tokenizer_free(tok);
}

static void use_model(const uint8_t *data, size_t size)
{
    gguf_file_t *f = NULL;
    model_t *model = NULL;
    char err[512];
    if (gguf_open_memory(&f, data, size, "fuzz.gguf", err, sizeof err) != 0) return;
    if (model_from_gguf(&model, f, err, sizeof err) != 0) return; /* f is taken either way */
    /* the embedding tensor lies inside the image, so n_embd is bounded by its size */
    float *row = malloc(sizeof(float) * (model->hp.n_embd ? model->hp.n_embd : 1));
    if (row && model->hp.n_vocab > 0) {
        (void)model_embed_token(model, 0, row);
        (void)model_embed_token(model, (int32_t)(model->hp.n_vocab - 1), row);
    }
    free(row);
    model_free(model);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gguf_file_t *f = NULL;
    char err[512];
    if (gguf_open_memory(&f, data, size, "fuzz.gguf", err, sizeof err) != 0) return 0;
    read_values(f);
    read_tensors(f, data, size);
    use_vocabulary(f);
    gguf_close(f);
    use_model(data, size);
    return 0;
}
