/* Frees in destructors and list walks: the next pointer is read before the node goes,
 * members are freed before their struct, and freed slots are cleared. */
#include <stdlib.h>

struct node {
    struct node *next;
    char *name;
};

struct table {
    char **slots;
    size_t count;
};

void list_free(struct node *head)
{
    struct node *next;
    for (struct node *n = head; n != NULL; n = next) {
        next = n->next;
        free(n->name);
        free(n); // ok: c.use-after-free
    }
}

void node_free(struct node *n)
{
    if (!n) return;
    free(n->name);
    free(n); // ok: c.use-after-free
}

void table_clear(struct table *t)
{
    for (size_t i = 0; i < t->count; i++) {
        free(t->slots[i]);
        t->slots[i] = NULL; // ok: c.use-after-free
    }
    t->count = 0;
}

#define FREE_AND_NULL(p) \
    do {                 \
        free(p);         \
        (p) = NULL;      \
    } while (0)

int reset_name(struct node *n, int keep)
{
    if (!keep) FREE_AND_NULL(n->name);
    return n->name != NULL; // ok: c.use-after-free
}
