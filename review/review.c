/* review.c — the reviewer: model, tokenizer, chat template and verdict grammar loaded
 * once; prompts built and answers decoded per candidate (see review.h).
 *
 * Decoding one answer, the hot loop of the review: the prompt is evaluated (the session
 * keeps the prefix it shares with the previous prompt), then token by token the grammar
 * matcher masks what may come next and the greedy sampler picks among it. The run-wide
 * grammar lets the replacement be any string; when the answer reaches `"fix":` either
 * the verdict is not true_positive (a confident false positive above all) and the answer
 * is closed with null at once, or a grammar narrowed to this candidate (the identifiers of
 * its code window, C keywords, its rule's template) takes over for the fix. If the fix
 * outgrows its share of the token budget the run-wide matcher, still waiting at `"fix":`,
 * closes the answer with null instead. */
#include "review/review.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer/clang/clang_context.h"
#include "grammar/grammar.h"
#include "review/review_prompt.h"
#include "review/review_sha256.h"
#include "review/review_window.h"
#include "slm/chat_template.h"
#include "slm/model.h"
#include "slm/sampler.h"
#include "slm/session.h"
#include "slm/tokenizer.h"

struct reviewer {
    review_options_t options;
    model_t *model;
    tokenizer_t *tokenizer;
    bool has_template;
    chat_template_kind_t template_kind;
    session_t *session;
    sampler_t *sampler;
    grammar_vocab_t *vocab;
    grammar_t *verdict_grammar;          /* compiled once per run */
    grammar_matcher_t *verdict_matcher;  /* reset per candidate */
    grammar_position_cache_t *positions; /* shared by the per-candidate fix grammars */
    uint32_t *mask;                      /* (mask_words,) */
    size_t mask_words;
    review_prompts_t *prompts;
    review_window_parser_t *parser;
    char *model_name;
    char sha256[65];
    const clang_options_t *clang;   /* for the retrieved context; NULL: man pages only */
    clang_context_t *clang_context; /* made on first use with clang */
};

/* The text that separates our fixed parts from the file's text inside the chat-formatted
 * prompt; found as the first and the last occurrence, so the file's text may contain it. */
static const char user_mark[] = "\x01\x02review\x02\x01";

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- loading ------------------------------------------------------------------------------ */

static int make_vocab(reviewer_t *r, char *err, size_t err_size)
{
    int32_t n = tokenizer_vocab_size(r->tokenizer);
    const char **bytes = calloc((size_t)n, sizeof(*bytes));
    uint32_t *lens = calloc((size_t)n, sizeof(*lens));
    uint8_t *special = calloc((size_t)n, 1);
    int rc = -1;
    if (!bytes || !lens || !special) {
        snprintf(err, err_size, "out of memory");
        goto done;
    }
    for (int32_t id = 0; id < n; id++) {
        size_t len = 0;
        if (tokenizer_token_bytes(r->tokenizer, id, &bytes[id], &len) != 0) {
            bytes[id] = "";
            len = 0;
        }
        lens[id] = (uint32_t)len;
        token_kind_t kind = tokenizer_token_kind(r->tokenizer, id);
        special[id] = kind == TOKEN_KIND_CONTROL || kind == TOKEN_KIND_UNKNOWN || kind == TOKEN_KIND_UNUSED || len == 0;
    }
    uint32_t eos[2];
    size_t n_eos = 0;
    int32_t e = tokenizer_eos(r->tokenizer), t = tokenizer_eot(r->tokenizer);
    if (e >= 0) eos[n_eos++] = (uint32_t)e;
    if (t >= 0 && t != e) eos[n_eos++] = (uint32_t)t;
    rc = grammar_vocab_new(&r->vocab, (size_t)n, bytes, lens, special, eos, n_eos, err, err_size);
done:
    free(bytes);
    free(lens);
    free(special);
    return rc;
}

