/* Uses before free, reassignment after free, and frees on other paths. */
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

int pop_value(struct node *head)
{
    int v = head->value;
    free(head); // ok: c.use-after-free
    return v;
}

struct node *advance(struct node *n)
{
    struct node *next = n->next;
    free(n);
    /* reassigned: the old value is gone */
    n = next; // ok: c.use-after-free
    return n;
}

void log_and_free(char *msg)
{
    printf("%s\n", msg);
    free(msg);
    msg = NULL; // ok: c.use-after-free
}

int maybe(char *p, int drop)
{
    if (drop) {
        free(p);
        return 0;
    }
    return p[0]; // ok: c.use-after-free
}
