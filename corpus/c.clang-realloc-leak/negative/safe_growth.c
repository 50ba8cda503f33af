/* realloc() whose failure loses nothing: the result goes to a temporary, another pointer
 * still holds the old block and frees it, or the old pointer owned no block. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct vec {
    int *data;
    size_t len, cap;
};

int vec_push(struct vec *v, int x)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap + v->cap / 2 : 8;
        if (cap > SIZE_MAX / sizeof(int)) return -1;
        int *grown = realloc(v->data, cap * sizeof(int)); // ok: c.clang-realloc-leak
        if (!grown) return -1;
        v->data = grown;
        v->cap = cap;
    }
    v->data[v->len++] = x;
    return 0;
}

char *append_char(char *s, size_t len, char c)
{
    char *old = s;
    s = realloc(s, len + 2); // ok: c.clang-realloc-leak
    if (!s) {
        free(old);
        return NULL;
    }
    s[len] = c;
    s[len + 1] = '\0';
    return s;
}

char *join_lines(const char *const *lines, size_t count)
{
    char *out = NULL;
    size_t used = 0;
    for (size_t i = 0; i < count; i++) {
        size_t n = strlen(lines[i]);
        char *next = realloc(out, used + n + 2); // ok: c.clang-realloc-leak
        if (!next) {
            free(out);
            return NULL;
        }
        out = next;
        memcpy(out + used, lines[i], n);
        used += n;
        out[used++] = '\n';
        out[used] = '\0';
    }
    return out;
}
