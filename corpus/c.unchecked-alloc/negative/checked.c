/* Allocations checked before use, or handed on unchanged. */
#include <stdlib.h>
#include <string.h>

struct node {
    int value;
    struct node *next;
};

struct node *push(struct node *head, int value)
{
    struct node *n = malloc(sizeof *n); // ok: c.unchecked-alloc
    if (!n) return NULL;
    n->value = value;
    n->next = head;
    return n;
}

char *copy_string(const char *s)
{
    size_t len = strlen(s) + 1;
    char *out;
    if ((out = malloc(len)) == NULL) return NULL; // ok: c.unchecked-alloc
    memcpy(out, s, len);
    return out;
}

int *make_table(size_t n)
{
    int *table = calloc(n, sizeof *table); // ok: c.unchecked-alloc
    if (table == NULL || n == 0) {
        free(table);
        return NULL;
    }
    table[0] = 1;
    return table;
}

/* The caller checks: returning the pointer is not a use. */
void *alloc_zeroed(size_t n)
{
    void *p = malloc(n); // ok: c.unchecked-alloc
    return p;
}

void fill(size_t n)
{
    char *buf = malloc(n); // ok: c.unchecked-alloc
    if (buf && n) memset(buf, 0, n);
    free(buf);
}
