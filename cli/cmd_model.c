/* cmd_model.c — `assay model info|run|bench|synth`: inspect, run, time and make GGUF models.
 *
 *   assay model info FILE [--ctx N] [--kv-type f32|f16]
 *   assay model run FILE --prompt TEXT [-n N] [--temp T] [--top-k K] [--top-p P]
 *                   [--min-p P] [--seed S] [--threads N] [--ctx N]
 *                   [--chat [--system TEXT] [--chat-template NAME]] [--kv-type f32|f16]
 *   assay model bench FILE [-p 512] [-n 128] [-r 3] [-d 0] [--threads N] [--kv-type f32|f16]
 *   assay model synth SHAPE --type TYPE -o FILE [--seed S]
 *
 * Options are read with getopt_long (cli/cli_args.h) and may come anywhere after `model`.
 * This is the only place the model engine's results are printed. Exit status: 0 success,
 * 2 usage or input error (missing file, bad GGUF, unsupported architecture or type), with
 * a message naming the file; a usage error is one line and a "Try 'assay model --help'"
 * line. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli_args.h"
#include "cli/cli_options.h"
#include "cli/commands.h"
#include "slm/chat_template.h"
#include "slm/gguf.h"
#include "slm/model.h"
#include "slm/sampler.h"
#include "slm/forward.h"
#include "slm/session.h"
#include "slm/synth.h"
#include "slm/tokenizer.h"

#define MiB (1024.0 * 1024.0)

static const char usage_text[] =
    "usage: assay model info FILE [--ctx N] [--kv-type f32|f16]\n"
    "       assay model run FILE --prompt TEXT [-n N] [--temp T] [--top-k K] [--top-p P]\n"
    "                       [--min-p P] [--seed S] [--threads N] [--ctx N]\n"
    "                       [--chat [--system TEXT] [--chat-template NAME]] [--kv-type T]\n"
    "       assay model bench FILE [-p N] [-n N] [-r N] [-d N] [--threads N] [--kv-type T] [-v]\n"
    "       assay model synth SHAPE --type TYPE -o FILE [--seed S]\n"
    "Options go anywhere after `model`; -n8, -n 8, --seed=3 and --seed 3 all work.\n"
    "run: temperature 0 is greedy; defaults --temp 0.8 --top-k 40 --top-p 0.95 --min-p 0.05\n"
    "     --seed 0 -n 128; the prompt may contain special tokens such as <|im_start|>.\n"
    "     --chat sends the prompt as a user turn in the model's chat template (detected from\n"
    "     the file, or NAME: chatml llama3 llama2 gemma phi3 zephyr).\n"
    "--kv-type: the KV cache in f16 (default: half the memory) or f32 (exact).\n"
    "bench: pp = prompt processing of -p tokens in one batch, tg = generating -n tokens one\n"
    "     at a time (like llama-bench); -r repetitions, mean ± standard deviation; -d N\n"
    "     runs both after N tokens already in the cache.\n"
    "synth: SHAPE one of smollm2-135m smollm2-360m qwen2.5-0.5b qwen2.5-1.5b qwen3-0.6b;\n"
    "     TYPE one of f32 f16 bf16 q8_0 q4_0 q4_1 q5_0 q5_1 q4_k q5_k q6_k q4_k_m q5_k_m.\n"
    "  -h, --help      print this help and exit;  -V, --version  print the version and exit\n";

static int usage(const char *problem)
{
    return cli_args_usage_error("assay model", problem);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- options --------------------------------------------------------------------------- */

typedef struct {
    const char *command, *file; /* the positional arguments: info FILE, synth SHAPE ... */
    const char *prompt, *type, *output, *system, *chat_template;
    bool chat;
    bool kv_f32; /* --kv-type f32 (default f16) */
    bool verbose; /* bench -v: where a generated token's time goes */
    bool help, version;
    long n_predict, n_prompt, reps, threads, ctx, depth;
    double temp, top_p, min_p;
    long top_k;
    unsigned long long seed;
} options_t;

