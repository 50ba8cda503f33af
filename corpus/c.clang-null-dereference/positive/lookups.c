/* Pointers that are NULL on some path when they are used: a search that found nothing,
 * a buffer only allocated for non-empty input, a failed check that only logs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct user {
    int id;
    char name[32];
};

int user_age_bucket(struct user *users, size_t count, int id)
{
    struct user *found = NULL;
    for (size_t i = 0; i < count; i++)
        if (users[i].id == id) found = &users[i];
    return found->name[0] == '\0' ? -1 : 0; // expect: c.clang-null-dereference
}

int copy_payload(const char *src, size_t len)
{
    char *buf = NULL;
    if (len > 0) {
        buf = malloc(len);
        if (!buf) return -1;
        memcpy(buf, src, len);
    }
    int first = buf[0]; // expect: c.clang-null-dereference
    free(buf);
    return first;
}

struct user *user_new(int id)
{
    struct user *u = calloc(1, sizeof *u);
    if (u == NULL) fprintf(stderr, "user_new: out of memory\n"); /* logs, goes on */
    u->id = id; // expect: c.clang-null-dereference
    return u;
}
