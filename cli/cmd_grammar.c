/* cmd_grammar.c — `assay grammar ...`: check a grammar (and an input against it), print
 * the GBNF a JSON Schema converts to, and measure the cost of token masks.
 *
 *   assay grammar check FILE.gbnf|FILE.json [INPUT|-] [--print]
 *   assay grammar verdict [--identifiers a,b,c] [--template TEXT]...   (prints the GBNF)
 *   assay grammar bench [--vocab tokenizer.json] [--docs N]             (mask cost per token)
 *
 * Options are read with getopt_long (cli/cli_args.h), anywhere after `grammar`, with one
 * table for the three subcommands; an option of another subcommand is a usage error.
 * Exit status: 0 grammar fine / input in the language, 1 input not in the language,
 * 2 usage error or a grammar that does not parse (the message names line:column). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_args.h"
#include "cli/cli_options.h"
#include "cli/commands.h"
#include "grammar/grammar.h"
#include "core/hash.h"


static const char help_text[] =
    "usage: assay grammar check FILE.gbnf|FILE.json [INPUT|-] [--print]\n"
    "       assay grammar verdict [--identifiers NAME,NAME...] [--template TEXT]... [--no-code]\n"
    "       assay grammar bench [--vocab tokenizer.json] [--docs N]\n"
    "\n"
    "check   parses a GBNF grammar (or converts a JSON Schema .json file to one) and,\n"
    "        given INPUT (a file, or - for standard input), says whether the input is\n"
    "        in the grammar's language; --print shows the GBNF.\n"
    "verdict prints the GBNF of the review verdict grammar.\n"
    "bench   prints the time to compute a token mask and advance, per token, for the\n"
    "        verdict and JSON grammars (SmolLM vocabulary, and padded to 152k tokens);\n"
    "        run from the repository root.\n"
    "Options go anywhere after `grammar`; -- ends them. -h, --help prints this help,\n"
    "-V, --version the version.\n";

static int usage(const char *problem)
{
    return cli_args_usage_error("assay grammar", problem);
}

/* ---- options --------------------------------------------------------------------------- */

typedef enum {
    GOPT_PRINT, GOPT_IDENTIFIERS, GOPT_TEMPLATE, GOPT_NO_CODE, GOPT_VOCAB, GOPT_DOCS,
    GOPT_HELP, GOPT_VERSION, GOPT_COUNT
} grammar_option_t;

static const cli_arg_spec_t grammar_specs[] = {
    {"print", 0, false, GOPT_PRINT},          {"identifiers", 0, true, GOPT_IDENTIFIERS},
    {"template", 0, true, GOPT_TEMPLATE},     {"no-code", 0, false, GOPT_NO_CODE},
    {"vocab", 0, true, GOPT_VOCAB},           {"docs", 0, true, GOPT_DOCS},
    {"help", 'h', false, GOPT_HELP},          {"version", 'V', false, GOPT_VERSION},
};

enum { MAX_TEMPLATES = 64 };

typedef struct {
    const char *command;      /* check, verdict or bench */
    const char *arguments[2]; /* check: FILE and INPUT */
    size_t argument_count;
    bool print, no_code, help, version;
    const char *identifiers;  /* --identifiers, the last one given */
    const char *templates[MAX_TEMPLATES];
    size_t template_count;
    const char *vocab;
    size_t docs;
    char given[GOPT_COUNT][48]; /* each option given, as spelled ("" = not given) */
} grammar_options_t;