typedef enum {
    MOPT_PROMPT, MOPT_TYPE, MOPT_SYSTEM, MOPT_KV_TYPE, MOPT_CHAT_TEMPLATE, MOPT_CHAT,
    MOPT_OUTPUT, MOPT_N_PREDICT, MOPT_N_PROMPT, MOPT_REPS, MOPT_DEPTH, MOPT_THREADS, MOPT_CTX,
    MOPT_TEMP, MOPT_TOP_K, MOPT_TOP_P, MOPT_MIN_P, MOPT_SEED, MOPT_HELP, MOPT_VERSION, MOPT_VERBOSE,
} model_option_t;

static const cli_arg_spec_t model_specs[] = {
    {"prompt", 0, true, MOPT_PROMPT},       {"type", 0, true, MOPT_TYPE},
    {"system", 0, true, MOPT_SYSTEM},       {"kv-type", 0, true, MOPT_KV_TYPE},
    {"chat-template", 0, true, MOPT_CHAT_TEMPLATE}, {"chat", 0, false, MOPT_CHAT},
    {"output", 'o', true, MOPT_OUTPUT},     {NULL, 'n', true, MOPT_N_PREDICT},
    {NULL, 'p', true, MOPT_N_PROMPT},       {NULL, 'r', true, MOPT_REPS},
    {"depth", 'd', true, MOPT_DEPTH},       {"threads", 't', true, MOPT_THREADS},
    {"ctx", 'c', true, MOPT_CTX},           {"temp", 0, true, MOPT_TEMP},
    {"top-k", 0, true, MOPT_TOP_K},         {"top-p", 0, true, MOPT_TOP_P},
    {"min-p", 0, true, MOPT_MIN_P},         {"seed", 0, true, MOPT_SEED},
    {"help", 'h', false, MOPT_HELP},        {"version", 'V', false, MOPT_VERSION},
    {"verbose", 'v', false, MOPT_VERBOSE},
};

static int parse_long(const char *flag, const char *text, long min, long max, long *out,
                      char *err, size_t err_size)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || *end || end == text || v < min || v > max) {
        snprintf(err, err_size, "%s: want an integer in [%ld, %ld], got '%s'", flag, min, max,
                 text);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_double(const char *flag, const char *text, double min, double max,
                        double *out, char *err, size_t err_size)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || *end || end == text || !(v >= min && v <= max)) {
        snprintf(err, err_size, "%s: want a number in [%g, %g], got '%s'", flag, min, max, text);
        return -1;
    }
    *out = v;
    return 0;
}

/* Checks one option's value and records it in o. */
static int apply_option(options_t *o, const cli_arg_t *a, char *err, size_t err_size)
{
    const char *v = a->value;
    long seed_as_long = 0;
    switch ((model_option_t)a->id) {
    case MOPT_PROMPT: o->prompt = v; return 0;
    case MOPT_TYPE: o->type = v; return 0;
    case MOPT_SYSTEM: o->system = v; return 0;
    case MOPT_KV_TYPE:
        if (strcmp(v, "f16") != 0 && strcmp(v, "f32") != 0) {
            snprintf(err, err_size, "%s: want f16 or f32, got '%s'", a->name, v);
            return -1;
        }
        o->kv_f32 = strcmp(v, "f32") == 0;
        return 0;
    case MOPT_CHAT_TEMPLATE: o->chat_template = v; return 0;
    case MOPT_CHAT: o->chat = true; return 0;
    case MOPT_OUTPUT: o->output = v; return 0;
    case MOPT_N_PREDICT: return parse_long(a->name, v, 0, 1 << 20, &o->n_predict, err, err_size);
    case MOPT_N_PROMPT: return parse_long(a->name, v, 1, 1 << 20, &o->n_prompt, err, err_size);
    case MOPT_REPS: return parse_long(a->name, v, 1, 1000, &o->reps, err, err_size);
    case MOPT_DEPTH: return parse_long(a->name, v, 0, 1 << 20, &o->depth, err, err_size);
    case MOPT_THREADS: return parse_long(a->name, v, 1, 1024, &o->threads, err, err_size);
    case MOPT_CTX: return parse_long(a->name, v, 1, 1 << 20, &o->ctx, err, err_size);
    case MOPT_TEMP: return parse_double(a->name, v, 0, 100, &o->temp, err, err_size);
    case MOPT_TOP_K: return parse_long(a->name, v, 0, 1 << 24, &o->top_k, err, err_size);
    case MOPT_TOP_P: return parse_double(a->name, v, 1e-6, 1, &o->top_p, err, err_size);
    case MOPT_MIN_P: return parse_double(a->name, v, 0, 0.999999, &o->min_p, err, err_size);
    case MOPT_SEED:
        if (parse_long(a->name, v, 0, 0x7fffffffffffffffL, &seed_as_long, err, err_size) != 0)
            return -1;
        o->seed = (unsigned long long)seed_as_long;
        return 0;
    case MOPT_HELP: o->help = true; return 0;
    case MOPT_VERBOSE: o->verbose = true; return 0;
    case MOPT_VERSION: o->version = true; return 0;
    }
    return 0;
}

