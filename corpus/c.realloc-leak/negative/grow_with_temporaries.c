/* Growing buffers the way string builders and line readers do it: the old block
 * stays reachable until realloc has succeeded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct strbuf {
    char *data;
    size_t len, cap;
};

int strbuf_reserve(struct strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap) return 0;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1) cap *= 2;
    char *tmp;
    tmp = realloc(sb->data, cap); // ok: c.realloc-leak
    if (tmp == NULL) return -1;
    sb->data = tmp;
    sb->cap = cap;
    return 0;
}

/* An allocator wrapper that never returns NULL: the process stops instead. */
void *xrealloc(void *ptr, size_t size)
{
    void *grown = realloc(ptr, size); // ok: c.realloc-leak
    if (grown == NULL && size != 0) {
        fputs("out of memory\n", stderr);
        abort();
    }
    return grown;
}

char *read_line(FILE *in)
{
    size_t cap = 128, len = 0;
    char *line = malloc(cap);
    if (!line) return NULL;
    int c;
    while ((c = getc(in)) != EOF && c != '\n') {
        if (len + 1 == cap) {
            char *bigger = realloc(line, cap * 2); // ok: c.realloc-leak
            if (!bigger) {
                free(line);
                return NULL;
            }
            line = bigger;
            cap *= 2;
        }
        line[len++] = (char)c;
    }
    line[len] = '\0';
    return line;
}

void strbuf_shrink(struct strbuf *sb)
{
    sb->data = xrealloc(sb->data, sb->len + 1); // ok: c.realloc-leak
    sb->cap = sb->len + 1;
}