int reviewer_new(reviewer_t **out, const review_options_t *options, char *err, size_t err_size)
{
    *out = NULL;
    reviewer_t *r = calloc(1, sizeof(*r));
    if (!r) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    r->options = *options;
    if (r->options.threshold < 0) r->options.threshold = 0;
    if (r->options.threshold > 100) r->options.threshold = 100;
    if (!r->options.max_tokens) r->options.max_tokens = 640;
    if (!r->options.window_tokens) r->options.window_tokens = 768;
    if (!r->options.n_ctx) r->options.n_ctx = 4096;
    if (!r->options.context_tokens) r->options.context_tokens = 512;
    char gbnf_err[512];
    char *gbnf = NULL;
    if (review_prompts_load(&r->prompts, options->prompts_dir, err, err_size) != 0) goto fail;
    if (review_sha256_file(options->model_path, r->sha256, err, err_size) != 0) goto fail;
    if (model_load(&r->model, options->model_path, err, err_size) != 0) goto fail;
    if (tokenizer_from_gguf(&r->tokenizer, r->model->file, err, err_size) != 0) goto fail;
    const char *name = NULL;
    if (gguf_get_string(r->model->file, "general.name", &name, NULL) != 0 || !name || !*name) {
        const char *slash = strrchr(options->model_path, '/');
        name = slash ? slash + 1 : options->model_path;
    }
    if (!(r->model_name = strdup(name))) goto oom;
    const char *jinja = tokenizer_chat_template(r->tokenizer);
    r->has_template = jinja && chat_template_detect(jinja, &r->template_kind) == 0;
    session_options_t so = {.n_ctx = r->options.n_ctx, .n_threads = options->threads};
    if (session_new(&r->session, r->model, &so, err, err_size) != 0) goto fail;
    sampler_params_t greedy = {.temperature = 0, .top_k = 0, .top_p = 1, .min_p = 0, .seed = 0};
    if (sampler_new(&r->sampler, &greedy, tokenizer_vocab_size(r->tokenizer), err, err_size) != 0) goto fail;
    if (make_vocab(r, err, err_size) != 0) goto fail;
    if (grammar_verdict_gbnf(&gbnf, NULL, gbnf_err, sizeof(gbnf_err)) != 0 ||
        grammar_parse(&r->verdict_grammar, gbnf, strlen(gbnf), "verdict grammar", gbnf_err, sizeof(gbnf_err)) != 0 ||
        grammar_matcher_new(&r->verdict_matcher, r->verdict_grammar, r->vocab, gbnf_err, sizeof(gbnf_err)) != 0 ||
        grammar_position_cache_new(&r->positions, r->vocab, gbnf_err, sizeof(gbnf_err)) != 0) {
        snprintf(err, err_size, "%s", gbnf_err);
        goto fail;
    }
    free(gbnf);
    gbnf = NULL;
    r->mask_words = grammar_vocab_mask_words(r->vocab);
    if (!(r->mask = calloc(r->mask_words, sizeof(uint32_t)))) goto oom;
    if (review_window_parser_new(&r->parser) != 0) goto oom;
    *out = r;
    return 0;
oom:
    snprintf(err, err_size, "out of memory");
fail:
    free(gbnf);
    reviewer_free(r);
    return -1;
}

void reviewer_free(reviewer_t *r)
{
    if (!r) return;
    clang_context_free(r->clang_context);
    review_window_parser_free(r->parser);
    free(r->mask);
    grammar_matcher_free(r->verdict_matcher);
    grammar_position_cache_free(r->positions);
    grammar_free(r->verdict_grammar);
    grammar_vocab_free(r->vocab);
    sampler_free(r->sampler);
    session_free(r->session);
    tokenizer_free(r->tokenizer);
    model_free(r->model);
    review_prompts_free(r->prompts);
    free(r->model_name);
    free(r);
}

const char *reviewer_model_name(const reviewer_t *r) { return r->model_name; }
const char *reviewer_model_sha256(const reviewer_t *r) { return r->sha256; }
int reviewer_threshold(const reviewer_t *r) { return r->options.threshold; }

