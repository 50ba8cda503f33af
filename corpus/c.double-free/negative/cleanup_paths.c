/* Release patterns of real code: a list walked with the next pointer saved, a
 * realloc whose failure frees the old block, and one cleanup label reached after a
 * pointer was freed and cleared. */
#include <stdlib.h>
#include <string.h>

struct node {
    struct node *next;
    char *key;
};

void list_free(struct node *head)
{
    struct node *n = head;
    while (n != NULL) {
        struct node *next = n->next;
        free(n->key);
        free(n); // ok: c.double-free
        n = next;
    }
}

char *append(char *buf, size_t len, const char *tail)
{
    size_t tail_len = strlen(tail);
    char *grown = realloc(buf, len + tail_len + 1);
    if (grown == NULL) {
        free(buf); // ok: c.double-free
        return NULL;
    }
    memcpy(grown + len, tail, tail_len + 1);
    return grown;
}

int load_pair(char **out_name, size_t n)
{
    int rc = -1;
    char *tmp = malloc(n);
    char *name = NULL;
    if (tmp == NULL) goto out;
    memset(tmp, 'x', n);
    free(tmp);
    tmp = NULL;
    name = malloc(n + 1);
    if (name == NULL) goto out;
    memset(name, 0, n + 1);
    *out_name = name;
    name = NULL;
    rc = 0;
out:
    free(tmp); // ok: c.double-free
    free(name);
    return rc;
}
