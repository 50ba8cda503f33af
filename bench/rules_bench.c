/* rules_bench.c — throughput of the tree-sitter pass on one thread: files are read into
 * memory first, then timed in CPU time (so other load on a shared machine inflates the
 * figures less than wall time would): parsing alone, then the full scan with every rule
 * of the pack, each the best of $ASSAY_BENCH_RUNS runs (default 3; a loaded machine only
 * ever makes a run slower). Usage: rules_bench RULES_DIR < list-of-files. Prints figures
 * only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tree_sitter/api.h>

#include "analyzer/rules/rule_pack.h"
#include "analyzer/syntax/scanner.h"

const TSLanguage *tree_sitter_c(void);

typedef struct {
    char *path;
    char *text;
    size_t length;
} source_t;

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static char *read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *length = (size_t)n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: rules_bench RULES_DIR < files\n");
        return 2;
    }
    source_t *files = NULL;
    size_t count = 0, lines = 0, bytes = 0;
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        size_t len;
        char *text = read_file(line, &len);
        if (!text) continue;
        files = realloc(files, (count + 1) * sizeof(*files));
        files[count].path = strdup(line);
        files[count].text = text;
        files[count].length = len;
        for (size_t i = 0; i < len; i++) lines += text[i] == '\n';
        bytes += len;
        count++;
    }
    char err[1024];
    rule_pack_t *pack;
    double t0 = cpu_seconds();
    if (rule_pack_load_dir(&pack, argv[1], err, sizeof err) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    double load = cpu_seconds() - t0;
    size_t query_rules = 0;
    for (size_t i = 0; i < pack->count; i++) query_rules += pack->rules[i]->engine == RULE_ENGINE_TREESITTER;

    const char *runs_env = getenv("ASSAY_BENCH_RUNS");
    int runs = runs_env && atoi(runs_env) > 0 ? atoi(runs_env) : 3;
    TSParser *parser = ts_parser_new();
    ts_parser_set_language(parser, tree_sitter_c());
    double parse = 0;
    for (int run = 0; run < runs; run++) {
        t0 = cpu_seconds();
        for (size_t i = 0; i < count; i++)
            ts_tree_delete(ts_parser_parse_string(parser, NULL, files[i].text, (uint32_t)files[i].length));
        double t = cpu_seconds() - t0;
        if (run == 0 || t < parse) parse = t;
    }
    ts_parser_delete(parser);

    scanner_t *scanner;
    if (scanner_new(&scanner, pack, err, sizeof err) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    size_t findings = 0;
    double scan = 0;
    for (int run = 0; run < runs; run++) {
        findings = 0;
        t0 = cpu_seconds();
        for (size_t i = 0; i < count; i++) {
            candidate_list_t list;
            candidate_list_init(&list);
            if (scanner_scan(scanner, files[i].path, files[i].text, files[i].length, &list, err, sizeof err) < 0)
                fprintf(stderr, "%s\n", err);
            findings += list.count;
            candidate_list_destroy(&list);
        }
        double t = cpu_seconds() - t0;
        if (run == 0 || t < scan) scan = t;
    }
    printf("rules: %zu files, %zu lines, %.1f MB; %zu query rules loaded in %.1f ms\n", count, lines,
           (double)bytes / 1e6, query_rules, load * 1e3);
    printf("rules: best of %d runs each\n", runs);
    printf("rules: parse only     %7.3f s CPU  %9.0f lines/s\n", parse, (double)lines / parse);
    printf("rules: full scan      %7.3f s CPU  %9.0f lines/s per thread (%zu findings)\n", scan, (double)lines / scan,
           findings);
    printf("rules: rules + predicates cost %.0f%% on top of parsing\n", 100.0 * (scan - parse) / parse);
    scanner_free(scanner);
    rule_pack_free(pack);
    for (size_t i = 0; i < count; i++) {
        free(files[i].path);
        free(files[i].text);
    }
    free(files);
    return 0;
}
