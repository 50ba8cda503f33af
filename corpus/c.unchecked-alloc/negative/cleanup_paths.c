/* Allocations checked the ways real code bases do: one goto for several, an aborting
 * wrapper, and a check folded into the condition. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pair {
    char *key;
    char *value;
};

struct pair *pair_new(const char *key, const char *value)
{
    struct pair *p = calloc(1, sizeof *p); // ok: c.unchecked-alloc
    if (!p) return NULL;
    p->key = strdup(key); // ok: c.unchecked-alloc
    p->value = strdup(value); // ok: c.unchecked-alloc
    if (!p->key || !p->value) goto fail;
    return p;
fail:
    free(p->key);
    free(p->value);
    free(p);
    return NULL;
}

void *xmalloc(size_t n)
{
    void *p = malloc(n); // ok: c.unchecked-alloc
    if (p == NULL && n != 0) {
        fputs("out of memory\n", stderr);
        abort();
    }
    return p;
}

int read_record(FILE *f, size_t len)
{
    unsigned char *rec;
    if (!(rec = malloc(len))) return -1; // ok: c.unchecked-alloc
    size_t got = fread(rec, 1, len, f);
    free(rec);
    return got == len ? 0 : -1;
}
