/* Assignments whose value is tested on purpose, the way system code writes them:
 * the result of a call compared, or negated, in the same condition. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

long copy_fd(int in, int out)
{
    char buf[4096];
    ssize_t n;
    long total = 0;
    while ((n = read(in, buf, sizeof buf)) > 0) { // ok: c.assignment-in-condition
        if (write(out, buf, (size_t)n) != n) return -1;
        total += n;
    }
    return n < 0 ? -1 : total;
}

int open_config(const char *path)
{
    int fd;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) // ok: c.assignment-in-condition
        return -1;
    return fd;
}

char *scratch(size_t n)
{
    char *p;
    if (!(p = malloc(n))) // ok: c.assignment-in-condition
        return NULL;
    p[0] = '\0';
    return p;
}

int locked_increment(pthread_mutex_t *m, int *counter)
{
    int rc;
    if ((rc = pthread_mutex_lock(m)) != 0) return rc; // ok: c.assignment-in-condition
    (*counter)++;
    return pthread_mutex_unlock(m);
}
