/* Strings stored with their terminator in records that carry a header, copies with
 * an upper limit, and the element size spelled out. */
#include <stdlib.h>
#include <string.h>

struct entry {
    size_t len;
    char name[];
};

struct entry *entry_new(const char *name)
{
    size_t len = strlen(name);
    struct entry *e = malloc(sizeof *e + len + 1); // ok: c.malloc-strlen
    if (e == NULL) return NULL;
    e->len = len;
    memcpy(e->name, name, len + 1);
    return e;
}

char *field_copy(const char *field, size_t max)
{
    return strndup(field, max); // ok: c.malloc-strlen
}

char *copy_chars(const char *s)
{
    char *d = malloc((strlen(s) + 1) * sizeof(char)); // ok: c.malloc-strlen
    if (d == NULL) return NULL;
    strcpy(d, s);
    return d;
}
