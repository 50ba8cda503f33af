/* Freed memory that is never read again: the pointer is given a new block, the next node
 * is saved before the free, the pointer is cleared and tested, the value is copied out
 * first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
    int value;
    struct node *next;
};

int refill(char *buf, size_t size)
{
    memset(buf, 'x', size);
    free(buf);
    buf = malloc(size);
    if (!buf) return -1;
    buf[0] = '\0'; // ok: c.clang-use-after-free
    free(buf);
    return 0;
}

void list_free(struct node *head)
{
    while (head) {
        struct node *next = head->next;
        free(head);
        head = next; // ok: c.clang-use-after-free
    }
}

int cache_drop(char *entry, int expired)
{
    if (expired) {
        free(entry);
        entry = NULL;
    }
    if (entry) return entry[0]; // ok: c.clang-use-after-free
    return -1;
}

int take_value(struct node *n)
{
    int v = n->value;
    free(n);
    return v; // ok: c.clang-use-after-free
}