/* Reads argv[1..] (everything after `model`): the subcommand and its FILE or SHAPE go to
 * o->command and o->file, the options into o. Returns 0, or -1 with a one-line usage
 * problem in err. */
static int parse_options(int argc, char **argv, options_t *o, char *err, size_t err_size)
{
    cli_args_t args;
    if (cli_args_begin(&args, model_specs, sizeof(model_specs) / sizeof(model_specs[0]), argc,
                       argv, 1, err, err_size) != 0)
        return -1;
    cli_arg_t a;
    int more;
    while ((more = cli_args_next(&args, &a, err, err_size)) == 1) {
        if (a.id != CLI_ARG_POSITIONAL) {
            if (apply_option(o, &a, err, err_size) != 0) return -1;
        } else if (!o->command) {
            o->command = a.value;
        } else if (!o->file) {
            o->file = a.value;
        } else {
            snprintf(err, err_size, "model %s: unexpected argument '%s'", o->command, a.value);
            return -1;
        }
    }
    return more < 0 ? -1 : 0;
}

/* ---- shared helpers -------------------------------------------------------------------- */

static int load_model(const char *path, model_t **model)
{
    char err[512];
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "assay model: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (model_load(model, path, err, sizeof err) != 0) {
        fprintf(stderr, "assay model: %s\n", err);
        return -1;
    }
    return 0;
}

static uint64_t available_memory(void)
{
    long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size : 0;
}

/* Resident set size of this process in bytes (0 when /proc is unavailable). */
static uint64_t resident_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long long total = 0, resident = 0;
    if (!f) return 0;
    if (fscanf(f, "%llu %llu", &total, &resident) != 2) resident = 0;
    fclose(f);
    return resident * (uint64_t)sysconf(_SC_PAGESIZE);
}

static uint64_t parameter_count(const model_t *m)
{
    uint64_t n = 0;
    for (size_t i = 0; i < gguf_tensor_count(m->file); i++)
        n += gguf_tensor_at(m->file, i)->n_elements;
    return n;
}

/* ---- info ------------------------------------------------------------------------------ */

static void print_token(const tokenizer_t *tok, const char *label, int32_t id)
{
    const char *text = "";
    size_t len = 0;
    if (id < 0) {
        printf("  %-10s (none)\n", label);
        return;
    }
    tokenizer_token_text(tok, id, &text, &len);
    printf("  %-10s %d '%.*s'\n", label, id, (int)len, text);
}

/* Control and user-defined tokens (matched whole in prompts): how many, and the first few. */
static void print_special_tokens(const tokenizer_t *tok)
{
    int32_t n = tokenizer_vocab_size(tok), count = 0;
    printf("  %-10s", "special");
    for (int32_t id = 0; id < n; id++) {
        token_kind_t kind = tokenizer_token_kind(tok, id);
        if (kind != TOKEN_KIND_CONTROL && kind != TOKEN_KIND_USER_DEFINED) continue;
        if (count++ < 8) {
            const char *text;
            size_t len;
            tokenizer_token_text(tok, id, &text, &len);
            printf(" %d '%.*s'", id, (int)len, text);
        }
    }
    printf(count > 8 ? " … (%d in all)\n" : " (%d in all)\n", count);
}

