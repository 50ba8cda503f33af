/* tokenizer_bench.c — tokenizer figures: vocabulary load time, encode throughput on real C
 * sources (MB/s, tokens/s), latency of a 2 KB snippet, decode throughput. Prints figures,
 * asserts nothing. Usage: tokenizer_bench SOURCE_FILE VOCAB.gguf... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slm/gguf.h"
#include "slm/tokenizer.h"

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void bench_vocab(const char *path, const char *text, size_t len)
{
    char err[512];
    double t0 = now_seconds();
    gguf_file_t *f;
    tokenizer_t *tok;
    if (gguf_open(&f, path, err, sizeof err) != 0 || tokenizer_from_gguf(&tok, f, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    double load = now_seconds() - t0;
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

    int32_t *ids = NULL;
    size_t count = 0;
    int reps = 0;
    t0 = now_seconds();
    do {
        free(ids);
        tokenizer_encode(tok, text, len, false, false, &ids, &count, err, sizeof err);
        reps++;
    } while (now_seconds() - t0 < 0.5);
    double enc = (now_seconds() - t0) / reps;

    double lat[101];
    size_t chunk = len < 2048 ? len : 2048;
    for (int i = 0; i < 101; i++) {
        size_t off = (len - chunk) * (size_t)i / 100;
        int32_t *x;
        size_t n;
        double s = now_seconds();
        tokenizer_encode(tok, text + off, chunk, false, false, &x, &n, err, sizeof err);
        lat[i] = now_seconds() - s;
        free(x);
    }
    qsort(lat, 101, sizeof lat[0], compare_double);

    char *back;
    size_t back_len;
    reps = 0;
    t0 = now_seconds();
    do {
        tokenizer_decode(tok, ids, count, &back, &back_len);
        free(back);
        reps++;
    } while (now_seconds() - t0 < 0.2);
    double dec = (now_seconds() - t0) / reps;

    printf("%-28s %6d tokens  load %6.1f ms | encode %6.2f MB/s %8.0f tok/s | 2 KB: median %5.0f us, p99 %5.0f us | decode %7.0f MB/s\n",
           name, tokenizer_vocab_size(tok), load * 1e3, len / enc / 1e6, count / enc,
           lat[50] * 1e6, lat[99] * 1e6, back_len / dec / 1e6);
    free(ids);
    tokenizer_free(tok);
    gguf_close(f);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s SOURCE_FILE VOCAB.gguf...\n", argv[0]);
        return 2;
    }
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) {
        perror(argv[1]);
        return 2;
    }
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    rewind(fp);
    char *text = malloc((size_t)n + 1);
    if (!text || fread(text, 1, (size_t)n, fp) != (size_t)n) return 2;
    fclose(fp);
    printf("input: %s, %ld bytes of C\n", argv[1], n);
    for (int i = 2; i < argc; i++) bench_vocab(argv[i], text, (size_t)n);
    free(text);
    return 0;
}