void reviewer_use_clang(reviewer_t *r, const clang_options_t *clang)
{
    if (clang == r->clang) return;
    clang_context_free(r->clang_context);
    r->clang_context = NULL;
    r->clang = clang;
}

/* ---- prompts ------------------------------------------------------------------------------ */

static size_t count_tokens(void *ctx, const char *text, size_t length)
{
    const tokenizer_t *tok = ctx;
    int32_t *ids = NULL;
    size_t n = 0;
    if (tokenizer_encode(tok, text, length, false, false, &ids, &n, NULL, 0) != 0) n = length;
    free(ids);
    return n;
}

/* Appends the tokens of text[0..len) to the prompt. */
static int append_tokens(reviewer_t *r, review_prompt_tokens_t *p, size_t *cap, const char *text, size_t len,
                         bool bos, bool special, char *err, size_t err_size)
{
    int32_t *ids = NULL;
    size_t n = 0;
    if (tokenizer_encode(r->tokenizer, text, len, bos, special, &ids, &n, err, err_size) != 0) return -1;
    if (p->count + n > *cap) {
        size_t grown_cap = (p->count + n) * 2 + 16;
        int32_t *grown = realloc(p->ids, grown_cap * sizeof(*grown));
        if (!grown) {
            free(ids);
            snprintf(err, err_size, "out of memory");
            return -1;
        }
        p->ids = grown;
        *cap = grown_cap;
    }
    memcpy(p->ids + p->count, ids, n * sizeof(*ids));
    p->count += n;
    free(ids);
    return 0;
}

/* The absolute path of a candidate's file: its path under the repository root. */
static char *absolute_path(const reviewer_t *r, const char *path)
{
    const char *root = r->clang && r->clang->repo_root ? r->clang->repo_root : NULL;
    if (path[0] == '/' || !root) return strdup(path);
    size_t n = strlen(root) + strlen(path) + 2;
    char *abs = malloc(n);
    if (abs) snprintf(abs, n, "%s/%s", root, path);
    return abs;
}

/* The retrieved context of c into *out (malloc'd; "" when there is none) and its parts'
 * token counts into p. 0, or -1 with err (out of memory, a libclang context that cannot
 * be made). */
static int retrieve_context(reviewer_t *r, review_prompt_tokens_t *p, const candidate_t *c, const char *text,
                            size_t length, char **out, char *err, size_t err_size)
{
    *out = NULL;
    review_context_options_t options = {.budget = r->options.context_tokens, .count = count_tokens,
                                        .count_ctx = r->tokenizer, .man_dir = r->options.man_dir};
    review_context_t *context = NULL;
    int rc;
    if (r->clang) {
        if (!r->clang_context && clang_context_new(&r->clang_context, r->clang, err, err_size) != 0) return -1;
        char *abs = absolute_path(r, c->path ? c->path : "");
        if (!abs) {
            snprintf(err, err_size, "out of memory");
            return -1;
        }
        rc = review_context_build_text(&context, r->clang_context, abs, text, length, c, &options, err, err_size);
        free(abs);
    } else {
        rc = review_context_build(&context, NULL, c, &options, err, err_size);
    }
    if (rc != 0) return -1;
    for (int i = 0; i < REVIEW_CONTEXT_PART_COUNT; i++) p->context_tokens[i] = context->parts[i].tokens;
    *out = review_context_join(context);
    review_context_free(context);
    if (!*out) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    return 0;
}

static const char *find_last(const char *hay, size_t hay_len, const char *needle, size_t needle_len)
{
    if (hay_len < needle_len) return NULL;
    for (size_t i = hay_len - needle_len + 1; i-- > 0;)
        if (memcmp(hay + i, needle, needle_len) == 0) return hay + i;
    return NULL;
}

