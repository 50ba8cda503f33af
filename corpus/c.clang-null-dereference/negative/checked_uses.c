/* Pointers that may be NULL, used only where they cannot be: a search checked before the
 * use, a conditional expression, an allocation that aborts on failure, a line that
 * getline() allocates through &line, a size measured with snprintf(NULL, 0, ...). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct user {
    int id;
    char name[32];
};

const char *user_name(struct user *users, size_t count, int id)
{
    struct user *found = NULL;
    for (size_t i = 0; i < count; i++)
        if (users[i].id == id) found = &users[i];
    if (!found) return "unknown";
    return found->name; // ok: c.clang-null-dereference
}

int user_id_or(struct user *users, size_t count, int fallback)
{
    struct user *last = NULL;
    for (size_t i = 0; i < count; i++) last = &users[i];
    return last ? last->id : fallback; // ok: c.clang-null-dereference
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (p == NULL) {
        fputs("out of memory\n", stderr);
        abort();
    }
    return p;
}

struct user *user_new(int id)
{
    struct user *u = xmalloc(sizeof *u);
    u->id = id; // ok: c.clang-null-dereference
    u->name[0] = '\0';
    return u;
}

long count_lines(FILE *in)
{
    char *line = NULL;
    size_t cap = 0;
    long n = 0;
    while (getline(&line, &cap, in) > 0)
        if (line[0] != '#') n++; // ok: c.clang-null-dereference
    free(line);
    return n;
}

char *format_id(int id)
{
    int need = snprintf(NULL, 0, "user-%d", id); // ok: c.clang-null-dereference
    if (need < 0) return NULL;
    char *out = malloc((size_t)need + 1);
    if (!out) return NULL;
    snprintf(out, (size_t)need + 1, "user-%d", id);
    return out;
}
