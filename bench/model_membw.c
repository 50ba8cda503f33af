/* model_membw.c — measures this machine's memory copy bandwidth for `bench/model.sh`.
 *
 * Decoding is bound by how fast the weights stream from RAM, so the token-generation figures
 * are put next to what this machine achieves: each of N threads (argv[1], default 2)
 * copies its own 128 MiB buffer 8 times (best of 3 passes), far larger than any cache,
 * then reads it 8 times (summing 64-bit words, as a decode step only reads weights).
 * Printed: bytes copied per second with the read+write traffic that implies (twice
 * that), and bytes read per second. A benchmark helper, built by the script into $BUILD;
 * it asserts nothing. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { BUFFER_BYTES = 128 << 20, REPEATS = 8 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct {
    char *src, *dst;
    pthread_barrier_t *start;
    uint64_t sum; /* of the read pass, kept so the reads cannot be dropped */
} worker_t;

static void *copy_loop(void *arg)
{
    worker_t *w = arg;
    pthread_barrier_wait(w->start);
    for (int r = 0; r < REPEATS; r++) {
        memcpy(w->dst, w->src, BUFFER_BYTES);
        __asm__ volatile("" : : "r"(w->dst) : "memory"); /* the copy must happen */
    }
    return NULL;
}

static void *read_loop(void *arg)
{
    worker_t *w = arg;
    const uint64_t *p = (const uint64_t *)w->src;
    size_t n = BUFFER_BYTES / sizeof *p;
    uint64_t a = 0, b = 0, c = 0, d = 0; /* four chains so the adds do not serialise */
    pthread_barrier_wait(w->start);
    for (int r = 0; r < REPEATS; r++) {
        for (size_t i = 0; i < n; i += 4) {
            a += p[i];
            b += p[i + 1];
            c += p[i + 2];
            d += p[i + 3];
        }
        __asm__ volatile("" : : "r"(a), "r"(b), "r"(c), "r"(d) : "memory");
    }
    w->sum = a + b + c + d;
    return NULL;
}

/* Best bytes per second over 3 passes of fn on every worker. */
static double measure(void *(*fn)(void *), worker_t *workers, pthread_t *threads, int n)
{
    pthread_barrier_t start;
    double best = 0;
    for (int i = 0; i < n; i++) workers[i].start = &start;
    for (int pass = 0; pass < 3; pass++) {
        pthread_barrier_init(&start, NULL, (unsigned)n + 1);
        for (int i = 0; i < n; i++) pthread_create(&threads[i], NULL, fn, &workers[i]);
        pthread_barrier_wait(&start);
        double t0 = now();
        for (int i = 0; i < n; i++) pthread_join(threads[i], NULL);
        double dt = now() - t0, bytes = (double)n * BUFFER_BYTES * REPEATS;
        pthread_barrier_destroy(&start);
        if (bytes / dt > best) best = bytes / dt;
    }
    return best;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 2;
    if (n < 1 || n > 256) n = 2;
    pthread_t *threads = calloc((size_t)n, sizeof *threads);
    worker_t *workers = calloc((size_t)n, sizeof *workers);
    for (int i = 0; i < n; i++) {
        workers[i].src = malloc(BUFFER_BYTES);
        workers[i].dst = malloc(BUFFER_BYTES);
        if (!workers[i].src || !workers[i].dst) {
            fprintf(stderr, "model_membw: out of memory\n");
            return 1;
        }
        memset(workers[i].src, 1, BUFFER_BYTES); /* fault the pages in before timing */
        memset(workers[i].dst, 2, BUFFER_BYTES);
    }
    double copy = measure(copy_loop, workers, threads, n);
    double read = measure(read_loop, workers, threads, n);
    printf("memcpy %d threads: %.2f GB/s copied (%.2f GB/s read+write); read only: %.2f GB/s\n",
           n, copy / 1e9, 2 * copy / 1e9, read / 1e9);
    for (int i = 0; i < n; i++) {
        free(workers[i].src);
        free(workers[i].dst);
    }
    free(workers);
    free(threads);
    return 0;
}