int reviewer_prompt(reviewer_t *r, review_prompt_tokens_t *out, const candidate_t *c, const char *text,
                    size_t length, char *err, size_t err_size)
{
    memset(out, 0, sizeof(*out));
    const review_blueprint_t *blueprint = review_prompts_family(r->prompts, c->rule_id ? c->rule_id : "");
    review_window_t window;
    if (review_window_build(&window, r->parser, text, length, &c->range, r->options.window_tokens, count_tokens,
                            r->tokenizer, err, err_size) != 0)
        return -1;
    /* retrieved context (review_context.h): definitions the code uses, man-page sections */
    char *context = NULL;
    if (retrieve_context(r, out, c, text, length, &context, err, err_size) != 0) {
        review_window_destroy(&window);
        return -1;
    }
    out->window_tokens = count_tokens(r->tokenizer, window.text, window.text_length);
    char *system = review_prompt_system(r->prompts, blueprint);
    char *finding = review_prompt_finding(c, c->rule, &window, context);
    const char *answer = review_prompts_answer(r->prompts);
    char *user = NULL, *chat = NULL;
    size_t chat_len = 0, cap = 0, mark_len = strlen(user_mark);
    int rc = -1;
    if (!system || !finding) goto oom;
    size_t user_len = 2 * mark_len + strlen(finding) + strlen(answer) + 1;
    if (!(user = malloc(user_len))) goto oom;
    snprintf(user, user_len, "%s%s%s%s", user_mark, finding, user_mark, answer);
    if (r->has_template) {
        chat_message_t messages[2] = {{"system", system}, {"user", user}};
        if (chat_template_apply(r->template_kind, messages, 2, true, &chat, &chat_len, err, err_size) != 0) goto done;
    } else { /* a model without a chat template (a base model): the texts one after another */
        chat_len = strlen(system) + strlen(user) + 16;
        if (!(chat = malloc(chat_len))) goto oom;
        chat_len = (size_t)snprintf(chat, chat_len, "%s\n\n%s\nAnswer: ", system, user);
    }
    const char *first = memmem(chat, chat_len, user_mark, mark_len);
    const char *last = find_last(chat, chat_len, user_mark, mark_len);
    if (!first || !last || last == first) {
        snprintf(err, err_size, "the chat template lost the prompt's parts");
        goto done;
    }
    bool bos = tokenizer_add_bos_default(r->tokenizer);
    if (append_tokens(r, out, &cap, chat, (size_t)(first - chat), bos, true, err, err_size) != 0) goto done;
    out->fixed_end = out->count;
    out->user_begin = out->count;
    const char *user_text = first + mark_len;
    if (append_tokens(r, out, &cap, user_text, (size_t)(last - user_text), false, false, err, err_size) != 0)
        goto done;
    out->user_end = out->count;
    const char *tail = last + mark_len;
    if (append_tokens(r, out, &cap, tail, chat_len - (size_t)(tail - chat), false, true, err, err_size) != 0)
        goto done;
    out->window_first = window.first_line;
    out->window_last = window.last_line;
    out->identifiers = window.identifiers;
    out->identifier_count = window.identifier_count;
    window.identifiers = NULL;
    window.identifier_count = 0;
    rc = 0;
    goto done;
oom:
    snprintf(err, err_size, "out of memory");
done:
    if (rc != 0) review_prompt_tokens_destroy(out);
    review_window_destroy(&window);
    free(system);
    free(finding);
    free(context);
    free(user);
    free(chat);
    return rc;
}

void review_prompt_tokens_destroy(review_prompt_tokens_t *p)
{
    if (!p) return;
    free(p->ids);
    for (size_t i = 0; i < p->identifier_count; i++) free(p->identifiers[i]);
    free(p->identifiers);
    memset(p, 0, sizeof(*p));
}

/* ---- decoding ------------------------------------------------------------------------------ */

typedef struct {
    char *data;
    size_t length, capacity;
} bytes_t;

static int bytes_add(bytes_t *b, const char *s, size_t n)
{
    if (b->length + n + 1 > b->capacity) {
        size_t cap = (b->length + n + 1) * 2 + 64;
        char *grown = realloc(b->data, cap);
        if (!grown) return -1;
        b->data = grown;
        b->capacity = cap;
    }
    memcpy(b->data + b->length, s, n);
    b->length += n;
    b->data[b->length] = '\0';
    return 0;
}

