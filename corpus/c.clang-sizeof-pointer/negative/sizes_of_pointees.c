/* sizeof of what the pointer points to, of an array, or of a pointer on purpose. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct session {
    int fd;
    unsigned flags;
    char peer[64];      /* inline: sizeof gives the whole array */
    long last_seen;
};

void session_reset(struct session *s)
{
    memset(s, 0, sizeof(*s)); // ok: c.clang-sizeof-pointer
    s->fd = -1;
}

int session_set_peer(struct session *s, const char *host, int port)
{
    int n = snprintf(s->peer, sizeof(s->peer), "%s:%d", host, port); // ok: c.clang-sizeof-pointer
    return n < 0 || (size_t)n >= sizeof(s->peer) ? -1 : 0;
}

struct entry {
    unsigned hash;
    const char *key;
    void *value;
};

struct entry *table_new(size_t n)
{
    struct entry *entries = calloc(n, sizeof(*entries)); // ok: c.clang-sizeof-pointer
    return entries;
}

/* An argument vector is an array of pointers: the element size is a pointer's size. */
char **argv_new(size_t argc)
{
    char **argv = calloc(argc + 1, sizeof(argv[0])); // ok: c.clang-sizeof-pointer
    return argv;
}

/* Handing a job to another thread through a pipe: the pointer value itself is the
 * message, so its own size is the right one. */
int post_job(int pipe_fd, struct entry *job)
{
    ssize_t n = write(pipe_fd, &job, sizeof(job)); // ok: c.clang-sizeof-pointer
    return n == (ssize_t)sizeof(job) ? 0 : -1;
}

/* Saving a pointer into a byte buffer (a serialised handle table). */
void save_handle(unsigned char *slot, void *handle)
{
    memcpy(slot, &handle, sizeof(handle)); // ok: c.clang-sizeof-pointer
}
