/* Allocations that include the terminator, or do not hold a C string. */
#include <stdlib.h>
#include <string.h>

char *dup_string(const char *s)
{
    char *d = malloc(strlen(s) + 1); // ok: c.malloc-strlen
    if (d) strcpy(d, s);
    return d;
}

char *concat(const char *a, const char *b)
{
    char *out = malloc(strlen(a) + strlen(b) + 1); // ok: c.malloc-strlen
    if (!out) return NULL;
    strcpy(out, a);
    strcat(out, b);
    return out;
}

char *dup_lib(const char *s)
{
    return strdup(s); // ok: c.malloc-strlen
}

/* The bytes without a terminator: a length-prefixed record. */
struct blob {
    size_t len;
    char *bytes;
};

int blob_set(struct blob *b, const char *s)
{
    size_t n = strlen(s);
    b->bytes = malloc(n); // ok: c.malloc-strlen
    if (!b->bytes) return -1;
    memcpy(b->bytes, s, n);
    b->len = n;
    return 0;
}
