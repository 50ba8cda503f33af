/* cmd_grammar.c — `assay grammar ...`: check a grammar (and an input against it), print
 * the GBNF a JSON Schema converts to, and measure the cost of token masks.
 *
 *   assay grammar check FILE.gbnf|FILE.json [INPUT|-] [--print]
 *   assay grammar verdict [--identifiers a,b,c] [--template TEXT]...   (prints the GBNF)
 *   assay grammar bench [options]                                       (see cmd_grammar_bench.c)
 *
 * Exit status: 0 grammar fine / input in the language, 1 input not in the language,
 * 2 usage error or a grammar that does not parse (the message names line:column). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/commands.h"
#include "grammar/grammar.h"

static int cmd_grammar_bench(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "bench: todo\n"); return 2; }

static void usage(FILE *f)
{
    fprintf(f,
            "usage: assay grammar check FILE.gbnf|FILE.json [INPUT|-] [--print]\n"
            "       assay grammar verdict [--identifiers NAME,NAME...] [--template TEXT]... [--no-code]\n"
            "       assay grammar bench [--vocab DIR] [--iterations N]\n"
            "\n"
            "check   parses a GBNF grammar (or converts a JSON Schema .json file to one) and,\n"
            "        given INPUT (a file, or - for standard input), says whether the input is\n"
            "        in the grammar's language; --print shows the GBNF.\n"
            "verdict prints the GBNF of the review verdict grammar.\n"
            "bench   prints the time to compute a token mask and advance, per token.\n");
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

static int cmd_check(int argc, char **argv)
{
    const char *grammar_path = NULL, *input_path = NULL;
    bool print = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--print") == 0) print = true;
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) { usage(stdout); return 0; }
        else if (argv[i][0] == '-' && argv[i][1] != 0) {
            fprintf(stderr, "assay grammar check: unknown option '%s'\n", argv[i]);
            return 2;
        } else if (!grammar_path) grammar_path = argv[i];
        else if (!input_path) input_path = argv[i];
        else { fprintf(stderr, "assay grammar check: too many arguments\n"); return 2; }
    }
    if (!grammar_path) { usage(stderr); return 2; }

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

static int cmd_verdict(int argc, char **argv)
{
    const char *idents[256], *templates[64];
    size_t n_idents = 0, n_templates = 0;
    char *ident_copy = NULL;
    bool code = true, restrict_fix = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--identifiers") == 0 && i + 1 < argc) {
            free(ident_copy);
            ident_copy = strdup(argv[++i]);
            n_idents = 0;
            for (char *s = strtok(ident_copy, ","); s && n_idents < 256; s = strtok(NULL, ","))
                idents[n_idents++] = s;
            restrict_fix = true;
        } else if (strcmp(argv[i], "--template") == 0 && i + 1 < argc && n_templates < 64) {
            templates[n_templates++] = argv[++i];
            restrict_fix = true;
        } else if (strcmp(argv[i], "--no-code") == 0) {
            code = false;
            restrict_fix = true;
        } else {
            fprintf(stderr, "assay grammar verdict: unknown argument '%s'\n", argv[i]);
            free(ident_copy);
            return 2;
        }
    }
    grammar_fix_options_t fix = {idents, n_idents, code, templates, n_templates};
    char err[1024];
    char *gbnf = NULL;
    int rc = grammar_verdict_gbnf(&gbnf, restrict_fix ? &fix : NULL, err, sizeof err);
    free(ident_copy);
    if (rc) { fprintf(stderr, "assay: %s\n", err); return 2; }
    fputs(gbnf, stdout);
    free(gbnf);
    return 0;
}

int cmd_grammar_main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "check") == 0) return cmd_check(argc - 1, argv + 1);
    if (strcmp(argv[1], "verdict") == 0) return cmd_verdict(argc - 1, argv + 1);
    if (strcmp(argv[1], "bench") == 0) return cmd_grammar_bench(argc - 1, argv + 1);
    fprintf(stderr, "assay grammar: unknown subcommand '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
