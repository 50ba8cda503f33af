/* The allocation is used before anyone checks it. */
#include <stdlib.h>

struct node { int value; struct node *next; };

struct node *push(struct node *head, int v)
{
    struct node *n = malloc(sizeof *n);
    n->value = v; // expect: c.clang-null-dereference
    n->next = head;
    return n;
}
