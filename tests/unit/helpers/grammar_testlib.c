/* grammar_testlib.c — see grammar_testlib.h. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "grammar/grammar_impl.h"
#include "slm/gguf.h"
#include "slm/tokenizer.h"
#include "tests/unit/helpers/grammar_testlib.h"

char *gtest_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    fclose(f);
    if (buf) { buf[n] = 0; if (len) *len = (size_t)n; }
    return buf;
}

grammar_t *gtest_parse_text(const char *text)
{
    grammar_t *g = NULL;
    char err[512] = "";
    int rc = grammar_parse(&g, text, strlen(text), "test", err, sizeof err);
    if (rc) fail_msg("grammar does not parse: %s", err);
    return g;
}

grammar_t *gtest_parse_file(const char *path)
{
    size_t len;
    char *text = gtest_read_file(path, &len);
    if (!text) fail_msg("cannot read %s", path);
    grammar_t *g = NULL;
    char err[512] = "";
    int rc = grammar_parse(&g, text, len, path, err, sizeof err);
    free(text);
    if (rc) fail_msg("%s does not parse: %s", path, err);
    return g;
}

grammar_vocab_t *gtest_smollm_vocab(const char *tokenizer_json, size_t pad_to, char *err,
                                    size_t err_size)
{
    grammar_vocab_t *v = NULL;
    if (grammar_vocab_from_hf_json(&v, tokenizer_json, pad_to, 7, err, err_size)) return NULL;
    return v;
}

grammar_vocab_t *gtest_gguf_vocab(const char *path, char *err, size_t err_size)
{
    gguf_file_t *f = NULL;
    tokenizer_t *tok = NULL;
    grammar_vocab_t *v = NULL;
    if (gguf_open(&f, path, err, err_size)) return NULL;
    if (tokenizer_from_gguf(&tok, f, err, err_size)) { gguf_close(f); return NULL; }
    int32_t n = tokenizer_vocab_size(tok);
    const char **bytes = calloc((size_t)n, sizeof *bytes);
    uint32_t *lens = calloc((size_t)n, sizeof *lens);
    uint8_t *special = calloc((size_t)n, 1);
    for (int32_t i = 0; i < n; i++) {
        const char *b;
        size_t l;
        token_kind_t kind = tokenizer_token_kind(tok, i);
        if (tokenizer_token_bytes(tok, i, &b, &l) == 0) { bytes[i] = b; lens[i] = (uint32_t)l; }
        special[i] = kind == TOKEN_KIND_CONTROL || kind == TOKEN_KIND_UNKNOWN || kind == TOKEN_KIND_UNUSED;
    }
    uint32_t eos = (uint32_t)tokenizer_eos(tok);
    grammar_vocab_new(&v, (size_t)n, bytes, lens, special, &eos, 1, err, err_size);
    free(bytes);
    free(lens);
    free(special);
    tokenizer_free(tok);
    gguf_close(f);
    return v;
}

grammar_vocab_t *gtest_synthetic_vocab(size_t n_merged, uint64_t seed, char *err, size_t err_size)
{
    static const char *const pieces[] = {
        "a", "e", "s", "t", "n", "r", "_", "x", "0", "1", "7", " ", "  ", "\n", "\t", "\"", "\\",
        "{", "}", "[", "]", "(", ")", ":", ",", ";", "=", "+", "-", "*", "/", ".", "<", ">", "&",
        "true", "false", "null", "verdict", "reason", "fix", "confidence", "buf", "len", "src",
        "dst", "sizeof", "return", "if", "strlcpy", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\xa6\x99"};
    size_t n_pieces = sizeof pieces / sizeof pieces[0];
    size_t n = 256 + n_merged + 1;
    char *store = malloc(n_merged * 64 + 1); /* merged tokens, 64 bytes each at most */
    const char **bytes = calloc(n, sizeof *bytes);
    uint32_t *lens = calloc(n, sizeof *lens);
    uint8_t *special = calloc(n, 1);
    char *single = malloc(256); /* the 256 one-byte tokens */
    grammar_vocab_t *v = NULL;
    if (!store || !bytes || !lens || !special || !single) {
        snprintf(err, err_size, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < 256; i++) {
        single[i] = (char)i;
        bytes[i] = single + i;
        lens[i] = 1;
    }
    gtest_sampler_t rng = {.state = seed * 0x9E3779B97F4A7C15ull + 1};
    for (size_t k = 0; k < n_merged; k++) {
        char *t = store + k * 64;
        size_t len = 0, parts = 2 + (size_t)(gtest_rand(&rng) % 5);
        for (size_t p = 0; p < parts; p++) {
            const char *piece = pieces[gtest_rand(&rng) % n_pieces];
            size_t pl = strlen(piece);
            memcpy(t + len, piece, pl);
            len += pl;
        }
        bytes[256 + k] = t;
        lens[256 + k] = (uint32_t)len;
    }
    uint32_t eos = (uint32_t)(n - 1);
    bytes[eos] = "</s>";
    lens[eos] = 4;
    special[eos] = 1;
    if (grammar_vocab_new(&v, n, bytes, lens, special, &eos, 1, err, err_size)) v = NULL;
done:
    free(store);
    free(bytes);
    free(lens);
    free(special);
    free(single);
    return v;
}

