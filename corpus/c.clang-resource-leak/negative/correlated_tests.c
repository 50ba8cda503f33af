/* A second test of a value that has not changed since the first takes the same way:
 * what was opened under `if (name)` is closed under `if (name)`, what a loop over n
 * allocated a second loop over n frees. */
#include <stdio.h>
#include <stdlib.h>

int count_lines(const char *path, int use_file)
{
    FILE *f = NULL;
    int n = 0, c;
    if (use_file) f = fopen(path, "r"); // ok: c.clang-resource-leak
    if (use_file && !f) return -1;
    while (use_file && (c = getc(f)) != EOF) n += c == '\n';
    if (use_file) fclose(f);
    return n;
}

long sum_file(const char *name)
{
    FILE *in = NULL;
    long total = 0;
    int have = name != NULL;
    if (have) {
        in = fopen(name, "r"); // ok: c.clang-resource-leak
        if (!in) return -1;
    }
    total += have;
    if (have) {
        long v;
        while (fscanf(in, "%ld", &v) == 1) total++;
        fclose(in);
    }
    return total;
}

struct options {
    const char *trace_path;
    int verbose;
};

int run_traced(const struct options *opt, int steps)
{
    FILE *trace = NULL;
    if (opt->trace_path) trace = fopen(opt->trace_path, "w"); // ok: c.clang-resource-leak
    if (opt->trace_path && !trace) return -1;
    for (int i = 0; i < steps; i++)
        if (opt->verbose) printf("step %d\n", i);
    if (opt->trace_path) {
        fputs("done\n", trace); // ok: c.clang-null-dereference
        fclose(trace);
    }
    return 0;
}
