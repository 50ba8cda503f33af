/* test_slm_tokenizer_smollm.c — the SmolLM / SmolLM2 tokenizer (byte-level BPE, pre
 * "smollm") built from its Hugging Face tokenizer.json must give, on C code, the ids a
 * second and deliberately naive implementation computes independently:
 *   - pre-tokenization written out by hand for ASCII (no regex engine): every digit on
 *     its own (HF Digits(individual_digits)), then GPT-2's split rules in their order;
 *   - merges applied the way the original GPT-2 encoder.py does: find the lowest-ranked
 *     adjacent pair, merge all its occurrences, repeat; ranks and ids read straight from
 *     the JSON with jansson (strings, not the engine's id tables).
 * Plus the ids we know: <|endoftext|> 0, <|im_start|> 1, <|im_end|> 2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "slm/gguf.h"
#include "slm/tokenizer.h"
#include "tests/unit/helpers/shared_files.h"
#include "tests/unit/helpers/smollm_vocab.h"

#define SMOLLM_JSON "vocab/smollm-hf/tokenizer.json" /* in the shared folder */

/* The fixture, or the test is skipped with the missing vocabulary named. */
#define NEED_VOCAB(fx)                                                              \
    do {                                                                            \
        char need_path_[512];                                                       \
        if (!(fx) && shared_file(need_path_, sizeof need_path_, SMOLLM_JSON)) fail_msg("not loaded"); \
        if (!(fx)) skip();                                                          \
    } while (0)

typedef struct {
    void *image;
    gguf_file_t *file;
    tokenizer_t *tok;
    json_t *root;
    json_t *vocab;  /* token string -> id */
    json_t *ranks;  /* "left right" -> rank */
} fixture_t;

static int setup(void **state)
{
    char path[512];
    if (access(shared_path(path, sizeof path, SMOLLM_JSON), R_OK) != 0) {
        *state = NULL;
        return 0;
    }
    fixture_t *fx = calloc(1, sizeof *fx);
    char err[512];
    gguf_writer_t *w;
    size_t size;
    if (gguf_writer_new(&w) || smollm_vocab_add_to_writer(w, path, err, sizeof err) ||
        gguf_writer_write_memory(w, &fx->image, &size, err, sizeof err) ||
        gguf_open_memory(&fx->file, fx->image, size, "smollm-vocab.gguf", err, sizeof err) ||
        tokenizer_from_gguf(&fx->tok, fx->file, err, sizeof err)) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    gguf_writer_free(w);

    json_error_t jerr;
    fx->root = json_load_file(path, 0, &jerr);
    if (!fx->root) return -1;
    json_t *model = json_object_get(fx->root, "model");
    fx->vocab = json_object_get(model, "vocab");
    fx->ranks = json_object();
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(model, "merges"), i, m) {
        char key[512];
        if (json_is_string(m)) snprintf(key, sizeof key, "%s", json_string_value(m));
        else snprintf(key, sizeof key, "%s %s", json_string_value(json_array_get(m, 0)),
                      json_string_value(json_array_get(m, 1)));
        if (!json_object_get(fx->ranks, key)) json_object_set_new(fx->ranks, key, json_integer((json_int_t)i));
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = *state;
    if (!fx) return 0;
    tokenizer_free(fx->tok);
    gguf_close(fx->file);
    free(fx->image);
    json_decref(fx->ranks);
    json_decref(fx->root);
    free(fx);
    return 0;
}

/* ---- the naive reference ------------------------------------------------------------- */

typedef struct {
    int32_t ids[8192];
    size_t count;
} ref_out_t;

static int is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

/* GPT-2's byte -> character map, computed the way encoder.py's bytes_to_unicode does. */
static void byte_char(unsigned char b, char out[3])
{
    int printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
    unsigned cp = b;
    if (!printable) {
        unsigned n = 0;
        for (unsigned x = 0; x < b; x++)
            n += !((x >= '!' && x <= '~') || (x >= 0xA1 && x <= 0xAC) || (x >= 0xAE));
        cp = 256 + n;
    }
    if (cp < 0x80) {
        out[0] = (char)cp;
        out[1] = 0;
    } else {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        out[2] = 0;
    }
}