const char **gtest_vocab_tokens(const grammar_vocab_t *v, const uint32_t **lens)
{
    /* tests only: the vocabulary's own arrays (grammar_impl.h) */
    const char **bytes = malloc(v->n_tokens * sizeof *bytes);
    for (size_t i = 0; i < v->n_tokens; i++) bytes[i] = (const char *)grammar_vocab_bytes(v, (uint32_t)i);
    *lens = v->len;
    return bytes;
}

/* ---- the independent recogniser --------------------------------------------------------- */

typedef struct {
    const grammar_t *g;
    const uint32_t *cp;  /* (n,) code points */
    size_t n;
    size_t words;        /* per end-set bitset */
    uint64_t **memo;     /* (n_rules * (n+1),) end sets, NULL = not computed */
    uint8_t *busy;       /* (n_rules * (n+1),) */
} rec_t;

static uint64_t *set_new(rec_t *r) { return calloc(r->words, sizeof(uint64_t)); }
static void set_add(uint64_t *s, size_t i) { s[i >> 6] |= 1ull << (i & 63); }
static bool set_has(const uint64_t *s, size_t i) { return (s[i >> 6] >> (i & 63)) & 1; }
static bool set_empty(rec_t *r, const uint64_t *s)
{
    for (size_t w = 0; w < r->words; w++) if (s[w]) return false;
    return true;
}

static bool class_ok(const grammar_t *g, uint32_t pos, uint32_t c)
{
    /* walk the class elements directly, not through the matcher's tables */
    const grammar_elem_t *e = g->elems;
    if (e[pos].type == ELEM_CHAR_ANY) return true;
    bool neg = e[pos].type == ELEM_CHAR_NOT, in = false;
    uint32_t p = pos;
    do {
        uint32_t lo = e[p].value, hi = lo;
        if (e[p + 1].type == ELEM_CHAR_RNG_UPPER) { hi = e[p + 1].value; p += 2; }
        else p += 1;
        if (lo <= c && c <= hi) in = true;
    } while (e[p].type == ELEM_CHAR_ALT);
    return in != neg;
}

static uint32_t class_end(const grammar_t *g, uint32_t pos)
{
    const grammar_elem_t *e = g->elems;
    if (e[pos].type == ELEM_CHAR_ANY) return pos + 1;
    uint32_t p = pos;
    do {
        p += e[p + 1].type == ELEM_CHAR_RNG_UPPER ? 2 : 1;
    } while (e[p].type == ELEM_CHAR_ALT);
    return p;
}

static const uint64_t *rule_ends(rec_t *r, uint32_t rule, size_t start);

