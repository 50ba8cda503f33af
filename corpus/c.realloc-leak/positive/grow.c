/* Buffers grown with p = realloc(p, n). */
#include <stdlib.h>

struct vec {
    int *items;
    size_t count, cap;
};

int vec_push(struct vec *v, int x)
{
    if (v->count == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 8;
        v->items = realloc(v->items, v->cap * sizeof *v->items); // expect: c.realloc-leak, c.alloc-size-overflow
        if (!v->items) return -1;
    }
    v->items[v->count++] = x;
    return 0;
}

char *append(char *buf, size_t *len, char c)
{
    buf = (char *)realloc(buf, *len + 2); // expect: c.realloc-leak
    if (!buf) return NULL;
    buf[(*len)++] = c;
    buf[*len] = '\0';
    return buf;
}

void grow_lines(char **lines, size_t n)
{
    lines = realloc(lines, n * 2 * sizeof *lines); // expect: c.realloc-leak, c.alloc-size-overflow
    free(lines);
}
