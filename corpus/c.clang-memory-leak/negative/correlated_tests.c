/* Allocated under a test, freed under the same test again (the value tested did not
 * change in between); blocks handed to a callee, to an out-parameter or to a field of a
 * parameter belong to whoever got them. */
#include <stdlib.h>
#include <string.h>

struct list;
int list_append(struct list *h, void *item);
void conn_meta_set(void *data, const char *key, void *meta, void (*dtor)(void *));

int scratch_work(int verbose, size_t n)
{
    char *trace = NULL;
    if (verbose) trace = malloc(n + 1); // ok: c.clang-memory-leak
    if (verbose && !trace) return -1;
    if (verbose) {
        memset(trace, '-', n);
        trace[n] = '\0';
    }
    if (verbose) free(trace);
    return 0;
}

int add_host(struct list *h, const char *host)
{
    char *sts = strdup(host); // ok: c.clang-memory-leak
    if (!sts) return -1;
    if (list_append(h, sts)) return -2; /* the list owns it (and frees it on failure) */
    return 0;
}

struct meta {
    int refs;
};

int attach_meta(void *data)
{
    struct meta *m = calloc(1, sizeof(*m)); // ok: c.clang-memory-leak
    if (!m) return -1;
    conn_meta_set(data, "meta", m, free);
    return 0;
}

int make_name(char **out, const char *base)
{
    char *a = malloc(strlen(base) + 2); // ok: c.clang-memory-leak
    if (!a) return -1;
    strcpy(a, base);
    strcat(a, "/");
    *out = a;
    return 0;
}

struct holder {
    char *items[8];
    int n;
};

int hold(struct holder *h)
{
    char *a = malloc(16); // ok: c.clang-memory-leak
    if (!a || h->n >= 8) {
        free(a);
        return -1;
    }
    h->items[h->n++] = a;
    return 0;
}

void **copy_all(char **argv, int n)
{
    void **copy = calloc((size_t)n, sizeof(*copy)); // ok: c.clang-memory-leak
    if (!copy) return NULL;
    for (int i = 0; i < n; i++) copy[i] = strdup(argv[i]); // ok: c.clang-memory-leak
    return copy;
}