static int model_info(const options_t *o)
{
    model_t *m = NULL;
    if (load_model(o->file, &m) != 0) return 2;
    const model_hparams_t *hp = &m->hp;
    const char *name = NULL;
    gguf_get_string(m->file, "general.name", &name, NULL);
    printf("file:          %s (GGUF v%u, %.1f MiB, %zu tensors)\n", o->file,
           gguf_version(m->file), gguf_file_size(m->file) / MiB, gguf_tensor_count(m->file));
    printf("name:          %s\n", name ? name : "(none)");
    printf("architecture:  %s, %.1fM parameters\n", model_arch_name(hp->arch),
           parameter_count(m) / 1e6);
    printf("shape:         dim %u, %u layers, %u heads (%u KV heads, head size %u), FFN %u, "
           "vocab %u\n", hp->n_embd, hp->n_layers, hp->n_heads, hp->n_kv_heads, hp->head_dim,
           hp->n_ff, hp->n_vocab);
    printf("context:       %u trained\n", hp->n_ctx_train);
    printf("rope:          %s, %u dims, base %g, scale %g%s\n",
           hp->rope_type == MODEL_ROPE_NEOX ? "neox" : "normal", hp->rope_dim,
           (double)hp->rope_freq_base, (double)hp->rope_freq_scale,
           m->rope_freqs ? ", frequency factors" : "");
    printf("norm:          RMSNorm eps %g%s%s\n", (double)hp->rms_eps,
           m->layers[0].q_norm ? ", Q/K norm" : "", m->layers[0].bq ? ", Q/K/V biases" : "");
    printf("output:        %s\n", m->tied_output ? "tied to token_embd" : "output.weight");

    /* histogram of tensor types */
    uint64_t count[TENSOR_TYPE_LIMIT] = {0}, bytes[TENSOR_TYPE_LIMIT] = {0};
    for (size_t i = 0; i < gguf_tensor_count(m->file); i++) {
        const gguf_tensor_t *t = gguf_tensor_at(m->file, i);
        count[t->type]++;
        bytes[t->type] += t->size;
    }
    printf("types:        ");
    for (int t = 0; t < TENSOR_TYPE_LIMIT; t++)
        if (count[t])
            printf(" %s ×%" PRIu64 " (%.1f MiB)", tensor_type_info((uint32_t)t)->name, count[t],
                   bytes[t] / MiB);
    printf("\n");

    char err[512];
    tokenizer_t *tok = NULL;
    if (tokenizer_from_gguf(&tok, m->file, err, sizeof err) != 0) {
        printf("vocab:         unusable: %s\n", err);
    } else {
        printf("vocab:         %s (%s pre-tokenizer), %d tokens\n",
               tokenizer_model(tok) == TOKENIZER_SPM ? "SentencePiece" : "byte-level BPE",
               tokenizer_pre_name(tok), tokenizer_vocab_size(tok));
        print_token(tok, "bos", tokenizer_bos(tok));
        print_token(tok, "eos", tokenizer_eos(tok));
        print_token(tok, "eot", tokenizer_eot(tok));
        print_token(tok, "pad", tokenizer_pad(tok));
        print_special_tokens(tok);
        const char *tmpl = tokenizer_chat_template(tok);
        if (tmpl) printf("chat template:\n%s\n", tmpl);
        else printf("chat template: (none)\n");
    }
    tokenizer_free(tok);

    uint32_t ctx = o->ctx ? (uint32_t)o->ctx
                          : (hp->n_ctx_train < 4096 ? hp->n_ctx_train : 4096);
    model_memory_t mem = model_memory_estimate(m, ctx, 512, o->kv_f32 ? 4 : 2);
    uint64_t total = mem.weights + mem.kv_cache + mem.scratch, avail = available_memory();
    printf("memory (context %u, KV %s): weights %.1f MiB (mapped) + KV cache %.1f MiB + buffers "
           "%.1f MiB = %.1f MiB\n", ctx, o->kv_f32 ? "F32" : "F16", mem.weights / MiB,
           mem.kv_cache / MiB, mem.scratch / MiB, total / MiB);
    if (avail)
        printf("fits in RAM:   %s (%.1f MiB available)\n",
               total < avail ? "yes" : "NO — lower --ctx or use a smaller type", avail / MiB);
    model_free(m);
    return 0;
}