static review_verdict_t verdict_of(const char *word)
{
    if (!word) return REVIEW_NONE;
    if (strcmp(word, "true_positive") == 0) return REVIEW_TRUE_POSITIVE;
    if (strcmp(word, "false_positive") == 0) return REVIEW_FALSE_POSITIVE;
    if (strcmp(word, "uncertain") == 0) return REVIEW_UNCERTAIN;
    return REVIEW_NONE;
}

/* Reads the verdict JSON into a. 0, or -1 when it is not a verdict. */
static int parse_answer(review_answer_t *a, const char *json)
{
    json_error_t error;
    json_t *root = json_loads(json, 0, &error);
    if (!root || !json_is_object(root)) {
        json_decref(root);
        return -1;
    }
    int rc = -1;
    json_t *verdict = json_object_get(root, "verdict"), *confidence = json_object_get(root, "confidence");
    json_t *reason = json_object_get(root, "reason"), *fix = json_object_get(root, "fix");
    a->verdict = verdict_of(json_string_value(verdict));
    if (a->verdict == REVIEW_NONE || !json_is_integer(confidence) || !json_is_string(reason)) goto done;
    a->confidence = (int)json_integer_value(confidence);
    if (a->confidence < 0 || a->confidence > 100) goto done;
    if (!(a->reason = strdup(json_string_value(reason)))) goto done;
    if (json_is_object(fix)) {
        json_t *s = json_object_get(fix, "start_line"), *e = json_object_get(fix, "end_line");
        json_t *text = json_object_get(fix, "replacement");
        if (!json_is_integer(s) || !json_is_integer(e) || !json_is_string(text)) goto done;
        a->has_fix = true;
        a->fix_first = (uint32_t)json_integer_value(s);
        a->fix_last = (uint32_t)json_integer_value(e);
        if (!(a->replacement = strdup(json_string_value(text)))) goto done;
    } else if (!json_is_null(fix)) {
        goto done;
    }
    rc = 0;
done:
    json_decref(root);
    return rc;
}

/* Whether an answer cut at `"fix":` (the text up to there) is a true positive: only those
 * get a fix; any other verdict (a confident false positive above all) ends with null. */
static bool wants_fix(const char *text, size_t length)
{
    char *closed = malloc(length + 8);
    if (!closed) return false;
    memcpy(closed, text, length);
    memcpy(closed + length, "null}", 6);
    review_answer_t a = {0};
    bool yes = parse_answer(&a, closed) == 0 && a.verdict == REVIEW_TRUE_POSITIVE;
    free(a.reason);
    free(a.replacement);
    free(closed);
    return yes;
}

/* Ends an answer whose matcher m stands at `"fix":` + tail with null: out is cut to the
 * key and " null}" or "null}" appended, whichever continues tail. false when neither
 * does (the model had already begun a fix object inside the same token). */
static bool close_with_null(grammar_matcher_t *m, bytes_t *out, size_t key_end, const char *tail, size_t tail_len)
{
    static const char *const endings[] = {"null}", " null}"};
    for (int i = 0; i < 2; i++) {
        size_t n = strlen(endings[i]);
        if (tail_len > n || memcmp(endings[i], tail, tail_len) != 0) continue;
        size_t consumed = 0;
        if (grammar_matcher_accept_bytes(m, endings[i] + tail_len, n - tail_len, &consumed, NULL, 0) != 0) continue;
        if (!grammar_matcher_can_end(m)) continue;
        out->length = key_end;
        out->data[out->length] = '\0';
        return bytes_add(out, endings[i], n) == 0;
    }
    return false;
}

/* A grammar for this candidate's fix: identifiers of its window, C keywords and its
 * rule's template as whole lines. NULL (use the run-wide grammar) when it cannot be made. */
