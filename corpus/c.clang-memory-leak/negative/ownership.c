/* Every block has an owner when the function returns: a cleanup label that frees all of
 * them, a list that takes the node, a struct that keeps the buffer, a loop that frees
 * what it replaces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
    char *name;
    struct node *next;
};

struct session {
    char *user;
    unsigned char *token;
    size_t token_len;
};

int load_pair(FILE *in, char *key, size_t key_size)
{
    int rc = -1;
    char *line = calloc(1, 256); // ok: c.clang-memory-leak
    char *val = calloc(1, 256);  // ok: c.clang-memory-leak
    if (!line || !val) goto out;
    if (!fgets(line, 256, in) || !fgets(val, 256, in)) goto out;
    snprintf(key, key_size, "%s=%s", line, val);
    rc = 0;
out:
    free(val);
    free(line);
    return rc;
}

int list_push(struct node **head, const char *name)
{
    struct node *n = malloc(sizeof *n); // ok: c.clang-memory-leak
    if (!n) return -1;
    n->name = strdup(name); // ok: c.clang-memory-leak
    if (!n->name) {
        free(n);
        return -1;
    }
    n->next = *head;
    *head = n;
    return 0;
}

int session_start(struct session *s, const char *user, size_t token_len)
{
    unsigned char *token = malloc(token_len); // ok: c.clang-memory-leak
    if (!token) return -1;
    memset(token, 0, token_len);
    s->token = token;
    s->token_len = token_len;
    s->user = NULL;
    (void)user;
    return 0;
}

void keep_last(const char *const *names, size_t count, char **last)
{
    char *current = NULL;
    for (size_t i = 0; i < count; i++) {
        char *copy = strdup(names[i]); // ok: c.clang-memory-leak
        if (!copy) break;
        free(current);
        current = copy;
    }
    *last = current;
}