/* ---- run ------------------------------------------------------------------------------- */

/* The prompt as a user turn (after an optional system turn) in the chat template named by
 * --chat-template or found in the file; *text is malloc'd. */
static int chat_prompt(const options_t *o, const tokenizer_t *tok, char **text)
{
    chat_template_kind_t kind;
    const char *jinja = tokenizer_chat_template(tok);
    if (o->chat_template) {
        if (chat_template_parse(o->chat_template, &kind) != 0) {
            fprintf(stderr, "assay model: unknown chat template '%s' (chatml llama3 llama2 "
                    "gemma phi3 zephyr)\n", o->chat_template);
            return -1;
        }
    } else if (!jinja) {
        fprintf(stderr, "assay model: %s has no chat template; name one with "
                "--chat-template\n", o->file);
        return -1;
    } else if (chat_template_detect(jinja, &kind) != 0) {
        fprintf(stderr, "assay model: %s: chat template not recognised; name its family "
                "with --chat-template\n", o->file);
        return -1;
    }
    chat_message_t messages[2] = {{"system", o->system ? o->system : ""},
                                  {"user", o->prompt}};
    size_t first = o->system ? 0 : 1, len;
    char err[256];
    if (chat_template_apply(kind, messages + first, 2 - first, true, text, &len, err,
                            sizeof err) != 0) {
        fprintf(stderr, "assay model: %s\n", err);
        return -1;
    }
    return 0;
}

/* ---- run: generation loop ------------------------------------------------------------- */

static int model_run(const options_t *o)
{
    if (!o->prompt) return usage("model run: needs --prompt TEXT");
    model_t *m = NULL;
    if (load_model(o->file, &m) != 0) return 2;
    char err[512];
    int status = 2;
    tokenizer_t *tok = NULL;
    session_t *s = NULL;
    sampler_t *sampler = NULL;
    int32_t *ids = NULL;
    size_t n_ids = 0;
    char *chat_text = NULL;
    if (tokenizer_from_gguf(&tok, m->file, err, sizeof err) != 0) {
        fprintf(stderr, "assay model: %s: %s\n", o->file, err);
        goto done;
    }
    if (o->chat && chat_prompt(o, tok, &chat_text) != 0) goto done;
    const char *text = chat_text ? chat_text : o->prompt;
    if (tokenizer_encode(tok, text, strlen(text), tokenizer_add_bos_default(tok),
                         true, &ids, &n_ids, err, sizeof err) != 0) {
        fprintf(stderr, "assay model: %s: cannot tokenize the prompt: %s\n", o->file, err);
        goto done;
    }
    session_options_t so = {.n_ctx = (uint32_t)o->ctx, .n_threads = (int)o->threads,
                            .kv_type = o->kv_f32 ? KV_CACHE_F32 : KV_CACHE_F16};
    if (session_new(&s, m, &so, err, sizeof err) != 0) {
        fprintf(stderr, "assay model: %s: %s\n", o->file, err);
        goto done;
    }
    sampler_params_t sp = {.temperature = (float)o->temp, .top_k = (int)o->top_k,
                           .top_p = (float)o->top_p, .min_p = (float)o->min_p,
                           .seed = o->seed};
    if (sampler_new(&sampler, &sp, (int)m->hp.n_vocab, err, sizeof err) != 0) {
        fprintf(stderr, "assay model: %s\n", err);
        goto done;
    }
    double t0 = now_seconds();
    if (n_ids == 0 || session_eval(s, ids, n_ids, err, sizeof err) != 0) {
        fprintf(stderr, "assay model: %s: %s\n", o->file,
                n_ids == 0 ? "the prompt is empty" : err);
        goto done;
    }
    double t1 = now_seconds();
    if (!o->chat) fwrite(o->prompt, 1, strlen(o->prompt), stdout);
    fflush(stdout);
    long generated = 0;
    const char *stop = "length";
    for (; generated < o->n_predict; generated++) {
        int32_t next;
        if (sampler_sample(sampler, session_logits(s), NULL, &next) != 0) {
            stop = "no token";
            break;
        }
        if (tokenizer_is_end_of_generation(tok, next)) {
            stop = "end of text";
            break;
        }
        const char *bytes;
        size_t len;
        if (tokenizer_token_bytes(tok, next, &bytes, &len) == 0) fwrite(bytes, 1, len, stdout);
        fflush(stdout);
        if (session_n_past(s) >= session_n_ctx(s)) {
            stop = "context full";
            generated++;
            break;
        }
        if (session_append(s, next, err, sizeof err) != 0) {
            fprintf(stderr, "\nassay model: %s\n", err);
            goto done;
        }
    }
    double t2 = now_seconds();
    printf("\n");
    fprintf(stderr, "\n[prompt %zu tokens, %.1f tok/s; generated %ld tokens, %.1f tok/s; "
            "stop: %s; %d threads, %s]\n", n_ids, n_ids / (t1 - t0), generated,
            generated > 0 ? generated / (t2 - t1) : 0.0, stop, session_n_threads(s),
            session_isa_name(s));
    status = 0;
done:
    free(chat_text);
    free(ids);
    sampler_free(sampler);
    session_free(s);
    tokenizer_free(tok);
    model_free(m);
    return status;
}