static grammar_t *fix_grammar(const review_prompt_tokens_t *p, const candidate_t *c, const char *text,
                              size_t length)
{
    const char *templates[1];
    char *template_text = NULL;
    uint32_t first, last;
    size_t n_templates = 0;
    if (c->fix && review_fix_as_lines(text, length, c->fix, &first, &last, &template_text) == 0)
        templates[n_templates++] = template_text;
    grammar_fix_options_t options = {
        .identifiers = (const char *const *)p->identifiers,
        .n_identifiers = p->identifier_count,
        .allow_code = true,
        .templates = templates,
        .n_templates = n_templates,
    };
    char *gbnf = NULL;
    grammar_t *g = NULL;
    if (grammar_verdict_gbnf(&gbnf, &options, NULL, 0) == 0) grammar_parse(&g, gbnf, strlen(gbnf), "fix grammar", NULL, 0);
    free(gbnf);
    free(template_text);
    return g;
}

int reviewer_answer(reviewer_t *r, review_answer_t *out, const candidate_t *c, const char *text, size_t length,
                    char *err, size_t err_size)
{
    memset(out, 0, sizeof(*out));
    review_prompt_tokens_t prompt;
    if (reviewer_prompt(r, &prompt, c, text, length, err, err_size) != 0) return -1;
    out->prompt_tokens = prompt.count;
    out->window_tokens = prompt.window_tokens;
    memcpy(out->context_tokens, prompt.context_tokens, sizeof(out->context_tokens));
    int rc = -1;
    bytes_t answer = {0};
    grammar_t *narrow = NULL;
    grammar_matcher_t *narrow_matcher = NULL;
    grammar_matcher_t *m = r->verdict_matcher;
    uint32_t budget = r->options.max_tokens;
    const uint32_t fix_tokens = 256; /* a drafted fix gets at most this many of them */
    if (prompt.count + 1 > session_n_ctx(r->session) || prompt.count + budget > session_n_ctx(r->session)) {
        out->outcome = REVIEW_NO_ROOM;
        rc = 0;
        goto done;
    }
    if (session_eval(r->session, prompt.ids, prompt.count, err, err_size) != 0) goto done;
    out->reused_tokens = session_last_reused(r->session);
    grammar_matcher_reset(r->verdict_matcher);
    size_t key_end = 0;            /* bytes of the answer up to and including `"fix":` */
    size_t key_tail = 0;           /* bytes after it the run-wide matcher consumed */
    bool in_fix = false, done = false;
    char gerr[512];
    for (uint32_t step = 0; step < budget && !done; step++) {
        if (grammar_matcher_fill_mask(m, r->mask, r->mask_words, gerr, sizeof(gerr)) != 0) {
            snprintf(err, err_size, "verdict grammar: %s", gerr);
            goto done;
        }
        int32_t token;
        if (sampler_sample(r->sampler, session_logits(r->session), r->mask, &token) != 0) {
            snprintf(err, err_size, "the model gives no allowed token a finite score");
            goto done;
        }
        if (grammar_matcher_accept_token(m, (uint32_t)token, gerr, sizeof(gerr)) != 0) {
            snprintf(err, err_size, "verdict grammar: %s", gerr);
            goto done;
        }
        out->generated_tokens++;
        if (grammar_matcher_is_finished(m)) break; /* end of sequence */
        const char *piece;
        size_t piece_len;
        tokenizer_token_bytes(r->tokenizer, token, &piece, &piece_len);
        size_t before = answer.length;
        if (bytes_add(&answer, piece, piece_len) != 0) {
            snprintf(err, err_size, "out of memory");
            goto done;
        }
        if (grammar_matcher_can_end(m)) break; /* the closing brace */
        if (!in_fix) {
            size_t from = before > 6 ? before - 6 : 0;
            const char *key = memmem(answer.data + from, answer.length - from, "\"fix\":", 6);
            if (key) {
                key_end = (size_t)(key - answer.data) + 6;
                key_tail = answer.length - key_end;
                in_fix = true;
                if (!wants_fix(answer.data, key_end)) {
                    if (close_with_null(m, &answer, key_end, answer.data + key_end, key_tail)) {
                        out->stopped_early = true;
                        break;
                    }
                } else if ((narrow = fix_grammar(&prompt, c, text, length)) &&
                           grammar_matcher_new_shared(&narrow_matcher, narrow, r->vocab, r->positions, NULL, 0) == 0) {
                    size_t consumed = 0;
                    if (grammar_matcher_accept_bytes(narrow_matcher, answer.data, answer.length, &consumed, NULL, 0) == 0)
                        m = narrow_matcher; /* the run-wide matcher waits at the key */
                    if (budget > step + 1 + fix_tokens) budget = step + 1 + fix_tokens;
                }
            }
        }
        if (step + 1 < budget && session_append(r->session, token, err, err_size) != 0) goto done;
    }
    if (!grammar_matcher_can_end(m)) {
        /* out of tokens: a verdict without its fix is still an answer */
        if (in_fix && m != r->verdict_matcher &&
            close_with_null(r->verdict_matcher, &answer, key_end, answer.data + key_end, key_tail)) {
            out->fix_cut = true;
        } else {
            out->outcome = REVIEW_OUT_OF_TOKENS;
            out->json = answer.data;
            answer.data = NULL;
            rc = 0;
            goto done;
        }
    }
    out->json = answer.data ? answer.data : strdup("");
    answer.data = NULL;
    if (!out->json || parse_answer(out, out->json) != 0) {
        snprintf(err, err_size, "the grammar let through an answer that is not a verdict: %s",
                 out->json ? out->json : "(none)");
        goto done;
    }
    out->outcome = REVIEW_ANSWERED;
    rc = 0;
done:
    free(answer.data);
    grammar_matcher_free(narrow_matcher);
    grammar_free(narrow);
    review_prompt_tokens_destroy(&prompt);
    return rc;
}

