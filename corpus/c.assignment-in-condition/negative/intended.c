/* Comparisons, and assignments whose use as a condition is spelled out. */
#include <stdio.h>

int is_admin(int uid)
{
    if (uid == 0) return 1; // ok: c.assignment-in-condition
    return 0;
}

int count_chars(FILE *f)
{
    int c, n = 0;
    while ((c = getc(f)) != EOF) n++; // ok: c.assignment-in-condition
    return n;
}

struct node {
    struct node *next;
};

int length(struct node *n)
{
    int len = 0;
    struct node *p = n;
    while ((p = p->next)) /* doubled parentheses: intended */ // ok: c.assignment-in-condition
        len++;
    return len;
}

int assign_then_test(int *x)
{
    int y = 0;
    if (x && (y = *x) > 0) return y; // ok: c.assignment-in-condition
    return 0;
}