/* Checks one option's value and records it in o. */
static int apply_option(grammar_options_t *o, const cli_arg_t *a, char *err, size_t err_size)
{
    snprintf(o->given[a->id], sizeof o->given[a->id], "%s", a->name);
    switch ((grammar_option_t)a->id) {
    case GOPT_PRINT: o->print = true; return 0;
    case GOPT_IDENTIFIERS: o->identifiers = a->value; return 0;
    case GOPT_TEMPLATE:
        if (o->template_count == MAX_TEMPLATES) {
            snprintf(err, err_size, "%s: at most %d templates", a->name, MAX_TEMPLATES);
            return -1;
        }
        o->templates[o->template_count++] = a->value;
        return 0;
    case GOPT_NO_CODE: o->no_code = true; return 0;
    case GOPT_VOCAB: o->vocab = a->value; return 0;
    case GOPT_DOCS: {
        char *end;
        errno = 0;
        long n = strtol(a->value, &end, 10);
        if (errno || end == a->value || *end || n < 0 || n > 1000000) {
            snprintf(err, err_size, "%s: want an integer in [0, 1000000], got '%s'", a->name,
                     a->value);
            return -1;
        }
        o->docs = (size_t)n;
        return 0;
    }
    case GOPT_HELP: o->help = true; return 0;
    case GOPT_VERSION: o->version = true; return 0;
    case GOPT_COUNT: break;
    }
    return 0;
}

/* Reads argv[1..] (everything after `grammar`). Returns 0, or -1 with a one-line usage
 * problem in err. */
static int parse_options(int argc, char **argv, grammar_options_t *o, char *err, size_t err_size)
{
    cli_args_t args;
    if (cli_args_begin(&args, grammar_specs, sizeof grammar_specs / sizeof *grammar_specs, argc,
                       argv, 1, err, err_size) != 0)
        return -1;
    cli_arg_t a;
    int more;
    while ((more = cli_args_next(&args, &a, err, err_size)) == 1) {
        if (a.id != CLI_ARG_POSITIONAL) {
            if (apply_option(o, &a, err, err_size) != 0) return -1;
        } else if (!o->command) {
            o->command = a.value;
        } else if (o->argument_count < 2) {
            o->arguments[o->argument_count++] = a.value;
        } else {
            snprintf(err, err_size, "grammar %s: unexpected argument '%s'", o->command, a.value);
            return -1;
        }
    }
    return more < 0 ? -1 : 0;
}

/* The subcommand's problem with the arguments and options it was given, or 0. */
static int check_applies(const grammar_options_t *o, size_t max_arguments, unsigned allowed,
                         char *err, size_t err_size)
{
    if (o->argument_count > max_arguments) {
        snprintf(err, err_size, "grammar %s: unexpected argument '%s'", o->command,
                 o->arguments[max_arguments]);
        return -1;
    }
    for (int id = 0; id < GOPT_COUNT; id++)
        if (o->given[id][0] && !(allowed & (1u << id))) {
            snprintf(err, err_size, "grammar %s: %s does not apply", o->command, o->given[id]);
            return -1;
        }
    return 0;
}