static void bpe_word(const fixture_t *fx, const char *s, size_t n, ref_out_t *out)
{
    static char parts[512][256];
    size_t count = n;
    assert_true(n < 512);
    for (size_t i = 0; i < n; i++) byte_char((unsigned char)s[i], parts[i]);
    for (;;) {
        json_int_t best = -1;
        size_t best_i = 0;
        for (size_t i = 0; i + 1 < count; i++) {
            char key[520];
            snprintf(key, sizeof key, "%s %s", parts[i], parts[i + 1]);
            json_t *r = json_object_get(fx->ranks, key);
            if (r && (best < 0 || json_integer_value(r) < best)) {
                best = json_integer_value(r);
                best_i = i;
            }
        }
        if (best < 0) break;
        char left[256], right[256];
        snprintf(left, sizeof left, "%s", parts[best_i]);
        snprintf(right, sizeof right, "%s", parts[best_i + 1]);
        size_t w = 0;
        for (size_t i = 0; i < count;) {
            if (i + 1 < count && strcmp(parts[i], left) == 0 && strcmp(parts[i + 1], right) == 0) {
                size_t ll = strlen(left), rl = strlen(right);
                assert_true(ll + rl < sizeof parts[0]);
                memcpy(parts[w], left, ll);
                memcpy(parts[w] + ll, right, rl + 1);
                w++;
                i += 2;
            } else {
                if (w != i) strcpy(parts[w], parts[i]);
                w++;
                i++;
            }
        }
        count = w;
    }
    for (size_t i = 0; i < count; i++) {
        json_t *id = json_object_get(fx->vocab, parts[i]);
        if (!id) fail_msg("reference: '%s' is not in the vocabulary", parts[i]);
        assert_true(out->count < 8192);
        out->ids[out->count++] = (int32_t)json_integer_value(id);
    }
}

/* GPT-2's regex on one ASCII piece, alternative by alternative. */
static void split_gpt2(const fixture_t *fx, const char *s, size_t n, ref_out_t *out)
{
    static const char *const contractions[] = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d"};
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        for (size_t c = 0; c < 7 && j == i; c++) {
            size_t k = strlen(contractions[c]);
            if (n - i >= k && memcmp(s + i, contractions[c], k) == 0) j = i + k;
        }
        size_t sp = s[i] == ' ' ? 1 : 0;
        if (j == i && i + sp < n && is_letter(s[i + sp])) {
            for (j = i + sp; j < n && is_letter(s[j]); j++) {}
        }
        if (j == i && i + sp < n && is_digit(s[i + sp])) {
            for (j = i + sp; j < n && is_digit(s[j]); j++) {}
        }
        if (j == i && i + sp < n && !is_space(s[i + sp]) && !is_letter(s[i + sp]) && !is_digit(s[i + sp])) {
            for (j = i + sp; j < n && !is_space(s[j]) && !is_letter(s[j]) && !is_digit(s[j]); j++) {}
        }
        if (j == i) { /* whitespace: \s+(?!\S) then \s+ */
            size_t end = i;
            while (end < n && is_space(s[end])) end++;
            assert_true(end > i);
            if (end == n || end - i == 1) j = end;
            else j = end - 1; /* leave the last space to lead the next word */
        }
        bpe_word(fx, s + i, j - i, out);
        i = j;
    }
}

static void reference_encode(const fixture_t *fx, const char *s, ref_out_t *out)
{
    out->count = 0;
    size_t n = strlen(s), start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || is_digit(s[i])) { /* Digits(individual_digits): each digit isolated */
            if (i > start) split_gpt2(fx, s + start, i - start, out);
            if (i < n) split_gpt2(fx, s + i, 1, out);
            start = i + 1;
        }
    }
}

/* ---- tests --------------------------------------------------------------------------- */

static const char *const c_snippets[] = {
    "#include <stdio.h>\n#include <stdlib.h>\n",
    "int main(int argc, char **argv)\n{\n    printf(\"%d args\\n\", argc);\n    return 0;\n}\n",
    "static void copy(char *dst, const char *src, size_t n) { strncpy(dst, src, n - 1); dst[n - 1] = '\\0'; }",
    "\tif (len > 4096 && buf != NULL) {\n\t\tfree(buf);\n\t\tbuf = NULL;\n\t}\n",
    "#define MAX(a, b) ((a) > (b) ? (a) : (b))\n#define CAT(x, y) x ## y\n",
    "uint32_t mask = 0xFF00FF00u >> 3; double eps = 1.5e-10; long big = 1234567890123L;",
    "// don't call this twice: it's not re-entrant and we'll leak\n/* TODO(fix): they've said it'd work */",
    "struct node { struct node *next; int value; };\nfor (p = head; p; p = p->next) sum += p->value;",
    "x <<= 2; y >>= 1; z ^= ~w; if (!(a && b) || c != d) return -1;",
    "    \n\n    return;   \n}\n\n\n",
    "char *s = gets(buf); /* CWE-242 */ sprintf(out, \"%s/%s\", dir, name);",
    "switch (c) {\ncase 'a': case 'B': break;\ndefault: goto fail;\n}",
    "int arr[10][20] = {{0}}; arr[9][19] = 42;  //   trailing   spaces   ",
    "while (i-- > 0) *p++ = *q++;\r\n\treturn (int)(p - start);\r\n",
    "SELECT * FROM users WHERE name = '%s'; -- user input, never trusted",
    "void f(void){}int g(void){return 1;}      int h;",
    "a 1 22 333 4444 55555 x1y2z3 _under_score __attribute__((unused))",
};

