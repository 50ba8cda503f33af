/* Freed on the error path, which then returns: no use after free. */
#include <stdlib.h>
#include <string.h>

struct msg { char *body; size_t len; };

int msg_send(struct msg *m, int fail)
{
    char *copy = malloc(m->len + 1);
    if (copy == NULL) return -1;
    memcpy(copy, m->body, m->len);
    if (fail) {
        free(copy);
        return -1;
    }
    copy[m->len] = '\0'; // ok: c.clang-use-after-free
    free(copy);
    return 0;
}
