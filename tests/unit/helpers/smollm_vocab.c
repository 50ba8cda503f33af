/* smollm_vocab.c — converts a Hugging Face tokenizer.json into GGUF tokenizer metadata
 * (smollm_vocab.h), with jansson. */
#include "tests/unit/helpers/smollm_vocab.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *smollm_vocab_json_path(char *buf, size_t size)
{
    const char *dir = getenv("ASSAY_SHARED_DIR");
    snprintf(buf, size, "%s/vocab/smollm-hf/tokenizer.json", dir ? dir : "../shared");
    return buf;
}

static int fail(char *err, size_t err_size, const char *path, const char *what)
{
    if (err && err_size) snprintf(err, err_size, "%s: %s", path, what);
    return -1;
}

int smollm_vocab_add_to_writer(gguf_writer_t *w, const char *path, char *err, size_t err_size)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root) {
        if (err && err_size) snprintf(err, err_size, "%s:%d: %s", path, jerr.line, jerr.text);
        return -1;
    }
    int rc = -1;
    const char **tokens = NULL;
    int32_t *types = NULL;
    char **merges = NULL;
    size_t n_merges = 0;
    json_t *model = json_object_get(root, "model");
    json_t *vocab = json_object_get(model, "vocab");
    json_t *jmerges = json_object_get(model, "merges");
    if (!json_is_object(vocab) || !json_is_array(jmerges)) {
        fail(err, err_size, path, "model.vocab or model.merges missing");
        goto done;
    }
    size_t n = json_object_size(vocab);
    tokens = calloc(n, sizeof *tokens);
    types = malloc(n * sizeof *types);
    merges = calloc(json_array_size(jmerges) + 1, sizeof *merges);
    if (!tokens || !types || !merges) {
        fail(err, err_size, path, "out of memory");
        goto done;
    }
    const char *key;
    json_t *value;
    json_object_foreach(vocab, key, value) {
        json_int_t id = json_integer_value(value);
        if (!json_is_integer(value) || id < 0 || (size_t)id >= n || tokens[id]) {
            fail(err, err_size, path, "model.vocab ids are not 0..n-1");
            goto done;
        }
        tokens[id] = key;
        types[id] = 1; /* normal */
    }
    size_t i;
    json_array_foreach(json_object_get(root, "added_tokens"), i, value) {
        json_int_t id = json_integer_value(json_object_get(value, "id"));
        if (id < 0 || (size_t)id >= n) continue; /* e.g. an added [PAD] past the vocabulary */
        types[id] = json_is_true(json_object_get(value, "special")) ? 3 : 4;
    }
    json_array_foreach(jmerges, i, value) {
        if (json_is_string(value)) {
            merges[i] = strdup(json_string_value(value));
        } else if (json_is_array(value) && json_array_size(value) == 2) {
            const char *a = json_string_value(json_array_get(value, 0));
            const char *b = json_string_value(json_array_get(value, 1));
            if (a && b && (merges[i] = malloc(strlen(a) + strlen(b) + 2)))
                sprintf(merges[i], "%s %s", a, b);
        }
        n_merges = i + 1;
        if (!merges[i]) {
            fail(err, err_size, path, "malformed merge");
            goto done;
        }
    }
    if (gguf_writer_set_string(w, "tokenizer.ggml.model", "gpt2") ||
        gguf_writer_set_string(w, "tokenizer.ggml.pre", "smollm") ||
        gguf_writer_set_string_array(w, "tokenizer.ggml.tokens", tokens, NULL, n) ||
        gguf_writer_set_array(w, "tokenizer.ggml.token_type", GGUF_TYPE_INT32, types, n) ||
        gguf_writer_set_string_array(w, "tokenizer.ggml.merges", (const char *const *)merges, NULL, n_merges) ||
        gguf_writer_set_u32(w, "tokenizer.ggml.bos_token_id", 0) ||
        gguf_writer_set_u32(w, "tokenizer.ggml.eos_token_id", 0) ||
        gguf_writer_set_u32(w, "tokenizer.ggml.unknown_token_id", 0) ||
        gguf_writer_set_bool(w, "tokenizer.ggml.add_bos_token", false)) {
        fail(err, err_size, path, "out of memory");
        goto done;
    }
    rc = 0;
done:
    if (merges)
        for (size_t k = 0; k < n_merges; k++) free(merges[k]);
    free(merges);
    free(tokens);
    free(types);
    json_decref(root);
    return rc;
}

int smollm_vocab_write_gguf(const char *tokenizer_json, const char *out_path, char *err,
                            size_t err_size)
{
    gguf_writer_t *w;
    if (gguf_writer_new(&w) != 0) return fail(err, err_size, out_path, "out of memory");
    int rc = gguf_writer_set_string(w, "general.architecture", "llama") ? -1 : 0;
    if (!rc) rc = smollm_vocab_add_to_writer(w, tokenizer_json, err, err_size);
    if (!rc && gguf_writer_write_file(w, out_path, err, err_size) != 0) rc = -1;
    gguf_writer_free(w);
    return rc;
}
