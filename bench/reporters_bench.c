/* reporters_bench.c — time report_write for each format over a large synthetic run.
 *
 * Builds N candidates spread over N/50 files (every fifth with a fix, every tenth with a
 * two-step flow, all with a tab-indented source line holding UTF-8), then writes each
 * format to /dev/null-like memory and prints milliseconds, output bytes and microseconds
 * per finding. Usage: reporters_bench [N] (default 20000). Prints figures only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/candidate.h"
#include "reporters/report.h"

static const char *source_line(void *ctx, const char *path, uint32_t line, size_t *length)
{
    (void)ctx, (void)path, (void)line;
    static const char text[] = "\tchar buf[16]; /* caf\xC3\xA9 */ strcpy(buf, argv[1]); /* copy the name */";
    *length = sizeof(text) - 1;
    return text;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 20000;
    candidate_list_t list;
    candidate_list_init(&list);
    for (size_t i = 0; i < n; i++) {
        candidate_t *c = candidate_new();
        char path[64];
        snprintf(path, sizeof(path), "src/module_%03zu/file_%zu.c", i / 500, i / 50);
        c->path = strdup(path);
        c->rule_id = strdup(i % 3 ? "c.strcpy-unbounded" : "c.gets");
        c->message = strdup("strcpy into 'buf' (16 bytes) from 'argv[1]', whose length is not checked");
        c->snippet = strdup("strcpy(buf, argv[1])");
        c->severity = SEVERITY_WARNING;
        c->cwe = 120;
        source_range_t r = {0, 0, (uint32_t)(i % 50 + 1), 30, (uint32_t)(i % 50 + 1), 50};
        c->range = r;
        candidate_add_fact(c, "dst_size", "16");
        if (i % 5 == 0) {
            c->fix = fix_new("copy with snprintf bounded by the array size", i % 2 == 0);
            fix_add_edit(c->fix, r, "snprintf(buf, sizeof buf, \"%s\", argv[1])");
        }
        if (i % 10 == 0) {
            source_range_t d = {0, 0, r.start_line, 2, r.start_line, 15};
            candidate_add_flow(c, d, "'buf' declared here");
            candidate_add_flow(c, r, "copied here");
        }
        snprintf(c->fingerprint, sizeof(c->fingerprint), "%032zx", i);
        snprintf(c->line_hash, sizeof(c->line_hash), "%016zx:1", i);
        candidate_list_push(&list, c);
    }
    candidate_list_sort(&list);
    report_options_t options = {
        .tool_version = "0.1.0", .repo_root = "/src/project", .source_line = source_line,
        .timestamp = "2026-01-01T00:00:00", .hostname = "bench",
    };
    const char *names[] = {"gcc", "sarif", "junit", "json", "codequality"};
    printf("%zu findings in %zu files\n", n, (n + 49) / 50);
    printf("%-12s %10s %12s %14s\n", "format", "ms", "bytes", "us/finding");
    for (size_t f = 0; f < sizeof(names) / sizeof(names[0]); f++) {
        report_format_t format;
        report_format_parse(names[f], &format);
        char *text = NULL;
        size_t size = 0;
        FILE *out = open_memstream(&text, &size);
        char err[256] = "";
        double start = now();
        int rc = report_write(out, format, &list, &options, err, sizeof(err));
        fflush(out);
        double elapsed = now() - start;
        fclose(out);
        if (rc != 0) printf("%-12s failed: %s\n", names[f], err);
        else printf("%-12s %10.1f %12zu %14.2f\n", names[f], elapsed * 1e3, size, elapsed * 1e6 / (double)(n ? n : 1));
        free(text);
    }
    candidate_list_destroy(&list);
    return 0;
}