void review_answer_destroy(review_answer_t *a)
{
    if (!a) return;
    free(a->json);
    free(a->reason);
    free(a->replacement);
    memset(a, 0, sizeof(*a));
}

/* ---- a run ----------------------------------------------------------------------------------- */

static const source_file_t *source_of(const lint_result_t *result, const char *path)
{
    size_t lo = 0, hi = result->source_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strcmp(result->sources[mid].path, path);
        if (cmp == 0) return result->sources[mid].source;
        if (cmp < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

typedef struct {
    const char *family;
    size_t index;
} order_t;

static int compare_order(const void *a, const void *b)
{
    const order_t *x = a, *y = b;
    int cmp = strcmp(x->family, y->family);
    if (cmp) return cmp;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int set_text(char **field, const char *text)
{
    free(*field);
    *field = text ? strdup(text) : NULL;
    return text && !*field ? -1 : 0;
}

/* The draft of answer a as a fix of whole lines of text, or NULL (lines outside the file,
 * out of memory). */
static fix_t *draft_of(const review_answer_t *a, const char *text, size_t length)
{
    if (a->fix_first < 1 || a->fix_last < a->fix_first) return NULL;
    uint32_t line = 1;
    size_t start = 0, i = 0;
    for (; i < length && line < a->fix_first; i++)
        if (text[i] == '\n') {
            line++;
            start = i + 1;
        }
    if (line != a->fix_first) return NULL;
    source_range_t range = {.start_byte = (uint32_t)start, .start_line = line, .start_col = 1};
    for (i = start; i < length; i++) {
        if (text[i] == '\n') {
            if (line == a->fix_last) break;
            line++;
        }
    }
    if (line != a->fix_last) return NULL;
    size_t end = i, line_start = end;
    while (line_start > 0 && text[line_start - 1] != '\n') line_start--;
    range.end_byte = (uint32_t)end;
    range.end_line = line;
    range.end_col = (uint32_t)(end - line_start) + 1;
    fix_t *fix = fix_new("replacement drafted by the model review", true);
    if (!fix || fix_add_edit(fix, range, a->replacement) != 0) {
        fix_free(fix);
        return NULL;
    }
    return fix;
}

/* Records a on c. -1 on out of memory. */
static int apply_answer(const reviewer_t *r, candidate_t *c, const review_answer_t *a, const char *text,
                        size_t length, review_stats_t *stats)
{
    if (a->outcome != REVIEW_ANSWERED) {
        c->review_state = REVIEW_STATE_UNREVIEWED;
        stats->unreviewed++;
        char why[160];
        if (a->outcome == REVIEW_NO_ROOM)
            snprintf(why, sizeof(why), "not reviewed: the prompt does not fit the model's context");
        else
            snprintf(why, sizeof(why), "not reviewed: the answer did not fit the budget of %u tokens",
                     r->options.max_tokens);
        return set_text(&c->review_reason, why);
    }
    certainty_t certainty = c->certainty ? c->certainty : CERTAINTY_MEDIUM;
    c->review_state = REVIEW_STATE_REVIEWED;
    c->verdict = a->verdict;
    c->confidence = a->confidence;
    if (set_text(&c->review_reason, a->reason) != 0) return -1;
    bool sure = a->confidence >= r->options.threshold;
    c->dismissed = sure && a->verdict == REVIEW_FALSE_POSITIVE && certainty != CERTAINTY_HIGH;
    c->confirmed = sure && a->verdict == REVIEW_TRUE_POSITIVE && certainty == CERTAINTY_LOW;
    stats->reviewed++;
    stats->dismissed += c->dismissed;
    stats->confirmed += c->confirmed;
    if (a->has_fix && !c->dismissed) {
        fix_free(c->draft);
        c->draft = draft_of(a, text, length);
        stats->drafted++;
        if (!c->draft && set_text(&c->draft_rejected, "the drafted fix names lines outside the file") != 0) return -1;
    }
    return 0;
}

int review_run(reviewer_t *r, lint_result_t *result, review_progress_fn progress, void *progress_ctx,
               review_stats_t *stats, char *err, size_t err_size)
{
    review_stats_t local = {0};
    if (!stats) stats = &local;
    memset(stats, 0, sizeof(*stats));
    candidate_list_t *list = &result->candidates;
    stats->candidates = list->count;
    double start = now_seconds();
    order_t *order = malloc((list->count ? list->count : 1) * sizeof(*order));
    if (!order) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < list->count; i++)
        order[i] = (order_t){review_prompts_family(r->prompts, list->items[i]->rule_id ? list->items[i]->rule_id : "")->family, i};
    qsort(order, list->count, sizeof(*order), compare_order);
    int rc = 0;
    for (size_t k = 0; k < list->count; k++) {
        candidate_t *c = list->items[order[k].index];
        const source_file_t *source = source_of(result, c->path);
        bool over = r->options.budget_seconds > 0 && now_seconds() - start >= r->options.budget_seconds;
        if (!source || over) {
            c->review_state = REVIEW_STATE_UNREVIEWED;
            stats->unreviewed++;
            if (set_text(&c->review_reason, over ? "not reviewed: the run's review budget (--review-budget) ran out"
                                                  : "not reviewed: the file's text was not kept") != 0)
                goto oom;
        } else {
            review_answer_t a;
            if (reviewer_answer(r, &a, c, source->text, source->length, err, err_size) != 0) {
                review_answer_destroy(&a);
                rc = -1;
                break;
            }
            stats->prompt_tokens += a.prompt_tokens;
            stats->reused_tokens += a.reused_tokens;
            stats->generated_tokens += a.generated_tokens;
            stats->window_tokens += a.window_tokens;
            for (int i = 0; i < REVIEW_CONTEXT_PART_COUNT; i++) stats->context_tokens[i] += a.context_tokens[i];
            int applied = apply_answer(r, c, &a, source->text, source->length, stats);
            review_answer_destroy(&a);
            if (applied != 0) goto oom;
        }
        if (progress) progress(progress_ctx, k + 1, list->count, now_seconds() - start);
    }
    free(order);
    stats->seconds = now_seconds() - start;
    return rc;
oom:
    free(order);
    snprintf(err, err_size, "out of memory");
    return -1;
}
