/* Copies of strings into buffers one byte too small. */
#include <stdlib.h>
#include <string.h>

char *dup_string(const char *s)
{
    char *d = malloc(strlen(s)); // expect: c.malloc-strlen
    if (d) strcpy(d, s);
    return d;
}

char *dup_name(const char *name)
{
    char *copy = (char *)malloc(strlen(name) * sizeof(char)); // expect: c.malloc-strlen
    if (!copy) return NULL;
    memcpy(copy, name, strlen(name) + 1);
    return copy;
}

struct msg {
    char *body;
};

int set_body(struct msg *m, const char *text)
{
    m->body = malloc(strlen(text)); // expect: c.malloc-strlen
    if (!m->body) return -1;
    strcpy(m->body, text);
    return 0;
}