static void compare(const fixture_t *fx, const char *text)
{
    static ref_out_t want;
    reference_encode(fx, text, &want);
    int32_t *ids;
    size_t count;
    char err[256];
    assert_int_equal(tokenizer_encode(fx->tok, text, strlen(text), false, false, &ids, &count, err,
                                      sizeof err), 0);
    if (count != want.count || memcmp(ids, want.ids, count * sizeof *ids) != 0) {
        print_error("text: '%s'\nwant:", text);
        for (size_t i = 0; i < want.count; i++) print_error(" %d", want.ids[i]);
        print_error("\ngot: ");
        for (size_t i = 0; i < count; i++) print_error(" %d", ids[i]);
        print_error("\n");
        fail();
    }
    char *back;
    size_t len;
    assert_int_equal(tokenizer_decode(fx->tok, ids, count, &back, &len), 0);
    assert_string_equal(back, text);
    free(back);
    free(ids);
}

static void test_c_snippets_match_reference_bpe(void **state)
{
    fixture_t *fx = *state;
    NEED_VOCAB(fx);
    size_t total = 0;
    for (size_t i = 0; i < sizeof c_snippets / sizeof c_snippets[0]; i++) {
        compare(fx, c_snippets[i]);
        total += strlen(c_snippets[i]);
    }
    /* all snippets as one file, too */
    char *all = malloc(total + 1);
    all[0] = '\0';
    for (size_t i = 0; i < sizeof c_snippets / sizeof c_snippets[0]; i++) strcat(all, c_snippets[i]);
    compare(fx, all);
    free(all);
}

static void test_known_special_ids_and_metadata(void **state)
{
    fixture_t *fx = *state;
    NEED_VOCAB(fx);
    const tokenizer_t *t = fx->tok;
    assert_int_equal(tokenizer_vocab_size(t), 49152); /* the added [PAD] is ignored */
    assert_string_equal(tokenizer_pre_name(t), "smollm");
    assert_int_equal(tokenizer_token_id(t, "<|endoftext|>", 13), 0);
    assert_int_equal(tokenizer_token_id(t, "<|im_start|>", 12), 1);
    assert_int_equal(tokenizer_token_id(t, "<|im_end|>", 10), 2);
    assert_int_equal(tokenizer_eot(t), 2);     /* found by name: the chat turn end */
    assert_int_equal(tokenizer_eos(t), 0);
    assert_true(tokenizer_is_end_of_generation(t, 2));
    assert_int_equal(tokenizer_token_kind(t, 1), TOKEN_KIND_CONTROL);

    const char *chat = "<|im_start|>user\nFix strcpy(dst, src);<|im_end|>\n<|im_start|>assistant\n";
    int32_t *ids;
    size_t count;
    char err[256];
    assert_int_equal(tokenizer_encode(t, chat, strlen(chat), false, true, &ids, &count, err, sizeof err), 0);
    assert_int_equal(ids[0], 1);
    size_t n_start = 0, n_end = 0;
    for (size_t i = 0; i < count; i++) {
        n_start += ids[i] == 1;
        n_end += ids[i] == 2;
    }
    assert_int_equal(n_start, 2);
    assert_int_equal(n_end, 1);
    /* between the specials the text is tokenized like plain text */
    static ref_out_t want;
    reference_encode(fx, "user\nFix strcpy(dst, src);", &want);
    assert_memory_equal(ids + 1, want.ids, want.count * sizeof(int32_t));
    assert_int_equal(ids[1 + want.count], 2);
    free(ids);
    /* without parse_special the markers are ordinary text */
    assert_int_equal(tokenizer_encode(t, chat, strlen(chat), false, false, &ids, &count, err, sizeof err), 0);
    for (size_t i = 0; i < count; i++) assert_true(ids[i] > 2);
    free(ids);
}

static void test_utf8_code_round_trips(void **state)
{
    fixture_t *fx = *state;
    NEED_VOCAB(fx);
    static const char *const texts[] = {
        "// Größe in Bytes — zählt das NUL nicht mit\nsize_t größe = strlen(s);",
        "printf(\"\xe4\xbd\xa0\xe5\xa5\xbd, \xe4\xb8\x96\xe7\x95\x8c\\n\"); /* \xf0\x9f\x90\x9b bug */",
        "\xef\xbb\xbfint x; // BOM first",
    };
    for (size_t i = 0; i < 3; i++) {
        int32_t *ids;
        size_t count;
        char err[256];
        assert_int_equal(tokenizer_encode(fx->tok, texts[i], strlen(texts[i]), false, false, &ids,
                                          &count, err, sizeof err), 0);
        char *back;
        size_t len;
        assert_int_equal(tokenizer_decode(fx->tok, ids, count, &back, &len), 0);
        assert_string_equal(back, texts[i]);
        /* token_bytes of each id concatenate to the same text */
        size_t pos = 0;
        for (size_t k = 0; k < count; k++) {
            const char *b;
            size_t n;
            assert_int_equal(tokenizer_token_bytes(fx->tok, ids[k], &b, &n), 0);
            assert_memory_equal(texts[i] + pos, b, n);
            pos += n;
        }
        assert_int_equal(pos, strlen(texts[i]));
        free(back);
        free(ids);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_c_snippets_match_reference_bpe),
        cmocka_unit_test(test_known_special_ids_and_metadata),
        cmocka_unit_test(test_utf8_code_round_trips),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