/* ends reachable by matching the sequence from element pos, from every offset in from */
static uint64_t *seq_ends(rec_t *r, uint32_t pos, uint64_t *from)
{
    const grammar_t *g = r->g;
    uint64_t *cur = from;
    for (;;) {
        const grammar_elem_t *e = &g->elems[pos];
        if (e->type == ELEM_END || e->type == ELEM_ALT) return cur;
        uint64_t *next = set_new(r);
        if (e->type == ELEM_RULE_REF) {
            for (size_t i = 0; i <= r->n; i++)
                if (set_has(cur, i)) {
                    const uint64_t *s = rule_ends(r, e->value, i);
                    for (size_t w = 0; w < r->words; w++) next[w] |= s[w];
                }
            pos++;
        } else if (e->type == ELEM_REPEAT) {
            const grammar_repeat_t *rp = &g->repeats[e->value];
            uint64_t *layer = set_new(r), *seen = set_new(r);
            memcpy(layer, cur, r->words * sizeof *layer);
            if (rp->min == 0) for (size_t w = 0; w < r->words; w++) next[w] |= cur[w];
            for (uint64_t k = 1; k <= rp->max && !set_empty(r, layer); k++) {
                uint64_t *nl = set_new(r);
                for (size_t i = 0; i <= r->n; i++)
                    if (set_has(layer, i)) {
                        const uint64_t *s = rule_ends(r, rp->rule, i);
                        for (size_t w = 0; w < r->words; w++) nl[w] |= s[w];
                    }
                free(layer);
                layer = nl;
                if (k >= rp->min) {
                    for (size_t w = 0; w < r->words; w++) next[w] |= layer[w];
                    /* past min, an offset seen at an earlier count adds nothing new */
                    bool fresh = false;
                    for (size_t w = 0; w < r->words; w++) {
                        uint64_t add = layer[w] & ~seen[w];
                        if (add) fresh = true;
                        seen[w] |= layer[w];
                        layer[w] = add;
                    }
                    if (!fresh) break;
                }
            }
            free(layer);
            free(seen);
            pos++;
        } else if (e->type == ELEM_TOKEN) {
            pos++; /* a named token is not text: nothing gets past it */
        } else {
            for (size_t i = 0; i < r->n; i++)
                if (set_has(cur, i) && class_ok(g, pos, r->cp[i])) set_add(next, i + 1);
            pos = class_end(g, pos);
        }
        if (cur != from) free(cur);
        cur = next;
    }
}

static const uint64_t *rule_ends(rec_t *r, uint32_t rule, size_t start)
{
    size_t idx = (size_t)rule * (r->n + 1) + start;
    if (r->memo[idx]) return r->memo[idx];
    uint64_t *result = set_new(r);
    if (r->busy[idx]) return result; /* left recursion: the parser rejects it; empty here (leaks a bitset, never reached) */
    r->busy[idx] = 1;
    uint32_t pos = r->g->rule_start[rule];
    for (;;) {
        uint64_t *from = set_new(r);
        set_add(from, start);
        uint64_t *ends = seq_ends(r, pos, from);
        for (size_t w = 0; w < r->words; w++) result[w] |= ends[w];
        if (ends != from) free(ends);
        free(from);
        /* next alternative */
        while (r->g->elems[pos].type != ELEM_END && r->g->elems[pos].type != ELEM_ALT) {
            uint32_t t = r->g->elems[pos].type;
            pos = (t == ELEM_CHAR || t == ELEM_CHAR_NOT || t == ELEM_CHAR_ANY) ? class_end(r->g, pos) : pos + 1;
        }
        if (r->g->elems[pos].type == ELEM_END) break;
        pos++;
    }
    r->busy[idx] = 0;
    r->memo[idx] = result;
    return result;
}

