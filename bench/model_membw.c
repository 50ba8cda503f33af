/* model_membw.c — this machine's read bandwidth for buffers of a model's size (bench/model.sh).
 *
 * Generating a token reads every weight once, so the decode speed is bounded by how fast
 * the machine reads a buffer as large as the weights. How fast that is depends on the
 * size: a 100 MiB model streams from RAM, a 20 MiB one partly from the 32 MiB L3. For each
 * size given (MiB), N threads (argv[1]) read disjoint halves (thirds, ...) of one buffer
 * of that size over and over, as a decode step's threads split the weight rows, and the
 * best of 5 passes is printed in GB/s (1e9 bytes): first with the buffer in 2 MiB
 * transparent huge pages (how assay holds weights, gguf_open_resident), then in 4 KiB pages
 * (a plain file mapping, as llama.cpp's default mmap). Without sizes: 128 MiB, plus the
 * memcpy figure for reference. A benchmark helper built by the script into $BUILD; it asserts
 * nothing.
 * Usage: model_membw THREADS [MIB ...] */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

enum { PASSES = 5, HUGE_PAGE = 2 << 20 };

/* 32 bytes: four 64-bit lanes, so the compiler may read with wide vector loads. */
typedef uint64_t lanes_t __attribute__((vector_size(32)));

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct {
    const char *src; /* this thread's part of the buffer */
    char *dst;       /* memcpy destination (copy test only) */
    size_t bytes;
    int repeats;
    pthread_barrier_t *start;
    uint64_t sum;    /* of the reads, kept so they cannot be dropped */
} worker_t;

static void *read_loop(void *arg)
{
    worker_t *w = arg;
    const lanes_t *p = (const lanes_t *)w->src;
    size_t n = w->bytes / sizeof *p;
    lanes_t a = {0}, b = {0}, c = {0}, d = {0}; /* four chains so the adds do not serialise */
    pthread_barrier_wait(w->start);
    for (int r = 0; r < w->repeats; r++) {
        for (size_t i = 0; i + 4 <= n; i += 4) {
            a += p[i];
            b += p[i + 1];
            c += p[i + 2];
            d += p[i + 3];
        }
        __asm__ volatile("" : : "x"(a), "x"(b), "x"(c), "x"(d) : "memory");
    }
    lanes_t s = a + b + c + d;
    w->sum = s[0] + s[1] + s[2] + s[3];
    return NULL;
}

static void *copy_loop(void *arg)
{
    worker_t *w = arg;
    pthread_barrier_wait(w->start);
    for (int r = 0; r < w->repeats; r++) {
        memcpy(w->dst, w->src, w->bytes);
        __asm__ volatile("" : : "r"(w->dst) : "memory"); /* the copy must happen */
    }
    return NULL;
}

/* Best bytes per second over PASSES passes of fn on every worker. */
static double measure(void *(*fn)(void *), worker_t *workers, int n)
{
    pthread_t threads[256];
    pthread_barrier_t start;
    double best = 0, bytes = 0;
    for (int i = 0; i < n; i++) {
        workers[i].start = &start;
        bytes += (double)workers[i].bytes * workers[i].repeats;
    }
    for (int pass = 0; pass < PASSES; pass++) {
        pthread_barrier_init(&start, NULL, (unsigned)n + 1);
        for (int i = 0; i < n; i++) pthread_create(&threads[i], NULL, fn, &workers[i]);
        pthread_barrier_wait(&start);
        double t0 = now();
        for (int i = 0; i < n; i++) pthread_join(threads[i], NULL);
        double dt = now() - t0;
        pthread_barrier_destroy(&start);
        if (bytes / dt > best) best = bytes / dt;
    }
    return best;
}

/* Read bandwidth of n threads over one buffer of `bytes`, split between them; in
 * transparent huge pages when `huge` (as assay holds model weights), else 4 KiB pages. */
static int read_bandwidth(int n, size_t bytes, int huge, double *out)
{
    size_t alloc = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    char *buf = aligned_alloc(HUGE_PAGE, alloc);
    worker_t workers[256];
    if (!buf) return -1;
    if (huge) (void)madvise(buf, alloc, MADV_HUGEPAGE);
    memset(buf, 1, bytes); /* fault the pages in before timing */
    size_t part = bytes / (size_t)n / 128 * 128;
    int repeats = (int)(2e9 / (double)bytes) + 1; /* about 2 GB per pass */
    for (int i = 0; i < n; i++)
        workers[i] = (worker_t){.src = buf + part * (size_t)i, .bytes = part, .repeats = repeats};
    *out = measure(read_loop, workers, n);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 2;
    if (n < 1 || n > 256) n = 2;
    if (argc <= 2) {
        enum { COPY_BYTES = 128 << 20 };
        worker_t workers[256];
        for (int i = 0; i < n; i++) {
            char *src = malloc(COPY_BYTES), *dst = malloc(COPY_BYTES);
            if (!src || !dst) {
                fprintf(stderr, "model_membw: out of memory\n");
                return 1;
            }
            memset(src, 1, COPY_BYTES);
            memset(dst, 2, COPY_BYTES);
            workers[i] = (worker_t){.src = src, .dst = dst, .bytes = COPY_BYTES, .repeats = 8};
        }
        double copy = measure(copy_loop, workers, n);
        for (int i = 0; i < n; i++) {
            free((void *)workers[i].src);
            free(workers[i].dst);
        }
        printf("memcpy %d threads, 128 MiB each: %.2f GB/s copied (%.2f GB/s read+write)\n", n,
               copy / 1e9, 2 * copy / 1e9);
    }
    const char *default_size[] = {"128"};
    char **sizes = argc > 2 ? argv + 2 : (char **)default_size;
    int n_sizes = argc > 2 ? argc - 2 : 1;
    for (int i = 0; i < n_sizes; i++) {
        double mib = atof(sizes[i]), bw;
        for (int huge = 1; huge >= 0; huge--) {
            if (mib <= 0 || read_bandwidth(n, (size_t)(mib * 1048576.0), huge, &bw) != 0) {
                fprintf(stderr, "model_membw: cannot measure a buffer of %s MiB\n", sizes[i]);
                return 1;
            }
            printf("read %d threads, one %.1f MiB buffer, %s pages: %.2f GB/s\n", n, mib,
                   huge ? "2 MiB" : "4 KiB", bw / 1e9);
        }
    }
    return 0;
}
