/* Frees separated by a reassignment, a NULL, or different paths. */
#include <stdlib.h>

struct conn {
    char *buf;
};

void conn_reset(struct conn *c)
{
    free(c->buf);
    c->buf = NULL;
    free(c->buf); /* free(NULL) is a no-op */ // ok: c.double-free
}

int process(size_t n)
{
    char *tmp = malloc(n);
    free(tmp);
    tmp = malloc(n + 16);
    free(tmp); // ok: c.double-free
    return 0;
}

int branches(char *p, int err)
{
    if (err) {
        free(p);
        return -1;
    }
    free(p); // ok: c.double-free
    return 0;
}

void loop(char **items, int n)
{
    for (int i = 0; i < n; i++) free(items[i]);
    free(items); // ok: c.double-free
}
