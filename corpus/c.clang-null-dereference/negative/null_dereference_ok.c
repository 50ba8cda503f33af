/* NULL checks in their usual forms. */
#include <stdlib.h>
#include <stdio.h>

struct node { int value; struct node *next; };

struct node *push(struct node *head, int v)
{
    struct node *n = malloc(sizeof *n);
    if (!n) return head;
    n->value = v; // ok: c.clang-null-dereference
    n->next = head;
    return n;
}

int peek(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    int c = fgetc(f); // ok: c.clang-null-dereference
    fclose(f);
    return c;
}
