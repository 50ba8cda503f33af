/* Allocations used before a NULL check. */
#include <stdlib.h>
#include <string.h>

struct node {
    int value;
    struct node *next;
};

struct node *push(struct node *head, int value)
{
    struct node *n = malloc(sizeof *n); // expect: c.unchecked-alloc
    n->value = value;
    n->next = head;
    return n;
}

char *copy_string(const char *s)
{
    size_t len = strlen(s) + 1;
    char *out = (char *)malloc(len); // expect: c.unchecked-alloc
    memcpy(out, s, len);
    return out;
}

int *make_table(size_t n)
{
    int *table;
    table = calloc(n, sizeof *table); // expect: c.unchecked-alloc
    table[0] = 1;
    if (table == NULL) return NULL; /* too late: already written through */
    return table;
}

void upper(const char *s)
{
    char *d = strdup(s); // expect: c.unchecked-alloc
    for (size_t i = 0; d[i]; i++) d[i] = (char)(d[i] & ~0x20);
    free(d);
}