/* ---- bench ----------------------------------------------------------------------------- */

static void mean_sd(const double *x, long n, double *mean, double *sd)
{
    double s = 0, ss = 0;
    for (long i = 0; i < n; i++) s += x[i];
    *mean = s / n;
    for (long i = 0; i < n; i++) ss += (x[i] - *mean) * (x[i] - *mean);
    *sd = n > 1 ? sqrt(ss / (n - 1)) : 0;
}

/* Bytes a decode step reads: every weight except the embedding table (one row of it),
 * which is read in full only when it doubles as the output matrix. */
static uint64_t bytes_per_token(const model_t *m)
{
    uint64_t b = m->weight_bytes;
    if (!m->tied_output) {
        const gguf_tensor_t *t = gguf_find_tensor(m->file, "token_embd.weight");
        if (t) b -= t->size;
    }
    return b;
}

static int model_bench(const options_t *o)
{
    model_t *m = NULL;
    if (load_model(o->file, &m) != 0) return 2;
    long p = o->n_prompt, n = o->n_predict, reps = o->reps, d = o->depth;
    char err[512];
    int status = 2;
    session_t *s = NULL;
    int32_t *tokens = malloc((size_t)(d + p + n + 1) * sizeof *tokens);
    double *pp = calloc((size_t)reps, sizeof *pp), *tg = calloc((size_t)reps, sizeof *tg);
    session_options_t so = {.n_ctx = (uint32_t)(d + p + n + 1), .n_batch = (uint32_t)p,
                            .n_threads = (int)o->threads,
                            .kv_type = o->kv_f32 ? KV_CACHE_F32 : KV_CACHE_F16};
    if (!tokens || !pp || !tg) {
        fprintf(stderr, "assay model: out of memory\n");
        goto done;
    }
    if (session_new(&s, m, &so, err, sizeof err) != 0) {
        fprintf(stderr, "assay model: %s: %s\n", o->file, err);
        goto done;
    }
    uint64_t rss_loaded = resident_bytes(); /* weights mapped but not yet read */
    uint64_t rng = 0x2545f4914f6cdd1dULL;
    for (long i = 0; i < d + p + n + 1; i++) {
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        tokens[i] = (int32_t)(rng % m->hp.n_vocab);
    }
    /* warm-up: touches every weight page once, as llama-bench's warm-up run does */
    if (session_eval(s, tokens, 8, err, sizeof err) != 0) goto eval_error;
    /* at depth d, the first d tokens are evaluated untimed; the timed part extends them */
    for (long r = 0; r < reps; r++) {
        session_clear(s);
        if (d > 0 && session_eval(s, tokens, (size_t)d, err, sizeof err) != 0) goto eval_error;
        double t0 = now_seconds();
        if (session_eval(s, tokens, (size_t)(d + p), err, sizeof err) != 0) goto eval_error;
        pp[r] = p / (now_seconds() - t0);
        session_clear(s);
        if (session_eval(s, tokens, (size_t)d + 1, err, sizeof err) != 0) goto eval_error;
        t0 = now_seconds();
        for (long i = 0; i < n; i++)
            if (session_append(s, tokens[d + i + 1], err, sizeof err) != 0) goto eval_error;
        tg[r] = n / (now_seconds() - t0);
    }
    /* prefix reuse: a prompt of p tokens whose first 7/8 are already cached */
    double reuse_s = 0, fresh_s = 0;
    long shared = p * 7 / 8;
    if (p >= 16) {
        session_clear(s);
        double t0 = now_seconds();
        if (session_eval(s, tokens, (size_t)p, err, sizeof err) != 0) goto eval_error;
        fresh_s = now_seconds() - t0;
        int32_t saved = tokens[shared];
        tokens[shared] = (tokens[shared] + 1) % (int32_t)m->hp.n_vocab;
        t0 = now_seconds();
        if (session_eval(s, tokens, (size_t)p, err, sizeof err) != 0) goto eval_error;
        reuse_s = now_seconds() - t0;
        tokens[shared] = saved;
    }
    /* -v: one more tg run with the forward pass's per-step timing on */
    forward_profile_t prof = {0};
    if (o->verbose && n > 0) {
        session_clear(s);
        if (session_eval(s, tokens, (size_t)d + 1, err, sizeof err) != 0) goto eval_error;
        session_set_profiling(s, true);
        for (long i = 0; i < n; i++)
            if (session_append(s, tokens[d + i + 1], err, sizeof err) != 0) goto eval_error;
        session_profile(s, &prof);
        session_set_profiling(s, false);
    }
    uint64_t rss = resident_bytes();

    const char *name = NULL;
    gguf_get_string(m->file, "general.name", &name, NULL);
    double pp_mean, pp_sd, tg_mean, tg_sd;
    mean_sd(pp, reps, &pp_mean, &pp_sd);
    mean_sd(tg, reps, &tg_mean, &tg_sd);
    printf("KV cache: %s\n", o->kv_f32 ? "F32" : "F16");
    printf("| model | size | params | isa | threads | test | t/s |\n");
    printf("| --- | ---: | ---: | --- | ---: | ---: | ---: |\n");
    const char *label = name ? name : model_arch_name(m->hp.arch);
    char at_depth[32] = "";
    if (d > 0) snprintf(at_depth, sizeof at_depth, " @ d%ld", d);
    printf("| %s | %.2f MiB | %.2f M | %s | %d | pp%ld%s | %.2f ± %.2f |\n", label,
           m->weight_bytes / MiB, parameter_count(m) / 1e6, session_isa_name(s),
           session_n_threads(s), p, at_depth, pp_mean, pp_sd);
    printf("| %s | %.2f MiB | %.2f M | %s | %d | tg%ld%s | %.2f ± %.2f |\n", label,
           m->weight_bytes / MiB, parameter_count(m) / 1e6, session_isa_name(s),
           session_n_threads(s), n, at_depth, tg_mean, tg_sd);
    printf("tg weight traffic: %.2f GB/s (%.1f MiB read per token)\n",
           bytes_per_token(m) * tg_mean / 1e9, bytes_per_token(m) / MiB);
    if (p >= 16)
        printf("prefix reuse: pp%ld with %ld tokens cached: %.1f ms vs %.1f ms fresh "
               "(%.1fx faster)\n", p, shared, reuse_s * 1e3, fresh_s * 1e3, fresh_s / reuse_s);
    if (o->verbose && prof.tokens > 0) {
        double per = 1e3 / (double)prof.tokens;
        printf("tg%ld per step (ms/token, runs/token):", n);
        for (int op = 0; op < FORWARD_OP_COUNT; op++)
            printf(" %s %.3f/%.0f", forward_op_name((forward_op_t)op), prof.seconds[op] * per,
                   (double)prof.calls[op] / (double)prof.tokens);
        printf("\ntg%ld pool: %.1f dispatches/token, caller waiting %.3f ms/token; quantizing "
               "activations %.3f ms/token\n", n, (double)prof.pool_jobs / (double)prof.tokens,
               prof.pool_wait_seconds * per, prof.quantize_seconds * per);
    }
    printf("memory: RSS %.1f MiB after the runs (%.1f MiB after loading); weights %.1f MiB + "
           "KV cache %.1f MiB (%u positions) + buffers %.1f MiB = %.1f MiB; the rest is BLAS and "
           "kernel scratch\n", rss / MiB,
           rss_loaded / MiB, m->weight_bytes / MiB, session_kv_bytes(s) / MiB,
           session_n_ctx(s), session_scratch_bytes(s) / MiB,
           (m->weight_bytes + session_kv_bytes(s) + session_scratch_bytes(s)) / MiB);
    status = 0;
    goto done;
eval_error:
    fprintf(stderr, "assay model: %s: %s\n", o->file, err);
done:
    free(tokens);
    free(pp);
    free(tg);
    session_free(s);
    model_free(m);
    return status;
}