static char *read_all(const char *path, size_t *len, char *err, size_t err_size)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        snprintf(err, err_size, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        if (n == cap) {
            char *b = realloc(buf, cap * 2 + 1);
            if (!b) { free(buf); buf = NULL; break; }
            buf = b;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    bool bad = ferror(f);
    if (f != stdin) fclose(f);
    if (!buf || bad) {
        snprintf(err, err_size, "%s: %s", path, bad ? "read error" : "out of memory");
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* line:col (1-based, columns in characters) of byte offset at in text */
static void line_col(const char *text, size_t at, unsigned *line, unsigned *col)
{
    unsigned l = 1, c = 1;
    for (size_t i = 0; i < at; i++) {
        if (text[i] == '\n') { l++; c = 1; }
        else if (((unsigned char)text[i] & 0xC0) != 0x80) c++;
    }
    *line = l;
    *col = c;
}

static int cmd_check(const grammar_options_t *o)
{
    const char *grammar_path = o->arguments[0], *input_path = o->arguments[1];
    bool print = o->print;
    if (!grammar_path) return usage("grammar check: missing FILE.gbnf or FILE.json");

    char err[1024] = "";
    size_t len;
    char *text = read_all(grammar_path, &len, err, sizeof err);
    if (!text) { fprintf(stderr, "assay: %s\n", err); return 2; }
    if (ends_with(grammar_path, ".json")) {
        char *gbnf = NULL;
        int rc = grammar_schema_to_gbnf(&gbnf, text, len, grammar_path, NULL, 0, err, sizeof err);
        free(text);
        if (rc) { fprintf(stderr, "assay: %s\n", err); return 2; }
        text = gbnf;
        len = strlen(gbnf);
    }
    grammar_t *g = NULL;
    int rc = grammar_parse(&g, text, len, grammar_path, err, sizeof err);
    if (rc) {
        fprintf(stderr, "assay: %s\n", err);
        free(text);
        return 2;
    }
    if (print) fputs(text, stdout);
    free(text);
    if (!input_path) {
        if (!print) printf("%s: grammar OK (%zu rules)\n", grammar_path, grammar_rule_count(g));
        grammar_free(g);
        return 0;
    }

    size_t in_len;
    char *input = read_all(input_path, &in_len, err, sizeof err);
    if (!input) { fprintf(stderr, "assay: %s\n", err); grammar_free(g); return 2; }
    const char *input_name = strcmp(input_path, "-") == 0 ? "<stdin>" : input_path;
    grammar_matcher_t *m = NULL;
    if ((rc = grammar_matcher_new(&m, g, NULL, err, sizeof err))) {
        fprintf(stderr, "assay: %s\n", err);
        free(input);
        grammar_free(g);
        return 2;
    }
    int status = 0;
    char expected[2048];
    /* feed character by character so a failure names the character where it happened */
    size_t pos = 0;
    while (pos < in_len) {
        size_t clen = 1;
        unsigned char c = (unsigned char)input[pos];
        if (c >= 0xF0) clen = 4; else if (c >= 0xE0) clen = 3; else if (c >= 0xC0) clen = 2;
        if (pos + clen > in_len) clen = in_len - pos;
        grammar_matcher_describe_expected(m, expected, sizeof expected);
        size_t took;
        rc = grammar_matcher_accept_bytes(m, input + pos, clen, &took, err, sizeof err);
        if (rc == GRAMMAR_ERR_REJECTED) {
            unsigned line, col;
            line_col(input, pos, &line, &col);
            printf("%s:%u:%u: not in the language of %s (byte offset %zu): expected %s\n", input_name, line, col,
                   grammar_path, pos, expected);
            status = 1;
            break;
        }
        if (rc) { fprintf(stderr, "assay: %s: %s\n", input_name, err); status = 2; break; }
        pos += clen;
    }
    if (status == 0 && !grammar_matcher_can_end(m)) {
        unsigned line, col;
        line_col(input, in_len, &line, &col);
        grammar_matcher_describe_expected(m, expected, sizeof expected);
        printf("%s:%u:%u: input ends before the grammar is complete (byte offset %zu): expected %s\n", input_name,
               line, col, in_len, expected);
        status = 1;
    }
    if (status == 0) printf("%s: in the language of %s\n", input_name, grammar_path);
    grammar_matcher_free(m);
    free(input);
    grammar_free(g);
    return status;
}

static int cmd_verdict(const grammar_options_t *o)
{
    const char *idents[256];
    size_t n_idents = 0;
    char *ident_copy = NULL;
    bool code = !o->no_code;
    bool restrict_fix = o->identifiers || o->template_count > 0 || o->no_code;
    if (o->identifiers) {
        if (!(ident_copy = strdup(o->identifiers))) {
            fprintf(stderr, "assay: out of memory\n");
            return 2;
        }
        for (char *s = strtok(ident_copy, ","); s && n_idents < 256; s = strtok(NULL, ","))
            idents[n_idents++] = s;
    }
    grammar_fix_options_t fix = {idents, n_idents, code, o->templates, o->template_count};
    char err[1024];
    char *gbnf = NULL;
    int rc = grammar_verdict_gbnf(&gbnf, restrict_fix ? &fix : NULL, err, sizeof err);
    free(ident_copy);
    if (rc) { fprintf(stderr, "assay: %s\n", err); return 2; }
    fputs(gbnf, stdout);
    free(gbnf);
    return 0;
}


/* ---- bench ------------------------------------------------------------------------------
 * Measures what constrained decoding adds per generated token: fill the mask, then
 * advance by the chosen token. "Realistic outputs" are sample documents of the kind the
 * grammar exists for (verdicts with varied reasons and fixes; JSON documents), spelled
 * with the tokens a model would pick: at each step the longest allowed token that is a
 * prefix of the rest of the document. Cold = the first document of a fresh matcher
 * (precomputing the grammar positions it reaches); steady = later documents. */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct {
    uint64_t s;
} rng_t;

static uint32_t rng_next(rng_t *r)
{
    r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(r->s >> 33);
}

static const char *const sample_words[] = {
    "the", "buffer", "is", "copied", "without", "a", "bound", "and", "src", "comes", "from", "argv", "so",
    "length", "can", "exceed", "its", "size", "of", "16", "bytes", "check", "above", "makes", "this", "safe",
    "return", "value", "ignored", "pointer", "freed", "twice", "on", "error", "path", "format", "string",
    "user", "controlled", "index", "loop", "off-by-one", "terminator", "\\\"quoted\\\"", "caf\u00e9", "n", "len",
};
static const char *const fixes[] = {
    "snprintf(buf, sizeof buf, \\\"%s\\\", src);",
    "if (len >= sizeof buf)\\n    return -1;\\nmemcpy(buf, src, len);\\nbuf[len] = '\\\\0';",
    "free(p);\\np = NULL;",
    "strlcpy(dst, src, sizeof dst);",
};

static void sample_sentence(rng_t *r, char *out, size_t size, size_t max_chars)
{
    size_t at = 0, n = 4 + rng_next(r) % 30;
    for (size_t i = 0; i < n; i++) {
        const char *w = sample_words[rng_next(r) % (sizeof sample_words / sizeof *sample_words)];
        if (at + strlen(w) + 2 >= max_chars || at + strlen(w) + 2 >= size) break;
        at += (size_t)snprintf(out + at, size - at, "%s%s", i ? " " : "", w);
    }
    if (at + 1 < size) { out[at++] = '.'; out[at] = 0; }
}

static void sample_verdict(rng_t *r, char *out, size_t size)
{
    static const char *const v[] = {"true_positive", "false_positive", "uncertain"};
    char reason[300];
    sample_sentence(r, reason, sizeof reason, 200);
    const char *sp = rng_next(r) % 2 ? " " : "";
    int n = snprintf(out, size, "{\"verdict\":%s\"%s\",%s\"confidence\":%s%u,%s\"reason\":%s\"%s\",%s\"fix\":%s", sp,
                     v[rng_next(r) % 3], sp, sp, rng_next(r) % 101, sp, sp, reason, sp, sp);
    if (rng_next(r) % 2) {
        snprintf(out + n, size - (size_t)n, "null}");
    } else {
        unsigned line = 1 + rng_next(r) % 900;
        snprintf(out + n, size - (size_t)n, "{\"start_line\":%s%u,%s\"end_line\":%s%u,%s\"replacement\":%s\"%s\"}}", sp,
                 line, sp, sp, line + rng_next(r) % 4, sp, sp, fixes[rng_next(r) % 4]);
    }
}

static void sample_json(rng_t *r, char *out, size_t size)
{
    char a[300], b[300];
    sample_sentence(r, a, sizeof a, 60);
    sample_sentence(r, b, sizeof b, 120);
    snprintf(out, size,
             "{\"id\": %u, \"name\": \"%s\", \"tags\": [\"c\", \"lint\", \"cwe-%u\"], \"score\": %u.%02u,\n"
             "  \"ok\": %s, \"parent\": null, \"notes\": {\"text\": \"%s\", \"lines\": [%u, %u, %u]}}",
             rng_next(r) % 100000, a, rng_next(r) % 1000, rng_next(r) % 10, rng_next(r) % 100,
             rng_next(r) % 2 ? "true" : "false", b, rng_next(r) % 500, rng_next(r) % 500, rng_next(r) % 500);
}

/* token lookup by bytes, for spelling a document with the vocabulary */
typedef struct {
    const char **bytes;
    const uint32_t *lens;
    uint32_t *slots; /* token id + 1, 0 = empty */
    size_t cap;
    uint32_t max_len;
} token_index_t;

static int64_t token_lookup(const token_index_t *x, const char *s, size_t n)
{
    for (size_t i = hash_bytes(s, n) & (x->cap - 1);; i = (i + 1) & (x->cap - 1)) {
        uint32_t t = x->slots[i];
        if (!t) return -1;
        if (x->lens[t - 1] == n && memcmp(x->bytes[t - 1], s, n) == 0) return t - 1;
    }
}

typedef struct {
    double cold_us_per_token;
    size_t cold_tokens;
    double steady_mean_us, steady_p50_us, steady_p99_us, steady_max_us;
    size_t steady_tokens, docs;
    grammar_matcher_stats_t stats;
} bench_result_t;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Spells doc token by token; appends per-token times (seconds) to times. */
static int spell(grammar_matcher_t *m, const grammar_vocab_t *v, const token_index_t *x, const uint32_t *eos,
                 const char *doc, uint32_t *mask, size_t words, double *times, size_t *n_times, size_t cap,
                 char *err, size_t err_size)
{
    grammar_matcher_reset(m);
    size_t pos = 0, len = strlen(doc);
    for (;;) {
        double t0 = now_seconds();
        if (grammar_matcher_fill_mask(m, mask, words, err, err_size)) return -1;
        double t1 = now_seconds();
        int64_t tok = -1;
        if (pos == len) {
            tok = *eos;
        } else {
            for (size_t n = len - pos < x->max_len ? len - pos : x->max_len; n > 0 && tok < 0; n--) {
                int64_t t = token_lookup(x, doc + pos, n);
                if (t >= 0 && ((mask[t >> 5] >> (t & 31)) & 1)) tok = t;
            }
        }
        if (tok < 0 || !((mask[tok >> 5] >> (tok & 31)) & 1)) {
            snprintf(err, err_size, "sample document not in the grammar at byte %zu: %.40s", pos, doc + pos);
            return -1;
        }
        double t2 = now_seconds();
        if (grammar_matcher_accept_token(m, (uint32_t)tok, err, err_size)) return -1;
        double t3 = now_seconds();
        if (*n_times < cap) times[(*n_times)++] = (t1 - t0) + (t3 - t2);
        if (pos == len) break;
        pos += x->lens[tok];
    }
    (void)v;
    return 0;
}

static int bench_one(const grammar_t *g, const grammar_vocab_t *v, const char **bytes, const uint32_t *lens,
                     const token_index_t *x, uint32_t eos, bool json_docs, size_t docs, bench_result_t *res,
                     char *err, size_t err_size)
{
    memset(res, 0, sizeof *res);
    grammar_matcher_t *m = NULL;
    if (grammar_matcher_new(&m, g, v, err, err_size)) return -1;
    size_t words = grammar_vocab_mask_words(v);
    uint32_t *mask = malloc(words * sizeof *mask);
    size_t cap = 400 * (docs + 1), n = 0;
    double *times = malloc(cap * sizeof *times);
    char doc[2048];
    rng_t r = {42};
    int rc = mask && times ? 0 : -1;
    (void)bytes; (void)lens;
    for (size_t d = 0; d <= docs && rc == 0; d++) {
        if (json_docs) sample_json(&r, doc, sizeof doc);
        else sample_verdict(&r, doc, sizeof doc);
        size_t before = n;
        rc = spell(m, v, x, &eos, doc, mask, words, times, &n, cap, err, err_size);
        if (d == 0) {
            double sum = 0;
            for (size_t i = 0; i < n; i++) sum += times[i];
            res->cold_tokens = n;
            res->cold_us_per_token = n ? sum / (double)n * 1e6 : 0;
            n = 0;
        }
        (void)before;
    }
    if (rc == 0 && n > 0) {
        double sum = 0;
        for (size_t i = 0; i < n; i++) sum += times[i];
        qsort(times, n, sizeof *times, cmp_double);
        res->steady_tokens = n;
        res->steady_mean_us = sum / (double)n * 1e6;
        res->steady_p50_us = times[n / 2] * 1e6;
        res->steady_p99_us = times[(size_t)((double)n * 0.99)] * 1e6;
        res->steady_max_us = times[n - 1] * 1e6;
        res->docs = docs;
    }
    grammar_matcher_stats(m, &res->stats);
    free(times);
    free(mask);
    grammar_matcher_free(m);
    return rc;
}

/* The review loop's case: a new verdict grammar per finding (its own identifiers in
 * scope), matchers sharing one position cache. Time per token includes building the
 * grammar and the matcher. */
static int bench_per_finding(const grammar_vocab_t *v, const token_index_t *x, uint32_t eos, size_t docs,
                             double *us_per_token, size_t *tokens, uint64_t *shared, uint64_t *built, char *err,
                             size_t err_size)
{
    grammar_position_cache_t *cache = NULL;
    if (grammar_position_cache_new(&cache, v, err, err_size)) return -1;
    size_t words = grammar_vocab_mask_words(v);
    uint32_t *mask = malloc(words * sizeof *mask);
    size_t cap = 400, n_total = 0;
    double *times = malloc(cap * sizeof *times), total = 0;
    rng_t r = {7};
    int rc = mask && times ? 0 : -1;
    *shared = *built = 0;
    for (size_t d = 0; d < docs && rc == 0; d++) {
        char extra[32], doc[2048];
        snprintf(extra, sizeof extra, "local_%zu", d);
        const char *idents[] = {"buf", "src", "len", "dst", "p", "memcpy", "snprintf", "strlcpy", "free", extra};
        const char *templates[] = {"strlcpy(dst, src, sizeof dst);"};
        grammar_fix_options_t fix = {idents, 10, true, templates, 1};
        double t0 = now_seconds();
        char *gbnf = NULL;
        grammar_t *g = NULL;
        grammar_matcher_t *m = NULL;
        rc = grammar_verdict_gbnf(&gbnf, &fix, err, err_size);
        if (!rc) rc = grammar_parse(&g, gbnf, strlen(gbnf), "verdict", err, err_size);
        if (!rc) rc = grammar_matcher_new_shared(&m, g, v, cache, err, err_size);
        double setup = now_seconds() - t0;
        free(gbnf);
        sample_verdict(&r, doc, sizeof doc);
        size_t n = 0;
        if (!rc) rc = spell(m, v, x, &eos, doc, mask, words, times, &n, cap, err, err_size);
        for (size_t i = 0; i < n; i++) total += times[i];
        total += setup;
        n_total += n;
        if (m) {
            grammar_matcher_stats_t st;
            grammar_matcher_stats(m, &st);
            *shared += st.positions_shared;
            *built += st.positions_built;
        }
        grammar_matcher_free(m);
        grammar_free(g);
    }
    *us_per_token = n_total ? total / (double)n_total * 1e6 : 0;
    *tokens = n_total;
    free(mask);
    free(times);
    grammar_position_cache_free(cache);
    return rc;
}

static int cmd_grammar_bench(const grammar_options_t *options)
{
    const char *vocab_path = options->vocab;
    size_t docs = options->docs;
    char default_vocab[512];
    if (!vocab_path) {
        const char *dir = getenv("ASSAY_SHARED_DIR");
        snprintf(default_vocab, sizeof default_vocab, "%s/vocab/smollm-hf/tokenizer.json", dir ? dir : "../shared");
        vocab_path = default_vocab;
    }
    if (docs == 0) docs = 1;
    char err[1024];
    /* the grammars: the verdict grammar with a fix restricted to identifiers in scope
     * (what the review loop builds per finding), and the JSON grammar */
    static const char *const idents[] = {"buf", "src", "len", "dst", "p", "memcpy", "snprintf", "strlcpy", "free"};
    static const char *const templates[] = {"strlcpy(dst, src, sizeof dst);"};
    grammar_fix_options_t fix = {idents, sizeof idents / sizeof *idents, true, templates, 1};
    char *verdict_gbnf = NULL;
    if (grammar_verdict_gbnf(&verdict_gbnf, &fix, err, sizeof err)) { fprintf(stderr, "assay: %s\n", err); return 2; }
    size_t json_len;
    char *json_gbnf = read_all("grammar/grammars/json.gbnf", &json_len, err, sizeof err);
    if (!json_gbnf) { fprintf(stderr, "assay: %s (run from the repository root)\n", err); free(verdict_gbnf); return 2; }
    grammar_t *grammars[2] = {NULL, NULL};
    const char *names[2] = {"verdict", "json"};
    if (grammar_parse(&grammars[0], verdict_gbnf, strlen(verdict_gbnf), "verdict", err, sizeof err) ||
        grammar_parse(&grammars[1], json_gbnf, json_len, "grammar/grammars/json.gbnf", err, sizeof err)) {
        fprintf(stderr, "assay: %s\n", err);
        grammar_free(grammars[0]);
        free(verdict_gbnf);
        free(json_gbnf);
        return 2;
    }
    free(verdict_gbnf);
    free(json_gbnf);
    int status = 0;
    size_t sizes[2] = {0, 151936};
    for (int vi = 0; vi < 2 && status == 0; vi++) {
        grammar_vocab_t *v = NULL;
        double t0 = now_seconds();
        if (grammar_vocab_from_hf_json(&v, vocab_path, sizes[vi], 1, err, sizeof err)) {
            fprintf(stderr, "assay: %s\n", err);
            status = 2;
            break;
        }
        double load = now_seconds() - t0;
        /* index token bytes, and find an end-of-sequence id */
        size_t n = grammar_vocab_size(v);
        token_index_t x = {0};
        grammar_vocab_t *vv = v;
        x.cap = 1;
        while (x.cap < n * 2) x.cap *= 2;
        x.slots = calloc(x.cap, sizeof *x.slots);
        x.bytes = calloc(n, sizeof *x.bytes);
        uint32_t *lens = calloc(n, sizeof *lens);
        x.lens = lens;
        uint32_t eos = UINT32_MAX;
        /* recover token bytes through a matcher-free path: the vocabulary API exposes
         * sizes only, so ask for the bytes the loader kept */
        for (size_t t = 0; t < n; t++) {
            const char *b;
            uint32_t l;
            bool special, is_eos;
            grammar_vocab_token(vv, (uint32_t)t, &b, &l, &special, &is_eos);
            if (is_eos && eos == UINT32_MAX) eos = (uint32_t)t;
            if (special || l == 0) continue;
            x.bytes[t] = b;
            lens[t] = l;
            if (l > x.max_len) x.max_len = l;
            for (size_t i = hash_bytes(b, l) & (x.cap - 1);; i = (i + 1) & (x.cap - 1)) {
                if (!x.slots[i]) { x.slots[i] = (uint32_t)t + 1; break; }
                uint32_t o = x.slots[i] - 1;
                if (lens[o] == l && memcmp(x.bytes[o], b, l) == 0) break; /* duplicate text: keep the first */
            }
        }
        printf("vocabulary: %zu tokens%s (loaded in %.0f ms)\n", n,
               sizes[vi] ? " (SmolLM padded with synthetic tokens to Qwen2.5's size)" : " (SmolLM)", load * 1e3);
        for (int gi = 0; gi < 2 && status == 0; gi++) {
            bench_result_t r;
            if (eos == UINT32_MAX || bench_one(grammars[gi], v, x.bytes, lens, &x, eos, gi == 1, docs, &r, err, sizeof err)) {
                fprintf(stderr, "assay: bench %s: %s\n", names[gi], eos == UINT32_MAX ? "no end-of-sequence token" : err);
                status = 2;
                break;
            }
            printf("  %-8s cold: %4zu tokens %9.1f us/token | steady (%zu documents, %zu tokens): mean %.1f us, p50 %.1f, p99 %.1f, max %.1f us/token | cache hits %.1f%%, positions %llu\n",
                   names[gi], r.cold_tokens, r.cold_us_per_token, r.docs, r.steady_tokens, r.steady_mean_us,
                   r.steady_p50_us, r.steady_p99_us, r.steady_max_us,
                   100.0 * (double)r.stats.cache_hits / (double)(r.stats.cache_hits + r.stats.cache_misses + !(r.stats.cache_hits + r.stats.cache_misses)),
                   (unsigned long long)r.stats.positions_built);
            printf("BENCH grammar=%s vocab=%zu steady_mean_us=%.2f steady_p99_us=%.2f cold_us=%.1f\n", names[gi], n,
                   r.steady_mean_us, r.steady_p99_us, r.cold_us_per_token);
        }
        if (status == 0) {
            double us;
            size_t toks;
            uint64_t shared, built;
            size_t fdocs = docs < 50 ? docs : 50;
            if (bench_per_finding(v, &x, eos, fdocs, &us, &toks, &shared, &built, err, sizeof err)) {
                fprintf(stderr, "assay: bench per-finding: %s\n", err);
                status = 2;
            } else {
                printf("  verdict, a new grammar per finding (%zu findings, shared position cache): %.1f us/token "
                       "including grammar and matcher set-up; positions %llu, of which %llu shared\n",
                       fdocs, us, (unsigned long long)built, (unsigned long long)shared);
                printf("BENCH grammar=verdict-per-finding vocab=%zu steady_mean_us=%.2f steady_p99_us=0 cold_us=%.1f\n", n, us, us);
            }
        }
        free(x.slots);
        free(x.bytes);
        free(lens);
        grammar_vocab_free(v);
    }
    grammar_free(grammars[0]);
    grammar_free(grammars[1]);
    return status;
}

int cmd_grammar_main(int argc, char **argv)
{
    grammar_options_t o = {.docs = 200};
    char problem[512] = "";
    if (parse_options(argc, argv, &o, problem, sizeof problem) != 0) return usage(problem);
    if (o.help) {
        fputs(help_text, stdout);
        return 0;
    }
    if (o.version) {
        printf("assay %s\n", ASSAY_VERSION);
        return 0;
    }
    if (!o.command) return usage("grammar: which subcommand? (check, verdict, bench)");
    const unsigned common = 1u << GOPT_HELP | 1u << GOPT_VERSION;
    if (strcmp(o.command, "check") == 0) {
        if (check_applies(&o, 2, common | 1u << GOPT_PRINT, problem, sizeof problem) != 0)
            return usage(problem);
        return cmd_check(&o);
    }
    if (strcmp(o.command, "verdict") == 0) {
        unsigned allowed = common | 1u << GOPT_IDENTIFIERS | 1u << GOPT_TEMPLATE | 1u << GOPT_NO_CODE;
        if (check_applies(&o, 0, allowed, problem, sizeof problem) != 0) return usage(problem);
        return cmd_verdict(&o);
    }
    if (strcmp(o.command, "bench") == 0) {
        if (check_applies(&o, 0, common | 1u << GOPT_VOCAB | 1u << GOPT_DOCS, problem,
                          sizeof problem) != 0)
            return usage(problem);
        return cmd_grammar_bench(&o);
    }
    snprintf(problem, sizeof problem,
             "grammar: unknown subcommand '%s' (want check, verdict, bench)", o.command);
    return usage(problem);
}
