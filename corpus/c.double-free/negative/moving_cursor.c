/* The freed expression names a cursor that moves before the next free: each free
 * releases a different block. */
#include <stdlib.h>

struct node {
    char *name;
    struct node *next;
};

void free_names(struct node *node)
{
    while (node) {
        free(node->name);
        node = node->next;
        if (!node)
            break;
        free(node->name); // ok: c.double-free
        node = node->next;
    }
}

void free_pair(char **v)
{
    free(*v);
    v++;
    free(*v); // ok: c.double-free
}

void free_two(char **items, int i)
{
    free(items[i]);
    i++;
    free(items[i]); // ok: c.double-free
}