/* ---- synth ----------------------------------------------------------------------------- */

static int model_synth(const options_t *o)
{
    if (!o->file) return usage("model synth: needs a SHAPE");
    const synth_shape_t *shape = synth_shape_find(o->file);
    if (!shape) {
        char problem[512];
        int used = snprintf(problem, sizeof problem, "model synth: unknown shape '%s' (want",
                            o->file);
        for (size_t i = 0; i < synth_shape_count() && used > 0 && (size_t)used < sizeof problem;
             i++)
            used += snprintf(problem + used, sizeof problem - (size_t)used, "%s %s",
                             i ? "," : "", synth_shape_at(i)->name);
        if (used > 0 && (size_t)used < sizeof problem)
            snprintf(problem + used, sizeof problem - (size_t)used, ")");
        return usage(problem);
    }
    if (!o->type) return usage("model synth: needs --type TYPE");
    if (!o->output) return usage("model synth: needs -o FILE");
    if (!synth_type_valid(o->type)) {
        char problem[256];
        snprintf(problem, sizeof problem, "model synth: --type: unknown weight type '%s'", o->type);
        return usage(problem);
    }
    char err[512];
    double t0 = now_seconds();
    if (synth_write(shape, o->type, o->seed, o->output, err, sizeof err) != 0) {
        fprintf(stderr, "assay model: %s\n", err);
        return 2;
    }
    fprintf(stderr, "wrote %s: %s in %s, %.1f MiB of weights, %.1f s\n", o->output,
            shape->name, o->type, synth_weight_bytes(shape, o->type) / MiB,
            now_seconds() - t0);
    return 0;
}

