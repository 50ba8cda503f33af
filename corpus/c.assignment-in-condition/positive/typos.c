/* Assignments where comparisons were meant. */
#include <stddef.h>

int is_admin(int uid)
{
    if (uid = 0) // expect: c.assignment-in-condition
        return 1;
    return 0;
}

int drain(int *queue, int *state)
{
    int n = 0;
    while (*state = 0) // expect: c.assignment-in-condition
        n += queue[n];
    return n;
}

struct node {
    struct node *next;
};

int find(struct node *n, struct node *target)
{
    do {
        n = n->next;
    } while (n = target); // expect: c.assignment-in-condition
    return 0;
}
