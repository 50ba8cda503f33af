/* The same pointer freed twice on one path. */
#include <stdlib.h>

struct conn {
    char *buf;
    int fd;
};

void conn_close(struct conn *c)
{
    free(c->buf);
    c->fd = -1;
    free(c->buf); // expect: c.double-free
}

int process(size_t n)
{
    char *tmp = malloc(n);
    if (!tmp) return -1;
    free(tmp);
    free(tmp); // expect: c.double-free
    return 0;
}

void cleanup(char *a, char *b)
{
    free(a);
    if (b) b[0] = 0;
    free(b);
    free(a); // expect: c.double-free
}