/* ---- dispatch -------------------------------------------------------------------------- */

int cmd_model_main(int argc, char **argv)
{
    sampler_params_t defaults = sampler_params_default();
    options_t o = {.n_predict = -1, .n_prompt = 512, .reps = 3, .temp = defaults.temperature,
                   .top_k = defaults.top_k, .top_p = defaults.top_p, .min_p = defaults.min_p,
                   .seed = defaults.seed};
    char problem[512] = "";
    if (parse_options(argc, argv, &o, problem, sizeof problem) != 0) return usage(problem);
    if (o.help) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (o.version) {
        printf("assay %s\n", ASSAY_VERSION);
        return 0;
    }
    const char *sub = o.command;
    if (!sub) return usage("model: which subcommand? (info, run, bench, synth)");
    if (strcmp(sub, "synth") == 0) return model_synth(&o);
    if (strcmp(sub, "info") != 0 && strcmp(sub, "run") != 0 && strcmp(sub, "bench") != 0) {
        snprintf(problem, sizeof problem,
                 "model: unknown subcommand '%s' (want info, run, bench, synth)", sub);
        return usage(problem);
    }
    if (!o.file) {
        snprintf(problem, sizeof problem, "model %s: missing FILE", sub);
        return usage(problem);
    }
    if (strcmp(sub, "info") == 0) return model_info(&o);
    if (o.n_predict < 0) o.n_predict = 128;
    return strcmp(sub, "run") == 0 ? model_run(&o) : model_bench(&o);
}
