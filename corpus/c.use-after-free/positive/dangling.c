/* Memory used after it was freed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
    int value;
    struct node *next;
};

int pop_value(struct node *head)
{
    free(head);
    return head->value; // expect: c.use-after-free
}

void log_and_free(char *msg)
{
    free(msg);
    printf("%s\n", msg); // expect: c.use-after-free
}

char *reuse(size_t n)
{
    char *buf = malloc(n);
    if (!buf) return NULL;
    free(buf);
    memset(buf, 0, n); // expect: c.use-after-free
    return NULL;
}
