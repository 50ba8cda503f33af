/* forward_ops.c — where a generated token's time goes, step by step (bench/model.sh).
 *
 * Loads a model, warms it up, then generates N tokens one at a time (like llama-bench's
 * tg) with the forward pass's profiling on (forward.h), and prints for each step of the
 * pass the wall time per token, its share, and how often it ran; then the thread-pool
 * dispatches per token, the time the calling thread waited for the other threads at the
 * end of those dispatches, and the time spent quantizing activations. The CPU time of all
 * threads per token is printed too: on a machine shared with other work it moves less
 * than the wall clock. A benchmark helper,
 * built by the script into $BUILD/bench; it asserts nothing.
 * Usage: forward_ops MODEL.gguf [threads (2)] [tokens (128)] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "slm/forward.h"
#include "slm/model.h"

static double clock_seconds(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double now_seconds(void) { return clock_seconds(CLOCK_MONOTONIC); }

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: forward_ops MODEL.gguf [threads] [tokens]\n");
        return 2;
    }
    int threads = argc > 2 ? atoi(argv[2]) : 2;
    int n_gen = argc > 3 ? atoi(argv[3]) : 128;
    if (n_gen < 1 || n_gen > 4096) n_gen = 128;
    char err[512];
    model_t *model;
    if (model_load(&model, argv[1], err, sizeof err) != 0) {
        fprintf(stderr, "forward_ops: %s\n", err);
        return 1;
    }
    forward_options_t opts = {.n_ctx = (uint32_t)n_gen + 16, .n_batch = 8, .n_threads = threads};
    forward_t *f;
    if (forward_new(&f, model, &opts, err, sizeof err) != 0) {
        fprintf(stderr, "forward_ops: %s\n", err);
        model_free(model);
        return 1;
    }
    int32_t tokens[8] = {100, 101, 102, 103, 104, 105, 106, 107};
    int rc = forward_eval(f, tokens, 8, 0, err, sizeof err); /* warm-up: every weight read */
    rc = rc ? rc : forward_eval(f, tokens, 1, 0, err, sizeof err);
    forward_set_profiling(f, true);
    double t0 = now_seconds(), cpu0 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
    for (int i = 0; i < n_gen && rc == 0; i++)
        rc = forward_eval(f, tokens + i % 8, 1, 1 + (uint32_t)i, err, sizeof err);
    double total = now_seconds() - t0, cpu = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    if (rc != 0) {
        fprintf(stderr, "forward_ops: %s\n", err);
    } else {
        forward_profile_t p;
        forward_profile(f, &p);
        double per = 1e3 / (double)p.tokens, sum = 0;
        printf("per-step time of tg%d, %d threads, %s: %.2f ms/token (%.1f tok/s); CPU time "
               "of all threads %.2f ms/token\n", n_gen, forward_n_threads(f), forward_isa_name(f),
               total * per, p.tokens / total, cpu * per);
        printf("  %-10s %9s %6s %10s\n", "step", "ms/token", "share", "runs/token");
        for (int op = 0; op < FORWARD_OP_COUNT; op++) {
            sum += p.seconds[op];
            printf("  %-10s %9.3f %5.1f%% %10.1f\n", forward_op_name((forward_op_t)op),
                   p.seconds[op] * per, 100 * p.seconds[op] / total,
                   (double)p.calls[op] / (double)p.tokens);
        }
        printf("  %-10s %9.3f %5.1f%%\n", "(between)", (total - sum) * per,
               100 * (total - sum) / total);
        printf("  pool: %.1f dispatches/token, caller waiting for the other threads %.3f "
               "ms/token (%.1f%%); quantizing activations %.3f ms/token (%.1f%%)\n",
               (double)p.pool_jobs / (double)p.tokens, p.pool_wait_seconds * per,
               100 * p.pool_wait_seconds / total, p.quantize_seconds * per,
               100 * p.quantize_seconds / total);
    }
    forward_free(f);
    model_free(model);
    return rc != 0;
}
