/* Heap pointers kept in arrays and structs next to inline storage: what is freed is
 * the element or the pointer member, never the array holding it. */
#include <stdlib.h>
#include <string.h>

int split_pair(const char *a, const char *b, size_t *total)
{
    char *parts[2];
    parts[0] = strdup(a);
    parts[1] = strdup(b);
    int rc = parts[0] && parts[1] ? 0 : -1;
    if (rc == 0) *total = strlen(parts[0]) + strlen(parts[1]);
    for (int i = 0; i < 2; i++) free(parts[i]); // ok: c.free-nonheap
    return rc;
}

/* A string with a small inline buffer; data points at it or at a heap block. */
struct small_str {
    char *data;
    char inline_buf[32];
};

void small_str_release(struct small_str *s)
{
    if (s->data != s->inline_buf) free(s->data); // ok: c.free-nonheap
    s->data = s->inline_buf;
    s->inline_buf[0] = '\0';
}

struct table {
    char *names[4];
};

void table_free(struct table *t)
{
    if (t == NULL) return;
    for (int i = 0; i < 4; i++) free(t->names[i]); // ok: c.free-nonheap
    free(t);
}

void clear_slot(char **slot)
{
    free(*slot); // ok: c.free-nonheap
    *slot = NULL;
}
