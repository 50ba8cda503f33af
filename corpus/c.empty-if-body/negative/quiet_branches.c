/* Branches that are empty on purpose and say so with braces, and logging macros
 * that compile to nothing in release builds. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#ifdef NDEBUG
#define TRACE(...) ((void)0)
#else
#define TRACE(...) fprintf(stderr, __VA_ARGS__)
#endif

void notify_parent(int fd)
{
    char byte = 1;
    /* Best effort: the parent may be gone already, which is no error for us. */
    if (write(fd, &byte, 1) != 1) { // ok: c.empty-if-body
    }
}

int read_ready(int fd, char *buf, size_t n)
{
    ssize_t got = read(fd, buf, n);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) { // ok: c.empty-if-body
        /* non-blocking descriptor with nothing to read yet: not an error */
    } else if (got < 0) {
        return -1;
    }
    return got < 0 ? 0 : (int)got;
}

void step(int verbose, int i)
{
    if (verbose) TRACE("step %d\n", i); // ok: c.empty-if-body
}