bool gtest_recognize(const grammar_t *g, const char *text, size_t len)
{
    uint32_t *cp = malloc((len + 1) * sizeof *cp);
    size_t n = 0;
    utf8_state_t u = {0, 0};
    for (size_t i = 0; i < len; i++) {
        uint32_t c;
        int rr = utf8_feed(&u, (uint8_t)text[i], &c);
        if (rr < 0) { free(cp); return false; }
        if (rr == 1) cp[n++] = c;
    }
    if (u.remaining) { free(cp); return false; }
    rec_t r = {g, cp, n, (n + 1 + 63) / 64, NULL, NULL};
    r.memo = calloc(g->n_rules * (n + 1), sizeof *r.memo);
    r.busy = calloc(g->n_rules * (n + 1), 1);
    bool ok = set_has(rule_ends(&r, g->root, 0), n);
    for (size_t i = 0; i < g->n_rules * (n + 1); i++) free(r.memo[i]);
    free(r.memo);
    free(r.busy);
    free(cp);
    return ok;
}

/* ---- sampling ----------------------------------------------------------------------------- */

uint64_t gtest_rand(gtest_sampler_t *s)
{
    /* splitmix64 */
    uint64_t z = (s->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double uniform(gtest_sampler_t *s) { return ((gtest_rand(s) >> 11) + 0.5) * (1.0 / 9007199254740992.0); }

void gtest_sampler_init(gtest_sampler_t *s, const grammar_vocab_t *v, uint64_t seed)
{
    memset(s, 0, sizeof *s);
    s->state = seed * 0x2545F4914F6CDD1Dull + 1;
    s->n_tokens = v->n_tokens;
    s->bias = malloc(v->n_tokens * sizeof *s->bias);
    s->short_ids = malloc(v->n_tokens * sizeof *s->short_ids);
    for (size_t i = 0; i < v->n_tokens; i++) {
        if (v->len[i] == 1 && !v->special[i]) s->short_ids[s->n_short++] = (uint32_t)i;
        if (v->is_eos[i] && s->n_eos < 8) s->eos_ids[s->n_eos++] = (uint32_t)i;
        s->bias[i] = (float)(3.0 * (uniform(s) - 0.5));
        /* tokens that close something get a bonus, so strings and brackets end before
         * their length bounds as a model's output would */
        const uint8_t *b = grammar_vocab_bytes(v, (uint32_t)i);
        for (uint32_t k = 0; k < v->len[i]; k++)
            if (b[k] == '"' || b[k] == '}' || b[k] == ']' || b[k] == ')' || b[k] == '\n') { s->bias[i] += 4.0f; break; }
    }
    s->eos_prob = 0.35;
    s->short_prob = 0.3;
}

void gtest_sampler_destroy(gtest_sampler_t *s)
{
    free(s->bias);
    free(s->short_ids);
}

/* token id of the rank-th set bit of mask */
static size_t nth_allowed(const uint32_t *mask, size_t words, const uint32_t *prefix, size_t rank)
{
    size_t lo = 0, hi = words; /* first word whose prefix count exceeds rank */
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (prefix[mid] <= rank) lo = mid; else hi = mid;
    }
    uint32_t bits = mask[lo];
    for (size_t k = rank - prefix[lo]; k > 0; k--) bits &= bits - 1;
    return lo * 32 + (size_t)__builtin_ctz(bits);
}

int64_t gtest_sample(gtest_sampler_t *s, const uint32_t *mask, const grammar_vocab_t *v, const uint32_t *lens)
{
    /* end of sequence first, when allowed */
    int64_t eos = -1;
    for (size_t k = 0; k < s->n_eos && eos < 0; k++)
        if ((mask[s->eos_ids[k] >> 5] >> (s->eos_ids[k] & 31)) & 1) eos = s->eos_ids[k];
    if (eos >= 0 && uniform(s) < s->eos_prob) return eos;
    size_t words = (v->n_tokens + 31) / 32;
    uint32_t *prefix = malloc((words + 1) * sizeof *prefix);
    size_t total = 0;
    for (size_t w = 0; w < words; w++) {
        prefix[w] = (uint32_t)total;
        total += (size_t)__builtin_popcount(mask[w]);
    }
    if (total == 0) { free(prefix); return eos; }
    /* random logits: a fixed bias per token plus Gumbel noise, the best of a random
     * subset of the allowed tokens (a full softmax over 49k tokens per step would make
     * thousands of sequences too slow for a unit test) */
    int64_t best = -1;
    double best_score = -1e300;
    if (uniform(s) < s->short_prob) {
        /* a step restricted to one-byte tokens (closing brackets and newlines are one
         * byte: without this, a random walk rarely closes anything) */
        for (size_t k = 0; k < s->n_short; k++) {
            uint32_t t = s->short_ids[k];
            if (!((mask[t >> 5] >> (t & 31)) & 1) || v->is_eos[t]) continue;
            double score = s->bias[t] - log(-log(uniform(s)));
            if (score > best_score) { best_score = score; best = (int64_t)t; }
        }
        if (best >= 0) { free(prefix); return best; }
    }
    (void)lens;
    for (int k = 0; k < 48; k++) {
        size_t t = nth_allowed(mask, words, prefix, (size_t)(gtest_rand(s) % total));
        if (v->is_eos[t]) continue;
        double score = s->bias[t] - log(-log(uniform(s)));
        if (score > best_score) { best_score = score; best = (int64_t)t; }
    }
    if (best < 0) best = (int64_t)nth_allowed(mask, words, prefix, (size_t)(gtest_rand(s) % total));
    if (v->is_eos[best]) best = eos;
    free(prefix);
    return best;
}

char *gtest_generate(grammar_matcher_t *m, const grammar_vocab_t *v, gtest_sampler_t *s,
                     const char *const *token_bytes, const uint32_t *token_lens, size_t max_tokens,
                     bool *finished, size_t *n_tokens, size_t *text_len)
{
    size_t words = grammar_vocab_mask_words(v);
    uint32_t *mask = malloc(words * sizeof *mask);
    size_t cap = 256, len = 0;
    char *text = malloc(cap);
    char err[256];
    grammar_matcher_reset(m);
    *finished = false;
    *n_tokens = 0;
    for (size_t step = 0; step < max_tokens; step++) {
        if (grammar_matcher_fill_mask(m, mask, words, err, sizeof err)) fail_msg("fill_mask: %s", err);
        int64_t t = gtest_sample(s, mask, v, token_lens);
        if (t < 0) {
            text[len] = 0;
            fail_msg("dead end: no token allowed after \"%s\"", text);
        }
        if (grammar_matcher_accept_token(m, (uint32_t)t, err, sizeof err))
            fail_msg("a token from the mask was refused: %s", err);
        (*n_tokens)++;
        if (v->is_eos[t]) { *finished = true; break; }
        if (len + token_lens[t] + 1 > cap) {
            while (len + token_lens[t] + 1 > cap) cap *= 2;
            text = realloc(text, cap);
        }
        memcpy(text + len, token_bytes[t], token_lens[t]);
        len += token_lens[t];
    }
    text[len] = 0;
    *text_len = len;
    free(mask);
    return text;
}

/* ---- the JSON Schema subset checker ----------------------------------------------------------- */

static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++) if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static bool why_fail(char *why, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (why && size) vsnprintf(why, size, fmt, ap);
    va_end(ap);
    return false;
}

