/* forward_cputime.c — model speed measured by CPU time, for a machine shared with other
 * work (bench/kernels.sh runs it on the models bench/model.sh synthesized).
 *
 * Wall-clock tok/s on a loaded machine mostly measures the other processes. This times
 * forward_eval by the process's CPU time instead and divides by the thread count: with one
 * thread it is the speed of one dedicated core; with more it is the speed the threads
 * would reach on dedicated cores, pessimistic by the time they spin waiting for each
 * other (which counts as CPU time) and by memory traffic of the other processes.
 * Prints pp512 (one 512-token batch, best of 2) and tg (64 single-token steps).
 * Usage: forward_cputime MODEL.gguf [threads] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "slm/forward.h"
#include "slm/model.h"

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: forward_cputime MODEL.gguf [threads]\n");
        return 2;
    }
    int threads = argc > 2 ? atoi(argv[2]) : 1;
    char err[512];
    model_t *model;
    if (model_load(&model, argv[1], err, sizeof err) != 0) {
        fprintf(stderr, "forward_cputime: %s\n", err);
        return 1;
    }
    forward_options_t opts = {.n_ctx = 1024, .n_batch = 512, .n_threads = threads};
    forward_t *f;
    if (forward_new(&f, model, &opts, err, sizeof err) != 0) {
        fprintf(stderr, "forward_cputime: %s\n", err);
        model_free(model);
        return 1;
    }
    int32_t tokens[512];
    for (int i = 0; i < 512; i++) tokens[i] = 100 + i;
    int rc = forward_eval(f, tokens, 512, 0, err, sizeof err); /* warm-up: touches every weight */
    double pp = 1e30, tg = 1e30;
    for (int r = 0; r < 2 && rc == 0; r++) {
        double t0 = cpu_seconds();
        rc = forward_eval(f, tokens, 512, 0, err, sizeof err);
        double t = cpu_seconds() - t0;
        if (t < pp) pp = t;
    }
    for (int r = 0; r < 2 && rc == 0; r++) {
        double t0 = cpu_seconds();
        for (int i = 0; i < 64 && rc == 0; i++) rc = forward_eval(f, tokens + i, 1, 512 + i, err, sizeof err);
        double t = (cpu_seconds() - t0) / 64;
        if (t < tg) tg = t;
    }
    if (rc != 0) {
        fprintf(stderr, "forward_cputime: %s\n", err);
    } else {
        int n = forward_n_threads(f);
        printf("%-48s %d thread%s (%s): pp512 %7.1f tok/s  tg %6.1f tok/s  (CPU time / threads)\n",
               argv[1], n, n == 1 ? " " : "s", forward_isa_name(f), 512 / pp * n, n / tg);
    }
    forward_free(f);
    model_free(model);
    return rc != 0;
}