static bool type_ok(const char *type, json_t *x)
{
    if (!strcmp(type, "object")) return json_is_object(x);
    if (!strcmp(type, "array")) return json_is_array(x);
    if (!strcmp(type, "string")) return json_is_string(x);
    if (!strcmp(type, "integer")) return json_is_integer(x) || (json_is_real(x) && json_real_value(x) == floor(json_real_value(x)));
    if (!strcmp(type, "number")) return json_is_number(x);
    if (!strcmp(type, "boolean")) return json_is_boolean(x);
    if (!strcmp(type, "null")) return json_is_null(x);
    return false;
}

bool gtest_schema_validate(json_t *schema, json_t *root, json_t *x, char *why, size_t ws)
{
    if (json_is_true(schema)) return true;
    json_t *v;
    if ((v = json_object_get(schema, "$ref"))) {
        const char *ref = json_string_value(v);
        json_t *target = NULL;
        if (!strncmp(ref, "#/definitions/", 14)) target = json_object_get(json_object_get(root, "definitions"), ref + 14);
        if (!strncmp(ref, "#/$defs/", 8)) target = json_object_get(json_object_get(root, "$defs"), ref + 8);
        if (!target) return why_fail(why, ws, "unresolved $ref %s", ref);
        return gtest_schema_validate(target, root, x, why, ws);
    }
    if ((v = json_object_get(schema, "const")) && !json_equal(v, x)) return why_fail(why, ws, "const mismatch");
    if ((v = json_object_get(schema, "enum"))) {
        size_t i;
        json_t *e;
        bool found = false;
        json_array_foreach(v, i, e) if (json_equal(e, x)) found = true;
        if (!found) return why_fail(why, ws, "not in enum");
    }
    json_t *any = json_object_get(schema, "anyOf");
    if (!any) any = json_object_get(schema, "oneOf");
    if (any) {
        size_t i;
        json_t *e;
        bool ok = false;
        json_array_foreach(any, i, e) if (gtest_schema_validate(e, root, x, NULL, 0)) ok = true;
        if (!ok) return why_fail(why, ws, "matches no anyOf alternative");
    }
    if ((v = json_object_get(schema, "type"))) {
        bool ok = false;
        if (json_is_string(v)) ok = type_ok(json_string_value(v), x);
        size_t i;
        json_t *e;
        if (json_is_array(v)) json_array_foreach(v, i, e) ok = ok || type_ok(json_string_value(e), x);
        if (!ok) return why_fail(why, ws, "wrong type");
    }
    if (json_is_number(x)) {
        double d = json_number_value(x);
        if ((v = json_object_get(schema, "minimum")) && d < json_number_value(v)) return why_fail(why, ws, "%g < minimum", d);
        if ((v = json_object_get(schema, "maximum")) && d > json_number_value(v)) return why_fail(why, ws, "%g > maximum", d);
        if ((v = json_object_get(schema, "exclusiveMinimum")) && d <= json_number_value(v)) return why_fail(why, ws, "exclusiveMinimum");
        if ((v = json_object_get(schema, "exclusiveMaximum")) && d >= json_number_value(v)) return why_fail(why, ws, "exclusiveMaximum");
    }
    if (json_is_string(x)) {
        size_t n = utf8_length(json_string_value(x));
        if ((v = json_object_get(schema, "minLength")) && n < (size_t)json_integer_value(v)) return why_fail(why, ws, "too short");
        if ((v = json_object_get(schema, "maxLength")) && n > (size_t)json_integer_value(v)) return why_fail(why, ws, "too long (%zu)", n);
    }
    if (json_is_array(x)) {
        size_t n = json_array_size(x), i;
        json_t *e;
        if ((v = json_object_get(schema, "minItems")) && n < (size_t)json_integer_value(v)) return why_fail(why, ws, "too few items");
        if ((v = json_object_get(schema, "maxItems")) && n > (size_t)json_integer_value(v)) return why_fail(why, ws, "too many items");
        if ((v = json_object_get(schema, "items")))
            json_array_foreach(x, i, e) if (!gtest_schema_validate(v, root, e, why, ws)) return false;
    }
    if (json_is_object(x)) {
        json_t *props = json_object_get(schema, "properties");
        const char *k;
        json_t *e;
        if ((v = json_object_get(schema, "required"))) {
            size_t i;
            json_array_foreach(v, i, e) if (!json_object_get(x, json_string_value(e)))
                return why_fail(why, ws, "missing required '%s'", json_string_value(e));
        }
        json_object_foreach(x, k, e) {
            json_t *ps = props ? json_object_get(props, k) : NULL;
            if (ps) {
                if (!gtest_schema_validate(ps, root, e, why, ws)) return false;
            } else if (json_is_false(json_object_get(schema, "additionalProperties"))) {
                return why_fail(why, ws, "additional property '%s'", k);
            }
        }
    }
    return true;
}
